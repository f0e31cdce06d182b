/**
 * Distances between two discrete distributions given as non-negative weight vectors over the same
 * bins or categories (statistics.md §3.3–§3.6, §3.10). Conventions follow the tool each formula
 * comes from and are named in every doc comment; natural log unless a base is given.
 */

import { mapToFloat64 } from './sample.js';

/** scipy `rel_entr(x, y)`: x·ln(x/y), 0 when x = 0, +∞ when y = 0 < x. */
function relativeEntropy(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function total(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum;
}

function normalized(values: ArrayLike<number>): Float64Array {
  const sum = total(values);
  return mapToFloat64(values, (v) => v / sum);
}

/**
 * Evidently's zero smoothing (`get_binned_data(feel_zeroes=True)`, §3.15), per vector: zeros
 * become m₀/10⁶ when the smallest non-zero entry m₀ ≤ 1e-4, else 1e-4. Not renormalized.
 */
export function fillZeros(proportions: ArrayLike<number>): Float64Array {
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < proportions.length; i++) {
    const p = proportions[i]!;
    if (p !== 0 && p < smallest) smallest = p;
  }
  const fill = smallest <= 1e-4 ? smallest / 1e6 : 1e-4;
  return mapToFloat64(proportions, (p) => (p === 0 ? fill : p));
}

/** PSI = Σ (p_i − q_i)·ln(p_i/q_i) on the vectors as given (smooth zeros first). */
export function populationStabilityIndex(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += (p[i]! - q[i]!) * Math.log(p[i]! / q[i]!);
  return sum;
}

/** KL(p‖q) = Σ p ln(p/q) after normalizing both (scipy `entropy(p, q)`). */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const pn = normalized(p);
  const qn = normalized(q);
  let sum = 0;
  for (let i = 0; i < pn.length; i++) sum += relativeEntropy(pn[i]!, qn[i]!);
  return sum;
}

/**
 * Jensen–Shannon *distance* √(½KL(p‖m) + ½KL(q‖m)), m = (p+q)/2, after normalizing (scipy
 * `distance.jensenshannon(p, q, base)`). Natural log by default: range [0, √ln 2 ≈ 0.8326];
 * base 2 gives [0, 1]. No smoothing is needed (0·ln 0 = 0).
 */
export function jensenShannonDistance(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  base?: number,
): number {
  const pn = normalized(p);
  const qn = normalized(q);
  let left = 0;
  let right = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    left += relativeEntropy(pn[i]!, m);
    right += relativeEntropy(qn[i]!, m);
  }
  let js = left + right;
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/** Hellinger as Evidently (categorical): √(1 − clip(Σ√(p_i q_i), 0, 1)) on proportions. */
export function hellingerDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let affinity = 0;
  for (let i = 0; i < p.length; i++) affinity += Math.sqrt(p[i]! * q[i]!);
  return Math.sqrt(1 - Math.min(1, Math.max(0, affinity)));
}

/** Hellinger as NannyML and whylogs: ‖√p − √q‖₂/√2 (equal to the above when both sum to 1). */
export function hellingerEuclidean(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) {
    const d = Math.sqrt(p[i]!) - Math.sqrt(q[i]!);
    sum += d * d;
  }
  return Math.sqrt(sum) / Math.SQRT2;
}

/** Total variation distance ½Σ|p_i − q_i|. */
export function totalVariationDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += Math.abs(p[i]! - q[i]!);
  return sum / 2;
}

/** L∞ distance max|p_i − q_i| (NannyML `l_infinity`, SageMaker `LInfinity`). */
export function lInfinityDistance(p: ArrayLike<number>, q: ArrayLike<number>): number {
  let max = 0;
  for (let i = 0; i < p.length; i++) max = Math.max(max, Math.abs(p[i]! - q[i]!));
  return max;
}
