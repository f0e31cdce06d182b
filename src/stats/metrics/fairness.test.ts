import { describe, expect, it } from 'vitest';
import { expectPublished, expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_GROUPS, TOY_LABELS, TOY_SCORES } from './__fixtures__/toy-set.js';
import { aif360Disparities, fairlearnDisparities, fourFifthsRule } from './fairness.js';
import { impactRatios } from './four-fifths.js';
import { ratesByGroup } from './group-rates.js';

const TOY = ratesByGroup({ labels: TOY_LABELS, scores: TOY_SCORES }, TOY_GROUPS);

describe('ratesByGroup on the §9.4 toy set', () => {
  it('gives SR, TPR, FPR for A, B and overall', () => {
    const table = [...TOY.groups, TOY.overall].map((g) => [
      g.group,
      g.selectionRate,
      g.truePositiveRate,
      g.falsePositiveRate,
    ]);
    expect(table).toEqual([
      ['A', 0.5, 0.8, 0.2],
      ['B', 0.2, 0.4, 0],
      ['overall', 0.35, 0.6, 0.1],
    ]);
    expect(TOY.groups.map((g) => g.precision)).toEqual([0.8, 1]);
  });
});

describe('Fairlearn convention (unsigned, between all groups)', () => {
  it('gives DP diff 0.3, DP ratio 0.4, EO diff 0.4 (worst) / 0.3 (mean), EO ratio 0, EOpp 0.4 / 0.5', () => {
    const f = fairlearnDisparities(TOY);
    expect(f.convention).toBe('fairlearn');
    expect(f.method).toBe('between_groups');
    expectRelClose(f.demographicParityDifference, 0.3);
    expectRelClose(f.demographicParityRatio, 0.4);
    expectRelClose(f.equalizedOddsDifference.worstCase, 0.4);
    expectRelClose(f.equalizedOddsDifference.mean, 0.3);
    expect(f.equalizedOddsRatio.worstCase).toBe(0); // FPR_B = 0
    expectRelClose(f.equalizedOddsRatio.mean, 0.25); // (TPR ratio ½ + FPR ratio 0)/2
    expectRelClose(f.equalOpportunityDifference, 0.4);
    expectRelClose(f.equalOpportunityRatio, 0.5);
  });

  it("gives DP diff 0.15 and ratio 4/7 ≈ 0.571428571429 with method 'to_overall'", () => {
    const f = fairlearnDisparities(TOY, { method: 'to_overall' });
    expectRelClose(f.demographicParityDifference, 0.15);
    expectRelClose(f.demographicParityRatio, 4 / 7);
    expectPublished(f.demographicParityRatio, '0.571428571429');
  });

  it('skips a group whose rate is undefined, as pandas max/min skip NaN', () => {
    // Group c has no actual positive, so its TPR is NaN.
    const rates = ratesByGroup(
      { labels: [1, 1, 0, 1, 0, 0, 0], predictions: [1, 0, 0, 0, 0, 1, 0] },
      ['a', 'a', 'a', 'b', 'b', 'c', 'c'],
    );
    expect(rates.groups[2]?.truePositiveRate).toBeNaN();
    const f = fairlearnDisparities(rates);
    expectRelClose(f.equalOpportunityDifference, 0.5); // TPR a ½, b 0
    expect(f.equalOpportunityRatio).toBe(0);
  });

  it('rejects an unknown method', () => {
    const options = { method: 'pairwise' } as unknown as { method: 'to_overall' };
    expect(issueCodes(() => fairlearnDisparities(TOY, options))).toEqual(['invalid_option']);
  });
});

describe('AIF360 convention (signed, unprivileged − privileged)', () => {
  it('gives SPD −0.3, DI 0.4, EOD −0.4, AOD −0.3, average |odds| 0.3 with priv = A', () => {
    const a = aif360Disparities(TOY, { privileged: ['A'] });
    expect(a.convention).toBe('aif360');
    expectRelClose(a.statisticalParityDifference, -0.3);
    expectRelClose(a.disparateImpact, 0.4);
    expectRelClose(a.equalOpportunityDifference, -0.4);
    expectRelClose(a.averageOddsDifference, -0.3);
    expectRelClose(a.averageAbsOddsDifference, 0.3);
    expectRelClose(a.equalizedOddsDifference, 0.4);
  });

  it('flips the signs and inverts the ratio when B is privileged', () => {
    const a = aif360Disparities(TOY, { privileged: ['B'] });
    expectRelClose(a.statisticalParityDifference, 0.3);
    expectRelClose(a.disparateImpact, 2.5);
    expectRelClose(a.equalOpportunityDifference, 0.4);
  });
});

describe('both sign conventions on the same data', () => {
  it('report 0.3 (Fairlearn) and −0.3 (AIF360, priv A) for the same parity gap', () => {
    const fairlearn = fairlearnDisparities(TOY);
    const aif360 = aif360Disparities(TOY, { privileged: ['A'] });
    expectRelClose(fairlearn.demographicParityDifference, 0.3);
    expectRelClose(aif360.statisticalParityDifference, -0.3);
    expectRelClose(fairlearn.demographicParityRatio, aif360.disparateImpact);
    expectRelClose(fairlearn.equalOpportunityDifference, -aif360.equalOpportunityDifference);
    // Fairlearn does not depend on which group is privileged.
    expect(fairlearnDisparities(TOY)).toEqual(fairlearn);
  });
});

