import { describe, expect, it } from 'vitest';
import { expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_GROUPS, TOY_SCORES } from './__fixtures__/toy-set.js';
import { predictFromScores } from './confusion.js';
import { ll144BiasAudit, ll144ImpactRatios, median } from './ll144.js';
import type { Ll144Table } from './ll144.js';

const byKey = (table: Ll144Table) => Object.fromEntries(table.categories.map((c) => [c.key, c]));

describe('LL144 on the §9.4 toy set', () => {
  const rows = TOY_GROUPS.map((g) => ({ g }));

  it('selection-rate form: impact ratios A 1, B 0.4, B below four-fifths', () => {
    const t = ll144ImpactRatios({ rows, selected: predictFromScores(TOY_SCORES) }, ['g']);
    expect(t.form).toBe('selection-rate');
    expect(t.median).toBeNull();
    expect(t.reference).toBe('A');
    const { A, B } = byKey(t);
    expect([A?.rate, A?.impactRatio, A?.belowFourFifths]).toEqual([0.5, 1, false]);
    expect([B?.rate, B?.impactRatio, B?.belowFourFifths]).toEqual([0.2, 0.4, true]);
  });

  it('scoring-rate form: median 0.4, rates A 0.5, B 0.4, ratio B exactly 0.8 and not flagged', () => {
    const t = ll144ImpactRatios({ rows, scores: TOY_SCORES }, ['g']);
    expect(t.form).toBe('scoring-rate');
    expect(t.median).toBe(0.4);
    const { A, B } = byKey(t);
    // Scores equal to the median (0.4 in A and in B) are not "above" it.
    expect([A?.favourable, A?.rate, A?.impactRatio]).toEqual([5, 0.5, 1]);
    expect([B?.favourable, B?.rate, B?.impactRatio, B?.belowFourFifths]).toEqual([
      4,
      0.4,
      0.8,
      false,
    ]);
  });
});

describe('LL144 worked example: sex × race/ethnicity with an unknown and a small category', () => {
  // 100 applicants; "selected" counts per intersection:
  //   M × White 15/30, F × White 10/25, M × Black 8/20, F × Black 9/15, F × Asian 2/8,
  //   M × NHPI 1/1 (1 % of the data: excluded though its rate 1.0 is the highest),
  //   unknown sex × White 0/1 (counted as unknown, not a category of the calculation).
  const spec: [string | null, string, number, number][] = [
    ['M', 'White', 30, 15],
    ['F', 'White', 25, 10],
    ['M', 'Black', 20, 8],
    ['F', 'Black', 15, 9],
    ['F', 'Asian', 8, 2],
    ['M', 'NHPI', 1, 1],
    [null, 'White', 1, 0],
  ];
  const rows: { sex: string | null; race_ethnicity: string }[] = [];
  const selected: number[] = [];
  for (const [sex, race, n, chosen] of spec) {
    for (let i = 0; i < n; i++) {
      rows.push({ sex, race_ethnicity: race });
      selected.push(i < chosen ? 1 : 0);
    }
  }
  const audit = ll144BiasAudit({ rows, selected });

  it('intersectional: the highest included rate is F × Black 0.6; F × White and M × Black 2/3 are flagged', () => {
    const t = audit.intersectional;
    expect(t.attributes).toEqual(['sex', 'race_ethnicity']);
    expect(t.reference).toBe('F × Black');
    expect(t.highestRate).toBe(0.6);
    const c = byKey(t);
    expectRelClose(c['F × Asian']?.impactRatio ?? 0, 0.25 / 0.6); // 0.41667
    expect(c['F × Black']?.impactRatio).toBe(1);
    expectRelClose(c['F × White']?.impactRatio ?? 0, 2 / 3);
    expectRelClose(c['M × Black']?.impactRatio ?? 0, 2 / 3);
    expectRelClose(c['M × White']?.impactRatio ?? 0, 5 / 6); // 0.5/0.6
    expect(t.categories.filter((x) => x.belowFourFifths === true).map((x) => x.key)).toEqual([
      'F × Asian',
      'F × White',
      'M × Black',
    ]);
  });

  it('reports the excluded small category with its count and rate but no ratio', () => {
    const c = byKey(audit.intersectional)['M × NHPI'];
    expect(c).toMatchObject({ status: 'excluded-small', n: 1, shareOfData: 0.01, rate: 1 });
    expect(c?.impactRatio).toBeNull();
    expect(audit.intersectional.excludedCount).toBe(1);
  });

  it('reports the unknown count and keeps unknowns out of the ratios', () => {
    const c = byKey(audit.intersectional)['unknown × White'];
    expect(c).toMatchObject({ status: 'unknown', n: 1, impactRatio: null, belowFourFifths: null });
    expect(audit.intersectional.unknownCount).toBe(1);
  });

  it('sex: F 21/48 against M 24/51 gives 1071/1152 = 0.9296875', () => {
    const c = byKey(audit.sex);
    expect(audit.sex.reference).toBe('M');
    expect([c.F?.n, c.F?.favourable, c.M?.n, c.M?.favourable]).toEqual([48, 21, 51, 24]);
    expectRelClose(c.F?.impactRatio ?? 0, 0.9296875);
    expect(c.F?.belowFourFifths).toBe(false);
    expect(audit.sex.unknownCount).toBe(1);
  });

  it('race/ethnicity: Black 17/35 is highest; White 875/952, Asian 70/136 (flagged); the unknown-sex row counts as White', () => {
    const c = byKey(audit.raceEthnicity);
    expect(audit.raceEthnicity.reference).toBe('Black');
    expect([c.White?.n, c.White?.favourable]).toEqual([56, 25]);
    expectRelClose(c.White?.impactRatio ?? 0, 875 / 952);
    expectRelClose(c.Asian?.impactRatio ?? 0, 70 / 136);
    expect(c.Asian?.belowFourFifths).toBe(true);
    expect(c.NHPI?.status).toBe('excluded-small');
    expect(audit.raceEthnicity.unknownCount).toBe(0);
  });

  it('keeps every category when the small-category exclusion is turned off', () => {
    const t = ll144ImpactRatios({ rows, selected }, ['sex', 'race_ethnicity'], {
      smallCategoryShare: 0,
    });
    expect(t.reference).toBe('M × NHPI');
    expect(byKey(t)['F × Black']?.impactRatio).toBe(0.6);
    expect(t.excludedCount).toBe(0);
  });

  it('includes a category at exactly 2 % of the data (the rule excludes those under 2 %)', () => {
    const twoPercent = ll144ImpactRatios(
      { rows: [...rows, { sex: 'M', race_ethnicity: 'NHPI' }], selected: [...selected, 0] },
      ['race_ethnicity'],
      { smallCategoryShare: 2 / 101 },
    );
    expect(byKey(twoPercent).NHPI?.status).toBe('included');
  });
});

