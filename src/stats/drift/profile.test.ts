/**
 * Profile mode: statistics from histograms and category counts. On the §9 data, histogram
 * distances on Evidently's own bins equal the exact-mode values, and the binned KS and W1 lie
 * within their stated error of the exact statistics.
 */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../special/__fixtures__/expect-close.js';
import { CASES, type CaseName } from './__fixtures__/generator.js';
import { NEW_CATEGORY, VECTOR_A } from './__fixtures__/statistics-vectors.js';
import { validationIssues } from './__fixtures__/validation-issues.js';
import {
  binnedKs,
  binnedNormedWasserstein,
  binnedWasserstein,
  categoricalPsi,
  categoryProfileTable,
  categoryTableFromCounts,
  chiSquareGoodnessOfFit,
  evidentlyProportions,
  histogramProfile,
  jensenShannon,
  klDivergenceTest,
  ksTest,
  linspace,
  normedWasserstein,
  profileCategoryTable,
  profileJensenShannon,
  profileKl,
  profilePsi,
  psi,
  wasserstein1,
  type HistogramProfile,
} from './index.js';

const NAMES = Object.keys(CASES) as CaseName[];

/** Reference-fitted bins as a server would fit them: equal width over the reference, ±∞ ends. */
function referenceBins(reference: Float64Array, bins: number): number[] {
  const min = reference.reduce((a, b) => Math.min(a, b));
  const max = reference.reduce((a, b) => Math.max(a, b));
  const inner = linspace(min, max, bins + 1).slice(1, -1);
  return [-Infinity, ...inner, Infinity];
}

describe.each(NAMES)('profile mode on §9.2 case %s', (name) => {
  const { reference, current } = CASES[name];

  it('histogram distances on Evidently’s pooled Sturges bins equal the exact-mode values', () => {
    const { edges } = evidentlyProportions(reference, current);
    const profile = histogramProfile(reference, current, edges!);
    expectClose(profilePsi(profile).statistic, psi(reference, current).statistic, 1e-12);
    expectClose(
      profileKl(profile).statistic,
      klDivergenceTest(reference, current).statistic,
      1e-12,
    );
    const js = jensenShannon(reference, current).statistic;
    expectClose(profileJensenShannon(profile).statistic, js, 1e-12);
    expect(profilePsi(profile).error).toBe(0);
  });

  it.each([10, 30, 200])('binned KS on %d reference bins brackets the exact D', (bins) => {
    const profile = histogramProfile(reference, current, referenceBins(reference, bins));
    const { dPlus, dMinus } = ksTest(reference, current);
    const d = Math.max(dPlus, dMinus);
    const binned = binnedKs(profile);
    expect(binned.statistic).toBeLessThanOrEqual(d + 1e-15);
    expect(d).toBeLessThanOrEqual(binned.statistic + binned.error + 1e-15);
    // The bound is at most the largest in-bin mass.
    const n = reference.length;
    const m = current.length;
    const mass = profile.reference.map((c, j) => Math.max(c / n, profile.current[j]! / m));
    expect(binned.error).toBeLessThanOrEqual(Math.max(...mass) + 1e-15);
  });

  it.each([10, 30, 200])('binned W1 on %d reference bins is within its error of W1', (bins) => {
    const edges = referenceBins(reference, bins);
    const profile = histogramProfile(reference, current, edges);
    const exact = wasserstein1(reference, current);
    const binned = binnedWasserstein(profile);
    expect(Math.abs(binned.statistic - exact)).toBeLessThanOrEqual(binned.error + 1e-12);
    // And never more than twice the widest bin (the closed-off end bins included).
    const closed = [profile.range!.min, ...edges.slice(1, -1), profile.range!.max];
    const widest = Math.max(...closed.slice(1).map((e, j) => e - closed[j]!));
    expect(binned.error).toBeLessThanOrEqual(2 * widest);
  });

  it('binned normed W1 scales statistic and error by the reference std', () => {
    const profile = histogramProfile(reference, current, referenceBins(reference, 100));
    const exact = normedWasserstein(reference, current).statistic;
    const binned = binnedNormedWasserstein(profile);
    expect(Math.abs(binned.statistic - exact)).toBeLessThanOrEqual(binned.error + 1e-12);
  });
});

