import { NotFoundError } from '../../lib/index.js';
import { requireHash } from './argument-checks.js';
import { completedSubtrees, leftSiblingPositions } from './completed-subtrees.js';
import type { Subtree, SubtreeHashSource } from './subtree-hash-source.js';

/**
 * A SubtreeHashSource held in memory, filled the way a log fills its store: each append records
 * the subtrees it completes (`completedSubtrees`). For tests, tools and small trees.
 */
export class MemorySubtreeHashes implements SubtreeHashSource {
  // #levels[l][i] = hash of the complete subtree (l, i); level 0 holds the leaf hashes.
  readonly #levels: Uint8Array[][] = [];

  constructor(leafHashes: Iterable<Uint8Array> = []) {
    for (const leafHash of leafHashes) this.append(leafHash);
  }

  /** Number of leaves appended so far. */
  get size(): bigint {
    return BigInt(this.#levels[0]?.length ?? 0);
  }

  /** Appends one leaf hash and returns the subtrees it completed, level 0 first. */
  append(leafHash: Uint8Array): Subtree[] {
    requireHash(leafHash, 'leafHash');
    const index = this.size;
    const siblings = leftSiblingPositions(index).map(
      (p) => this.#levels[p.level]![Number(p.index)]!,
    );
    const subtrees = completedSubtrees(index, leafHash, siblings);
    // Subtrees complete in index order, so each new one goes at the end of its level.
    for (const subtree of subtrees) (this.#levels[subtree.level] ??= []).push(subtree.hash);
    return subtrees;
  }

  subtreeHash(level: number, index: bigint): Promise<Uint8Array> {
    const hash =
      index <= BigInt(Number.MAX_SAFE_INTEGER) ? this.#levels[level]?.[Number(index)] : undefined;
    return hash === undefined
      ? Promise.reject(new NotFoundError('subtree', `${level}/${index}`))
      : Promise.resolve(hash);
  }
}
