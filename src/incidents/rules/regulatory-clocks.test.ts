import { describe, expect, it } from 'vitest';
import { issueCodes, validationIssues } from './__fixtures__/assertions.js';
import { CLOCK_RULES, clockState, deadline, findRule, warningAt } from './regulatory-clocks.js';

const START = '2026-03-02T09:15:00Z';
const iso = (d: Date) => d.toISOString();

describe('clock rules table', () => {
  it('has unique ids and the required obligations', () => {
    const ids = CLOCK_RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'eu-ai-act-art73',
        'eu-ai-act-art73-widespread',
        'eu-ai-act-art73-death',
        'gdpr-art33',
        'hipaa-164-404',
        'colorado-6-1-1703',
      ]),
    );
  });

  // Facts from regulations.md §0: period, what starts it, and its tag.
  it.each([
    ['eu-ai-act-art73', 'Art 73(1)–(2)', 'awareness', { days: 15 }, 'P'],
    ['eu-ai-act-art73-widespread', 'Art 73(3), Art 3(49)(b)', 'awareness', { days: 2 }, 'P'],
    ['eu-ai-act-art73-death', 'Art 73(4), Art 3(49)(a)', 'awareness', { days: 10 }, 'P'],
    ['gdpr-art33', 'Art 33(1), 33(3)', 'awareness', { hours: 72 }, 'P'],
    ['hipaa-164-404', '45 CFR 164.404(b)–(c)', 'discovery', { days: 60 }, 'S'],
    ['hipaa-164-406', '45 CFR 164.406', 'discovery', { days: 60 }, 'S'],
    ['hipaa-164-410', '45 CFR 164.410', 'discovery', { days: 60 }, 'S'],
    ['colorado-6-1-1703', 'C.R.S. 6-1-1703(7)', 'discovery', { days: 90 }, 'P'],
  ] as const)('%s: %s, from %s, %o, [%s]', (id, citation, basis, period, confidence) => {
    const rule = findRule(id);
    expect([rule.citation, rule.basis, rule.period, rule.confidence]).toEqual([
      citation,
      basis,
      period,
      confidence,
    ]);
  });

  it('gives each rule a recipient, notes, and uniquely named report fields', () => {
    for (const rule of CLOCK_RULES) {
      expect(rule.recipient).not.toBe('');
      expect(rule.notes.length).toBeGreaterThan(0);
      const names = rule.reportFields.map((f) => f.name);
      expect(new Set(names).size, rule.id).toBe(names.length);
      expect(
        rule.reportFields.some((f) => f.required),
        rule.id,
      ).toBe(true);
    }
  });

  it('asks for the GDPR Art 33(3)(a)–(d) content', () => {
    const required = findRule('gdpr-art33')
      .reportFields.filter((f) => f.required)
      .map((f) => f.name);
    expect(required).toEqual([
      'natureOfBreach',
      'dataSubjectCategories',
      'dataSubjectsApprox',
      'recordCategories',
      'recordsApprox',
      'dpoContact',
      'likelyConsequences',
      'measures',
      'awareAt',
    ]);
  });
});

describe('findRule', () => {
  it('throws unknown_rule listing the known ids', () => {
    const [issue, ...rest] = validationIssues(() => findRule('gdpr-art34'));
    expect(rest).toEqual([]);
    expect(issue?.code).toBe('unknown_rule');
    expect(issue?.path).toEqual(['ruleId']);
    for (const rule of CLOCK_RULES) expect(issue?.message).toContain(rule.id);
  });
});

