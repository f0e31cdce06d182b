/**
 * statistics.md §9: every published drift value, recomputed from the §9.1 generator and compared
 * at 1e-9 relative (the two looser comparisons say why where they are made).
 */
import { describe, expect, it } from 'vitest';
import { kolmogorovLimitSf } from '../special/index.js';
import { expectClose } from '../special/__fixtures__/expect-close.js';
import { CASES, gen, SQ2, type CaseName } from './__fixtures__/generator.js';
import {
  CASE_S_DETAILS,
  GENERATOR_CHECK,
  NUMERICAL as EXPECTED,
} from './__fixtures__/statistics-vectors.js';
import {
  andersonDarling,
  cramerVonMises,
  energyDistance,
  evidentlyProportions,
  hellinger,
  jensenShannon,
  klDivergenceTest,
  ksTest,
  mannWhitneyU,
  nannymlHellinger,
  nannymlJensenShannon,
  normedWasserstein,
  populationStd,
  psi,
  quantilePsi,
  quantileSorted,
  sortedSample,
  tTest,
  wasserstein1,
} from './index.js';

const NAMES = Object.keys(CASES) as CaseName[];

describe('§9.1 generator', () => {
  it('reproduces the published check values (the second differs by 1 ulp of pow, as §9.1 says)', () => {
    const values = gen(15000, SQ2, { power: 1.1 });
    expect(values[0]).toBe(GENERATOR_CHECK[0]);
    expect(values[1]).toBe(8.129797747048695);
    expectClose(values[1]!, GENERATOR_CHECK[1]!, 1e-15);
    expect(values[2]).toBe(GENERATOR_CHECK[2]);
  });
});

describe.each(NAMES)('§9.2 case %s', (name) => {
  const { reference, current } = CASES[name];
  const en = (reference.length * current.length) / (reference.length + current.length);

  it('KS statistic and scipy auto p-value (method chosen as scipy)', () => {
    const result = ksTest(reference, current);
    expectClose(result.statistic, EXPECTED.ksStatistic[name]);
    expectClose(result.pValue, EXPECTED.ksPValueAuto[name]);
    expect(result.method).toBe(EXPECTED.ksMethodAuto[name]);
  });

  it('KS asymp p = kstwo.sf(D, round(en)), limiting and Numerical Recipes forms', () => {
    const result = ksTest(reference, current, { method: 'asymp' });
    expectClose(result.pValue, EXPECTED.ksPValueAsymp[name]);
    const d = result.statistic;
    expectClose(kolmogorovLimitSf(Math.sqrt(en) * d), EXPECTED.ksPValueLimiting[name]);
    const lambda = (Math.sqrt(en) + 0.12 + 0.11 / Math.sqrt(en)) * d;
    expectClose(kolmogorovLimitSf(lambda), EXPECTED.ksPValueNumericalRecipes[name]);
  });

  it('population std, W1 and Evidently normed W1', () => {
    expectClose(populationStd(reference), EXPECTED.referenceStd[name]);
    expectClose(wasserstein1(reference, current), EXPECTED.w1[name]);
    expectClose(normedWasserstein(reference, current).statistic, EXPECTED.w1Normed[name]);
  });

  it('Evidently PSI, KL, JS (base e and 2) and Hellinger, with the bin count', () => {
    const result = psi(reference, current);
    expectClose(result.statistic, EXPECTED.psiEvidently[name]);
    expect(result.bins).toBe(EXPECTED.psiEvidentlyBins[name]);
    expect(result.binning).toBe('evidently');
    expectClose(klDivergenceTest(reference, current).statistic, EXPECTED.klEvidently[name]);
    expectClose(jensenShannon(reference, current).statistic, EXPECTED.jsEvidently[name]);
    expectClose(jensenShannon(reference, current, 2).statistic, EXPECTED.jsBase2[name]);
    expectClose(hellinger(reference, current).statistic, EXPECTED.hellingerEvidently[name]);
  });

  it('textbook PSI on reference deciles', () => {
    expectClose(quantilePsi(reference, current).statistic, EXPECTED.psiQuantile[name]);
  });

  it('NannyML-style JS (base 2) and Hellinger on Doane reference bins plus leftover', () => {
    const js = nannymlJensenShannon(reference, current);
    expectClose(js.statistic, EXPECTED.nannymlJs[name]);
    expect(js.edges!.length - 1).toBe(EXPECTED.nannymlBins[name]);
    expectClose(nannymlHellinger(reference, current).statistic, EXPECTED.nannymlHellinger[name]);
  });

  it('Cramér–von Mises T and p', () => {
    const result = cramerVonMises(reference, current);
    expectClose(result.statistic, EXPECTED.cvmStatistic[name]);
    // For L and L2, p = 1 − F(t) with F ≈ 1 − 1e-9: scipy's value carries the rounding of a sum
    // of O(1) terms (~1e-16 each, its Bessel K differs from the one here by up to 7e-14 relative),
    // i.e. ~1e-15 absolute, which is ~2e-6 relative at p ≈ 7e-10. Neither side can do better
    // through 1 − F, so p is compared to 5e-15 absolute there (both agree to 1.6e-15).
    expectClose(result.pValue, EXPECTED.cvmPValue[name], 1e-9, { absolute: 5e-15 });
  });

  it('energy distance, pooled t-test and Mann–Whitney ("less")', () => {
    expectClose(energyDistance(reference, current), EXPECTED.energy[name]);
    expectClose(tTest(reference, current).pValue, EXPECTED.tTestPValue[name]);
    const mw = mannWhitneyU(reference, current, { alternative: 'less' });
    expectClose(mw.pValue, EXPECTED.mannWhitneyLess[name]);
  });

  it('Anderson–Darling runs (no published value for §9.2 cases) within its p clamp', () => {
    const { pValue } = andersonDarling(reference, current);
    expect(pValue).toBeGreaterThanOrEqual(0.001);
    expect(pValue).toBeLessThanOrEqual(0.25);
  });
});

describe('§9.2 case S details', () => {
  const { reference, current } = CASES.S;
  // Printed to 10 decimals: compared to half a unit in the last place (5e-11 absolute).
  const printed = { absolute: 5e-11 };

  it('Evidently Sturges edges over the pooled sample and both proportion vectors', () => {
    const binned = evidentlyProportions(reference, current);
    expect(binned.edges).toHaveLength(11);
    binned.edges!.forEach((edge, j) =>
      expectClose(edge, CASE_S_DETAILS.sturgesEdges[j]!, 0, printed),
    );
    binned.reference.forEach((p, j) => expectClose(p, CASE_S_DETAILS.referencePercent[j]!, 1e-15));
    binned.current.forEach((q, j) => expectClose(q, CASE_S_DETAILS.currentPercent[j]!, 1e-15));
  });

  it('reference deciles (type 7)', () => {
    const sorted = sortedSample(reference).values;
    CASE_S_DETAILS.referenceDeciles.forEach((expected, j) =>
      expectClose(quantileSorted(sorted, j / 10), expected, 0, printed),
    );
  });
});
