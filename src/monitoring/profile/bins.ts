/**
 * Bin edges fitted on a reference, and exact counting into them (statistics.md §2, §3.15, §5.3).
 *
 * Rules, as numpy's `histogram_bin_edges` defines them (n = size, ptp = max − min):
 * - `sturges`: width = ptp/(log₂ n + 1)
 * - `doane`: width = ptp/(1 + log₂ n + log₂(1 + |g₁|/σ_g1)), σ_g1 = √(6(n−2)/((n+1)(n+3))),
 *   g₁ the population skewness; n ≤ 2 or σ = 0 → one bin
 * - `fd` (Freedman–Diaconis): width = 2·IQR·n^(−1/3); IQR = 0 → one bin
 * then k = ⌈ptp/width⌉ equal bins, edges = linspace(min, max, k+1); min = max → [min−½, max+½].
 * - `{ quantiles: B }`: edges at the reference's j/B quantiles (type 7), j = 0..B, duplicates
 *   dropped; with the under/overflow counts folded in they are statistics.md §3.3(b)'s
 *   "reference deciles with ±∞ ends".
 * - `{ edges }`: given edges, strictly increasing.
 *
 * Default `{ quantiles: 10 }`: the textbook PSI binning of §3.3(b), and the one whose reference
 * proportions stay near 1/B however skewed the column is. Bins are [e_j, e_j+1), the last closed;
 * values below e_0 or above e_K count as underflow/overflow (numpy would drop them).
 */
import { ValidationError } from '../../lib/index.js';

export type BinRule = 'sturges' | 'doane' | 'fd' | { quantiles: number } | { edges: number[] };

/** How a stored histogram's edges were chosen. */
export type BinRuleName = 'sturges' | 'doane' | 'fd' | 'quantiles' | 'edges';

export const DEFAULT_BIN_RULE: BinRule = { quantiles: 10 };

/** Refuse rules that would allocate more bins than any drift metric can use. */
export const MAX_BINS = 10_000;

/** What a rule needs to know about the reference: exact, or estimated from a profile. */
export interface BinFitInput {
  n: number;
  min: number;
  max: number;
  /** Population standard deviation (ddof 0). */
  std: number;
  /** Population skewness g₁. */
  skewness: number;
  /** Type 7 quantile. */
  quantile: (q: number) => number;
}

export function binRuleName(rule: BinRule): BinRuleName {
  if (typeof rule === 'string') return rule;
  return 'quantiles' in rule ? 'quantiles' : 'edges';
}

/** Fits edges to the reference summary; `column` names it in errors. */
export function fitBinEdges(input: BinFitInput, rule: BinRule, column = 'value'): number[] {
  if (typeof rule === 'object' && 'edges' in rule) return validateEdges(rule.edges, column);
  if (input.n === 0) {
    throw new ValidationError(`column '${column}': cannot fit bins on a reference with no values`);
  }
  if (typeof rule === 'object') return quantileEdges(input, rule.quantiles, column);
  let first = input.min;
  let last = input.max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const ptp = input.max - input.min;
  const width = binWidth(input, rule, ptp);
  const bins = width > 0 ? Math.ceil((last - first) / width) : 1;
  if (!(bins <= MAX_BINS)) {
    throw new ValidationError(
      `column '${column}': the ${rule} rule asks for ${bins} bins (more than ${MAX_BINS}); use { quantiles: B } or explicit edges`,
    );
  }
  return linspace(first, last, bins);
}

function binWidth(input: BinFitInput, rule: 'sturges' | 'doane' | 'fd', ptp: number): number {
  const { n } = input;
  switch (rule) {
    case 'sturges':
      return ptp / (Math.log2(n) + 1.0);
    case 'doane': {
      if (n <= 2 || !(input.std > 0)) return 0;
      const sg1 = Math.sqrt((6.0 * (n - 2)) / ((n + 1.0) * (n + 3)));
      return ptp / (1.0 + Math.log2(n) + Math.log2(1.0 + Math.abs(input.skewness) / sg1));
    }
    case 'fd': {
      const iqr = input.quantile(0.75) - input.quantile(0.25);
      return 2.0 * iqr * n ** (-1.0 / 3.0);
    }
  }
}

/** numpy's linspace(start, stop, bins + 1): start + i·step, the last edge exactly stop. */
function linspace(start: number, stop: number, bins: number): number[] {
  const step = (stop - start) / bins;
  const edges = new Array<number>(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + start;
  edges[bins] = stop;
  return edges;
}

function quantileEdges(input: BinFitInput, bins: number, column: string): number[] {
  if (!Number.isInteger(bins) || bins < 1 || bins > MAX_BINS) {
    throw new ValidationError(
      `column '${column}': quantile bins must be an integer in 1..${MAX_BINS}`,
    );
  }
  const edges: number[] = [];
  for (let j = 0; j <= bins; j++) {
    const edge = j === 0 ? input.min : j === bins ? input.max : input.quantile(j / bins);
    if (edges.length === 0 || edge > edges[edges.length - 1]!) edges.push(edge);
  }
  if (edges.length === 1) return [edges[0]! - 0.5, edges[0]! + 0.5];
  return edges;
}

/** Checks explicit edges: 2..MAX_BINS+1 finite, strictly increasing numbers. */
export function validateEdges(edges: readonly number[], column: string): number[] {
  const ok =
    edges.length >= 2 &&
    edges.length <= MAX_BINS + 1 &&
    edges.every((e, i) => Number.isFinite(e) && (i === 0 || e > edges[i - 1]!));
  if (!ok) {
    throw new ValidationError(
      `column '${column}': bin edges must be 2..${MAX_BINS + 1} finite, strictly increasing numbers`,
    );
  }
  return [...edges];
}

/** Index of x's bin: −1 below e_0, K (= edges.length − 1) above e_K, else j with e_j ≤ x < e_j+1. */
export function binIndex(edges: Float64Array | readonly number[], x: number): number {
  const last = edges.length - 1;
  if (x < edges[0]!) return -1;
  if (x >= edges[last]!) return x === edges[last]! ? last - 1 : last;
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (x < edges[mid]!) hi = mid;
    else lo = mid;
  }
  return lo;
}

/** numpy's type 7 ("linear") quantile of sorted values, including its lerp for t ≥ ½. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.min(Math.max(Math.floor(h), 0), n - 1);
  const hi = Math.min(lo + 1, n - 1);
  const t = h - lo;
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/** The exact fit input of raw values (NaN and ±∞ must be removed first), as numpy computes it. */
export function binFitInputOf(values: ArrayLike<number>): BinFitInput {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  let sum = 0;
  for (const x of sorted) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of sorted) squares += (x - mean) ** 2;
  const std = Math.sqrt(squares / n);
  let cubes = 0;
  if (std > 0) for (const x of sorted) cubes += ((x - mean) / std) ** 3;
  return {
    n,
    min: sorted[0] ?? Number.NaN,
    max: sorted[n - 1] ?? Number.NaN,
    std,
    skewness: std > 0 ? cubes / n : 0,
    quantile: (q) => quantileSorted(sorted, q),
  };
}