describe('deadline', () => {
  // Started 2026-03-02T09:15Z. 60 days: 29 left in March + 30 in April + 1 = 1 May.
  // 90 days: 1 May + 30 = 31 May.
  it.each([
    ['eu-ai-act-art73', '2026-03-17T09:15:00.000Z', '2026-03-12T09:15:00.000Z'],
    ['eu-ai-act-art73-widespread', '2026-03-04T09:15:00.000Z', '2026-03-03T09:15:00.000Z'],
    ['eu-ai-act-art73-death', '2026-03-12T09:15:00.000Z', '2026-03-09T09:15:00.000Z'],
    ['gdpr-art33', '2026-03-05T09:15:00.000Z', '2026-03-04T09:15:00.000Z'],
    ['hipaa-164-404', '2026-05-01T09:15:00.000Z', '2026-04-17T09:15:00.000Z'],
    ['hipaa-164-406', '2026-05-01T09:15:00.000Z', '2026-04-17T09:15:00.000Z'],
    ['hipaa-164-410', '2026-05-01T09:15:00.000Z', '2026-04-17T09:15:00.000Z'],
    ['colorado-6-1-1703', '2026-05-31T09:15:00.000Z', '2026-05-01T09:15:00.000Z'],
  ])('%s started %s is due %s, warns from %s', (id, due, warn) => {
    const rule = findRule(id);
    expect(iso(deadline(rule, new Date(START)))).toBe(due);
    expect(iso(warningAt(rule, START))).toBe(warn);
  });

  it('covers every rule in the table above', () => {
    expect(CLOCK_RULES).toHaveLength(8);
  });

  it('counts days as 24 h on the UTC timeline, ignoring the EU daylight-saving change', () => {
    // Central European clocks move forward on 29 Mar 2026; the deadline does not.
    expect(iso(deadline(findRule('eu-ai-act-art73'), '2026-03-20T10:00:00Z'))).toBe(
      '2026-04-04T10:00:00.000Z',
    );
  });

  it('counts February 29 in a leap year', () => {
    expect(iso(deadline(findRule('hipaa-164-404'), '2028-01-15T00:00:00Z'))).toBe(
      '2028-03-15T00:00:00.000Z',
    );
  });

  it('reads ISO strings with any offset as the same instant', () => {
    const rule = findRule('gdpr-art33');
    expect(iso(deadline(rule, '2026-03-02T10:15+01:00'))).toBe('2026-03-05T09:15:00.000Z');
    expect(iso(deadline(rule, '2026-03-02T04:15:00.000-05:00'))).toBe('2026-03-05T09:15:00.000Z');
  });

  it.each([
    '2026-03-02T09:15:00', // no offset: would depend on the host's time zone
    '2026-03-02',
    '2026-02-30T09:15:00Z', // Date.parse would roll this over to 2 March
    '2026-03-02T24:00:00Z',
    '2026-13-02T09:15:00Z',
    'yesterday',
  ])('refuses the start %s with invalid_time', (start) => {
    expect(issueCodes(() => deadline(findRule('gdpr-art33'), start))).toEqual(['invalid_time']);
  });

  it('refuses an invalid Date', () => {
    expect(issueCodes(() => deadline(findRule('gdpr-art33'), new Date('nope')))).toEqual([
      'invalid_time',
    ]);
  });

  it('refuses a custom rule with a zero or fractional period', () => {
    const rule = findRule('gdpr-art33');
    expect(issueCodes(() => deadline({ ...rule, period: {} }, START))).toEqual(['invalid_period']);
    expect(issueCodes(() => deadline({ ...rule, period: { days: 1.5 } }, START))).toEqual([
      'invalid_period',
    ]);
  });
});

