import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evidencedContext } from './__fixtures__/gate-contexts.js';
import {
  assertPolicyPack,
  evaluatePack,
  GATE_CONTEXT_VARIABLES,
  loadPolicyPack,
  SHIPPED_PACKS,
  type PolicyType,
} from './index.js';

const doc = readFileSync(new URL('../../docs/policies.md', import.meta.url), 'utf8');

/** The text of the `### <name>` section, up to the next heading. */
function section(name: string): string {
  const start = doc.indexOf(`\n### ${name}\n`);
  if (start < 0) return '';
  const end = doc.indexOf('\n#', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

/** `a.b` paths of every leaf the context declares, records expanded, lists of records too. */
function leaves(type: PolicyType, path: string): string[] {
  const inner = type.kind === 'list' ? type.element : type;
  if (inner.kind !== 'record') return [path];
  if (type.kind === 'list') return [path];
  return Object.entries(inner.fields).flatMap(([field, t]) => leaves(t, `${path}.${field}`));
}

describe('docs/policies.md', () => {
  it('has YAML examples that load as packs', () => {
    const examples = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
    expect(examples.length).toBeGreaterThanOrEqual(2);
    for (const example of examples) {
      const result = loadPolicyPack(example);
      expect(result.ok ? [] : result.problems).toEqual([]);
    }
  });

  it('has an example pack that passes a well-evidenced version and catches a protected column', () => {
    const example = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].at(-1)?.[1] ?? '';
    const pack = assertPolicyPack(example);
    expect(evaluatePack(pack, evidencedContext()).map((r) => r.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'pass',
    ]);
    const context = evidencedContext();
    context.datasets[0]?.columns.push('Age');
    expect(evaluatePack(pack, context).map((r) => r.status)).toEqual([
      'pass',
      'fail',
      'pass',
      'pass',
    ]);
    const unassessed = evidencedContext();
    unassessed.compliance.assessments.fria = 'submitted';
    expect(evaluatePack(pack, unassessed).map((r) => r.status)).toEqual([
      'pass',
      'pass',
      'pass',
      'fail',
    ]);
  });

  it.each(SHIPPED_PACKS.map((p) => p.name))('lists every rule of %s with its severity', (name) => {
    const pack = assertPolicyPack(SHIPPED_PACKS.find((p) => p.name === name)!.source);
    const text = section(name);
    for (const rule of pack.rules) {
      const row = text.split('\n').find((line) => line.startsWith(`| \`${rule.id}\``));
      expect(row, rule.id).toBeDefined();
      expect(row).toContain(`| ${rule.severity} `);
      expect(row).toContain(`| ${rule.controls.join(', ')} `);
    }
  });

  it('documents every field of the gate context', () => {
    const documented = Object.entries(GATE_CONTEXT_VARIABLES).flatMap(([name, type]) =>
      leaves(type, name),
    );
    for (const path of documented) expect(doc, path).toContain(`| \`${path}\``);
  });
});
