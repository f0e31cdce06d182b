import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { impactAssessments, scopeRecorded } from './c1-scope.js';

describe('scope-recorded (C1.1)', () => {
  it('is a gap without a scope and met once one is recorded', () => {
    const facts = baseFacts();
    const recorded = facts.scope;
    facts.scope = null;
    expect(scopeRecorded(facts)).toEqual({
      status: 'gap',
      detail: 'No scope is recorded for credit-scorer, so the frameworks that apply are unknown.',
      evidence: [],
    });
    facts.scope = recorded;
    const met = scopeRecorded(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      'Scope recorded by alice on 2025-09-02: jurisdictions EU, US, area essential-services; EU AI Act tier high.',
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([10]);
  });

  it('is partial while an EU model has no EU AI Act classification', () => {
    const facts = baseFacts();
    facts.scope!.euClassification = null;
    const result = scopeRecorded(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toContain(
      'includes the EU but the EU AI Act questionnaire has not been answered',
    );
  });

  it('needs no classification outside the EU', () => {
    const facts = baseFacts();
    facts.scope!.jurisdictions = ['US'];
    facts.scope!.euClassification = null;
    expect(scopeRecorded(facts).status).toBe('met');
  });
});

describe('impact-assessments (C1.2)', () => {
  it('is a gap when the scope is not recorded', () => {
    const facts = baseFacts();
    facts.scope = null;
    expect(impactAssessments(facts)).toMatchObject({
      status: 'gap',
      detail: 'The scope is not recorded, so the required impact assessments are unknown.',
    });
  });

  it('is a gap while a required DPIA is missing and met once it is approved', () => {
    const facts = baseFacts();
    const dpia = facts.assessments.find((a) => a.kind === 'dpia')!;
    facts.assessments = facts.assessments.filter((a) => a !== dpia);
    const missing = impactAssessments(facts);
    expect(missing.status).toBe('gap');
    expect(missing.detail).toBe(
      'Of the required DPIA, FRIA, AIA: no DPIA is recorded (GDPR Art 35(3): personal data in the EU with profiling, an EU AI Act high-risk system).',
    );
    facts.assessments.push(dpia);
    const met = impactAssessments(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      'Every required assessment (DPIA, FRIA, AIA) is approved by someone other than its author after 1.4.0 was registered.',
    );
    expect(met.evidence.map((e) => e.ledgerIndex).sort()).toEqual([106, 107, 108]);
  });

  it('does not count an assessment approved by its author, a draft or an incomplete one', () => {
    const facts = baseFacts();
    facts.assessments[0]!.approvedBy = 'alice';
    facts.assessments[1]!.status = 'submitted';
    facts.assessments[2]!.complete = false;
    const result = impactAssessments(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toContain('the DPIA was approved by its author alice');
    expect(result.detail).toContain('the FRIA is submitted');
    expect(result.detail).toContain('the AIA is approved but incomplete');
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([106, 107, 108]);
  });

  it('is partial when an assessment was approved before the assessed version was registered', () => {
    const facts = baseFacts();
    facts.assessments[1]!.approvedAt = '2026-02-01T10:00:00.000Z';
    const result = impactAssessments(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toBe(
      'Of the required DPIA, FRIA, AIA: the FRIA was approved on 2026-02-01, before 1.4.0 was registered; reopen on material change.',
    );
    expect(result.evidence[0]?.ledgerIndex).toBe(107);
  });

  it('counts a reopened assessment approved again after the version', () => {
    const facts = baseFacts();
    const stale = { ...facts.assessments[1]!, id: 'old', approvedAt: '2025-12-01T10:00:00.000Z' };
    facts.assessments.unshift(stale);
    expect(impactAssessments(facts).status).toBe('met');
  });

  it('is not applicable when the scope requires no assessment', () => {
    const facts = baseFacts();
    facts.model.riskTier = 'low';
    facts.scope = { ...facts.scope!, jurisdictions: ['US'], flags: [], euClassification: null };
    expect(impactAssessments(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'The scope requires no impact assessment.',
    });
  });

  it('without a version, an independent approval is enough', () => {
    const facts = baseFacts();
    facts.version = null;
    for (const a of facts.assessments) a.approvedAt = '2025-10-01T10:00:00.000Z';
    expect(impactAssessments(facts)).toMatchObject({
      status: 'met',
      detail:
        'Every required assessment (DPIA, FRIA, AIA) is approved by someone other than its author.',
    });
  });
});
