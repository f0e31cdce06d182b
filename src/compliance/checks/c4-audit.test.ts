import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { ledgerVerifies, logRetention, runManifest } from './c4-audit.js';

describe('ledger-verifies (C4.1)', () => {
  it('is a gap when the log was never verified, and met after a recent passing verification', () => {
    const facts = baseFacts();
    const verification = facts.ledgerVerification;
    facts.ledgerVerification = null;
    expect(ledgerVerifies(facts)).toEqual({
      status: 'gap',
      detail: 'The audit log has never been verified.',
      evidence: [],
    });
    facts.ledgerVerification = verification;
    const met = ledgerVerifies(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe('The audit log of 5120 entries verified on 2026-06-28.');
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([5119]);
  });

  it('is a gap naming the first bad entry when verification failed', () => {
    const facts = baseFacts();
    facts.ledgerVerification = { ...facts.ledgerVerification!, ok: false, firstBadIndex: 4242 };
    expect(ledgerVerifies(facts)).toMatchObject({
      status: 'gap',
      detail: 'The last verification of the audit log, on 2026-06-28, failed at entry 4242.',
    });
  });

  it('is partial once the last verification is more than seven days old', () => {
    const facts = baseFacts();
    facts.ledgerVerification!.at = '2026-06-23T11:59:59.000Z';
    expect(ledgerVerifies(facts)).toMatchObject({
      status: 'partial',
      detail:
        'The audit log last verified on 2026-06-23, 7 days ago; a verification counts for 7 days.',
    });
    facts.ledgerVerification!.at = '2026-06-23T12:00:00.000Z';
    expect(ledgerVerifies(facts).status).toBe('met');
  });
});

describe('run-manifest (C4.2)', () => {
  it('is a gap without a run and met with a full manifest', () => {
    const facts = baseFacts();
    const run = facts.run;
    facts.run = null;
    expect(runManifest(facts)).toEqual({
      status: 'gap',
      detail: '1.4.0 is not linked to a training run.',
      evidence: [],
    });
    facts.run = run;
    const met = runManifest(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toContain('records https://git.example.com/risk/credit-scorer@4f1c2a9');
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([99]);
  });

  it('is partial when the run misses parts of its manifest', () => {
    const facts = baseFacts();
    facts.run!.codeCommit = null;
    facts.run!.imageDigest = null;
    expect(runManifest(facts)).toMatchObject({
      status: 'partial',
      detail: 'Run run-77 of 1.4.0 records no code commit and image digest.',
    });
  });

  it('is not applicable without a version', () => {
    const facts = baseFacts();
    facts.version = null;
    expect(runManifest(facts).status).toBe('not-applicable');
  });
});

describe('log-retention (C4.3)', () => {
  it('is a gap when no environment keeps logs long enough, and met once both do', () => {
    const facts = baseFacts();
    for (const m of facts.monitors) m.retentionDays = 30;
    const result = logRetention(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      "Raw prediction logs are kept less than the organisation's log retention of 184 days (the EU AI Act, Arts 19 and 26(6), sets the six-month default) in staging (30 days) and production (30 days).",
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([121, 131]);
    for (const m of facts.monitors) m.retentionDays = 184;
    const met = logRetention(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toContain('Every deployed environment (staging and production)');
  });

  it('is partial when only some deployed environments keep logs long enough', () => {
    const facts = baseFacts();
    facts.monitors[1]!.retentionDays = 90;
    expect(logRetention(facts)).toMatchObject({
      status: 'partial',
      detail: expect.stringContaining('in staging (90 days).') as string,
    });
  });

  it('does not count an inactive monitor', () => {
    const facts = baseFacts();
    facts.monitors[0]!.active = false;
    const result = logRetention(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toContain('production (no active monitor)');
  });

  it('holds an EU model to six months even when the organisation sets less or nothing', () => {
    const facts = baseFacts();
    facts.settings.logRetentionDays = 0;
    facts.monitors[1]!.retentionDays = 183;
    expect(logRetention(facts).detail).toBe(
      'Raw prediction logs are kept less than 184 days (six months under the EU AI Act, Arts 19 and 26(6)) in staging (183 days).',
    );
  });

  it("applies the organisation's setting to a deployed model outside the EU", () => {
    const facts = baseFacts();
    facts.scope!.jurisdictions = ['US'];
    facts.settings.logRetentionDays = 365;
    const result = logRetention(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toContain("the organisation's log retention of 365 days");
  });

  it('is not applicable outside the EU without a setting, or when nothing is deployed', () => {
    const facts = baseFacts();
    facts.scope!.jurisdictions = ['US'];
    facts.settings.logRetentionDays = 0;
    expect(logRetention(facts)).toMatchObject({
      status: 'not-applicable',
      detail:
        'No log retention is configured and the EU AI Act (Arts 19 and 26(6)), which sets the six-month default, does not reach the model.',
    });
    const undeployed = baseFacts();
    undeployed.deployments = [];
    expect(logRetention(undeployed)).toMatchObject({
      status: 'not-applicable',
      detail: 'credit-scorer is not deployed.',
    });
  });
});
