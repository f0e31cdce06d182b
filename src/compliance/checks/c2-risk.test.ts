import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { independentValidation, residualRiskAccepted, riskRegister } from './c2-risk.js';

describe('risk-register (C2.1)', () => {
  it('is a gap with no recorded risk and met once the register has one', () => {
    const facts = baseFacts();
    const risks = facts.risks;
    facts.risks = [];
    expect(riskRegister(facts)).toEqual({
      status: 'gap',
      detail: 'No risks are recorded for credit-scorer.',
      evidence: [],
    });
    facts.risks = risks;
    const met = riskRegister(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      '2 risks recorded, 2 open; every open risk has an owner, a mitigation and a current review date.',
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([115, 116]);
  });

  it('is a gap while an open risk has no mitigation, and met once it has one', () => {
    const facts = baseFacts();
    const mitigations = facts.risks[1]!.mitigations;
    facts.risks[1]!.mitigations = [];
    const result = riskRegister(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe('Of 2 open risks: R-2 has no mitigation.');
    expect(result.evidence[0]?.ledgerIndex).toBe(116);
    facts.risks[1]!.mitigations = mitigations;
    expect(riskRegister(facts).status).toBe('met');
  });

  it('is a gap when an open risk has no owner or is past its review date', () => {
    const facts = baseFacts();
    facts.risks[0]!.owner = '';
    facts.risks[1]!.reviewDue = '2026-06-29';
    expect(riskRegister(facts).detail).toBe(
      'Of 2 open risks: R-1 has no owner and R-2 was due for review on 2026-06-29.',
    );
  });

  it('counts a review due on the posture date as current', () => {
    const facts = baseFacts();
    facts.risks[1]!.reviewDue = '2026-06-30';
    expect(riskRegister(facts).status).toBe('met');
  });

  it('does not hold closed risks to the open-risk rules', () => {
    const facts = baseFacts();
    facts.risks[1]!.status = 'closed';
    facts.risks[1]!.mitigations = [];
    facts.risks[1]!.reviewDue = '2025-01-01';
    expect(riskRegister(facts).status).toBe('met');
  });
});

describe('residual-risk-accepted (C2.2)', () => {
  it('is a gap while a medium residual risk is unaccepted, and met once a risk officer accepts it', () => {
    const facts = baseFacts();
    facts.risks[0]!.acceptedBy = null;
    const result = residualRiskAccepted(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      '1 risk with residual level medium or higher not accepted independently: R-1 (medium) is not accepted.',
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([115]);
    facts.risks[0]!.acceptedBy = 'erin';
    const met = residualRiskAccepted(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      "Every open risk with residual level medium or higher (1) was accepted by someone other than the owner and the version's author.",
    );
  });

  it("refuses acceptance by the model's owner or the version's author", () => {
    const facts = baseFacts();
    facts.risks[0]!.acceptedBy = 'alice';
    expect(residualRiskAccepted(facts).detail).toContain(
      "R-1 (medium) was accepted by the model's owner alice",
    );
    facts.risks[0]!.acceptedBy = 'bob';
    expect(residualRiskAccepted(facts).detail).toContain(
      "R-1 (medium) was accepted by the version's author bob",
    );
  });

  it('still checks a risk whose status is accepted', () => {
    const facts = baseFacts();
    facts.risks[0]!.status = 'accepted';
    facts.risks[0]!.acceptedBy = 'alice';
    expect(residualRiskAccepted(facts).status).toBe('gap');
  });

  it('falls back to the inherent level when no residual level is recorded', () => {
    const facts = baseFacts();
    facts.risks[1]!.residualLevel = null;
    expect(residualRiskAccepted(facts).detail).toContain('R-2 (medium) is not accepted');
  });

  it('is met with no open risk at medium or above, and not applicable with an empty register', () => {
    const facts = baseFacts();
    facts.risks[0]!.residualLevel = 'low';
    facts.risks[0]!.acceptedBy = null;
    expect(residualRiskAccepted(facts)).toMatchObject({
      status: 'met',
      detail: 'No open risk has a residual level of medium or higher (2 risks recorded).',
    });
    facts.risks = [];
    expect(residualRiskAccepted(facts).status).toBe('not-applicable');
  });
});

describe('independent-validation (C2.3)', () => {
  it('is a gap when only the author evaluated the version, and met with an independent validator', () => {
    const facts = baseFacts();
    for (const e of facts.evaluations) e.createdBy = 'bob';
    const result = independentValidation(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe('1.4.0 was evaluated only by its author bob (2 evaluations).');
    expect(result.evidence).toHaveLength(2);
    facts.evaluations[0]!.createdBy = 'dave';
    const met = independentValidation(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      '1.4.0 was evaluated by dave (holdout, validation, 2026-03-02), not its author bob.',
    );
  });

  it('is a gap without any evaluation of the assessed version', () => {
    const facts = baseFacts();
    for (const e of facts.evaluations) e.versionId = 'v-other';
    expect(independentValidation(facts).detail).toBe('1.4.0 has not been evaluated.');
  });

  it('is not applicable without a version', () => {
    const facts = baseFacts();
    facts.version = null;
    expect(independentValidation(facts)).toEqual({
      status: 'not-applicable',
      detail: 'credit-scorer has no version to assess.',
      evidence: [],
    });
  });
});
