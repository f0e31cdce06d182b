/**
 * Pooled ranks of two sorted samples with ties averaged (scipy `rankdata(method='average')`),
 * grouped by distinct value: what Mann–Whitney, Cramér–von Mises and Anderson–Darling all need,
 * from one O(n + m) merge into two typed arrays (no object per value).
 */
import type { SortedSample } from './sample.js';

/** Multiplicities of the distinct pooled values z₁ < … < z_K in each sample. */
export interface TieGroups {
  /** K, the number of distinct pooled values. */
  size: number;
  /** Copies of z_k in the reference (index k < size). */
  inReference: Uint32Array;
  /** Copies of z_k in the current sample. */
  inCurrent: Uint32Array;
}

/** The distinct pooled values in ascending order with their multiplicities. */
export function tieGroups(reference: SortedSample, current: SortedSample): TieGroups {
  const a = reference.values;
  const b = current.values;
  const n = a.length;
  const m = b.length;
  const inReference = new Uint32Array(n + m);
  const inCurrent = new Uint32Array(n + m);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < n || j < m) {
    const z = i < n && (j >= m || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    const startI = i;
    const startJ = j;
    while (i < n && a[i] === z) i++;
    while (j < m && b[j] === z) j++;
    inReference[k] = i - startI;
    inCurrent[k] = j - startJ;
    k++;
  }
  return { size: k, inReference, inCurrent };
}
