import { argumentError, requireUint64 } from './argument-checks.js';
import { hashRanges, type LeafRange } from './range-hashes.js';
import type { SubtreeHashSource } from './subtree-hash-source.js';
import { splitPoint, type Uint64Input } from './uint64.js';

/**
 * RFC 9162 §2.1.4.1 (RFC 6962 §2.1.2): the consistency proof from the tree of `size1` to the
 * tree of `size2`, read from stored subtrees in O(log n). Equal sizes give an empty proof.
 * Requires 0 < size1 <= size2: a proof from the empty tree proves nothing and verifiers refuse
 * it (standards.md §1.5), so the log does not produce one.
 */
export async function consistencyProof(
  size1: Uint64Input,
  size2: Uint64Input,
  source: SubtreeHashSource,
): Promise<Uint8Array[]> {
  const m = requireUint64(size1, 'size1');
  const n = requireUint64(size2, 'size2');
  if (m > n) throw argumentError('SIZE_ORDER', 'size1', `size1 ${m} is larger than size2 ${n}`);
  if (m === 0n) throw argumentError('EMPTY_TREE', 'size1', 'no consistency proof from size 0');
  if (m === n) return [];
  return hashRanges(consistencyRanges(m, n), source);
}

/**
 * SUBPROOF(m, D[0:n], true) unrolled. `complete` is the RFC's flag b: it stays true while the
 * old tree is a left prefix of the current range, in which case its root is known to the
 * verifier and left out of the proof.
 */
function consistencyRanges(size1: bigint, size2: bigint): LeafRange[] {
  const proof: LeafRange[] = [];
  let start = 0n;
  let end = size2;
  let m = size1;
  let complete = true;
  for (;;) {
    const width = end - start;
    if (m === width) {
      if (!complete) proof.push({ start, end });
      break;
    }
    const k = splitPoint(width);
    if (m <= k) {
      proof.push({ start: start + k, end });
      end = start + k;
    } else {
      proof.push({ start, end: start + k });
      start += k;
      m -= k;
      complete = false;
    }
  }
  return proof.reverse();
}
