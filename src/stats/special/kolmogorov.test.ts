import { describe, expect, it } from 'vitest';
import { expectClose } from './__fixtures__/expect-close.js';
import { KS_EXACT, KSTWO, KSTWOBIGN_SF, SMIRNOV } from './__fixtures__/scipy-vectors.js';
import {
  kolmogorovLimitSf,
  kolmogorovNCdf,
  kolmogorovNSf,
  ksTwoSampleProbability,
  smirnovCdf,
  smirnovSf,
} from './index.js';

// scipy evaluates Smirnov terms in double-double and some kstwo branches as 1 − cdf; the
// differences seen are ≤ 2e-13 relative, so 1e-12 is asserted (still 1000× inside 1e-9).
describe('smirnov (one-sided, finite n)', () => {
  it.each(SMIRNOV)('smirnov(%d, %d) and smirnovc match scipy', (n, x, sf, cdf) => {
    expectClose(smirnovSf(n, x), sf, 1e-12);
    expectClose(smirnovCdf(n, x), cdf, 1e-12);
  });

  it('is NaN outside 0 ≤ x ≤ 1', () => {
    expect(smirnovSf(5, 1.5)).toBeNaN();
    expect(smirnovSf(2.5, 0.5)).toBeNaN();
  });
});

describe('kstwo (two-sided, finite n), every branch of Simard & L’Ecuyer', () => {
  // Rows cover Ruben–Gambino (n ≤ 140 and > 140), t ≥ n − 1, x ≥ 0.5, Durbin matrix,
  // Pomeranz, Pelz–Good, 2·smirnov, the n > 10⁶ Smirnov approximation and the sf cut-offs.
  it.each(KSTWO)('kstwo.sf(x, n=%d) at x=%d matches scipy', (n, x, sf, cdf) => {
    expectClose(kolmogorovNSf(n, x), sf, 1e-12);
    expectClose(kolmogorovNCdf(n, x), cdf, 1e-12);
  });

  it('rejects a non-integer n', () => {
    expect(kolmogorovNSf(10.5, 0.2)).toBeNaN();
  });
});

describe('kstwobign (the limiting distribution)', () => {
  it.each(KSTWOBIGN_SF)('kstwobign.sf(%d) matches scipy', (x, expected) => {
    expectClose(kolmogorovLimitSf(x), expected, 1e-14);
  });
});

describe('two-sample KS probability', () => {
  it.each(KS_EXACT)(
    'exact p for n=%d, m=%d, d=%d matches scipy _attempt_exact_2kssamp',
    (n1, n2, d, rounded, p) => {
      const result = ksTwoSampleProbability(n1, n2, d, 'exact');
      expect(result.method).toBe('exact');
      expect(result.statistic).toBe(rounded);
      expectClose(result.pValue, p, 1e-13);
    },
  );

  it('auto picks exact up to 10 000 per side and asymp above, as scipy', () => {
    expect(ksTwoSampleProbability(10000, 50, 0.1).method).toBe('exact');
    expect(ksTwoSampleProbability(10001, 50, 0.1).method).toBe('asymp');
  });

  it('asymp evaluates kstwo.sf at round(n·m/(n+m)) and keeps D unrounded', () => {
    const result = ksTwoSampleProbability(20000, 15000, 0.035183333333333344);
    expect(result).toMatchObject({ method: 'asymp', statistic: 0.035183333333333344 });
    expect(result.pValue).toBe(kolmogorovNSf(8571, 0.035183333333333344));
  });

  it('falls back to asymp when lcm(n, m) would overflow int32 (scipy warns and switches)', () => {
    expect(ksTwoSampleProbability(65537, 65539, 0.01, 'exact').method).toBe('asymp');
  });

  it('gives p = 1 when the rounded statistic is 0', () => {
    expect(ksTwoSampleProbability(30, 20, 0.001)).toEqual({
      statistic: 0,
      pValue: 1,
      method: 'exact',
    });
  });
});
