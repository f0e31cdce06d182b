import { bitLength, isPowerOfTwo, popcount, trailingZeros } from './uint64.js';

/*
 * standards.md §1.6 (transparency-dev/merkle `proof`, sigstore-js `tlog/merkle.ts`): a proof is
 * the path's "inner" part, below the point where the leaf's path leaves the right edge of the
 * tree, plus one hash per set bit above it ("border"). Knowing the exact length lets verifiers
 * refuse padded or truncated proofs with a precise reason before hashing anything.
 */

function innerProofSize(index: bigint, size: bigint): number {
  return bitLength(index ^ (size - 1n));
}

function borderProofSize(index: bigint, inner: number): number {
  return popcount(index >> BigInt(inner));
}

/**
 * Number of hashes in the inclusion proof of `index` in a tree of `size` (requires
 * index < size): inner(i, n) + border(i, n), standards.md §1.6.
 */
export function inclusionProofLength(index: bigint, size: bigint): number {
  const inner = innerProofSize(index, size);
  return inner + borderProofSize(index, inner);
}

/**
 * Number of hashes in the consistency proof from `size1` to `size2`: 0 when the sizes are equal,
 * otherwise start + inner(m-1, n) - trailingZeros(m) + border(m-1, n), where start is 0 when m
 * is a power of two (its root is a node of the new tree and is left out). Requires
 * 0 < size1 <= size2.
 */
export function consistencyProofLength(size1: bigint, size2: bigint): number {
  if (size1 === size2) return 0;
  const inner = innerProofSize(size1 - 1n, size2);
  const start = isPowerOfTwo(size1) ? 0 : 1;
  return start + inner - trailingZeros(size1) + borderProofSize(size1 - 1n, inner);
}
