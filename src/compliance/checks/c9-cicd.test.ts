import { describe, expect, it } from 'vitest';
import { PREVIOUS_ID, VERSION_ID, baseFacts, promotionOf, ref } from './__fixtures__/facts.js';
import { approvalQuorum, gatePassed } from './c9-cicd.js';

describe('gate-passed (C9.1)', () => {
  it('is a gap when the production gate blocked the version, and met once it passes', () => {
    const facts = baseFacts();
    const decision = facts.gateDecisions[1]!;
    decision.outcome = 'blocked';
    expect(gatePassed(facts)).toMatchObject({
      status: 'gap',
      detail: 'The latest production gate decision for 1.4.0 is blocked.',
      evidence: [{ ledgerIndex: 124 }, { ledgerIndex: 110 }],
    });
    decision.outcome = 'passed';
    expect(gatePassed(facts)).toMatchObject({
      status: 'met',
      detail: 'The latest gate decision for 1.4.0 passed in production and staging.',
    });
  });

  it('is partial when a blocked gate was overridden by break-glass', () => {
    const facts = baseFacts();
    facts.gateDecisions[1]!.outcome = 'blocked';
    promotionOf(facts, 'p-production').overriddenBy = 'admin';
    expect(gatePassed(facts)).toMatchObject({
      status: 'partial',
      detail: 'The production gate blocked 1.4.0 and admin overrode it (break-glass).',
    });
  });

  it('judges by the latest decision', () => {
    const facts = baseFacts();
    facts.gateDecisions.push({
      versionId: VERSION_ID,
      environment: 'production',
      outcome: 'blocked',
      evaluatedAt: '2026-06-01T10:00:00.000Z',
      evidence: ref(395, 'gate-evaluated', '2026-06-01T10:00:00.000Z'),
    });
    expect(gatePassed(facts).status).toBe('gap');
  });

  it('falls back to the highest gated environment when the version is deployed in none', () => {
    const facts = baseFacts();
    facts.deployments = [];
    facts.gateDecisions = [facts.gateDecisions[0]!];
    expect(gatePassed(facts)).toMatchObject({
      status: 'gap',
      detail: '1.4.0 has no gate decision for production.',
    });
  });

  it('is not applicable without gated environments or without a version', () => {
    const facts = baseFacts();
    for (const e of facts.environments) e.gated = false;
    expect(gatePassed(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'No environment is gated.',
    });
    facts.version = null;
    expect(gatePassed(facts).status).toBe('not-applicable');
  });
});

describe('approval-quorum (C9.2)', () => {
  it('is a gap when the production quorum is one approval short, and met once it is complete', () => {
    const facts = baseFacts();
    const promotion = promotionOf(facts, 'p-production');
    const validator = promotion.approvals.pop()!;
    const result = approvalQuorum(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      'The promotion of 1.4.0 to production lacks its quorum (validator 0 of 1).',
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([125, 126, 111]);
    promotion.approvals.push(validator);
    expect(approvalQuorum(facts)).toMatchObject({
      status: 'met',
      detail:
        'The promotion of 1.4.0 to production and staging was approved by its quorum (production quorum 1 risk-officer, 1 validator; staging quorum none).',
    });
  });

  it('counts distinct approvers with an approving decision in the role', () => {
    const facts = baseFacts();
    const promotion = promotionOf(facts, 'p-production');
    promotion.quorum = { 'risk-officer': 2, validator: 1 };
    promotion.approvals.push({
      ...promotion.approvals[0]!,
      evidence: ref(128, 'approval-granted', '2026-03-09T12:00:00.000Z'),
    });
    promotion.approvals.push({
      approver: 'henry',
      role: 'risk-officer',
      decision: 'rejected',
      at: '2026-03-09T13:00:00.000Z',
      evidence: ref(129, 'approval-rejected', '2026-03-09T13:00:00.000Z'),
    });
    expect(approvalQuorum(facts).detail).toContain('(risk-officer 1 of 2)');
  });

  it('is a gap when the version has no approved promotion to the environment', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-production').status = 'rejected';
    promotionOf(facts, 'p-production').approvedAt = null;
    expect(approvalQuorum(facts)).toMatchObject({
      status: 'gap',
      detail: '1.4.0 has no approved promotion to production.',
    });
  });

  it('still counts an approved promotion whose approval has since expired', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-production').status = 'expired';
    expect(approvalQuorum(facts).status).toBe('met');
  });

  it("does not count another version's promotion", () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-production').versionId = PREVIOUS_ID;
    expect(approvalQuorum(facts).status).toBe('gap');
  });

  it('is not applicable without gated environments', () => {
    const facts = baseFacts();
    for (const e of facts.environments) e.gated = false;
    expect(approvalQuorum(facts).status).toBe('not-applicable');
  });
});
