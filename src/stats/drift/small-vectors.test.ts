/** statistics.md §9.3 (and the §3.11 Anderson–Darling checks): categorical and small vectors. */
import { describe, expect, it } from 'vitest';
import { expectClose } from '../special/__fixtures__/expect-close.js';
import {
  G_TEST,
  NEW_CATEGORY,
  VECTOR_A,
  VECTOR_B,
  Z_TEST,
} from './__fixtures__/statistics-vectors.js';
import {
  andersonDarling,
  categoricalHellinger,
  categoricalJensenShannon,
  categoricalLInfinity,
  categoricalPsi,
  categoricalTvd,
  categoryTable,
  categoryTableFromCounts,
  chiSquareGoodnessOfFit,
  chiSquareHomogeneity,
  eppsSingleton,
  fillZeros,
  gTest,
  ksTest,
  mannWhitneyU,
  tTest,
  zTest,
} from './index.js';

function repeat(counts: readonly number[], values: readonly number[]): number[] {
  return values.flatMap((value, i) => new Array<number>(counts[i]!).fill(value));
}

describe('§9.3 vector A', () => {
  const levels = [1, 2, 3, 4, 5, 6];
  const reference = repeat(VECTOR_A.referenceCounts, levels);
  const current = repeat(VECTOR_A.currentCounts, levels);
  const table = categoryTable(reference, current);

  it('chi-square goodness of fit (Evidently) and homogeneity (chi2_contingency)', () => {
    expectClose(chiSquareGoodnessOfFit(table).pValue, VECTOR_A.chiSquareGofP);
    expectClose(chiSquareHomogeneity(table).pValue, VECTOR_A.chi2ContingencyP);
  });

  it('Hellinger, PSI, JS (base e and 2), L∞ and TVD on category frequencies', () => {
    expectClose(categoricalHellinger(table), VECTOR_A.hellinger);
    expectClose(categoricalPsi(table), VECTOR_A.psi);
    expectClose(categoricalJensenShannon(table), VECTOR_A.jsBaseE);
    expectClose(categoricalJensenShannon(table, 2), VECTOR_A.jsBase2);
    expectClose(categoricalLInfinity(table), VECTOR_A.lInfinity);
    expectClose(categoricalTvd(table), VECTOR_A.tvd);
  });

  it('Mann–Whitney "less" (ties: asymptotic with tie correction) and Epps–Singleton', () => {
    expectClose(
      mannWhitneyU(reference, current, { alternative: 'less' }).pValue,
      VECTOR_A.mannWhitneyLessP,
    );
    expectClose(eppsSingleton(reference, current).pValue, VECTOR_A.eppsSingletonP);
  });

  it('Anderson–Darling (§3.11): statistic, p capped at 0.25', () => {
    const result = andersonDarling(reference, current);
    expectClose(result.statistic, VECTOR_A.andersonStatistic);
    expect(result.pValue).toBe(VECTOR_A.andersonP);
  });
});

describe('§9.3 vector B', () => {
  it('pooled t-test p', () => {
    expectClose(tTest(VECTOR_B.reference, VECTOR_B.current).pValue, VECTOR_B.tTestP);
  });

  it('Anderson–Darling k-sample statistic and interpolated p (§3.11)', () => {
    const result = andersonDarling(VECTOR_B.reference, VECTOR_B.current);
    expectClose(result.statistic, VECTOR_B.andersonStatistic);
    expectClose(result.pValue, VECTOR_B.andersonP);
  });

  it('KS D and exact p (n = m = 8: the square method)', () => {
    const result = ksTest(VECTOR_B.reference, VECTOR_B.current);
    expect(result.statistic).toBe(VECTOR_B.ksStatistic);
    expect(result.method).toBe('exact');
    expectClose(result.pValue, VECTOR_B.ksExactP);
  });
});

describe('§9.3 G-test', () => {
  it('current [4,6,8] against reference [5,5,8]', () => {
    const table = categoryTableFromCounts(
      new Map(G_TEST.reference.map((c, i) => [i, c])),
      new Map(G_TEST.current.map((c, i) => [i, c])),
    );
    expectClose(gTest(table).pValue, G_TEST.pValue);
  });
});

describe('§9.3 new category in the current data', () => {
  const table = categoryTableFromCounts(NEW_CATEGORY.reference, NEW_CATEGORY.current);

  it('fills the missing reference proportion with 1e-4 (Evidently ε rule)', () => {
    const reference = table.reference.map((c) => c / table.referenceTotal);
    expect(Array.from(fillZeros(reference))).toEqual(NEW_CATEGORY.referenceFilled);
    expectClose(categoricalPsi(table), NEW_CATEGORY.psi);
  });

  it('goodness of fit gives χ² = ∞, p = 0; homogeneity stays finite', () => {
    expect(chiSquareGoodnessOfFit(table)).toMatchObject({ statistic: Infinity, pValue: 0 });
    expectClose(chiSquareHomogeneity(table).pValue, NEW_CATEGORY.chi2ContingencyP);
  });

  it('JS distance needs no fill', () => {
    expectClose(categoricalJensenShannon(table), NEW_CATEGORY.jsBaseE);
  });
});

describe('§9.3 two-proportion Z-test', () => {
  it('700×0 + 300×1 against 620×0 + 380×1', () => {
    const reference = repeat([700, 300], [0, 1]);
    const current = repeat([620, 380], [0, 1]);
    const result = zTest(categoryTable(reference, current));
    expectClose(result.statistic, Z_TEST.z);
    // Evidently computes 2(1 − Φ(|z|)); the tail here is exact, and the two agree to 7e-14.
    expectClose(result.pValue, Z_TEST.pValue);
  });

  it('maps the first category in sorted order to 0, whatever the input order', () => {
    const reference = ['b', 'a', 'a', 'b', 'a'];
    const current = ['b', 'b', 'a', 'b', 'b'];
    const swapped = zTest(categoryTable(reference, current)).statistic;
    expect(swapped).toBeLessThan(0);
  });
});
