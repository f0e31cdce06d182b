/**
 * Null distribution of the two-sided two-sample Kolmogorov–Smirnov statistic D_{n,m}, as scipy
 * 1.17.1 `ks_2samp` computes its p-value (statistics.md §3.1):
 * - exact: lattice-path counting on the rounded statistic h/lcm(n, m) (Hodges 1958), with
 *   `_compute_prob_outside_square` for n = m and Viehmann's (arXiv:2102.08037) stable "1 − p"
 *   inside recursion `_compute_outer_prob_inside_method` otherwise;
 * - asymp: `kstwo.sf(D, round(n·m/(n + m)))`;
 * - method 'auto': exact when max(n, m) ≤ 10 000, else asymp; exact falls back to asymp when
 *   lcm(n, m) would exceed int32 or the exact value is not a probability (scipy warns then).
 */
import { kolmogorovNSf } from './kolmogorov.js';

/** scipy `MAX_AUTO_N`. */
export const KS_EXACT_MAX_N = 10_000;
const INT32_MAX = 2147483647;

export type KsMethod = 'auto' | 'exact' | 'asymp';

/** A two-sample KS p-value with the statistic scipy returns next to it. */
export interface KsTwoSampleProbability {
  /** The statistic as scipy returns it: rounded to h/lcm(n, m) when the exact method ran. */
  statistic: number;
  pValue: number;
  /** The method that produced pValue (after scipy's 'auto' choice and fallbacks). */
  method: 'exact' | 'asymp';
}

function gcd(a: number, b: number): number {
  let x = a;
  let y = b;
  while (y !== 0) [x, y] = [y, x % y];
  return x;
}

/** Pr(D_{n,n} ≥ h/n), Horner-like alternating sum (scipy `_compute_prob_outside_square`). */
function probabilityOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/** Pr(D_{m,n} ≥ h/lcm) for m ≠ n (scipy `_compute_outer_prob_inside_method`). */
function probabilityOutsideInside(m0: number, n0: number, g: number, h: number): number {
  const m = Math.max(m0, n0);
  const n = Math.min(m0, n0);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/** scipy `_attempt_exact_2kssamp`, two-sided: undefined when the exact value is unusable. */
function exactProbability(n1: number, n2: number, d: number): KsTwoSampleProbability | undefined {
  const g = gcd(n1, n2);
  const lcm = (n1 / g) * n2;
  const h = roundHalfEven(d * lcm);
  const rounded = h / lcm;
  if (h === 0) return { statistic: rounded, pValue: 1, method: 'exact' };
  const p = n1 === n2 ? probabilityOutsideSquare(n1, h) : probabilityOutsideInside(n1, n2, g, h);
  if (!(p >= 0 && p <= 1)) return undefined;
  return { statistic: rounded, pValue: p, method: 'exact' };
}

/**
 * Two-sided p-value of an observed two-sample KS statistic `d` for sample sizes n1, n2, choosing
 * and falling back between methods as scipy does.
 */
export function ksTwoSampleProbability(
  n1: number,
  n2: number,
  d: number,
  method: KsMethod = 'auto',
): KsTwoSampleProbability {
  let chosen: 'exact' | 'asymp';
  if (method === 'auto') chosen = Math.max(n1, n2) <= KS_EXACT_MAX_N ? 'exact' : 'asymp';
  else chosen = method;
  if (chosen === 'exact') {
    const g = gcd(n1, n2);
    if (n1 / g < INT32_MAX / (n2 / g)) {
      const exact = exactProbability(n1, n2, d);
      if (exact !== undefined) return exact;
    }
  }
  const en = (n1 * n2) / (n1 + n2);
  return {
    statistic: d,
    pValue: Math.min(1, Math.max(0, kolmogorovNSf(roundHalfEven(en), d))),
    method: 'asymp',
  };
}

/** numpy `round`: halves go to the even neighbour. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
