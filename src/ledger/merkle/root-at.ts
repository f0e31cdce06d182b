import { requireUint64 } from './argument-checks.js';
import { EMPTY_ROOT } from './merkle-hash.js';
import { hashRanges } from './range-hashes.js';
import type { SubtreeHashSource } from './subtree-hash-source.js';
import type { Uint64Input } from './uint64.js';

/**
 * RFC 9162 §2.1.1: MTH(D[0:size]) from stored complete subtrees, one read per set bit of `size`.
 * Size 0 gives the empty root SHA-256("").
 */
export async function rootAt(size: Uint64Input, source: SubtreeHashSource): Promise<Uint8Array> {
  const n = requireUint64(size, 'size');
  if (n === 0n) return Uint8Array.from(EMPTY_ROOT);
  const [root] = await hashRanges([{ start: 0n, end: n }], source);
  return root!;
}
