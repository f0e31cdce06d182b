/**
 * Error-free transformations (Dekker 1971): a product or sum as an unevaluated pair hi + lo that
 * is exact. Used where one rounding would cost accuracy: e^(−x²) for large x, ⌊n·x⌋ in Smirnov.
 */

const SPLITTER = 134217729; // 2^27 + 1 (Veltkamp)

/** Exact a·b = hi + lo, hi = fl(a·b) (no FMA needed; |a·b| must stay below ~1e300). */
export function twoProduct(a: number, b: number): [hi: number, lo: number] {
  const hi = a * b;
  let t = SPLITTER * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = SPLITTER * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  const lo = aLo * bLo - (hi - aHi * bHi - aLo * bHi - aHi * bLo);
  return [hi, lo];
}

/** e^(−(hi + lo)) for |lo| ≤ ulp(hi): e^(−hi)·(1 − lo), to full double accuracy. */
export function expNegativePair(hi: number, lo: number): number {
  return Math.exp(-hi) * (1 - lo);
}