describe('LL144 scoring-rate median', () => {
  // x scores 1, 2, 6; y scores 3, 4, 5; three unknowns score 10, 11, 12.
  const rows = [
    ...['x', 'x', 'x', 'y', 'y', 'y'].map((group) => ({ group })),
    ...[null, null, null].map((group) => ({ group })),
  ];
  const scores = [1, 2, 6, 3, 4, 5, 10, 11, 12];

  it('is taken over every assessed row by default (median 5: x 1/3, y 0)', () => {
    const t = ll144ImpactRatios({ rows, scores }, ['group']);
    expect(t.median).toBe(5);
    expect(byKey(t).y?.impactRatio).toBe(0);
    expect(t.unknownCount).toBe(3);
  });

  it("is taken over known rows with medianOver 'known' (median 3.5: x 1/3, y 2/3)", () => {
    const t = ll144ImpactRatios({ rows, scores }, ['group'], { medianOver: 'known' });
    expect(t.median).toBe(3.5);
    expect(byKey(t).x?.impactRatio).toBe(0.5);
  });

  it('computes the numpy median (mean of the two middle values for even n)', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median(TOY_SCORES)).toBe(0.4);
  });
});

describe('when the LL144 input is malformed', () => {
  const rows = [{ sex: 'F' }, { sex: 'M' }];

  it('needs exactly one of selected or scores', () => {
    expect(issueCodes(() => ll144ImpactRatios({ rows }, ['sex']))).toEqual(['invalid_input']);
    expect(
      issueCodes(() => ll144ImpactRatios({ rows, selected: [1, 0], scores: [1, 2] }, ['sex'])),
    ).toEqual(['invalid_input']);
  });

  it('rejects a bad share, empty rows and mismatched lengths', () => {
    expect(
      issueCodes(() =>
        ll144ImpactRatios({ rows, selected: [1, 0] }, ['sex'], { smallCategoryShare: 1 }),
      ),
    ).toEqual(['invalid_option']);
    expect(issueCodes(() => ll144ImpactRatios({ rows: [], selected: [] }, ['sex']))).toEqual([
      'empty',
    ]);
    expect(issueCodes(() => ll144ImpactRatios({ rows, selected: [1] }, ['sex']))).toEqual([
      'length_mismatch',
    ]);
  });
});
