import { argumentError, requireUint64 } from './argument-checks.js';
import { hashRanges, type LeafRange } from './range-hashes.js';
import type { SubtreeHashSource } from './subtree-hash-source.js';
import { splitPoint, type Uint64Input } from './uint64.js';

/**
 * RFC 9162 §2.1.3.1 (RFC 6962 §2.1.1 audit path): the inclusion proof of leaf `index` in the
 * tree of `size`, leaf sibling first, read from stored subtrees in O(log n). Requires
 * index < size (a ValidationError otherwise: a bad request, not tampering).
 */
export async function inclusionProof(
  index: Uint64Input,
  size: Uint64Input,
  source: SubtreeHashSource,
): Promise<Uint8Array[]> {
  const m = requireUint64(index, 'index');
  const n = requireUint64(size, 'size');
  if (m >= n) {
    throw argumentError('INDEX_OUT_OF_RANGE', 'index', `leaf ${m} is not in a tree of ${n}`);
  }
  return hashRanges(inclusionPathRanges(m, n), source);
}

/**
 * PATH(m, D[0:n]) unrolled: walk down from the root, recording the sibling range at each split,
 * then reverse so the deepest sibling (the leaf's) comes first.
 */
function inclusionPathRanges(index: bigint, size: bigint): LeafRange[] {
  const path: LeafRange[] = [];
  let start = 0n;
  let end = size;
  while (end - start > 1n) {
    const k = splitPoint(end - start);
    if (index - start < k) {
      path.push({ start: start + k, end });
      end = start + k;
    } else {
      path.push({ start, end: start + k });
      start += k;
    }
  }
  return path.reverse();
}
