/**
 * What the report draws for a column: shares of each sample per histogram bin (numerical, on
 * Sturges edges over both samples together, numpy `histogram_bin_edges(concat, 'sturges')`) or per
 * category (the most frequent categories, the rest pooled as "other").
 */
import {
  categoryTable,
  histogramCounts,
  sturgesEdges,
  type CategoricalSample,
  type SortedSample,
} from '../../stats/drift/index.js';

/** Shares (count / sample size) per bin [edges[i], edges[i+1]) of each sample. */
export interface HistogramDistribution {
  kind: 'histogram';
  edges: number[];
  reference: number[];
  current: number[];
}

/** Shares per category, most frequent first; `otherCategories` > 0 when the last entry pools them. */
export interface CategoryDistribution {
  kind: 'categories';
  categories: string[];
  reference: number[];
  current: number[];
  /** How many categories the last entry pools (0: no "other" entry). */
  otherCategories: number;
}

export type Distribution = HistogramDistribution | CategoryDistribution;

/** Default number of categories drawn before the rest are pooled. */
export const MAX_CHART_CATEGORIES = 20;

function shares(counts: ArrayLike<number>, total: number): number[] {
  return Array.from(counts, (count) => count / total);
}

export function histogramDistribution(
  reference: SortedSample,
  current: SortedSample,
): HistogramDistribution {
  const pooled = new Float64Array(reference.values.length + current.values.length);
  pooled.set(reference.values);
  pooled.set(current.values, reference.values.length);
  const edges = sturgesEdges(pooled);
  return {
    kind: 'histogram',
    edges,
    reference: shares(histogramCounts(reference.values, edges), reference.values.length),
    current: shares(histogramCounts(current.values, edges), current.values.length),
  };
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function categoryDistribution(
  reference: CategoricalSample,
  current: CategoricalSample,
  maxCategories = MAX_CHART_CATEGORIES,
): CategoryDistribution {
  const table = categoryTable(reference, current);
  const rows = table.keys.map((key, i) => ({
    label: String(key),
    reference: table.reference[i]! / table.referenceTotal,
    current: table.current[i]! / table.currentTotal,
  }));
  // Most frequent over both samples first; equal shares by label so the order is deterministic.
  rows.sort(
    (a, b) => b.reference + b.current - (a.reference + a.current) || byCode(a.label, b.label),
  );
  const shown = rows.length > maxCategories ? rows.slice(0, maxCategories) : rows;
  const rest = rows.slice(shown.length);
  const distribution: CategoryDistribution = {
    kind: 'categories',
    categories: shown.map((r) => r.label),
    reference: shown.map((r) => r.reference),
    current: shown.map((r) => r.current),
    otherCategories: rest.length,
  };
  if (rest.length > 0) {
    distribution.categories.push('other');
    distribution.reference.push(rest.reduce((sum, r) => sum + r.reference, 0));
    distribution.current.push(rest.reduce((sum, r) => sum + r.current, 0));
  }
  return distribution;
}
