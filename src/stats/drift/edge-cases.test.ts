/**
 * Inputs the published vectors do not cover: missing values, empty samples, constant columns,
 * single values and ties. Expected values for ties and small samples come from scipy 1.17.1
 * (`ks_2samp`, `cramervonmises_2samp`, `mannwhitneyu`, `anderson_ksamp`, `wasserstein_distance`,
 * `energy_distance`, `epps_singleton_2samp`) on the same arrays.
 */
import { describe, expect, it } from 'vitest';
import { validationIssues } from './__fixtures__/validation-issues.js';
import { expectClose } from '../special/__fixtures__/expect-close.js';
import {
  andersonDarling,
  categoryTable,
  chiSquareGoodnessOfFit,
  chiSquareHomogeneity,
  cramerVonMises,
  energyDistance,
  eppsSingleton,
  ksTest,
  mannWhitneyU,
  normedWasserstein,
  psi,
  sortedSample,
  tTest,
  wasserstein1,
  zTest,
} from './index.js';

describe('when a sample has no finite value after dropping NaN and ±∞', () => {
  it.each([
    ['ks', () => ksTest([Number.NaN, Infinity], [1, 2])],
    ['wasserstein', () => normedWasserstein([1, 2], [Number.NaN])],
    ['psi', () => psi([], [1, 2])],
    ['categories', () => categoryTable([null, undefined, Number.NaN], ['a'])],
  ])('%s throws ValidationError empty_sample naming the side', (_, run) => {
    const issues = validationIssues(run);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('empty_sample');
    expect(['reference', 'current']).toContain(issues[0]!.path[0]);
  });
});

describe('when values are missing or infinite', () => {
  it('drops NaN and ±∞ before computing, as Evidently does', () => {
    const clean = ksTest([1, 2, 3, 4], [2, 3, 5]);
    const dirty = ksTest([1, Number.NaN, 2, 3, Infinity, 4], [-Infinity, 2, 3, 5, Number.NaN]);
    expect(dirty).toEqual(clean);
    expect(wasserstein1([1, Number.NaN, 3], [2, -Infinity])).toBe(wasserstein1([1, 3], [2]));
  });

  it('does not sort or change the caller’s array', () => {
    const reference = new Float64Array([3, 1, 2]);
    sortedSample(reference);
    expect(Array.from(reference)).toEqual([3, 1, 2]);
  });
});

describe('when columns are constant', () => {
  it('KS: equal constants give D = 0, p = 1; different constants D = 1 (scipy p)', () => {
    expect(ksTest([5, 5, 5], [5, 5])).toMatchObject({ statistic: 0, pValue: 1 });
    const result = ksTest(new Array(10).fill(5), new Array(7).fill(6));
    expect(result.statistic).toBe(1);
    expectClose(result.pValue, 0.00010283833813245579);
  });

  it('normed Wasserstein divides by the 0.001 floor when the reference std is 0', () => {
    const result = normedWasserstein([5, 5, 5], [5.5, 5.5]);
    expect(result.referenceStd).toBe(0);
    expectClose(result.statistic, 500, 1e-15);
  });

  it('chi-square, Z and PSI on one shared category: no drift, p = 1 (scipy: NaN)', () => {
    const table = categoryTable(['a', 'a'], ['a', 'a', 'a']);
    expect(chiSquareGoodnessOfFit(table)).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(chiSquareHomogeneity(table)).toEqual({ statistic: 0, pValue: 1, dof: 0 });
    expect(zTest(table)).toEqual({ statistic: 0, pValue: 1 });
    expect(psi([5, 5, 5], [5, 5]).statistic).toBe(0);
  });

  it('t-test on constants: equal means p = 1, different means p = 0 (scipy gives NaN)', () => {
    expect(tTest([2, 2, 2], [2, 2])).toMatchObject({ statistic: 0, pValue: 1 });
    expect(tTest([2, 2, 2], [3, 3])).toMatchObject({ statistic: -Infinity, pValue: 0 });
  });

  it('Anderson–Darling and Epps–Singleton refuse degenerate samples, as scipy does', () => {
    const anderson = validationIssues(() => andersonDarling([1, 1, 1], [1, 1]));
    expect(anderson).toMatchObject([{ code: 'degenerate_sample' }]);
    const es = validationIssues(() => eppsSingleton([1, 1, 1, 1, 1], [1, 1, 1, 1, 1]));
    expect(es).toMatchObject([{ code: 'degenerate_sample' }]);
  });
});

