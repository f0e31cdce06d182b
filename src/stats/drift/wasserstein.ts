/**
 * Distances between the two ECDFs (statistics.md §3.2, §3.13):
 * - Wasserstein-1 `∫|F_ref − F_cur| dx` (scipy `wasserstein_distance`; NannyML reports it raw);
 * - Evidently's normed W1 `W1 / max(σ_ref, 0.001)`, σ the population (ddof 0) std of the
 *   reference; drift when ≥ 0.1;
 * - energy distance `√2·(∫(F_ref − F_cur)² dx)^½` (scipy `energy_distance`; Evidently `ed`).
 */
import { ecdfAreas } from './ecdf.js';
import { populationStd, sortedSample, type NumericSample } from './sample.js';

/** Evidently's floor on the reference std, so a constant reference does not divide by 0. */
export const WASSERSTEIN_STD_FLOOR = 0.001;

export interface NormedWassersteinResult {
  /** W1 / max(σ_ref, 0.001). */
  statistic: number;
  w1: number;
  /** Population std of the reference (before the floor). */
  referenceStd: number;
}

/** Wasserstein-1 distance between the two empirical distributions. */
export function wasserstein1(reference: NumericSample, current: NumericSample): number {
  return ecdfAreas(sortedSample(reference, 'reference'), sortedSample(current, 'current')).w1;
}

/** Population std per sorted reference, so a cached reference pays for it once. */
const referenceStds = new WeakMap<Float64Array, number>();

function referenceStdOf(values: Float64Array): number {
  let std = referenceStds.get(values);
  if (std === undefined) referenceStds.set(values, (std = populationStd(values)));
  return std;
}

/** Evidently's `wasserstein` score: W1 divided by the reference population std (floored). */
export function normedWasserstein(
  reference: NumericSample,
  current: NumericSample,
): NormedWassersteinResult {
  const ref = sortedSample(reference, 'reference');
  const { w1 } = ecdfAreas(ref, sortedSample(current, 'current'));
  const referenceStd = referenceStdOf(ref.values);
  return { statistic: w1 / Math.max(referenceStd, WASSERSTEIN_STD_FLOOR), w1, referenceStd };
}

/** Energy distance (scipy `energy_distance`), in the units of the data. */
export function energyDistance(reference: NumericSample, current: NumericSample): number {
  const { squaredArea } = ecdfAreas(
    sortedSample(reference, 'reference'),
    sortedSample(current, 'current'),
  );
  return Math.SQRT2 * Math.sqrt(squaredArea);
}
