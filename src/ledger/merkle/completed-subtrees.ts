import { argumentError, requireHash, requireUint64 } from './argument-checks.js';
import { hashChildren } from './merkle-hash.js';
import type { Subtree, SubtreePosition } from './subtree-hash-source.js';
import type { Uint64Input } from './uint64.js';

/**
 * The stored subtrees that appending leaf `leafIndex` completes need as left siblings: one per
 * trailing 1 bit of the index (at level l the new node's index, leafIndex >> l, is odd, so its
 * left sibling is complete and already stored). Read them in one query, then call
 * `completedSubtrees`.
 */
export function leftSiblingPositions(leafIndex: Uint64Input): SubtreePosition[] {
  const index = requireUint64(leafIndex, 'leafIndex');
  const positions: SubtreePosition[] = [];
  for (let level = 0; ((index >> BigInt(level)) & 1n) === 1n; level++) {
    positions.push({ level, index: (index >> BigInt(level)) - 1n });
  }
  return positions;
}

/**
 * Every complete aligned subtree whose hash becomes known when leaf `leafIndex` is appended:
 * the leaf itself at level 0, then NODE(left sibling, node) upwards while the node is a right
 * child (standards.md §1.1: these never change, so the log stores them on append). Pure:
 * `leftSiblings` are the hashes at `leftSiblingPositions(leafIndex)`, in that order.
 */
export function completedSubtrees(
  leafIndex: Uint64Input,
  leafHash: Uint8Array,
  leftSiblings: readonly Uint8Array[],
): Subtree[] {
  const index = requireUint64(leafIndex, 'leafIndex');
  requireHash(leafHash, 'leafHash');
  const needed = leftSiblingPositions(index).length;
  if (leftSiblings.length !== needed) {
    throw argumentError(
      'WRONG_SIBLING_COUNT',
      'leftSiblings',
      `leaf ${index} needs ${needed} left siblings, got ${leftSiblings.length}`,
    );
  }
  const subtrees: Subtree[] = [{ level: 0, index, hash: leafHash }];
  let hash = leafHash;
  leftSiblings.forEach((sibling, level) => {
    requireHash(sibling, `leftSiblings[${level}]`);
    hash = hashChildren(sibling, hash);
    subtrees.push({ level: level + 1, index: index >> BigInt(level + 1), hash });
  });
  return subtrees;
}
