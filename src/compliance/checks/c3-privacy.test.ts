import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { biasAudit, dataProtectionTags } from './c3-privacy.js';

describe('bias-audit (C3.1)', () => {
  it('is a gap without a bias audit and met once one shows every ratio at 0.8 or above', () => {
    const facts = baseFacts();
    const audit = facts.evaluations[0]!;
    audit.hasBiasAudit = false;
    expect(biasAudit(facts)).toEqual({
      status: 'gap',
      detail: '1.4.0 has no bias audit.',
      evidence: [],
    });
    audit.hasBiasAudit = true;
    const met = biasAudit(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      "In the latest bias audit (holdout, 2026-03-02) every group's impact ratio is at least 0.8 (lowest 0.91).",
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([102]);
  });

  it('is partial below the four-fifths rule, naming the worst group and its ratio', () => {
    const facts = baseFacts();
    facts.evaluations[0]!.minImpactRatio = 0.7349;
    const result = biasAudit(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toBe(
      'In the latest bias audit (holdout, 2026-03-02) the impact ratio of age_band=under-25 is 0.734, below 0.8.',
    );
  });

  it('never prints a ratio just under 0.8 as 0.8', () => {
    const facts = baseFacts();
    facts.evaluations[0]!.minImpactRatio = 0.79999;
    expect(biasAudit(facts).detail).toContain('is 0.799, below 0.8');
  });

  it('judges by the latest audit', () => {
    const facts = baseFacts();
    facts.evaluations.push({
      ...facts.evaluations[0]!,
      id: 'e-new',
      name: 'holdout_q2',
      createdAt: '2026-05-01T09:00:00.000Z',
      minImpactRatio: 0.62,
      worstGroup: 'sex=female',
      evidence: { ledgerIndex: 380, type: 'evaluation-recorded', at: '2026-05-01T09:00:00.000Z' },
    });
    const result = biasAudit(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toContain('sex=female is 0.62');
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([380, 102]);
  });

  it('is a gap when the audit recorded no impact ratio', () => {
    const facts = baseFacts();
    facts.evaluations[0]!.minImpactRatio = null;
    expect(biasAudit(facts)).toMatchObject({
      status: 'gap',
      detail: 'The latest bias audit (holdout, 2026-03-02) recorded no impact ratio.',
    });
  });
});

describe('data-protection-tags (C3.2)', () => {
  it('is a gap while a dataset version lacks its lawful basis, and met once tagged', () => {
    const facts = baseFacts();
    const input = facts.run!.inputs[1]!;
    delete input.tags['lawful-basis'];
    const result = dataProtectionTags(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe('Of the data run run-77 read: bureau-scores@4 lacks lawful-basis.');
    input.tags['lawful-basis'] = 'legitimate-interest';
    const met = dataProtectionTags(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      'All 2 dataset versions run run-77 read carry purpose and lawful-basis tags.',
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([99]);
  });

  it('treats an empty tag value as missing', () => {
    const facts = baseFacts();
    facts.run!.inputs[0]!.tags.purpose = ' ';
    expect(dataProtectionTags(facts).detail).toContain('credit-applications@12 lacks purpose');
  });

  it('requires a special-category tag when the scope flags special-category data', () => {
    const facts = baseFacts();
    facts.scope!.flags.push('special-category-data');
    const result = dataProtectionTags(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toContain('credit-applications@12 lacks special-category');
    for (const input of facts.run!.inputs) input.tags['special-category'] = 'none';
    expect(dataProtectionTags(facts).status).toBe('met');
  });

  it('is a gap without a run or without inputs', () => {
    const facts = baseFacts();
    facts.run!.inputs = [];
    expect(dataProtectionTags(facts).detail).toBe('Run run-77 of 1.4.0 records no input datasets.');
    facts.run = null;
    expect(dataProtectionTags(facts)).toMatchObject({
      status: 'gap',
      detail: '1.4.0 has no training run, so the data it was trained on is unknown.',
    });
  });

  it('is not applicable unless the scope flags personal data', () => {
    const facts = baseFacts();
    facts.scope!.flags = ['bank-model'];
    facts.run = null;
    expect(dataProtectionTags(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'The scope does not flag personal data.',
    });
    facts.scope = null;
    expect(dataProtectionTags(facts).status).toBe('not-applicable');
  });
});