describe('when each sample is a single value', () => {
  it('KS matches scipy: D = 1 (or 0) with p = 1', () => {
    expect(ksTest([1], [2])).toMatchObject({ statistic: 1, pValue: 1, method: 'exact' });
    expect(ksTest([1], [1])).toMatchObject({ statistic: 0, pValue: 1 });
  });

  it('W1 is the distance between the two points', () => {
    expect(wasserstein1([1], [3.5])).toBe(2.5);
  });
});

describe('when values are tied', () => {
  const reference = [1, 1, 2, 2, 2, 3, 3, 4];
  const current = [2, 2, 3, 3, 3, 3, 5, 5, 5];

  it('KS evaluates both ECDFs after all copies of a value (searchsorted right)', () => {
    const result = ksTest(reference, current);
    expectClose(result.statistic, 0.4027777777777778, 1e-15);
    expectClose(result.pValue, 0.406993006993007, 1e-13);
  });

  it('Cramér–von Mises uses midranks and the exact null distribution (n, m ≤ 20)', () => {
    const result = cramerVonMises(reference, current);
    expectClose(result.statistic, 0.3758169934640523, 1e-13);
    expectClose(result.pValue, 0.09082682023858495, 1e-13);
  });

  it('Mann–Whitney switches to the tie-corrected normal approximation', () => {
    const result = mannWhitneyU(reference, current);
    expect(result.statistic).toBe(17);
    expectClose(result.pValue, 0.06439197799509624, 1e-13);
  });

  it('Anderson–Darling midrank statistic and p', () => {
    const result = andersonDarling(reference, current);
    expectClose(result.statistic, 2.654718304007924, 1e-13);
    expectClose(result.pValue, 0.026620433248209712, 1e-12);
  });

  it('W1 and energy distance skip zero-width steps', () => {
    expectClose(wasserstein1(reference, current), 1.1944444444444446, 1e-15);
    expectClose(energyDistance(reference, current), 0.870911967032827, 1e-14);
  });
});

describe('small samples without ties', () => {
  const reference = [1.1, 2.3, 3.7, 4.1, 5.9];
  const current = [2.2, 3.3, 6.1, 7.4, 8.8, 9.0];

  it('Mann–Whitney uses the exact distribution for each alternative', () => {
    expectClose(mannWhitneyU(reference, current).pValue, 0.17748917748917747, 1e-14);
    const less = mannWhitneyU(reference, current, { alternative: 'less' });
    expectClose(less.pValue, 0.08874458874458874, 1e-14);
    const greater = mannWhitneyU(reference, current, { alternative: 'greater' });
    expectClose(greater.pValue, 0.9372294372294372, 1e-14);
  });

  it('Cramér–von Mises exact and asymptotic p', () => {
    expectClose(cramerVonMises(reference, current).pValue, 0.14285714285714285, 1e-14);
    const asymptotic = cramerVonMises(reference, current, 'asymptotic');
    expectClose(asymptotic.pValue, 0.13950475444146326, 1e-12);
  });

  it('Epps–Singleton applies the small-sample correction (max(n, m) < 25)', () => {
    const result = eppsSingleton([1, 2, 3, 4, 5, 6, 7.5], [2, 3, 4.5, 5, 6, 8, 9, 10]);
    expectClose(result.statistic, 1.884777688212012, 1e-12);
    expectClose(result.pValue, 0.7569407745987704, 1e-12);
  });
});

describe('KS on very unbalanced samples', () => {
  it('uses asymp when one side exceeds 10 000 values (N = round(en) is small here)', () => {
    const reference = Float64Array.from({ length: 20000 }, (_, i) => i / 20000);
    const result = ksTest(reference, [0.5, 0.7, 0.1]);
    expect(result.method).toBe('asymp');
    expectClose(result.pValue, 0.8863501742282222, 1e-12);
  });
});
