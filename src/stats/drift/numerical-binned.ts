/**
 * Histogram distances on raw numerical samples, each under a named binning convention so a value
 * is never separated from how it was binned (statistics.md §3.3–§3.6, §3.15; pitfall "PSI
 * depends on binning"):
 * - 'evidently': Evidently's `get_binned_data`: Sturges edges over reference+current pooled
 *   when the reference has > 20 distinct values, else each distinct value is a category;
 * - 'reference-deciles': textbook PSI, type-7 reference deciles with ±∞ ends, zeros → ε;
 * - 'nannyml': Doane edges on the reference plus a leftover bin for current values outside them.
 */
import { doaneEdges, histogramCounts, quantileSorted, sturgesEdgesFor } from './binning.js';
import {
  fillZeros,
  hellingerEuclidean,
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from './histogram-distances.js';
import {
  finiteSummary,
  finiteValues,
  sortedSample,
  type FiniteSummary,
  type NumericSample,
} from './sample.js';

export type BinningConvention = 'evidently' | 'reference-deciles' | 'nannyml';

/** A distance together with the bins it was computed on. */
export interface BinnedDistance {
  statistic: number;
  binning: BinningConvention;
  /** Bin edges, or undefined when each distinct value was its own category. */
  edges: number[] | undefined;
  /** Number of bins or categories. */
  bins: number;
}

/** Reference and current proportions on shared bins. */
export interface BinnedProportions {
  reference: Float64Array;
  current: Float64Array;
  edges: number[] | undefined;
}

/** Evidently's threshold: a reference with more distinct values than this is binned. */
export const EVIDENTLY_MAX_DISCRETE_VALUES = 20;

/** Number of distinct values in the union of two sorted arrays. */
function countDistinctUnion(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let count = 0;
  while (i < a.length || j < b.length) {
    const z = i < a.length && (j >= b.length || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < a.length && a[i] === z) i++;
    while (j < b.length && b[j] === z) j++;
    count++;
  }
  return count;
}

/** Whether the finite values of a sample hold more than `limit` distinct values (early exit). */
function moreDistinctThan(values: ArrayLike<number>, limit: number): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isFinite(v)) continue;
    seen.add(v);
    if (seen.size > limit) return true;
  }
  return false;
}

function valueCategories(ref: FiniteSummary, cur: FiniteSummary): BinnedProportions {
  const counts = new Map<number, [number, number]>();
  [ref, cur].forEach(({ values }, side) => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      let entry = counts.get(v);
      if (entry === undefined) counts.set(v, (entry = [0, 0]));
      entry[side]!++;
    }
  });
  const entries = [...counts.values()];
  return {
    reference: Float64Array.from(entries, ([r]) => r / ref.size),
    current: Float64Array.from(entries, ([, c]) => c / cur.size),
    edges: undefined,
  };
}

/**
 * Evidently `get_binned_data(ref, cur, Numerical)` without the zero fill: Sturges over the pooled
 * samples when the reference has > 20 distinct values, else the union of distinct values. One
 * pass per sample for size and extent, one to count: no copy of the data.
 */
export function evidentlyProportions(
  reference: NumericSample,
  current: NumericSample,
): BinnedProportions {
  const ref = finiteSummary(reference, 'reference');
  const cur = finiteSummary(current, 'current');
  if (!moreDistinctThan(ref.values, EVIDENTLY_MAX_DISCRETE_VALUES)) {
    return valueCategories(ref, cur);
  }
  const edges = sturgesEdgesFor(
    Math.min(ref.min, cur.min),
    Math.max(ref.max, cur.max),
    ref.size + cur.size,
  );
  // Non-finite entries are never counted: NaN fails every comparison, ±∞ lie outside the edges.
  return {
    reference: histogramCounts(ref.values, edges).map((c) => c / ref.size),
    current: histogramCounts(cur.values, edges).map((c) => c / cur.size),
    edges,
  };
}

function evidentlyResult(binned: BinnedProportions, statistic: number): BinnedDistance {
  return { statistic, binning: 'evidently', edges: binned.edges, bins: binned.reference.length };
}

/** Evidently `psi` (§3.3(a)): zero-filled proportions, not renormalized. Drift if ≥ 0.1. */
export function psi(reference: NumericSample, current: NumericSample): BinnedDistance {
  const binned = evidentlyProportions(reference, current);
  const value = populationStabilityIndex(fillZeros(binned.reference), fillZeros(binned.current));
  return evidentlyResult(binned, value);
}

/** Evidently `kl_div`: KL(ref‖cur) on zero-filled proportions (§3.4). Drift if ≥ 0.1. */
export function klDivergenceTest(reference: NumericSample, current: NumericSample): BinnedDistance {
  const binned = evidentlyProportions(reference, current);
  return evidentlyResult(
    binned,
    klDivergence(fillZeros(binned.reference), fillZeros(binned.current)),
  );
}

