/**
 * The one-sided Kolmogorov–Smirnov (Smirnov) distribution of Dₙ⁺ for finite n, as scipy's
 * `smirnov(n, x)` / `smirnovc(n, x)` (xsf `cephes/kolmogorov.h`, after van Mulbregt 2018,
 * arXiv:1802.06966), which `kolmogorov.ts` needs for the two-sided tail.
 *
 * Birnbaum–Tingey: P(Dₙ⁺ > x) = x·Σ_{v=0}^{⌊n(1−x)⌋} C(n,v)·(1 − x − v/n)^(n−v)·(x + v/n)^(v−1).
 * scipy sums in double-double; here every term is formed in log space with Stirling's formula
 * expanded by hand so that the O(n·ln n) parts cancel exactly:
 *   ln(x·A_v) = ln u + ½ln(n/2π) + v·ln(1 + u/v) − ½ln v − ln(v + u)
 *               + w·ln|1 − u/w| − ½ln w + μ(n) − μ(v) − μ(w),   u = n·x, w = n − v,
 * μ the Stirling remainder, so a term's rounding error is O(u·ε), not O(n·ln n·ε).
 * The same special cases and cut-offs as scipy are kept (x ≤ 1/n, x ≥ 1 − 1/n, underflow,
 * n > 10⁶ approximation, the short alternating "upper" sum for tiny x, early termination).
 */
import { twoProduct } from './double-double.js';
import { HALF_LOG_2PI, stirlingRemainder } from './gamma.js';

/** Below exp(MIN_LOG) a double underflows (cephes MINLOG). */
const MIN_LOG = -708.3964185322641;
/** scipy SMIRNOV_MAX_COMPUTE_N: beyond it the exponential approximation is returned. */
const MAX_COMPUTE_N = 1_000_000;
const UPPER_SUM_MIN_N = 10;
const UPPER_SUM_MAX_TERMS = 3;

/** Survival and distribution function of Dₙ⁺ at one point. */
export interface SmirnovProbabilities {
  sf: number;
  cdf: number;
}

/** ⌊n·x⌋ and the exact remainder n·x − ⌊n·x⌋ (scipy `modNX`). */
function floorAndRemainder(n: number, x: number): [floor: number, alpha: number] {
  const [hi, lo] = twoProduct(n, x);
  let floor = Math.floor(hi);
  let alpha = hi - floor + lo;
  if (alpha < 0) {
    floor -= 1;
    alpha += 1;
  }
  if (alpha >= 1) {
    floor += 1;
    alpha = 0;
  }
  return [floor, alpha];
}

/** μ(k): three Stirling terms suffice from k = 100 (the fourth is < 6e-18 there). */
function remainder(k: number): number {
  if (k < 100) return stirlingRemainder(k);
  const r = 1 / k;
  const r2 = r * r;
  return r * (1 / 12 - r2 * (1 / 360 - r2 / 1260));
}

/** ln|x·A_v| for 1 ≤ v ≤ n − 1 given base = 1 − u/(n − v) ≠ 0 and c0 = constantPart(n, u). */
function logTerm(n: number, u: number, v: number, base: number, c0: number): number {
  const w = n - v;
  return (
    c0 +
    v * Math.log1p(u / v) -
    Math.log(v + u) +
    w * (base > 0 ? Math.log1p(-u / w) : Math.log(-base)) -
    0.5 * Math.log(v * w) -
    remainder(v) -
    remainder(w)
  );
}

/** The v-independent part ln u + ½·ln(n/2π) + μ(n) of every ln(x·A_v). */
function constantPart(n: number, u: number): number {
  return Math.log(u) + 0.5 * Math.log(n) - HALF_LOG_2PI + stirlingRemainder(n);
}

/** x·A_v (signed) for 0 ≤ v ≤ n, u = n·x. */
function term(n: number, x: number, u: number, v: number): number {
  const w = n - v;
  if (v === 0) return Math.exp(n * Math.log1p(-x));
  if (w === 0) return x * Math.exp((n - 1) * Math.log1p(x));
  const base = 1 - u / w;
  if (base === 0) return 0;
  const magnitude = Math.exp(logTerm(n, u, v, base, constantPart(n, u)));
  return base < 0 && w % 2 === 1 ? -magnitude : magnitude;
}

