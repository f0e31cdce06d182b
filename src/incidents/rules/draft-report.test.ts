import { describe, expect, it } from 'vitest';
import { issueCodes, validationIssues } from './__fixtures__/assertions.js';
import { draftReport } from './draft-report.js';
import type { DraftReport, IncidentFacts } from './draft-report.js';
import { CLOCK_RULES, findRule } from './regulatory-clocks.js';

const FACTS: IncidentFacts = {
  incidentKey: 'INC-42',
  title: 'Applicant data exposed',
  summary: 'A training extract with 1,200 applicant records was readable from a public bucket.',
  type: 'privacy-breach',
  severity: 'SEV1',
  awareAt: '2026-03-02T10:15:00+01:00',
  onsetAt: new Date('2026-03-01T22:00:00Z'),
  models: [
    { model: 'credit-scoring', version: '1.4.0', environment: 'production' },
    { model: 'fraud-check' },
  ],
  actions: ['Bucket made private', '  Access keys rotated ', ''],
};
const DESCRIPTION =
  'Applicant data exposed\n\nA training extract with 1,200 applicant records was readable from a public bucket.';
const ACTIONS = '- Bucket made private\n- Access keys rotated';

const values = (report: DraftReport) =>
  Object.fromEntries(report.fields.map((f) => [f.name, f.value]));

describe('draftReport for GDPR Art 33', () => {
  const report = draftReport(findRule('gdpr-art33'), FACTS);

  it('prefills what the incident knows, awareness in UTC', () => {
    expect(report.ruleId).toBe('gdpr-art33');
    expect(values(report)).toEqual({
      reference: 'INC-42',
      natureOfBreach: DESCRIPTION,
      dataSubjectCategories: null,
      dataSubjectsApprox: null,
      recordCategories: null,
      recordsApprox: null,
      dpoContact: null,
      likelyConsequences: null,
      measures: ACTIONS,
      awareAt: '2026-03-02T09:15:00.000Z',
      breachDate: '2026-03-01T22:00:00.000Z',
      delayReasons: null,
    });
  });

  it('lists every unanswered field as missing, in form order', () => {
    expect(report.missing).toEqual([
      'dataSubjectCategories',
      'dataSubjectsApprox',
      'recordCategories',
      'recordsApprox',
      'dpoContact',
      'likelyConsequences',
      'delayReasons',
    ]);
  });

  it('copies label and required from the rule', () => {
    const dpo = report.fields.find((f) => f.name === 'dpoContact');
    expect(dpo).toEqual({
      name: 'dpoContact',
      label: 'DPO or other contact point',
      required: true,
      value: null,
    });
  });
});

describe('draftReport for EU AI Act Art 73', () => {
  it('names the AI systems and leaves provider, place, harm and causal link to a person', () => {
    const report = draftReport(findRule('eu-ai-act-art73'), FACTS);
    expect(values(report)).toMatchObject({
      aiSystem: 'credit-scoring@1.4.0 (production), fraud-check',
      incident: DESCRIPTION,
      incidentDate: '2026-03-01T22:00:00.000Z',
      awareAt: '2026-03-02T09:15:00.000Z',
      correctiveAction: ACTIONS,
    });
    expect(report.missing).toEqual(['provider', 'memberStates', 'affectedPersons', 'causalLink']);
  });

  it('asks for the extent of a widespread infringement', () => {
    const report = draftReport(findRule('eu-ai-act-art73-widespread'), FACTS);
    expect(report.missing).toEqual([
      'provider',
      'memberStates',
      'affectedPersons',
      'extent',
      'causalLink',
    ]);
  });

  it('marks onset, actions and models missing when unknown, and uses the title alone', () => {
    const report = draftReport(findRule('eu-ai-act-art73-death'), {
      ...FACTS,
      summary: '  ',
      onsetAt: null,
      models: [],
      actions: [],
    });
    expect(values(report).incident).toBe('Applicant data exposed');
    expect(report.missing).toEqual([
      'provider',
      'aiSystem',
      'incidentDate',
      'memberStates',
      'affectedPersons',
      'causalLink',
      'correctiveAction',
    ]);
  });
});

describe('draftReport for HIPAA and Colorado', () => {
  it('HIPAA 164.404: prefills (A) and (D), asks for PHI types, steps and contacts', () => {
    const report = draftReport(findRule('hipaa-164-404'), FACTS);
    expect(values(report)).toEqual({
      reference: 'INC-42',
      whatHappened: DESCRIPTION,
      breachDate: '2026-03-01T22:00:00.000Z',
      discoveryDate: '2026-03-02T09:15:00.000Z',
      phiTypes: null,
      individualSteps: null,
      entityActions: ACTIONS,
      contactProcedures: null,
    });
    expect(report.missing).toEqual(['phiTypes', 'individualSteps', 'contactProcedures']);
  });

  it('Colorado 6-1-1703(7): prefills the system, finding, discovery and mitigation', () => {
    const report = draftReport(findRule('colorado-6-1-1703'), { ...FACTS, type: 'bias' });
    expect(values(report)).toEqual({
      reference: 'INC-42',
      deployer: null,
      aiSystem: 'credit-scoring@1.4.0 (production), fraud-check',
      discrimination: DESCRIPTION,
      discoveryDate: '2026-03-02T09:15:00.000Z',
      affectedConsumers: null,
      mitigation: ACTIONS,
    });
    expect(report.missing).toEqual(['deployer', 'affectedConsumers']);
  });
});

describe('draftReport for every rule', () => {
  it.each(CLOCK_RULES.map((r) => [r.id]))(
    '%s: one draft field per report field; a field is missing exactly when it has no prefill source',
    (id) => {
      const rule = findRule(id);
      const report = draftReport(rule, FACTS);
      expect(report.fields.map((f) => f.name)).toEqual(rule.reportFields.map((f) => f.name));
      expect(report.missing).toEqual(
        rule.reportFields.filter((f) => f.prefill === undefined).map((f) => f.name),
      );
    },
  );
});

describe('when the facts are malformed', () => {
  it('reports every problem with its path', () => {
    const issues = validationIssues(() =>
      draftReport(findRule('gdpr-art33'), {
        ...FACTS,
        incidentKey: '',
        type: 'outage' as 'other',
        severity: 'P1' as 'SEV1',
        awareAt: '2026-03-02 09:15',
        models: [{ model: ' ' }],
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['required', ['incidentKey']],
      ['unknown_type', ['type']],
      ['unknown_severity', ['severity']],
      ['invalid_time', ['awareAt']],
      ['required', ['models', 0, 'model']],
    ]);
  });

  it('refuses an onset after awareness', () => {
    expect(
      issueCodes(() =>
        draftReport(findRule('gdpr-art33'), { ...FACTS, onsetAt: '2026-03-02T09:16:00Z' }),
      ),
    ).toEqual(['onset_after_awareness']);
  });
});
