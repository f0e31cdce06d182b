/**
 * KS and Wasserstein-1 from histograms that share edges e_0 < … < e_k, with a proved bound on
 * how far each can be from the value on the raw samples (that the bins summarize).
 *
 * Notation: p_j, q_j the reference and current proportions of bin j = [e_j, e_{j+1});
 * G(e_j) = Σ_{i<j} p_i = F(e_j−), the ECDF just left of an edge, known exactly from counts;
 * d_j = G_ref(e_j) − G_cur(e_j). For x in bin j, F_ref(x) ∈ [G_ref(e_j), G_ref(e_j) + p_j] and
 * F_cur(x) likewise with q_j, so
 *   Δ(x) = F_ref(x) − F_cur(x) ∈ I_j = [d_j − q_j, d_j + p_j].                          (★)
 *
 * KS. Each |d_j| is a limit of |Δ| from the left, so L = max_j |d_j| ≤ D. By (★),
 * D ≤ U = max_j max(|d_j − q_j|, |d_j + p_j|) ≤ L + max_j max(p_j, q_j). The statistic is L (the
 * ECDFs compared at the edges) and error = U − L, never more than the largest in-bin mass.
 *
 * W1 = ∫|Δ|. By (★), bin j contributes between w_j·min_{I_j}|v| and w_j·max_{I_j}|v| (w_j its
 * width). The statistic assumes mass spread uniformly inside bins (ECDFs interpolated linearly
 * between edges, Δ linear from d_j to d_{j+1}, both in I_j), so it lies between those bounds;
 * error = max(upper − statistic, statistic − lower) ≤ Σ_j w_j(p_j + q_j) ≤ 2·max_j w_j (and the
 * bound's midpoint would be within max_j w_j). An open-ended bin holding mass has an unknown
 * width, so the error is +∞, unless the profile records the observed `range`, which closes it.
 */
import { ValidationError } from '../../lib/index.js';
import type { KsMethod } from '../special/index.js';
import { ksFromStatistic } from './ks-test.js';
import { checkHistogramProfile, type HistogramProfile, type ProfileStatistic } from './profile.js';
import { mapToFloat64 } from './sample.js';
import { WASSERSTEIN_STD_FLOOR } from './wasserstein.js';

/** d_j at every left edge (j = 0 … k−1) and the bin proportions. */
function edgeDifferences(profile: HistogramProfile): {
  d: Float64Array;
  p: Float64Array;
  q: Float64Array;
  sizes: [number, number];
} {
  const sizes = checkHistogramProfile(profile);
  const k = profile.edges.length - 1;
  const d = new Float64Array(k);
  const p = mapToFloat64(profile.reference, (c) => c / sizes[0]);
  const q = mapToFloat64(profile.current, (c) => c / sizes[1]);
  let referenceBelow = 0;
  let currentBelow = 0;
  for (let j = 0; j < k; j++) {
    d[j] = referenceBelow / sizes[0] - currentBelow / sizes[1];
    referenceBelow += profile.reference[j]!;
    currentBelow += profile.current[j]!;
  }
  return { d, p, q, sizes };
}

/**
 * Binned two-sample KS: D at the edges (a lower bound of the exact D), error = upper − lower.
 * The p-value is computed at that lower bound with scipy's method rule for sizes (n, m), so it
 * is an upper bound of the exact-mode p-value for the same method.
 */
export function binnedKs(profile: HistogramProfile, method: KsMethod = 'auto'): ProfileStatistic {
  const { d, p, q, sizes } = edgeDifferences(profile);
  let dPlus = 0;
  let dMinus = 0;
  let upper = 0;
  for (let j = 0; j < d.length; j++) {
    dPlus = Math.max(dPlus, d[j]!);
    dMinus = Math.max(dMinus, -d[j]!);
    upper = Math.max(upper, Math.abs(d[j]! - q[j]!), Math.abs(d[j]! + p[j]!));
  }
  const result = ksFromStatistic(dPlus, dMinus, sizes[0], sizes[1], method);
  const lower = Math.max(dPlus, dMinus);
  return { statistic: lower, pValue: result.pValue, error: upper - lower };
}

/** ∫₀^w |a + (b − a)t/w| dt for a line from a to b over width w. */
function absLineIntegral(a: number, b: number, width: number): number {
  if (a * b >= 0) return (width * (Math.abs(a) + Math.abs(b))) / 2;
  // The line crosses zero: two triangles.
  return (width * (a * a + b * b)) / (2 * (Math.abs(a) + Math.abs(b)));
}

/** Binned Wasserstein-1 by linear CDF interpolation inside bins, with its proved error. */
export function binnedWasserstein(profile: HistogramProfile): ProfileStatistic {
  const { d, p, q } = edgeDifferences(profile);
  const edges = [...profile.edges];
  const k = edges.length - 1;
  if (profile.range !== undefined) {
    // All data lie in [min, max], so an infinite end edge can be moved there without changing F.
    if (!Number.isFinite(edges[0]!)) edges[0] = Math.min(profile.range.min, edges[1]!);
    if (!Number.isFinite(edges[k]!)) edges[k] = Math.max(profile.range.max, edges[k - 1]!);
  }
  let estimate = 0;
  let lower = 0;
  let upper = 0;
  for (let j = 0; j < d.length; j++) {
    const low = d[j]! - q[j]!;
    const high = d[j]! + p[j]!;
    const largest = Math.max(Math.abs(low), Math.abs(high));
    if (largest === 0) continue;
    const smallest = low <= 0 && high >= 0 ? 0 : Math.min(Math.abs(low), Math.abs(high));
    const width = edges[j + 1]! - edges[j]!;
    if (!Number.isFinite(width)) {
      upper = Number.POSITIVE_INFINITY;
      continue;
    }
    estimate += absLineIntegral(d[j]!, d[j]! + p[j]! - q[j]!, width);
    lower += width * smallest;
    upper += width * largest;
  }
  return { statistic: estimate, error: Math.max(upper - estimate, estimate - lower) };
}

/** Binned normed Wasserstein (Evidently `wasserstein`): needs `referenceStd` in the profile. */
export function binnedNormedWasserstein(profile: HistogramProfile): ProfileStatistic {
  const std = profile.referenceStd;
  if (std === undefined || !(std >= 0 && Number.isFinite(std))) {
    const message = 'normed Wasserstein needs the reference population std (a finite number ≥ 0)';
    throw new ValidationError(message, [
      { code: 'missing_reference_std', path: ['referenceStd'], message },
    ]);
  }
  const scale = Math.max(std, WASSERSTEIN_STD_FLOOR);
  const { statistic, error } = binnedWasserstein(profile);
  return { statistic: statistic / scale, error: error / scale };
}
