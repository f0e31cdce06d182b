/**
 * What the drift engine reads from a column profile. Exact where the profile is exact (counts,
 * min/max, moments, reference bins, frequencies below the cap, the sketch before its first
 * compaction); otherwise within the bound each function returns or documents.
 */
import { ValidationError } from '../../lib/index.js';
import {
  fitBinEdges,
  quantileSorted,
  validateEdges,
  type BinFitInput,
  type BinRule,
} from './bins.js';
import { keptAfterPurge } from './frequent-items.js';
import { HyperLogLog, hllStandardError } from './hll.js';
import { kllQuantile, kllRank, kllSortedView, rankErrorBound, type KllSortedView } from './kll.js';
import { populationVariance, sampleVariance, skewness } from './moments.js';
import type { ColumnProfile, DatasetProfile, NumericProfile } from './schema.js';

export function getColumn(profile: DatasetProfile, name: string): ColumnProfile {
  const column = profile.columns.find((c) => c.name === name);
  if (column === undefined) throw new ValidationError(`the profile has no column '${name}'`);
  return column;
}

function numericOf(column: ColumnProfile): NumericProfile & { min: number; max: number } {
  const numeric = column.numeric;
  if (numeric === undefined || numeric.min === null || numeric.max === null) {
    throw new ValidationError(`column '${column.name}' has no finite numeric values`);
  }
  return numeric as NumericProfile & { min: number; max: number };
}

/** True while the sketch holds every value with weight 1 (no compaction yet). */
function sketchIsExact(numeric: NumericProfile): boolean {
  return numeric.sketch.levels.length === 1;
}

const views = new WeakMap<NumericProfile, KllSortedView>();

function viewOf(numeric: NumericProfile): KllSortedView {
  let view = views.get(numeric);
  if (view === undefined) {
    view = kllSortedView(numeric.sketch);
    views.set(numeric, view);
  }
  return view;
}

/**
 * Normalised rank error of `quantile` and `cdf`: 0 while the sketch is exact, else the KLL bound
 * 2.296/k^0.9723 (99% confidence; k = 200 → 1.33%).
 */
export function rankError(column: ColumnProfile): number {
  const numeric = numericOf(column);
  return sketchIsExact(numeric) ? 0 : rankErrorBound(numeric.sketch.k);
}

/**
 * The q-quantile of the finite numeric values. Exact numpy type 7 (linear) while the sketch is
 * exact; afterwards a sketch item whose true rank is within `rankError(column)` of q. q = 0 and
 * q = 1 give the exact min and max.
 */
export function quantile(column: ColumnProfile, q: number): number {
  if (!(q >= 0 && q <= 1)) throw new ValidationError(`quantile q must be in [0, 1], got ${q}`);
  const numeric = numericOf(column);
  if (q === 0) return numeric.min;
  if (q === 1) return numeric.max;
  const view = viewOf(numeric);
  if (sketchIsExact(numeric)) return quantileSorted(view.items, q);
  return Math.min(Math.max(kllQuantile(view, q), numeric.min), numeric.max);
}

/**
 * F(x) = share of finite numeric values ≤ x (right-continuous ECDF), with its error: exact (0)
 * while the sketch is exact, else within `error` = the KLL rank bound.
 */
export function cdf(column: ColumnProfile, x: number): { value: number; error: number } {
  const numeric = numericOf(column);
  if (x < numeric.min) return { value: 0, error: 0 };
  if (x >= numeric.max) return { value: 1, error: 0 };
  return { value: kllRank(viewOf(numeric), x), error: rankError(column) };
}

/** Exact counts in the reference bins (bins [e_j, e_j+1), the last closed). */
export interface Histogram {
  rule: string;
  edges: number[];
  counts: number[];
  underflow: number;
  overflow: number;
}

/**
 * The column's counts in its reference bins. With `openEnds`, underflow and overflow are folded
 * into the first and last bin: statistics.md §3.3(b)'s e_0 = −∞, e_K = +∞.
 */
