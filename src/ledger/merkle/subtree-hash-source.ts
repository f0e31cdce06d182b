/**
 * The position of a complete aligned subtree: the 2^level leaves [index·2^level,
 * (index+1)·2^level). Its hash never changes once its last leaf is appended (standards.md §1.1),
 * so a log stores it once; level 0 holds the leaf hashes.
 */
export interface SubtreePosition {
  readonly level: number;
  readonly index: bigint;
}

/** A complete aligned subtree with its RFC 9162 §2.1.1 hash, MTH of the leaves it covers. */
export interface Subtree extends SubtreePosition {
  readonly hash: Uint8Array;
}

/**
 * Where proof generation reads stored subtree hashes (a database table, tiles, or memory). Every
 * root, inclusion proof and consistency proof of a tree of size n needs O(log n) of them, read
 * in parallel. An implementation rejects a position it does not hold (for example beyond the
 * current tree) rather than inventing a hash.
 */
export interface SubtreeHashSource {
  /** The 32-byte hash of the complete aligned subtree at (`level`, `index`). */
  subtreeHash(level: number, index: bigint): Promise<Uint8Array>;
}
