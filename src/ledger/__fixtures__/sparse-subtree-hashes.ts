import { NotFoundError } from '../../lib/index.js';
import { hashChildren, hashLeaf, type SubtreeHashSource } from '../merkle/index.js';

const FILLER_LEAF = hashLeaf(Uint8Array.of(0xff));

function uint64BigEndian(value: bigint): Uint8Array {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigUint64(0, value);
  return bytes;
}

/**
 * A consistent RFC 6962 tree of any size up to 2^64 - 1, for testing at scales no test could
 * store. Every leaf is LEAF(0xff) except the marked ones, which are LEAF(uint64be(index)), so a
 * subtree without marks has a hash that depends only on its level, and the others are computed
 * (and memoised) from their children. Mark a leaf and one leaf in each sibling subtree on its
 * path, and a proof that fetched any wrong position would no longer verify.
 */
export class SparseSubtreeHashes implements SubtreeHashSource {
  /** Every position read, as "level/index", in order. */
  readonly reads: string[] = [];
  readonly #marks: readonly bigint[];
  readonly #filler: Uint8Array[] = [FILLER_LEAF];
  readonly #memo = new Map<string, Uint8Array>();

  constructor(
    readonly size: bigint,
    marks: Iterable<bigint>,
  ) {
    this.#marks = [...marks].filter((m) => m < size);
    for (let level = 1; level <= 64; level++) {
      const below = this.#filler[level - 1]!;
      this.#filler.push(hashChildren(below, below));
    }
  }

  /** Marks `index` and one leaf in every sibling subtree along its path. */
  static marksAround(index: bigint): bigint[] {
    return [index, ...Array.from({ length: 64 }, (_, l) => index ^ (1n << BigInt(l)))];
  }

  leafHash(index: bigint): Uint8Array {
    return this.#hash(0, index);
  }

  subtreeHash(level: number, index: bigint): Promise<Uint8Array> {
    this.reads.push(`${level}/${index}`);
    // Like a real store, hold only subtrees that are complete in a tree of `size`.
    if ((index + 1n) << BigInt(level) > this.size) {
      return Promise.reject(new NotFoundError('subtree', `${level}/${index}`));
    }
    return Promise.resolve(this.#hash(level, index));
  }

  #hash(level: number, index: bigint): Uint8Array {
    const start = index << BigInt(level);
    const end = start + (1n << BigInt(level));
    if (!this.#marks.some((m) => m >= start && m < end)) return this.#filler[level]!;
    if (level === 0) return hashLeaf(uint64BigEndian(index));
    const key = `${level}/${index}`;
    let hash = this.#memo.get(key);
    if (hash === undefined) {
      hash = hashChildren(
        this.#hash(level - 1, 2n * index),
        this.#hash(level - 1, 2n * index + 1n),
      );
      this.#memo.set(key, hash);
    }
    return hash;
  }
}
