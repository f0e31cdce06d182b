/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, as scipy 1.17.1 `ks_2samp(ref, cur)`
 * (statistics.md §3.1; Evidently `ks`): statistic from the ECDF merge, p-value exact (lattice
 * paths) when max(n, m) ≤ 10 000 and asymptotic `kstwo.sf(D, round(en))` otherwise, or as
 * forced by `method`. One-sided alternatives are not offered: drift detection is two-sided.
 */
import { ksTwoSampleProbability, type KsMethod } from '../special/index.js';
import { ksDistances } from './ecdf.js';
import { sortedSample, type NumericSample } from './sample.js';

export interface KsTestOptions {
  /** scipy's `method`: 'auto' (default), 'exact' or 'asymp'. */
  method?: KsMethod;
}

export interface KsTestResult {
  /** D, rounded to h/lcm(n, m) when the exact method ran (as scipy returns it). */
  statistic: number;
  pValue: number;
  /** The method that produced the p-value, after scipy's choice and fallbacks. */
  method: 'exact' | 'asymp';
  /** max(F_ref − F_cur) and max(F_cur − F_ref), unrounded. */
  dPlus: number;
  dMinus: number;
  referenceSize: number;
  currentSize: number;
}

/** Two-sided two-sample KS test. NaN/±∞ are dropped; an empty side throws ValidationError. */
export function ksTest(
  reference: NumericSample,
  current: NumericSample,
  options: KsTestOptions = {},
): KsTestResult {
  const ref = sortedSample(reference, 'reference');
  const cur = sortedSample(current, 'current');
  const { dPlus, dMinus } = ksDistances(ref, cur);
  return ksFromStatistic(dPlus, dMinus, ref.values.length, cur.values.length, options.method);
}

/** The KS result for known D⁺, D⁻ and sample sizes (shared with the binned profile variant). */
export function ksFromStatistic(
  dPlus: number,
  dMinus: number,
  referenceSize: number,
  currentSize: number,
  method: KsMethod = 'auto',
): KsTestResult {
  const d = Math.max(dPlus, dMinus);
  const probability = ksTwoSampleProbability(referenceSize, currentSize, d, method);
  return {
    statistic: probability.statistic,
    pValue: probability.pValue,
    method: probability.method,
    dPlus,
    dMinus,
    referenceSize,
    currentSize,
  };
}
