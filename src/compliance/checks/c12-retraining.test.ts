import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { championChallenger, retrainingTrigger } from './c12-retraining.js';

describe('champion-challenger (C12.1)', () => {
  it('is a gap without a comparison with an earlier version, and met with one', () => {
    const facts = baseFacts();
    const comparison = facts.evaluations[1]!;
    comparison.baselineVersionId = null;
    expect(championChallenger(facts)).toEqual({
      status: 'gap',
      detail: '1.4.0 was not compared with an earlier version (its predecessor is 1.3.0).',
      evidence: [],
    });
    comparison.baselineVersionId = 'v-120';
    expect(championChallenger(facts)).toMatchObject({
      status: 'met',
      detail: '1.4.0 was compared with 1.2.0 in evaluation challenger on 2026-03-02.',
      evidence: [{ ledgerIndex: 103 }],
    });
  });

  it('does not count a comparison with a version that is not earlier', () => {
    const facts = baseFacts();
    facts.evaluations[1]!.baselineVersionId = 'v-150';
    expect(championChallenger(facts).status).toBe('gap');
  });

  it('is not applicable for the first version', () => {
    const facts = baseFacts();
    facts.earlierVersions = [];
    expect(championChallenger(facts)).toMatchObject({
      status: 'not-applicable',
      detail: "1.4.0 is the model's first version.",
    });
  });
});

describe('retraining-trigger (C12.2)', () => {
  it('is a gap with no reacting monitor, and met once one requests retraining', () => {
    const facts = baseFacts();
    for (const m of facts.monitors) m.actions = [];
    expect(retrainingTrigger(facts)).toEqual({
      status: 'gap',
      detail: 'No active monitor on credit-scorer requests retraining or opens an incident.',
      evidence: [],
    });
    facts.monitors[0]!.actions = ['retrain'];
    expect(retrainingTrigger(facts)).toMatchObject({
      status: 'met',
      detail: 'production-quality (production) requests retraining when it fires.',
      evidence: [{ ledgerIndex: 131 }],
    });
  });

  it('is partial when monitors only open incidents or roll back', () => {
    const facts = baseFacts();
    facts.monitors[0]!.actions = ['rollback'];
    expect(retrainingTrigger(facts)).toMatchObject({
      status: 'partial',
      detail:
        'No active monitor requests retraining; production-quality (rollback) and staging-quality (incident) only react by incident or rollback.',
    });
  });

  it('does not count an inactive monitor', () => {
    const facts = baseFacts();
    facts.monitors[0]!.active = false;
    expect(retrainingTrigger(facts).status).toBe('partial');
  });
});
