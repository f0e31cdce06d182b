import { describe, expect, it } from 'vitest';
import { expectClose } from './__fixtures__/expect-close.js';
import { ERFC_MPMATH, NORMAL_SF_MPMATH } from './__fixtures__/scipy-vectors.js';
import { erf, erfc, normalCdf, normalSf } from './index.js';

describe('erfc', () => {
  // mpmath at 50 digits is the reference: the claim is full double precision (≤ 3 ulp), tighter
  // than scipy's cephes erfc, which rounds x² and drifts to ~1e-13 relative at x = 26.
  it.each(ERFC_MPMATH)('erfc(%d) is within 5e-16 of the correctly rounded value', (x, expected) => {
    expectClose(erfc(x), expected, 5e-16);
  });

  it('underflows to 0 only past the smallest double', () => {
    expect(erfc(26.5)).toBeGreaterThan(0);
    expect(erfc(28)).toBe(0);
  });

  it('is consistent with erf', () => {
    for (const x of [-2, -0.3, 0.2, 0.7, 3]) expectClose(erf(x) + erfc(x), 1, 1e-15);
  });
});

describe('standard normal', () => {
  it.each(NORMAL_SF_MPMATH)('P(Z > %d) is within 5e-16 of mpmath', (x, expected) => {
    expectClose(normalSf(x), expected, 5e-16);
  });

  it('cdf and sf are mirror images', () => {
    for (const x of [-4, -1, 0, 0.5, 2.5]) expect(normalCdf(x)).toBe(normalSf(-x));
    expect(normalCdf(0)).toBe(0.5);
  });
});