describe('AIF360 with more than two groups', () => {
  // a: 2 of 4 selected; b: 1 of 4; c: 0 of 2. Everyone's label is 1, so TPR = SR.
  const rates = ratesByGroup(
    { labels: Array<number>(10).fill(1), predictions: [1, 1, 0, 0, 1, 0, 0, 0, 0, 0] },
    ['a', 'a', 'a', 'a', 'b', 'b', 'b', 'b', 'c', 'c'],
  );

  it('pools every non-privileged group by default (1 of 6 selected)', () => {
    const a = aif360Disparities(rates, { privileged: ['a'] });
    expect(a.unprivileged.confusion).toEqual({ tp: 1, fp: 0, tn: 0, fn: 5 });
    expectRelClose(a.statisticalParityDifference, 1 / 6 - 1 / 2);
    expectRelClose(a.disparateImpact, 1 / 3);
    expect(a.averageOddsDifference).toBeNaN(); // no negatives: FPR undefined
  });

  it('uses the groups named as unprivileged', () => {
    const a = aif360Disparities(rates, { privileged: ['a'], unprivileged: ['c'] });
    expect(a.statisticalParityDifference).toBe(-0.5);
    expect(a.disparateImpact).toBe(0);
  });

  it('gives Fairlearn ratios over all three groups (min/max = 0/0.5)', () => {
    const f = fairlearnDisparities(rates);
    expect(f.demographicParityDifference).toBe(0.5);
    expect(f.demographicParityRatio).toBe(0);
  });

  it('rejects unknown, missing or overlapping groups', () => {
    expect(issueCodes(() => aif360Disparities(rates, { privileged: ['z'] }))).toEqual([
      'unknown_group',
    ]);
    expect(issueCodes(() => aif360Disparities(rates, { privileged: [] }))).toEqual(['empty']);
    expect(
      issueCodes(() => aif360Disparities(rates, { privileged: ['a'], unprivileged: ['b', 'a'] })),
    ).toEqual(['overlapping_groups']);
  });
});

describe('when a parity ratio is 0/0', () => {
  const nobodySelected = ratesByGroup({ labels: [1, 0, 1, 0], predictions: [0, 0, 0, 0] }, [
    'a',
    'a',
    'b',
    'b',
  ]);

  it('is NaN by default and the zeroDivision value when set', () => {
    expect(fairlearnDisparities(nobodySelected).demographicParityRatio).toBeNaN();
    expect(aif360Disparities(nobodySelected, { privileged: ['a'] }).disparateImpact).toBeNaN();
    const withOne = ratesByGroup(
      { labels: [1, 0, 1, 0], predictions: [0, 0, 0, 0] },
      ['a', 'a', 'b', 'b'],
      { zeroDivision: 1 },
    );
    expect(fairlearnDisparities(withOne).demographicParityRatio).toBe(1);
  });
});

describe('four-fifths rule', () => {
  it('flags B on the §9.4 selection rates (impact ratios A 1, B 0.4)', () => {
    const t = fourFifthsRule(TOY);
    expect(t.reference).toBe('A');
    expect(t.ratios).toEqual([
      { key: 'A', rate: 0.5, impactRatio: 1, belowFourFifths: false },
      { key: 'B', rate: 0.2, impactRatio: 0.4, belowFourFifths: true },
    ]);
  });

  it('decides the flag on counts: 3/5 against 3/4 is exactly 0.8, though 0.6/0.75 = 0.7999999999999999', () => {
    const t = impactRatios([
      { key: 'x', favourable: 3, total: 5 },
      { key: 'y', favourable: 3, total: 4 },
    ]);
    expect(t.ratios[0]?.impactRatio).toBe(0.7999999999999999);
    expect(t.ratios[0]?.belowFourFifths).toBe(false);
    const justBelow = impactRatios([
      { key: 'x', favourable: 59, total: 100 },
      { key: 'y', favourable: 3, total: 4 },
    ]);
    expect(justBelow.ratios[0]?.belowFourFifths).toBe(true);
  });

  it('gives NaN ratios and no flag when nobody is selected', () => {
    const t = impactRatios([
      { key: 'x', favourable: 0, total: 5 },
      { key: 'y', favourable: 0, total: 4 },
    ]);
    expect(t.ratios.map((r) => [Number.isNaN(r.impactRatio), r.belowFourFifths])).toEqual([
      [true, false],
      [true, false],
    ]);
  });

  it('rejects impossible counts', () => {
    expect(issueCodes(() => impactRatios([{ key: 'x', favourable: 6, total: 5 }]))).toEqual([
      'invalid_count',
    ]);
    expect(issueCodes(() => impactRatios([{ key: 'x', favourable: 0, total: 0 }]))).toEqual([
      'invalid_count',
    ]);
  });
});
