/**
 * Unsigned 64-bit arithmetic for tree indices and sizes. JS bit operators truncate to 32 bits, so
 * a verifier written with them breaks silently at 2^31 leaves (standards.md §1.7): everything
 * here is `bigint`.
 */

/** An index or tree size as callers may pass it: a bigint, or a non-negative safe integer. */
export type Uint64Input = bigint | number;

/** The largest index or size the formats can carry (checkpoints and proofs use uint64). */
export const MAX_UINT64 = (1n << 64n) - 1n;

/** `value` as a bigint in [0, 2^64 - 1], or undefined when it is not one. */
export function toUint64(value: Uint64Input): bigint | undefined {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) return undefined;
    return BigInt(value);
  }
  if (typeof value !== 'bigint' || value < 0n || value > MAX_UINT64) return undefined;
  return value;
}

/** Parses ASCII decimal without sign or leading zeroes ("0" alone is allowed) into a uint64. */
export function parseUint64Decimal(text: string): bigint | undefined {
  if (!/^(0|[1-9][0-9]{0,19})$/.test(text)) return undefined;
  const value = BigInt(text);
  return value > MAX_UINT64 ? undefined : value;
}

/** Number of bits needed to write `x` (0 for 0): Go's `bits.Len64`. */
export function bitLength(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** Number of set bits: Go's `bits.OnesCount64`. */
export function popcount(x: bigint): number {
  let count = 0;
  for (let v = x; v > 0n; v >>= 1n) count += Number(v & 1n);
  return count;
}

/** Number of trailing zero bits of a positive `x`: Go's `bits.TrailingZeros64`. */
export function trailingZeros(x: bigint): number {
  let count = 0;
  for (let v = x; v > 0n && (v & 1n) === 0n; v >>= 1n) count++;
  return count;
}

/** RFC 9162 §2.1.1: the largest power of two strictly smaller than `n` (requires n ≥ 2). */
export function splitPoint(n: bigint): bigint {
  return 1n << BigInt(bitLength(n - 1n) - 1);
}

/** True when `x` is a power of two (x > 0). */
export function isPowerOfTwo(x: bigint): boolean {
  return x > 0n && (x & (x - 1n)) === 0n;
}