export function histogram(column: ColumnProfile, options: { openEnds?: boolean } = {}): Histogram {
  const bins = column.numeric?.bins;
  if (bins === undefined) {
    throw new ValidationError(
      `column '${column.name}' has no bins: build its profile against a reference`,
    );
  }
  const counts = [...bins.counts];
  if (options.openEnds !== true) return { ...bins, edges: [...bins.edges], counts };
  counts[0]! += bins.underflow;
  counts[counts.length - 1]! += bins.overflow;
  return { rule: bins.rule, edges: [...bins.edges], counts, underflow: 0, overflow: 0 };
}

/**
 * Category counts (booleans as 'true'/'false'). `exact`: every count is exact and `other` is 0.
 * Otherwise each listed count f̂ satisfies f̂ ≤ f ≤ f̂ + maxError, an unlisted value's count is at
 * most maxError, and `other` = values not attributed to a listed count.
 */
export function frequencies(column: ColumnProfile): {
  values: Record<string, number>;
  other: number;
  exact: boolean;
  maxError: number;
} {
  const categorical = column.categorical;
  if (categorical === undefined) return { values: {}, other: 0, exact: true, maxError: 0 };
  const tracked = categorical.items.reduce((sum, [, n]) => sum + n, 0);
  const other = categorical.count - tracked;
  return {
    values: Object.fromEntries(categorical.items),
    other,
    exact: other === 0,
    maxError: other / (keptAfterPurge(categorical.capacity) + 1),
  };
}

/**
 * Distinct non-missing categorical values: exact while the frequencies are, else the HyperLogLog
 * estimate with relative standard error 1.04/√m.
 */
export function distinctCount(column: ColumnProfile): {
  estimate: number;
  exact: boolean;
  standardError: number;
} {
  const categorical = column.categorical;
  if (categorical === undefined) return { estimate: 0, exact: true, standardError: 0 };
  if (categorical.items.reduce((sum, [, n]) => sum + n, 0) === categorical.count) {
    return { estimate: categorical.items.length, exact: true, standardError: 0 };
  }
  const { precision, registers } = categorical.hll;
  return {
    estimate: HyperLogLog.fromBase64(precision, registers).estimate(),
    exact: false,
    standardError: hllStandardError(precision),
  };
}

/** Mean, variances (sample ddof 1 and population ddof 0) and population skewness g₁. */
export function moments(column: ColumnProfile): {
  count: number;
  mean: number;
  variance: number;
  populationVariance: number;
  skewness: number;
} {
  const numeric = numericOf(column);
  const s = { count: numeric.count, mean: numeric.mean, m2: numeric.m2, m3: numeric.m3 };
  return {
    count: s.count,
    mean: s.mean,
    variance: sampleVariance(s),
    populationVariance: populationVariance(s),
    skewness: skewness(s),
  };
}

/** A bin rule's input from a profile: exact moments, quantiles as `quantile` gives them. */
export function binFitInputOfColumn(column: ColumnProfile): BinFitInput {
  const numeric = numericOf(column);
  const m = moments(column);
  return {
    n: numeric.count,
    min: numeric.min,
    max: numeric.max,
    std: Math.sqrt(m.populationVariance),
    skewness: m.skewness,
    quantile: (q) => quantile(column, q),
  };
}

/**
 * Edges for a reference column: its own bins if it has them, else fitted by `rule`. Sturges and
 * Doane are exact (moments are); fd and quantile edges are exact while the sketch is, else
 * within its rank error. Explicit `{ edges }` are used as given.
 */
export function referenceEdges(column: ColumnProfile, rule: BinRule): number[] {
  const bins = column.numeric?.bins;
  if (bins !== undefined) return validateEdges(bins.edges, column.name);
  if (typeof rule === 'object' && 'edges' in rule) return validateEdges(rule.edges, column.name);
  return fitBinEdges(binFitInputOfColumn(column), rule, column.name);
}
