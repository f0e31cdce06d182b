import { describe, expect, it } from 'vitest';
import { bareContext, evidencedContext } from './__fixtures__/gate-contexts.js';
import {
  assertPolicyPack,
  decide,
  evaluateGate,
  gateInputDigest,
  SHIPPED_PACKS,
  type RuleResult,
} from './index.js';

function result(severity: RuleResult['severity'], status: RuleResult['status']): RuleResult {
  return {
    pack: 'p',
    packDigest: `sha256:${'0'.repeat(64)}`,
    rule: `${severity}-${status}`,
    description: '',
    controls: ['C1'],
    severity,
    status,
    message: '',
  };
}

describe('decide', () => {
  it('passes a gate with no rules', () => {
    expect(decide([])).toBe('passed');
  });

  it('passes when no blocking rule failed, whatever the warnings', () => {
    expect(
      decide([
        result('blocking', 'pass'),
        result('blocking', 'skip'),
        result('warning', 'warn'),
        result('warning', 'error'),
      ]),
    ).toBe('passed');
  });

  it('blocks on a failed blocking rule', () => {
    expect(decide([result('blocking', 'pass'), result('blocking', 'fail')])).toBe('blocked');
  });

  it('blocks on a blocking rule that could not be evaluated', () => {
    expect(decide([result('blocking', 'error')])).toBe('blocked');
  });
});

describe('gateInputDigest', () => {
  it('is the digest of the canonical JSON, independent of key order', () => {
    const context = evidencedContext();
    const reordered = Object.fromEntries(Object.entries(context).reverse()) as typeof context;
    expect(gateInputDigest(context)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(gateInputDigest(reordered)).toBe(gateInputDigest(context));
  });

  it('changes when any evidence changes', () => {
    const changed = evidencedContext();
    changed.metrics.auc = 0.8100001;
    expect(gateInputDigest(changed)).not.toBe(gateInputDigest(evidencedContext()));
  });
});

describe('evaluateGate', () => {
  const packs = SHIPPED_PACKS.map((p) => assertPolicyPack(p.source));

  it('passes a fully evidenced version through every shipped pack', () => {
    const context = evidencedContext();
    const gate = evaluateGate(packs, context);
    expect(gate.outcome).toBe('passed');
    expect(gate.results.filter((r) => r.status !== 'pass')).toEqual([]);
    expect(gate.packs).toEqual(packs.map((p) => ({ name: p.name, digest: p.digest })));
    expect(gate.inputDigest).toBe(gateInputDigest(context));
  });

  it('lists results pack by pack, rule by rule, and blocks a bare version', () => {
    const gate = evaluateGate(packs, bareContext());
    expect(gate.outcome).toBe('blocked');
    expect(gate.results.map((r) => `${r.pack}/${r.rule}`)).toEqual(
      packs.flatMap((p) => p.rules.map((r) => `${p.name}/${r.id}`)),
    );
  });

  it('fails closed when the context is malformed', () => {
    const context = evidencedContext();
    (context.environment as { rank: unknown }).rank = '2';
    const gate = evaluateGate(packs.slice(0, 1), context);
    expect(gate.outcome).toBe('blocked');
    expect(new Set(gate.results.map((r) => r.errorCode))).toEqual(new Set(['CONTEXT_INVALID']));
  });
});