/** Evidently `jensenshannon`: JS distance, natural log unless `base`, no fill (§3.5). */
export function jensenShannon(
  reference: NumericSample,
  current: NumericSample,
  base?: number,
): BinnedDistance {
  const binned = evidentlyProportions(reference, current);
  return evidentlyResult(binned, jensenShannonDistance(binned.reference, binned.current, base));
}

/**
 * Evidently `hellinger` on a numerical column (§3.6): Sturges edges over the *distinct* values of
 * reference ∪ current, density histograms h_r, h_c, s = Σ√(h_r h_c)·w with w the mean bin width,
 * H = √(1 − clip(s, 0, 1)).
 */
export function hellinger(reference: NumericSample, current: NumericSample): BinnedDistance {
  // Sorted samples give the distinct count of the union by a merge (a cached sorted reference
  // is reused), instead of sorting the pooled data again.
  const ref = sortedSample(reference, 'reference').values;
  const cur = sortedSample(current, 'current').values;
  const min = Math.min(ref[0]!, cur[0]!);
  const max = Math.max(ref[ref.length - 1]!, cur[cur.length - 1]!);
  const edges = sturgesEdgesFor(min, max, countDistinctUnion(ref, cur));
  const k = edges.length - 1;
  const density = (values: Float64Array) => {
    const counts = histogramCounts(values, edges);
    let inRange = 0;
    for (const c of counts) inRange += c;
    return counts.map((c, j) => c / (edges[j + 1]! - edges[j]!) / inRange);
  };
  const hr = density(ref);
  const hc = density(cur);
  const width = (edges[k]! - edges[0]!) / k;
  let s = 0;
  for (let j = 0; j < k; j++) s += Math.sqrt(hr[j]! * hc[j]!) * width;
  const statistic = Math.sqrt(1 - Math.min(1, Math.max(0, s)));
  return { statistic, binning: 'evidently', edges, bins: k };
}

/** Options of the textbook PSI. */
export interface QuantilePsiOptions {
  /** Number of reference quantile bins (default 10, deciles). */
  bins?: number;
  /** Replacement for zero proportions, not renormalized (default 1e-4). */
  epsilon?: number;
}

/**
 * Textbook / credit-risk PSI (§3.3(b)): edges at the type-7 reference quantiles j/B, e_0 = −∞ and
 * e_B = +∞ so out-of-range current values count, duplicate edges dropped, zeros → ε.
 */
export function quantilePsi(
  reference: NumericSample,
  current: NumericSample,
  options: QuantilePsiOptions = {},
): BinnedDistance {
  const bins = options.bins ?? 10;
  const epsilon = options.epsilon ?? 1e-4;
  const ref = sortedSample(reference, 'reference').values;
  const cur = finiteValues(current, 'current');
  const inner: number[] = [];
  for (let j = 1; j < bins; j++) {
    const edge = quantileSorted(ref, j / bins);
    if (inner.length === 0 || edge > inner[inner.length - 1]!) inner.push(edge);
  }
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  const smooth = (counts: Float64Array, size: number) =>
    counts.map((c) => (c === 0 ? epsilon : c / size));
  const p = smooth(histogramCounts(ref, edges), ref.length);
  const q = smooth(histogramCounts(cur, edges), cur.length);
  const statistic = populationStabilityIndex(q, p);
  return { statistic, binning: 'reference-deciles', edges, bins: edges.length - 1 };
}

/**
 * NannyML's continuous binning (§3.15): Doane edges fitted on the reference, current counts on
 * them, and a leftover bin (reference proportion 0) holding current values outside the edges,
 * computed from integer counts so no spurious 1e-16 bin appears.
 */
export function nannymlProportions(
  reference: NumericSample,
  current: NumericSample,
): BinnedProportions {
  const ref = finiteValues(reference, 'reference');
  const cur = finiteValues(current, 'current');
  const edges = doaneEdges(ref);
  const p = Array.from(histogramCounts(ref, edges), (c) => c / ref.length);
  const counts = histogramCounts(cur, edges);
  const q = Array.from(counts, (c) => c / cur.length);
  let inside = 0;
  for (const c of counts) inside += c;
  if (inside < cur.length) {
    p.push(0);
    q.push((cur.length - inside) / cur.length);
  }
  return { reference: Float64Array.from(p), current: Float64Array.from(q), edges };
}

/** NannyML `jensen_shannon`: base-2 JS distance on NannyML bins. */
export function nannymlJensenShannon(
  reference: NumericSample,
  current: NumericSample,
): BinnedDistance {
  const binned = nannymlProportions(reference, current);
  const statistic = jensenShannonDistance(binned.reference, binned.current, 2);
  return { statistic, binning: 'nannyml', edges: binned.edges, bins: binned.reference.length };
}

/** NannyML `hellinger`: ‖√p − √q‖₂/√2 on NannyML bins. */
export function nannymlHellinger(reference: NumericSample, current: NumericSample): BinnedDistance {
  const binned = nannymlProportions(reference, current);
  const statistic = hellingerEuclidean(binned.reference, binned.current);
  return { statistic, binning: 'nannyml', edges: binned.edges, bins: binned.reference.length };
}
