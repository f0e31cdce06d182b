/**
 * Tests and distances on a category table (statistics.md §3.3–§3.10). They take counts, so the
 * same functions serve raw samples (`categoryTable`) and profiles (`categoryTableFromCounts`, or
 * the bins of a histogram).
 */
import { chiSquareSf, normalSf } from '../special/index.js';
import { compareCategories, tableProportions, type CategoryTable } from './categories.js';
import {
  fillZeros,
  hellingerDistance,
  jensenShannonDistance,
  klDivergence,
  lInfinityDistance,
  populationStabilityIndex,
  totalVariationDistance,
} from './histogram-distances.js';

/** A test statistic with its p-value. */
export interface PValueResult {
  statistic: number;
  pValue: number;
  /** Degrees of freedom of the chi-square reference distribution, where there is one. */
  dof?: number;
}

/**
 * Pearson goodness of fit of the current counts against the reference proportions (Evidently
 * `chisquare`, scipy `chisquare(f_obs, f_exp)`): E_k = ref_k·m/n, χ² = Σ(O−E)²/E, dof K − 1.
 * A category absent from the reference gives χ² = ∞, p = 0 (evidently #96). One category only
 * (both sides constant and equal) is defined as χ² = 0, p = 1, where scipy gives NaN (#1929).
 */
export function chiSquareGoodnessOfFit(table: CategoryTable): PValueResult {
  const k = table.keys.length;
  if (k === 1) return { statistic: 0, pValue: 1, dof: 0 };
  const scale = table.currentTotal / table.referenceTotal;
  let statistic = 0;
  for (let i = 0; i < k; i++) {
    const expected = table.reference[i]! * scale;
    const d = table.current[i]! - expected;
    statistic += (d * d) / expected;
  }
  return { statistic, pValue: chiSquareSf(statistic, k - 1), dof: k - 1 };
}

/**
 * Chi-square test of homogeneity on the 2×K table [reference; current] (scipy
 * `chi2_contingency`, Alibi, NannyML): E_ij = row_i·col_j/N, dof K − 1, Yates' correction when
 * dof = 1 (each |T − E| reduced by min(0.5, |T − E|)). New categories stay finite (§9.3).
 * K = 1 gives χ² = 0, p = 1 as scipy does.
 */
export function chiSquareHomogeneity(table: CategoryTable, correction = true): PValueResult {
  const k = table.keys.length;
  if (k === 1) return { statistic: 0, pValue: 1, dof: 0 };
  const total = table.referenceTotal + table.currentTotal;
  const yates = correction && k === 2;
  let statistic = 0;
  for (const [row, rowTotal] of [
    [table.reference, table.referenceTotal],
    [table.current, table.currentTotal],
  ] as const) {
    for (let j = 0; j < k; j++) {
      const expected = (rowTotal * (table.reference[j]! + table.current[j]!)) / total;
      let observed = row[j]!;
      if (yates) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      const d = observed - expected;
      statistic += (d * d) / expected;
    }
  }
  return { statistic, pValue: chiSquareSf(statistic, k - 1), dof: k - 1 };
}

/**
 * G-test (Evidently `g_test`): G = 2Σ O ln(O/E), dof K − 1. Evidently passes the unscaled
 * reference counts as E, so it only runs when n = m (scipy raises otherwise); here E is scaled
 * by m/n, which is the same when n = m and stays a valid G-test when not.
 */
export function gTest(table: CategoryTable): PValueResult {
  const k = table.keys.length;
  if (k === 1) return { statistic: 0, pValue: 1, dof: 0 };
  const scale = table.currentTotal / table.referenceTotal;
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const observed = table.current[i]!;
    const expected = table.reference[i]! * scale;
    if (observed > 0) sum += observed * Math.log(observed / expected);
  }
  const statistic = 2 * sum;
  return { statistic, pValue: chiSquareSf(statistic, k - 1), dof: k - 1 };
}

/**
 * Pooled two-proportion Z-test (Evidently `z`, §3.9): the first category in sorted order counts
 * as 0, every other as 1; z = (p₁ − p₂)/√(P(1−P)(1/n + 1/m)), p = 2·P(Z > |z|). Both sides the
 * same single value gives z = 0, p = 1 (Evidently). Evidently computes 2(1 − Φ(|z|)); the tail
 * is used here directly, which differs from it by < 1e-16 absolute and is accurate for tiny p.
 */
export function zTest(table: CategoryTable): PValueResult {
  if (table.keys.length === 1) return { statistic: 0, pValue: 1 };
  const first = table.keys.indexOf([...table.keys].sort(compareCategories)[0]!);
  const n1 = table.referenceTotal;
  const n2 = table.currentTotal;
  const p1 = (n1 - table.reference[first]!) / n1;
  const p2 = (n2 - table.current[first]!) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: Math.min(1, 2 * normalSf(Math.abs(z))) };
}

/** PSI over categories with Evidently's per-vector zero fill (§3.3(a)). */
export function categoricalPsi(table: CategoryTable): number {
  const [ref, cur] = tableProportions(table);
  return populationStabilityIndex(fillZeros(ref), fillZeros(cur));
}

/** KL(ref‖cur) over categories, zero-filled then normalized (Evidently `kl_div`). */
export function categoricalKl(table: CategoryTable): number {
  const [ref, cur] = tableProportions(table);
  return klDivergence(fillZeros(ref), fillZeros(cur));
}

/** Jensen–Shannon distance over categories, natural log unless `base` (Evidently, no fill). */
export function categoricalJensenShannon(table: CategoryTable, base?: number): number {
  const [ref, cur] = tableProportions(table);
  return jensenShannonDistance(ref, cur, base);
}

/** Hellinger distance over categories (Evidently's categorical formula). */
export function categoricalHellinger(table: CategoryTable): number {
  const [ref, cur] = tableProportions(table);
  return hellingerDistance(ref, cur);
}

/** Total variation distance over categories. */
export function categoricalTvd(table: CategoryTable): number {
  const [ref, cur] = tableProportions(table);
  return totalVariationDistance(ref, cur);
}

/** L∞ distance over categories (NannyML `l_infinity`). */
export function categoricalLInfinity(table: CategoryTable): number {
  const [ref, cur] = tableProportions(table);
  return lInfinityDistance(ref, cur);
}
