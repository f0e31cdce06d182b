/**
 * Percentile bootstrap. A resample of n rows drawn with replacement is kept as integer
 * multiplicity weights over the original rows (row i drawn wᵢ times), so metrics are computed
 * in O(n) from structures built once (see stats `weighted.ts`) instead of on n copied rows.
 */
import type { MetricKernel } from './metric-kernel.js';
import { randomIndex, randomStream } from './random-streams.js';
import type { BootstrapSettings } from './types.js';

/** The stream every bootstrap of an evaluation or comparison draws from (so both pair up). */
export const BOOTSTRAP_STREAM = 'bootstrap';

/**
 * Calls `visit` with the weights of each of `resamples` resamples of `n` rows, in order. Row
 * draws are uniform indices from the seeded stream, n per resample. The same array is refilled
 * for every resample: `visit` must not keep it.
 */
export function forEachResample(
  seed: number,
  n: number,
  resamples: number,
  visit: (weights: Uint32Array, index: number) => void,
): void {
  const random = randomStream(seed, BOOTSTRAP_STREAM);
  const weights = new Uint32Array(n);
  for (let r = 0; r < resamples; r++) {
    weights.fill(0);
    for (let k = 0; k < n; k++) {
      const i = randomIndex(random, n);
      weights[i] = (weights[i] ?? 0) + 1;
    }
    visit(weights, r);
  }
}

export interface PercentileInterval {
  lower: number;
  upper: number;
  /** Resamples in which the statistic was defined (not NaN): the interval is over these. */
  defined: number;
}

/** numpy `percentile` (linear, Hyndman–Fan type 7) of ascending `sorted` at q ∈ [0, 1]. */
export function quantileOfSorted(sorted: Float64Array, q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const below = sorted[lo] ?? Number.NaN;
  const above = sorted[Math.min(lo + 1, sorted.length - 1)] ?? Number.NaN;
  return below + (h - lo) * (above - below);
}

/**
 * The central `confidence` interval of the defined (non-NaN) `values`: their α/2 and 1 − α/2
 * quantiles, α = 1 − confidence. NaN bounds when no value is defined.
 */
export function percentileInterval(values: Float64Array, confidence: number): PercentileInterval {
  const defined = values.filter((v) => !Number.isNaN(v)).sort();
  const alpha = 1 - confidence;
  return {
    lower: quantileOfSorted(defined, alpha / 2),
    upper: quantileOfSorted(defined, 1 - alpha / 2),
    defined: defined.length,
  };
}

export function bootstrapSettings(resamples: number, confidence: number): BootstrapSettings {
  return { method: 'percentile', resamples, confidence };
}

/**
 * The metrics of every kernel in every resample, all kernels seeing the same resamples (paired):
 * `result[k][m][r]` is metric m of kernel k in resample r.
 */
export function resampleKernels(
  kernels: readonly MetricKernel[],
  seed: number,
  n: number,
  resamples: number,
  onResample?: (done: number) => void,
): Float64Array[][] {
  const out = kernels.map((k) => k.names.map(() => new Float64Array(resamples)));
  forEachResample(seed, n, resamples, (weights, r) => {
    kernels.forEach((kernel, k) => {
      kernel.evaluate(weights).forEach((value, m) => {
        const series = out[k]?.[m];
        if (series !== undefined) series[r] = value;
      });
    });
    onResample?.(r + 1);
  });
  return out;
}
