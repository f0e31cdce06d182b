/**
 * Profile mode: drift statistics from stored summaries instead of raw samples, for a monitoring
 * server that fits bins on the reference once and streams current counts into them
 * (statistics.md §1.4, §3.16, §5.3). Histogram distances and chi-square on fixed bins are exact
 * for those bins, and merging windows is adding counts. KS and W1 need the ECDFs, which bins only
 * bound: see profile-ecdf.ts.
 */
import { ValidationError, type Issue } from '../../lib/index.js';
import { checkEdges, histogramCounts } from './binning.js';
import { categoryTableFromCounts, type CategoryCounts, type CategoryTable } from './categories.js';
import {
  fillZeros,
  hellingerDistance,
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from './histogram-distances.js';
import { emptySampleError, finiteValues, populationStd, type NumericSample } from './sample.js';

/**
 * Counts of both samples on shared bins [e_j, e_{j+1}) (the last closed, numpy's rule). Edges
 * may start at −∞ and end at +∞ (open-ended bins, e.g. textbook PSI).
 */
export interface HistogramProfile {
  edges: readonly number[];
  /** Reference count per bin (edges.length − 1 entries). */
  reference: readonly number[];
  /** Current count per bin. */
  current: readonly number[];
  /** Population std (ddof 0) of the raw reference, for normed Wasserstein. */
  referenceStd?: number;
  /** Distinct values of reference ∪ current if known (default test choice, §4.1). */
  distinctValues?: number;
  /**
   * Smallest and largest value seen in either sample (cheap to stream): lets binned W1 bound the
   * open-ended first and last bins instead of reporting an infinite error.
   */
  range?: { min: number; max: number };
}

/** Category counts of both samples (e.g. from frequent-item or exact category counters). */
export interface CategoryProfile {
  reference: CategoryCounts;
  current: CategoryCounts;
}

/** A profile-mode statistic and how far it can be from the exact-mode one. */
export interface ProfileStatistic {
  statistic: number;
  pValue?: number;
  /**
   * Bound on |statistic − the same statistic on the raw samples|. KS and W1: the bound proved in
   * profile-ecdf.ts. Histogram distances and category tests: 0, they are exact for these bins
   * (and equal to exact mode when exact mode would use the same edges, e.g. Evidently's pooled
   * Sturges edges; reference-fitted edges give another, equally exact, binned statistic).
   */
  error: number;
}

/** Validates a histogram profile and returns its totals; throws ValidationError with all issues. */
export function checkHistogramProfile(profile: HistogramProfile): [ref: number, cur: number] {
  checkEdges(profile.edges);
  const bins = profile.edges.length - 1;
  const issues: Issue[] = [];
  const totals: number[] = [];
  for (const role of ['reference', 'current'] as const) {
    const counts = profile[role];
    if (counts.length !== bins) {
      const message = `${role} has ${counts.length} counts for ${bins} bins`;
      issues.push({ code: 'invalid_bins', path: [role], message });
    }
    let total = 0;
    counts.forEach((count, j) => {
      if (!(Number.isFinite(count) && count >= 0)) {
        const message = `count ${j} must be a finite number ≥ 0`;
        issues.push({ code: 'invalid_count', path: [role, j], message });
      } else total += count;
    });
    totals.push(total);
  }
  const range = profile.range;
  if (range !== undefined && !(Number.isFinite(range.min) && range.max >= range.min)) {
    const message = 'range must hold finite min ≤ max';
    issues.push({ code: 'invalid_range', path: ['range'], message });
  }
  if (issues.length > 0) throw new ValidationError('invalid histogram profile', issues);
  if (totals[0] === 0) throw emptySampleError('reference');
  if (totals[1] === 0) throw emptySampleError('current');
  return [totals[0]!, totals[1]!];
}

/**
 * Builds a histogram profile from raw samples on given edges (numpy's bin rule), with the
 * reference std and the observed range. Values outside [e_0, e_k] are not counted: give ±∞ end
 * edges to keep every value (the binned KS and W1 bounds assume the bins hold all the data).
 */
export function histogramProfile(
  reference: NumericSample,
  current: NumericSample,
  edges: readonly number[],
): HistogramProfile {
  checkEdges(edges);
  const ref = finiteValues(reference, 'reference');
  const cur = finiteValues(current, 'current');
  let min = Infinity;
  let max = -Infinity;
  for (const values of [ref, cur]) {
    for (const v of values) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return {
    edges: [...edges],
    reference: Array.from(histogramCounts(ref, edges)),
    current: Array.from(histogramCounts(cur, edges)),
    referenceStd: populationStd(ref),
    range: { min, max },
  };
}

/** Proportions per bin of both samples, every bin kept (Evidently keeps empty Sturges bins). */
export function profileProportions(profile: HistogramProfile): [ref: number[], cur: number[]] {
  const [n, m] = checkHistogramProfile(profile);
  return [profile.reference.map((c) => c / n), profile.current.map((c) => c / m)];
}

/**
 * The bins as categories for chi-square, G and Z tests: bins empty on both sides are left out,
 * as a category table only holds categories seen in either sample.
 */
export function profileCategoryTable(profile: HistogramProfile): CategoryTable {
  checkHistogramProfile(profile);
  const counts = (side: readonly number[]) => new Map(side.map((count, j) => [j, count]));
  return categoryTableFromCounts(counts(profile.reference), counts(profile.current));
}

/** The category table of a category profile. */
export function categoryProfileTable(profile: CategoryProfile): CategoryTable {
  return categoryTableFromCounts(profile.reference, profile.current);
}

/** PSI on the profile's bins with Evidently's zero fill; exact for these bins (error 0). */
export function profilePsi(profile: HistogramProfile): ProfileStatistic {
  const [p, q] = profileProportions(profile);
  return { statistic: populationStabilityIndex(fillZeros(p), fillZeros(q)), error: 0 };
}

/** KL(ref‖cur) on the profile's bins, zero-filled then normalized (Evidently `kl_div`). */
export function profileKl(profile: HistogramProfile): ProfileStatistic {
  const [p, q] = profileProportions(profile);
  return { statistic: klDivergence(fillZeros(p), fillZeros(q)), error: 0 };
}

/** Jensen–Shannon distance on the profile's bins, natural log unless `base`. */
export function profileJensenShannon(profile: HistogramProfile, base?: number): ProfileStatistic {
  const [p, q] = profileProportions(profile);
  return { statistic: jensenShannonDistance(p, q, base), error: 0 };
}

/** Hellinger distance √(1 − Σ√(p q)) on the profile's bins. */
export function profileHellinger(profile: HistogramProfile): ProfileStatistic {
  const [p, q] = profileProportions(profile);
  return { statistic: hellingerDistance(p, q), error: 0 };
}
