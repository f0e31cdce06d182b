/**
 * Rank-based two-sample tests as scipy 1.17.1 computes them (statistics.md §3.11, §3.12, §4.1):
 * Mann–Whitney U (`mannwhitneyu`), Cramér–von Mises (`cramervonmises_2samp`) and the
 * Anderson–Darling k-sample test (`anderson_ksamp`, midrank variant) for two samples.
 */
import { ValidationError } from '../../lib/index.js';
import { cramerVonMisesLimitCdf, normalSf, polyfit, polyval } from '../special/index.js';
import type { PValueResult } from './categorical-tests.js';
import { cramerVonMisesExactSf, mannWhitneyExactSf } from './rank-distributions.js';
import { tieGroups } from './ranks.js';
import { CompensatedSum, sortedSample, type NumericSample } from './sample.js';

export type Alternative = 'two-sided' | 'less' | 'greater';

export interface MannWhitneyOptions {
  /** Default 'two-sided'; Evidently's `mannw` uses 'less'. */
  alternative?: Alternative;
  /** 'auto' (default): exact when a sample has ≤ 8 values and there are no ties. */
  method?: 'auto' | 'exact' | 'asymptotic';
}

/**
 * Mann–Whitney U of reference vs current; statistic U₁ (reference ranks); the asymptotic p uses
 * the tie-corrected variance and the 0.5 continuity correction, as scipy does.
 */
export function mannWhitneyU(
  reference: NumericSample,
  current: NumericSample,
  options: MannWhitneyOptions = {},
): PValueResult {
  const ref = sortedSample(reference, 'reference');
  const cur = sortedSample(current, 'current');
  const n1 = ref.values.length;
  const n2 = cur.values.length;
  let r1 = 0;
  let tieTerm = 0;
  const groups = tieGroups(ref, cur);
  for (let k = 0, below = 0; k < groups.size; k++) {
    const t = groups.inReference[k]! + groups.inCurrent[k]!;
    r1 += groups.inReference[k]! * (below + (t + 1) / 2);
    tieTerm += t * t * t - t;
    below += t;
  }
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u1;
  const alternative = options.alternative ?? 'two-sided';
  const u = alternative === 'greater' ? u1 : alternative === 'less' ? u2 : Math.max(u1, u2);
  const factor = alternative === 'two-sided' ? 2 : 1;
  let method = options.method ?? 'auto';
  if (method === 'auto') method = (n1 > 8 && n2 > 8) || tieTerm > 0 ? 'asymptotic' : 'exact';
  let p: number;
  if (method === 'exact') {
    p = mannWhitneyExactSf(u, n1, n2);
  } else {
    const n = n1 + n2;
    const s = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
    p = normalSf((u - (n1 * n2) / 2 - 0.5) / s);
  }
  return { statistic: u1, pValue: Math.min(1, Math.max(0, p * factor)) };
}

/**
 * Two-sample Cramér–von Mises (§3.12): T from midranks; p exact when max(n, m) ≤ 20 (method
 * 'auto'), else the asymptotic 1 − CvM∞(t_n), 1 when t_n < 0.003.
 */
export function cramerVonMises(
  reference: NumericSample,
  current: NumericSample,
  method: 'auto' | 'exact' | 'asymptotic' = 'auto',
): PValueResult {
  const ref = sortedSample(reference, 'reference');
  const cur = sortedSample(current, 'current');
  const nx = ref.values.length;
  const ny = cur.values.length;
  // Σ(rank − index)² reaches ~1e18 at a million values, past 2^53: sums are compensated.
  const sumX = new CompensatedSum();
  const sumY = new CompensatedSum();
  let xBefore = 0;
  let yBefore = 0;
  const groups = tieGroups(ref, cur);
  for (let g = 0; g < groups.size; g++) {
    // A group's members are the (before+1)-th … smallest of their own sample.
    const inX = groups.inReference[g]!;
    const inY = groups.inCurrent[g]!;
    const rank = xBefore + yBefore + (inX + inY + 1) / 2;
    for (let k = 1; k <= inX; k++) sumX.add((rank - (xBefore + k)) ** 2);
    for (let k = 1; k <= inY; k++) sumY.add((rank - (yBefore + k)) ** 2);
    xBefore += inX;
    yBefore += inY;
  }
  const u = nx * sumX.value() + ny * sumY.value();
  const k = nx * ny;
  const n = nx + ny;
  const t = u / (k * n) - (4 * k - 1) / (6 * n);
  const chosen = method === 'auto' ? (Math.max(nx, ny) > 20 ? 'asymptotic' : 'exact') : method;
  if (chosen === 'exact') return { statistic: t, pValue: cramerVonMisesExactSf(u, nx, ny) };
  const et = (1 + 1 / n) / 6;
  const vt = ((n + 1) * (4 * k * n - 3 * (nx * nx + ny * ny) - 2 * k)) / (45 * n * n * 4 * k);
  const tn = 1 / 6 + (t - et) / Math.sqrt(45 * vt);
  const pValue = tn >= 0.003 ? Math.max(1 - cramerVonMisesLimitCdf(tn), 0) : 1;
  return { statistic: t, pValue };
}