describe('binned KS and W1 on a hand-computed histogram', () => {
  // Reference 4 values, current 2, bins [0,1), [1,2), [2,3].
  const profile: HistogramProfile = {
    edges: [0, 1, 2, 3],
    reference: [2, 1, 1],
    current: [0, 1, 1],
  };

  it('KS: D at the edges is max(|1/2 − 0|, |3/4 − 1/2|) = 1/2; the bound adds the in-bin mass', () => {
    // d = [0, 1/2, 1/4]; U = max over bins of |d − q|, |d + p| = max(1/2, 1/2+1/4, |1/4−1/2|, …)
    const result = binnedKs(profile);
    expect(result.statistic).toBe(0.5);
    expect(result.error).toBe(0.25);
  });

  it('W1 integrates the interpolated ECDF difference: ¼ + ⅜ + ⅛', () => {
    const result = binnedWasserstein(profile);
    expect(result.statistic).toBe(0.25 + 0.375 + 0.125);
  });

  it('an open-ended bin with mass and no recorded range makes the W1 error infinite', () => {
    const open: HistogramProfile = {
      edges: [-Infinity, 1, Infinity],
      reference: [1, 1],
      current: [0, 2],
    };
    expect(binnedWasserstein(open).error).toBe(Infinity);
    const bounded = binnedWasserstein({ ...open, range: { min: 0, max: 2 } });
    expect(bounded.error).toBeLessThan(Infinity);
  });
});

describe('when a histogram profile is invalid', () => {
  it('reports every problem with its path', () => {
    const issues = validationIssues(() =>
      profilePsi({ edges: [0, 1, 1], reference: [1, -1], current: [1] }),
    );
    expect(issues.map((i) => i.code)).toEqual(['invalid_bins']);
    const counts = validationIssues(() =>
      profilePsi({ edges: [0, 1, 2], reference: [1, -1], current: [1] }),
    );
    expect(counts).toMatchObject([
      { code: 'invalid_count', path: ['reference', 1] },
      { code: 'invalid_bins', path: ['current'] },
    ]);
  });

  it('refuses an empty side and a normed W1 without the reference std', () => {
    const empty = validationIssues(() =>
      profilePsi({ edges: [0, 1], reference: [3], current: [0] }),
    );
    expect(empty).toMatchObject([{ code: 'empty_sample', path: ['current'] }]);
    const missing = validationIssues(() =>
      binnedNormedWasserstein({ edges: [0, 1], reference: [3], current: [2] }),
    );
    expect(missing).toMatchObject([{ code: 'missing_reference_std' }]);
  });
});

describe('merging windows', () => {
  it('adding the counts of two current windows gives the profile of their concatenation', () => {
    const { reference, current } = CASES.L;
    const edges = referenceBins(reference, 20);
    const first = histogramProfile(reference, current.subarray(0, 6000), edges);
    const second = histogramProfile(reference, current.subarray(6000), edges);
    const merged = { ...first, current: first.current.map((c, j) => c + second.current[j]!) };
    const whole = histogramProfile(reference, current, edges);
    expect(merged.current).toEqual(whole.current);
    expect(profilePsi(merged).statistic).toBe(profilePsi(whole).statistic);
  });
});

describe('category profiles', () => {
  it('give the exact categorical statistics (counts are all they use)', () => {
    const toCounts = (counts: number[]) => new Map(counts.map((c, i) => [i + 1, c]));
    const table = categoryProfileTable({
      reference: toCounts(VECTOR_A.referenceCounts),
      current: toCounts(VECTOR_A.currentCounts),
    });
    expectClose(chiSquareGoodnessOfFit(table).pValue, VECTOR_A.chiSquareGofP);
    expectClose(categoricalPsi(table), VECTOR_A.psi);
  });

  it('accept plain objects as count maps', () => {
    const table = categoryTableFromCounts(NEW_CATEGORY.reference, NEW_CATEGORY.current);
    expectClose(categoricalPsi(table), NEW_CATEGORY.psi);
  });

  it('turn histogram bins into categories, leaving out bins empty on both sides', () => {
    const table = profileCategoryTable({
      edges: [0, 1, 2, 3],
      reference: [4, 0, 2],
      current: [1, 0, 5],
    });
    expect(table.keys).toEqual([0, 2]);
  });
});