/**
 * The lower sum Σ_{v<count} x·A_v (all terms positive). Its terms are unimodal in v, so the peak
 * is found by ternary search on ln(x·A_v) and the sum grows outward from it, each side stopping
 * as scipy stops: once 4·(terms left)·term < ε·sum. For n·x² ≫ 1 the mass sits far from v = 0
 * (the first term is (1 − x)ⁿ), so this visits O(√n) terms where a scan from 0 visits O(n).
 */
function lowerSum(n: number, x: number, u: number, count: number): number {
  const c0 = constantPart(n, u);
  const log = (v: number) => (v === 0 ? n * Math.log1p(-x) : logTerm(n, u, v, 1 - u / (n - v), c0));
  let lo = 0;
  let hi = count - 1;
  while (hi - lo > 2) {
    const third = Math.floor((hi - lo) / 3);
    if (log(lo + third) < log(hi - third)) lo = lo + third + 1;
    else hi = hi - third;
  }
  let peak = lo;
  for (let v = lo + 1; v <= hi; v++) if (log(v) > log(peak)) peak = v;
  // Every lower-sum term is positive: x·A_v = exp(ln(x·A_v)), the zero term already excluded.
  let sum = Math.exp(log(peak));
  for (let v = peak - 1; v >= 0; v--) {
    const value = Math.exp(log(v));
    sum += value;
    if (4 * v * value < Number.EPSILON * sum) break;
  }
  for (let v = peak + 1; v < count; v++) {
    const value = Math.exp(log(v));
    sum += value;
    if (4 * (count - 1 - v) * value < Number.EPSILON * sum) break;
  }
  return sum;
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** sf and cdf of Dₙ⁺ at x (NaN outside n ≥ 1 integer, 0 ≤ x ≤ 1). */
export function smirnov(n: number, x: number): SmirnovProbabilities {
  if (!(Number.isInteger(n) && n > 0 && x >= 0 && x <= 1)) {
    return { sf: Number.NaN, cdf: Number.NaN };
  }
  if (n === 1) return { sf: 1 - x, cdf: x };
  if (x === 0) return { sf: 1, cdf: 0 };
  if (x === 1) return { sf: 0, cdf: 1 };
  const [nxFloor, alpha] = floorAndRemainder(n, x);
  const u = nxFloor + alpha;
  if (nxFloor === 0 || (nxFloor === 1 && alpha === 0)) {
    const cdf = x * Math.exp((n - 1) * Math.log1p(x));
    return { sf: 1 - cdf, cdf };
  }
  if (-2 * n * x * x < MIN_LOG) return { sf: 0, cdf: 1 };
  if (nxFloor >= n - 1) {
    const sf = Math.pow(1 - x, n);
    return { sf, cdf: 1 - sf };
  }
  if (n > MAX_COMPUTE_N) {
    const logP = -Math.pow(6 * n * x + 1, 2) / 18 / n;
    if (logP < -Math.LN2) {
      const sf = Math.exp(logP);
      return { sf, cdf: 1 - sf };
    }
    const cdf = -Math.expm1(logP);
    return { sf: 1 - cdf, cdf };
  }
  // Lower sum: v = 0 … ⌊n(1−x)⌋, the zero term at v = n(1−x) excluded. Upper sum (alternating,
  // v = ⌈n(1−x)⌉ … n) gives the cdf directly; scipy uses it only when it has ≤ 3 terms.
  const lowerTerms = n - nxFloor;
  const upperCeil = alpha === 0 ? n - nxFloor + 1 : n - nxFloor;
  const upperTerms = n - upperCeil + 1;
  const useUpper =
    (upperTerms <= 1 && x < 0.5) ||
    (n >= UPPER_SUM_MIN_N && upperTerms <= UPPER_SUM_MAX_TERMS && x <= 0.5 / Math.sqrt(n));
  if (!useUpper) {
    const sum = lowerSum(n, x, u, lowerTerms);
    return { sf: clip(sum), cdf: clip(1 - sum) };
  }
  let cdf = 0;
  for (let v = n; v >= upperCeil; v--) cdf += term(n, x, u, v);
  return { sf: clip(1 - cdf), cdf: clip(cdf) };
}

/** P(Dₙ⁺ > x) (scipy `smirnov(n, x)`). */
export function smirnovSf(n: number, x: number): number {
  return smirnov(n, x).sf;
}

/** P(Dₙ⁺ ≤ x) (scipy `smirnovc(n, x)`). */
export function smirnovCdf(n: number, x: number): number {
  return smirnov(n, x).cdf;
}
