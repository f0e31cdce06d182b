/**
 * numpy's binning rules, reproduced to the rounding so bin counts match Evidently and NannyML
 * (statistics.md §2, §3.15): `histogram_bin_edges(bins='sturges'|'doane')`, `linspace`,
 * `histogram` with explicit edges ([e_j, e_{j+1}), the last bin closed, values outside dropped),
 * and type-7 quantiles (`quantile(method='linear')`).
 */
import { ValidationError } from '../../lib/index.js';
import { compensatedSum } from './sample.js';

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
  return sturgesEdgesPooled([values]);
}

/** Sturges edges of several arrays pooled, without copying them together (Evidently: ref + cur). */
export function sturgesEdgesPooled(parts: readonly ArrayLike<number>[]): number[] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let size = 0;
  for (const part of parts) {
    const [lo, hi] = extent(part);
    min = Math.min(min, lo);
    max = Math.max(max, hi);
    size += part.length;
  }
  return sturgesEdgesFor(min, max, size);
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
    const centred = Float64Array.from(values, (v) => v - mean);
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

/** Whether edges are (to rounding) equally spaced and finite, so an index can be guessed. */
function nearlyUniform(edges: ArrayLike<number>): boolean {
  const k = edges.length - 1;
  const first = edges[0]!;
  const step = (edges[k]! - first) / k;
  if (!Number.isFinite(step) || step <= 0) return false;
  for (let j = 1; j < k; j++)
    if (Math.abs(edges[j]! - (first + j * step)) > 1e-6 * step) return false;
  return true;
}

/**
 * numpy `histogram(values, bins=edges)[0]`: counts per [e_j, e_{j+1}) (last bin [e_{k−1}, e_k]),
 * values outside [e_0, e_k] not counted. Bins are decided by comparisons with the edges only
 * (numpy's searchsorted path), never by the guessed index itself: equally spaced edges get a
 * guess corrected by at most a step or two, other edges a binary search.
 */
export function histogramCounts(values: ArrayLike<number>, edges: ArrayLike<number>): Float64Array {
  const k = edges.length - 1;
  const counts = new Float64Array(k);
  const first = edges[0]!;
  const last = edges[k]!;
  const uniform = nearlyUniform(edges);
  const scale = k / (last - first);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= first && v <= last)) continue;
    let j: number;
    if (uniform) {
      j = Math.min(k - 1, Math.floor((v - first) * scale));
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
