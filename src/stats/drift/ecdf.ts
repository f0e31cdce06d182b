/**
 * Linear merges of two sorted samples for the ECDF-based statistics (statistics.md §3.1, §3.2,
 * §3.13). Both ECDFs are right-continuous, F(z) = #{x ≤ z}/size, evaluated after each distinct
 * pooled value z₁ < … < z_K, exactly as scipy's `searchsorted(sorted, pooled, 'right')/size`;
 * differences are formed as i/n − j/m, the same floating-point operations as scipy's.
 */
import { CompensatedSum, type SortedSample } from './sample.js';

/** Largest differences of the two ECDFs over the pooled sample. */
export interface KsDistances {
  /** max(F_ref − F_cur) (scipy's D⁺ of ks_2samp, ≥ 0). */
  dPlus: number;
  /** max(F_cur − F_ref), clipped at 0. */
  dMinus: number;
}

/** Areas between the two ECDFs. */
export interface EcdfAreas {
  /** ∫|F_ref − F_cur| dx: the Wasserstein-1 distance. */
  w1: number;
  /** ∫(F_ref − F_cur)² dx (energy distance = √(2·this)). */
  squaredArea: number;
}

export type EcdfComparison = KsDistances & EcdfAreas;

/** D⁺ and D⁻ in one pass. Once a sample is exhausted |F_ref − F_cur| only shrinks, so it stops. */
export function ksDistances(reference: SortedSample, current: SortedSample): KsDistances {
  const a = reference.values;
  const b = current.values;
  const n = a.length;
  const m = b.length;
  let i = 0;
  let j = 0;
  let dPlus = 0;
  let dMinus = 0;
  while (i < n && j < m) {
    const x = a[i]!;
    const y = b[j]!;
    const z = x <= y ? x : y;
    while (i < n && a[i] === z) i++;
    while (j < m && b[j] === z) j++;
    const diff = i / n - j / m;
    if (diff > dPlus) dPlus = diff;
    else if (-diff > dMinus) dMinus = -diff;
  }
  return { dPlus, dMinus };
}

/**
 * ∫|ΔF| and ∫ΔF² in one pass: Σ |F_r(z_k) − F_c(z_k)|·(z_{k+1} − z_k), the same products scipy's
 * `_cdf_distance` sums. Terms are added plainly within blocks of 256 and the block totals with
 * Neumaier compensation: the error stays near 256·ε relative whatever the size.
 */
export function ecdfAreas(reference: SortedSample, current: SortedSample): EcdfAreas {
  const a = reference.values;
  const b = current.values;
  const n = a.length;
  const m = b.length;
  const w1 = new CompensatedSum();
  const squared = new CompensatedSum();
  let blockW1 = 0;
  let blockSquared = 0;
  let inBlock = 0;
  let i = 0;
  let j = 0;
  let z = a[0]! <= b[0]! ? a[0]! : b[0]!;
  for (;;) {
    while (i < n && a[i] === z) i++;
    while (j < m && b[j] === z) j++;
    let next: number;
    if (i < n) next = j < m && b[j]! < a[i]! ? b[j]! : a[i]!;
    else if (j < m) next = b[j]!;
    else break;
    const diff = i / n - j / m;
    const width = next - z;
    blockW1 += (diff < 0 ? -diff : diff) * width;
    blockSquared += diff * diff * width;
    if (++inBlock === 256) {
      w1.add(blockW1);
      squared.add(blockSquared);
      blockW1 = blockSquared = inBlock = 0;
    }
    z = next;
  }
  w1.add(blockW1);
  squared.add(blockSquared);
  return { w1: w1.value(), squaredArea: squared.value() };
}

/** Every ECDF statistic at once (two passes). */
export function compareEcdfs(reference: SortedSample, current: SortedSample): EcdfComparison {
  return { ...ksDistances(reference, current), ...ecdfAreas(reference, current) };
}