describe('clockState: GDPR started 2026-03-02T09:15Z (due 03-05 09:15, warns from 03-04 09:15)', () => {
  const state = (now: string, submittedAt?: string | null) =>
    clockState(
      submittedAt === undefined
        ? { ruleId: 'gdpr-art33', startedAt: START }
        : { ruleId: 'gdpr-art33', startedAt: START, submittedAt },
      now,
    );
  const brief = (now: string, submittedAt?: string | null) => {
    const s = state(now, submittedAt);
    return [s.status, s.remainingMinutes, s.elapsedMinutes];
  };

  it('returns the due and warning instants', () => {
    const s = state('2026-03-03T00:00:00Z');
    expect([iso(s.dueAt), iso(s.warnAt)]).toEqual([
      '2026-03-05T09:15:00.000Z',
      '2026-03-04T09:15:00.000Z',
    ]);
  });

  it.each([
    ['2026-03-02T09:15:00Z', 'running', 4320, 0],
    ['2026-03-04T09:14:00Z', 'running', 1441, 2879],
    ['2026-03-04T09:14:59.999Z', 'running', 1440, 2879],
    ['2026-03-04T09:15:00Z', 'warning', 1440, 2880],
    ['2026-03-05T09:14:00Z', 'warning', 1, 4319],
    ['2026-03-05T09:14:59Z', 'warning', 0, 4319],
    ['2026-03-05T09:15:00Z', 'overdue', 0, 4320],
    ['2026-03-05T09:15:30Z', 'overdue', -1, 4320],
    ['2026-03-05T09:16:00Z', 'overdue', -1, 4321],
    ['2026-03-06T09:15:00Z', 'overdue', -1440, 5760],
  ])('at %s it is %s, %i min left, %i min elapsed', (now, status, remaining, elapsed) => {
    expect(brief(now)).toEqual([status, remaining, elapsed]);
  });

  it('is submitted when the report went in one minute before the deadline', () => {
    expect(brief('2026-03-10T00:00:00Z', '2026-03-05T09:14:00Z')).toEqual(['submitted', 1, 4319]);
  });

  it('is submitted-late when the report went in at the deadline or after it', () => {
    expect(brief('2026-03-10T00:00:00Z', '2026-03-05T09:15:00Z')).toEqual([
      'submitted-late',
      0,
      4320,
    ]);
    expect(brief('2026-03-10T00:00:00Z', '2026-03-06T09:15:00Z')).toEqual([
      'submitted-late',
      -1440,
      5760,
    ]);
  });

  it('ignores a submission later than now, so past states can be recomputed', () => {
    expect(brief('2026-03-05T10:00:00Z', '2026-03-05T11:00:00Z')).toEqual(['overdue', -45, 4365]);
    expect(brief('2026-03-05T11:00:00Z', '2026-03-05T11:00:00Z')[0]).toBe('submitted-late');
    expect(brief('2026-03-04T12:00:00Z', '2026-03-04T12:00:01Z')[0]).toBe('warning');
  });

  it('treats a null submission as none', () => {
    expect(brief('2026-03-05T09:15:00Z', null)[0]).toBe('overdue');
  });

  it('refuses now before the start, a submission before the start, and unknown rules', () => {
    expect(issueCodes(() => state('2026-03-02T09:14:00Z'))).toEqual(['before_start']);
    expect(issueCodes(() => state('2026-03-03T00:00:00Z', '2026-03-02T09:00:00Z'))).toEqual([
      'submitted_before_start',
    ]);
    expect(
      issueCodes(() => clockState({ ruleId: 'gdpr', startedAt: START }, '2026-03-03T00:00:00Z')),
    ).toEqual(['unknown_rule']);
    expect(
      issueCodes(() =>
        clockState({ ruleId: 'gdpr-art33', startedAt: 'soon', submittedAt: 'later' }, 'now'),
      ),
    ).toEqual(['invalid_time', 'invalid_time', 'invalid_time']);
  });
});

describe('clockState boundaries for every rule', () => {
  it.each(CLOCK_RULES.map((r) => [r.id]))('%s: running, warning, overdue to the minute', (id) => {
    const rule = findRule(id);
    const due = deadline(rule, START).getTime();
    const warn = warningAt(rule, START).getTime();
    const at = (ms: number) => clockState({ ruleId: id, startedAt: START }, new Date(ms)).status;
    expect(at(warn - 60_000)).toBe('running');
    expect(at(warn)).toBe('warning');
    expect(at(due - 60_000)).toBe('warning');
    expect(at(due)).toBe('overdue');
  });
});
