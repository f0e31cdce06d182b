import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { incidentClocks, incidentDrill, incidentReviews } from './c8-incidents.js';

describe('incident-clocks (C8.1)', () => {
  it('is a gap while a regulatory clock is overdue, and met once the report is in', () => {
    const facts = baseFacts();
    const incident = facts.incidents[0]!;
    incident.overdueClocks = [{ rule: 'eu-ai-act-art-73', deadline: '2026-04-17T08:00:00.000Z' }];
    expect(incidentClocks(facts)).toMatchObject({
      status: 'gap',
      detail:
        '1 regulatory clock past the deadline without a submitted report: INC-7 eu-ai-act-art-73 (due 2026-04-17).',
      evidence: [{ ledgerIndex: 300 }],
    });
    incident.overdueClocks = [];
    expect(incidentClocks(facts)).toMatchObject({
      status: 'met',
      detail: '1 incident, none with an overdue regulatory clock.',
    });
  });

  it('ignores the clocks of drills', () => {
    const facts = baseFacts();
    facts.incidents[1]!.overdueClocks = [
      { rule: 'gdpr-art-33', deadline: '2026-05-15T09:00:00.000Z' },
    ];
    expect(incidentClocks(facts).status).toBe('met');
  });

  it('is met with no incidents', () => {
    const facts = baseFacts();
    facts.incidents = [];
    expect(incidentClocks(facts)).toEqual({
      status: 'met',
      detail: 'No incidents with regulatory clocks are recorded.',
      evidence: [],
    });
  });
});

describe('incident-drill (C8.2)', () => {
  it('is a gap with no drill and met with one in the last year', () => {
    const facts = baseFacts();
    const drill = facts.incidents[1]!;
    facts.incidents = [facts.incidents[0]!];
    expect(incidentDrill(facts)).toEqual({
      status: 'gap',
      detail: 'No drill has been run for credit-scorer.',
      evidence: [],
    });
    facts.incidents.push(drill);
    expect(incidentDrill(facts)).toMatchObject({
      status: 'met',
      detail: 'The last drill, INC-9, was run on 2026-05-12, 49 days ago.',
      evidence: [{ ledgerIndex: 350 }],
    });
  });

  it('is partial when the last drill is older than a year', () => {
    const facts = baseFacts();
    facts.incidents[1]!.openedAt = '2025-06-29T09:00:00.000Z';
    expect(incidentDrill(facts)).toMatchObject({
      status: 'partial',
      detail:
        'The last drill, INC-9, was run on 2025-06-29, 366 days ago; a drill counts for 365 days.',
    });
    facts.incidents[1]!.openedAt = '2025-06-30T12:00:00.000Z';
    expect(incidentDrill(facts).status).toBe('met');
  });

  it('does not count a real incident as a drill', () => {
    const facts = baseFacts();
    facts.incidents[1]!.drill = false;
    expect(incidentDrill(facts).status).toBe('gap');
  });
});

describe('incident-reviews (C8.3)', () => {
  it('is a gap while a closed SEV2 incident has no review, and met once reviewed', () => {
    const facts = baseFacts();
    facts.incidents[0]!.reviewed = false;
    expect(incidentReviews(facts)).toMatchObject({
      status: 'gap',
      detail: '1 serious incident of 1 without a post-incident review: INC-7 (SEV2).',
      evidence: [{ ledgerIndex: 300 }],
    });
    facts.incidents[0]!.reviewed = true;
    expect(incidentReviews(facts)).toMatchObject({
      status: 'met',
      detail: 'Every resolved or closed SEV1 or SEV2 incident (1) has a post-incident review.',
    });
  });

  it('does not ask for reviews of open, minor or drill incidents', () => {
    const facts = baseFacts();
    facts.incidents[1]!.reviewed = false;
    facts.incidents[0]!.status = 'mitigating';
    facts.incidents[0]!.reviewed = false;
    expect(incidentReviews(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'No resolved or closed SEV1 or SEV2 incident is recorded.',
    });
    facts.incidents[0]!.status = 'resolved';
    facts.incidents[0]!.severity = 'SEV3';
    expect(incidentReviews(facts).status).toBe('not-applicable');
  });
});
