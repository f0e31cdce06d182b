import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../src/cli/errors.js';
import { runInputFromYaml } from '../../src/cli/run-yaml.js';

function failure(text: string): { message: string; paths: string[] } {
  try {
    runInputFromYaml(text, 'run.yaml');
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    expect(error.code).toBe('VALIDATION_ERROR');
    const issues = (error.details.issues ?? []) as { path: (string | number)[] }[];
    return { message: error.message, paths: issues.map((i) => i.path.join('.')) };
  }
  throw new Error('expected the run file to be refused');
}

describe('run files', () => {
  it('converts a complete file into the API run input', () => {
    const input = runInputFromYaml(`
name: train-credit-risk
status: completed
params: { C: 1.0, penalty: l2, early_stop: true }
metrics:
  - { key: auc, value: 0.81 }
  - { key: loss, value: 0.4, step: 3 }
code: { repository: https://github.com/acme/credit, commit: abc1234 }
environment:
  image: sha256:${'a'.repeat(64)}
  packages: [scikit-learn==1.5.0]
inputs: [loans@2026-03, fraud/events@2]
tags: { team: risk }
startedAt: 2026-03-01T08:00:00Z
endedAt: 2026-03-01T09:00:00+01:00
`);
    expect(input).toEqual({
      name: 'train-credit-risk',
      status: 'completed',
      params: { C: 1, penalty: 'l2', early_stop: true },
      metrics: [
        { key: 'auc', value: 0.81 },
        { key: 'loss', value: 0.4, step: 3 },
      ],
      code: { repository: 'https://github.com/acme/credit', commit: 'abc1234' },
      environment: { image: `sha256:${'a'.repeat(64)}`, packages: ['scikit-learn==1.5.0'] },
      inputs: ['loans@2026-03', 'fraud/events@2'],
      tags: { team: 'risk' },
      startedAt: '2026-03-01T08:00:00Z',
      endedAt: '2026-03-01T09:00:00+01:00',
    });
  });

  it('accepts metrics as a mapping of numbers or lists of numbers (index = step)', () => {
    const input = runInputFromYaml('name: r\nmetrics:\n  auc: 0.9\n  loss: [0.9, 0.5, 0.25]\n');
    expect(input.metrics).toEqual([
      { key: 'auc', value: 0.9 },
      { key: 'loss', value: 0.9, step: 0 },
      { key: 'loss', value: 0.5, step: 1 },
      { key: 'loss', value: 0.25, step: 2 },
    ]);
  });

  it('reports every problem at once, with its path in the file', () => {
    const { message, paths } = failure(`
name: r
status: done
metricz: {}
metrics:
  auc: high
  loss: [0.5, .nan]
code: { repository: x, commit: not-hex }
`);
    expect(paths.sort()).toEqual([
      'code.commit',
      'metrics.auc',
      'metrics.loss.1',
      'metricz',
      'status',
    ]);
    expect(message).toMatch(/^run\.yaml is not a valid run: /);
    expect(message).toContain('metrics.auc: must be a finite number or a list of numbers');
  });

  it('checks list-form metric points for key, value and step', () => {
    const { paths } = failure(
      'name: r\nmetrics:\n  - { key: auc, value: "0.8" }\n  - { value: 1 }\n  - { key: l, value: 1, step: -1 }\n  - 3\n',
    );
    expect(paths).toEqual(['metrics.0.value', 'metrics.1.key', 'metrics.2.step', 'metrics.3']);
  });

  it('refuses metrics that are neither a list nor a mapping', () => {
    expect(failure('name: r\nmetrics: 0.9\n').paths).toEqual(['metrics']);
  });

  it('asks for quotes around an all-digit commit id instead of guessing its leading zeros', () => {
    const { message, paths } = failure('name: r\ncode: { repository: x, commit: 0012345 }\n');
    expect(paths).toEqual(['code.commit']);
    expect(message).toContain('write the commit id in quotes');
  });

  it('refuses a file without a name, a non-mapping document, bad YAML and duplicate keys', () => {
    expect(failure('status: completed\n').paths).toEqual(['name']);
    expect(failure('- a\n- b\n').message).toBe(
      'run.yaml must be a YAML mapping with at least a name (got a list)',
    );
    expect(failure('').message).toContain('(got nothing)');
    expect(failure('name: [unclosed\n').message).toMatch(/^run\.yaml is not valid YAML: /);
    expect(failure('name: a\nname: b\n').message).toMatch(/not valid YAML: .*unique/);
  });
});

describe('the run file documented in docs/cli.md', () => {
  it('is a valid run', () => {
    const docs = readFileSync(new URL('../../docs/cli.md', import.meta.url), 'utf8');
    const example = /```yaml\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example).toBeDefined();
    expect(runInputFromYaml(example!, 'docs/cli.md')).toMatchObject({
      name: 'train-credit-risk',
      metrics: [
        { key: 'auc', value: 0.81 },
        { key: 'loss', value: 0.9, step: 0 },
        { key: 'loss', value: 0.5, step: 1 },
        { key: 'loss', value: 0.3, step: 2 },
      ],
      inputs: ['loans@2026-03'],
    });
  });
});
