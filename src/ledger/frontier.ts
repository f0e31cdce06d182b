import { completedSubtrees, EMPTY_ROOT, hashChildren, type Subtree } from './merkle/index.js';

/**
 * One complete subtree on the right edge of the tree. The frontier of a tree of size n is the
 * list of complete subtrees of n's binary decomposition, largest (leftmost) first, so RFC 9162's
 * MTH(D[0:n]) folds them right to left (§2.1.1: the left subtree is always the largest power of
 * two). Kept in the locked head row, it lets an append compute its new subtrees without reads.
 */
export interface FrontierNode {
  level: number;
  /** Lowercase hex SHA-256. */
  hash: string;
}

/**
 * Appends leaf `index` (which must equal the current size) and returns the new frontier and the
 * complete subtrees that became known (to be stored for proofs).
 */
export function appendToFrontier(
  frontier: readonly FrontierNode[],
  index: number,
  leafHash: Uint8Array,
): { frontier: FrontierNode[]; completed: Subtree[] } {
  // The left siblings of leaf i are the trailing frontier nodes at levels 0..k-1, where k is the
  // number of trailing one bits of i; completedSubtrees wants them level 0 first.
  let ones = 0;
  while (Math.floor(index / 2 ** ones) % 2 === 1) ones++;
  if (frontier.length < ones)
    throw new Error(`frontier of ${frontier.length} nodes cannot hold leaf ${index}`);
  const tail = frontier.slice(frontier.length - ones);
  const siblings = [...tail].reverse().map((n) => Buffer.from(n.hash, 'hex'));
  const completed = completedSubtrees(index, leafHash, siblings);
  const top = completed[completed.length - 1] as Subtree;
  return {
    frontier: [
      ...frontier.slice(0, frontier.length - ones),
      { level: top.level, hash: Buffer.from(top.hash).toString('hex') },
    ],
    completed,
  };
}

/** MTH of the tree whose right edge this is; the empty tree's root for an empty frontier. */
export function frontierRoot(frontier: readonly FrontierNode[]): Uint8Array {
  const last = frontier[frontier.length - 1];
  if (last === undefined) return EMPTY_ROOT;
  let root: Uint8Array = Buffer.from(last.hash, 'hex');
  for (let i = frontier.length - 2; i >= 0; i--) {
    root = hashChildren(Buffer.from((frontier[i] as FrontierNode).hash, 'hex'), root);
  }
  return root;
}