const SIGNIFICANCE = [0.25, 0.1, 0.05, 0.025, 0.01, 0.005, 0.001];
const B0 = [0.675, 1.281, 1.645, 1.96, 2.326, 2.573, 3.085];
const B1 = [-0.245, 0.25, 0.678, 1.149, 1.822, 2.364, 3.615];
const B2 = [-0.105, -0.305, -0.362, -0.391, -0.396, -0.345, -0.154];

/**
 * Anderson–Darling k-sample test for k = 2, midrank variant (Scholz & Stephens 1987, eq. 7):
 * statistic T = (A² − (k−1))/σ, p interpolated from Table 2 as scipy does, so p ∈ [0.001, 0.25]
 * (capped and floored; §3.11). Throws ValidationError when all values are equal (scipy raises).
 */
export function andersonDarling(reference: NumericSample, current: NumericSample): PValueResult {
  const ref = sortedSample(reference, 'reference');
  const cur = sortedSample(current, 'current');
  const sizes = [ref.values.length, cur.values.length];
  const total = sizes[0]! + sizes[1]!;
  const groups = tieGroups(ref, cur);
  if (groups.size < 2 || total < 4) {
    const message = 'Anderson–Darling needs at least two distinct values and four observations';
    throw new ValidationError(message, [{ code: 'degenerate_sample', path: [], message }]);
  }
  let a2 = 0;
  const atOrBelow = [0, 0];
  const inner = [0, 0];
  for (let g = 0, below = 0; g < groups.size; g++) {
    const counts = [groups.inReference[g]!, groups.inCurrent[g]!];
    const lj = counts[0]! + counts[1]!;
    const bj = below + lj / 2;
    for (let i = 0; i < 2; i++) {
      atOrBelow[i]! += counts[i]!;
      const mij = atOrBelow[i]! - counts[i]! / 2;
      const d = total * mij - bj * sizes[i]!;
      inner[i]! += ((lj / total) * d * d) / (bj * (total - bj) - (total * lj) / 4);
    }
    below += lj;
  }
  for (let i = 0; i < 2; i++) a2 += inner[i]! / sizes[i]!;
  a2 *= (total - 1) / total;
  const k = 2;
  const harmonicSizes = 1 / sizes[0]! + 1 / sizes[1]!;
  let cumulative = 0;
  let g = 0;
  for (let i = total - 1, index = 0; i > 1; i--, index++) {
    cumulative += 1 / i;
    g += cumulative / (index + 2);
  }
  const h = cumulative + 1;
  const a = (4 * g - 6) * (k - 1) + (10 - 6 * g) * harmonicSizes;
  const b =
    (2 * g - 4) * k * k + 8 * h * k + (2 * g - 14 * h - 4) * harmonicSizes - 8 * h + 4 * g - 6;
  const c =
    (6 * h + 2 * g - 2) * k * k + (4 * h - 4 * g + 6) * k + (2 * h - 6) * harmonicSizes + 4 * h;
  const d = (2 * h + 6) * k * k - 4 * h * k;
  const n = total;
  const sigma2 = (a * n ** 3 + b * n ** 2 + c * n + d) / ((n - 1) * (n - 2) * (n - 3));
  const m = k - 1;
  const statistic = (a2 - m) / Math.sqrt(sigma2);
  const critical = B0.map((b0, s) => b0 + B1[s]! / Math.sqrt(m) + B2[s]! / m);
  let pValue: number;
  if (statistic < Math.min(...critical)) pValue = 0.25;
  else if (statistic > Math.max(...critical)) pValue = 0.001;
  else pValue = Math.exp(polyval(polyfit(critical, SIGNIFICANCE.map(Math.log), 2), statistic));
  return { statistic, pValue };
}
