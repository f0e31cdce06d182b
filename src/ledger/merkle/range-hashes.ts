import { HASH_SIZE, hashChildren } from './merkle-hash.js';
import { MerkleVerificationError } from './merkle-verification-error.js';
import type { SubtreeHashSource, SubtreePosition } from './subtree-hash-source.js';
import { bitLength } from './uint64.js';

/**
 * A leaf range D[start:end] as it appears in the RFC 9162 §2.1.3.1/§2.1.4.1 recursions: either a
 * complete aligned subtree or a right-edge incomplete one, whose start is aligned to the power
 * of two at or above its width. Only such ranges are valid here.
 */
export interface LeafRange {
  readonly start: bigint;
  readonly end: bigint;
}

/**
 * The complete aligned subtrees a range decomposes into, left to right: one per set bit of its
 * width, largest first. MTH splits at the largest power of two below the width, whose left part
 * is complete, so this is the same recursion unrolled.
 */
function subtreesOf(range: LeafRange): SubtreePosition[] {
  const positions: SubtreePosition[] = [];
  for (let start = range.start; start < range.end;) {
    const level = bitLength(range.end - start) - 1;
    positions.push({ level, index: start >> BigInt(level) });
    start += 1n << BigInt(level);
  }
  return positions;
}

/**
 * MTH of each range, reading every subtree hash they need from `source` in parallel
 * (O(log n) reads for any proof) and folding each range right to left:
 * MTH = NODE(s0, NODE(s1, ... NODE(s_{k-2}, s_{k-1}))).
 */
export async function hashRanges(
  ranges: readonly LeafRange[],
  source: SubtreeHashSource,
): Promise<Uint8Array[]> {
  const plans = ranges.map(subtreesOf);
  const hashes = await Promise.all(
    plans.map((positions) => Promise.all(positions.map((p) => readSubtree(source, p)))),
  );
  return hashes.map((parts) => {
    let hash = parts[parts.length - 1]!;
    for (let i = parts.length - 2; i >= 0; i--) hash = hashChildren(parts[i]!, hash);
    return hash;
  });
}

async function readSubtree(
  source: SubtreeHashSource,
  position: SubtreePosition,
): Promise<Uint8Array> {
  const hash = await source.subtreeHash(position.level, position.index);
  // A stored hash of the wrong size means the store is damaged: never build a proof from it.
  if (hash.length !== HASH_SIZE) {
    throw new MerkleVerificationError(
      'BAD_HASH_LENGTH',
      `stored subtree ${position.level}/${position.index} is ${hash.length} bytes`,
      { field: 'subtree', level: position.level, index: position.index.toString() },
    );
  }
  return hash;
}
