/**
 * numpy's binning rules, reproduced to the rounding so bin counts match Evidently and NannyML
 * (statistics.md §2, §3.15): `histogram_bin_edges(bins='sturges'|'doane')`, `linspace`,
 * `histogram` with explicit edges ([e_j, e_{j+1}), the last bin closed, values outside dropped),
 * and type-7 quantiles (`quantile(method='linear')`).
 */
import { ValidationError } from '../../lib/index.js';
import { compensatedSum, mapToFloat64 } from './sample.js';

/** numpy `linspace(start, stop, num)`: i·step + start, the last point set to stop exactly. */
export function linspace(start: number, stop: number, num: number): number[] {
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  const points = Array.from({ length: num }, (_, i) =>
    step === 0 ? (i / div) * delta + start : i * step + start,
  );
  if (num > 1) points[num - 1] = stop;
  return points;
}

function extent(values: ArrayLike<number>): [min: number, max: number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return [min, max];
}

/** Equal-width edges over [min, max] for a bin width; width 0 → 1 bin; min = max → ±0.5. */
function equalWidthEdges(min: number, max: number, width: number): number[] {
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
  return linspace(first, last, bins + 1);
}

/** numpy `histogram_bin_edges(values, bins='sturges')`: width = ptp/(log₂ n + 1). */
export function sturgesEdges(values: ArrayLike<number>): number[] {
  const [min, max] = extent(values);
  return sturgesEdgesFor(min, max, values.length);
}

/** Sturges edges from the extent and size alone. */
export function sturgesEdgesFor(min: number, max: number, size: number): number[] {
  return equalWidthEdges(min, max, (max - min) / (Math.log2(size) + 1));
}

/**
 * numpy `histogram_bin_edges(values, bins='doane')`: width = ptp/(1 + log₂ n + log₂(1 + |g₁|/σ_g1))
 * with g₁ the sample skewness; width 0 (n ≤ 2 or σ = 0) gives one bin.
 */
export function doaneEdges(values: ArrayLike<number>): number[] {
  const [min, max] = extent(values);
  const n = values.length;
  let width = 0;
  if (n > 2) {
    const sg1 = Math.sqrt((6 * (n - 2)) / ((n + 1) * (n + 3)));
    const mean = compensatedSum(values) / n;
    const centred = mapToFloat64(values, (v) => v - mean);
    const sigma = Math.sqrt(compensatedSum(centred.map((d) => d * d)) / n);
    if (sigma > 0) {
      const g1 = compensatedSum(centred.map((d) => Math.pow(d / sigma, 3))) / n;
      width = (max - min) / (1 + Math.log2(n) + Math.log2(1 + Math.abs(g1) / sg1));
    }
  }
  return equalWidthEdges(min, max, width);
}

/** Throws unless edges are at least two, non-NaN and strictly increasing (±∞ ends allowed). */
export function checkEdges(edges: ArrayLike<number>, path: (string | number)[] = ['edges']): void {
  const problems: string[] = [];
  if (edges.length < 2) problems.push('at least two edges are needed');
  for (let i = 0; i < edges.length; i++) {
    if (Number.isNaN(edges[i])) problems.push(`edge ${i} is NaN`);
    if (i > 0 && !(edges[i]! > edges[i - 1]!))
      problems.push(`edges must increase strictly at ${i}`);
  }
  if (problems.length > 0) {
    const issues = problems.map((message) => ({ code: 'invalid_bins', path, message }));
    throw new ValidationError('invalid histogram edges', issues);
  }
}

/**
 * For edges equally spaced (to rounding) between their finite ends, possibly with −∞/+∞ outer
 * edges: [first finite index, last finite index]; undefined when an index cannot be guessed.
 */
function uniformSpan(edges: ArrayLike<number>): [lo: number, hi: number] | undefined {
  const k = edges.length - 1;
  const lo = Number.isFinite(edges[0]) ? 0 : 1;
  const hi = Number.isFinite(edges[k]) ? k : k - 1;
  if (hi - lo < 1) return undefined;
  const first = edges[lo]!;
  const step = (edges[hi]! - first) / (hi - lo);
  if (!(step > 0 && Number.isFinite(step))) return undefined;
  for (let j = lo + 1; j < hi; j++) {
    if (Math.abs(edges[j]! - (first + (j - lo) * step)) > 1e-6 * step) return undefined;
  }
  return [lo, hi];
}

/**
 * numpy `histogram(values, bins=edges)[0]`: counts per [e_j, e_{j+1}) (last bin [e_{k−1}, e_k]),
 * values outside [e_0, e_k] not counted. Bins are decided by comparisons with the edges only
 * (numpy's searchsorted path), never by a guessed index itself: equally spaced edges (±∞ ends
 * allowed) get a guess corrected by a step or two, other edges a binary search.
 */
export function histogramCounts(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  const first = edges[0]!;
  const last = edges[k]!;
  const span = uniformSpan(edges);
  const origin = span === undefined ? 0 : edges[span[0]]!;
  const scale = span === undefined ? 0 : (span[1] - span[0]) / (edges[span[1]]! - origin);
  const offset = span === undefined ? 0 : span[0];
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= first && v <= last)) continue;
    let j: number;
    if (span !== undefined) {
      j = offset + Math.floor((v - origin) * scale);
      j = j < 0 ? 0 : j > k - 1 ? k - 1 : j;
      while (j > 0 && v < edges[j]!) j--;
      while (j < k - 1 && v >= edges[j + 1]!) j++;
    } else if (v === last) {
      j = k - 1;
    } else {
      let lo = 0;
      let hi = k; // invariant: edges[lo] ≤ v < edges[hi]
      while (hi - lo > 1) {
        const mid = (lo + hi) >>> 1;
        if (v < edges[mid]!) hi = mid;
        else lo = mid;
      }
      j = lo;
    }
    counts[j]!++;
  }
  return counts;
}

/** numpy `quantile(sorted, q, method='linear')` (Hyndman–Fan type 7) of an ascending array. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const index = (sorted.length - 1) * q;
  const below = Math.floor(index);
  const gamma = index - below;
  const a = sorted[below]!;
  const b = sorted[Math.min(below + 1, sorted.length - 1)]!;
  // numpy `_lerp`: interpolate from the nearer end so q = 1 returns the maximum exactly.
  const diff = b - a;
  return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
}
