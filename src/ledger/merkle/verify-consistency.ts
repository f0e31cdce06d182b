import { hashChildren } from './merkle-hash.js';
import { MerkleVerificationError } from './merkle-verification-error.js';
import { consistencyProofLength } from './proof-length.js';
import { isPowerOfTwo, type Uint64Input } from './uint64.js';
import {
  equalBytes,
  hashOrFail,
  proofLengthOrFail,
  proofOrFail,
  proofShapeError,
  uint64OrFail,
} from './verification-checks.js';

/**
 * RFC 9162 §2.1.4.2, with the size-0 and equal-size branches of transparency-dev/merkle
 * `RootFromConsistencyProof` (standards.md §1.5): checks that the tree of `size2` with root
 * `root2` extends the tree of `size1` with root `root1`. Refuses, before hashing and in this
 * order: a bad number, size2 < size1 (SIZE_ORDER), size1 = 0 even for 0 → 0 (EMPTY_TREE), a hash
 * that is not 32 bytes, a proof of the wrong length (including any non-empty proof for equal
 * sizes). Then ROOT_MISMATCH, with `details.root` naming the root that did not match.
 */
export function verifyConsistency(
  size1: Uint64Input,
  size2: Uint64Input,
  root1: Uint8Array,
  root2: Uint8Array,
  proof: readonly Uint8Array[],
): void {
  const m = uint64OrFail(size1, 'size1');
  const n = uint64OrFail(size2, 'size2');
  if (n < m) {
    throw new MerkleVerificationError('SIZE_ORDER', `size2 ${n} is smaller than size1 ${m}`, {
      size1: m.toString(),
      size2: n.toString(),
    });
  }
  if (m === 0n) {
    // Some verifiers accept anything from the empty tree; it proves nothing, so refuse it.
    throw new MerkleVerificationError(
      'EMPTY_TREE',
      'a consistency proof from size 0 is meaningless',
      {
        size1: '0',
        size2: n.toString(),
      },
    );
  }
  const firstRoot = hashOrFail(root1, 'root1');
  const secondRoot = hashOrFail(root2, 'root2');
  const elements = proofOrFail(proof);
  proofLengthOrFail(elements, consistencyProofLength(m, n));

  if (m === n) {
    if (!equalBytes(firstRoot, secondRoot)) throw rootMismatch('second');
    return;
  }

  // When size1 is a power of two its root is a node of the new tree, so the proof omits it.
  const path = isPowerOfTwo(m) ? [firstRoot, ...elements] : elements;
  let fn = m - 1n;
  let sn = n - 1n;
  while ((fn & 1n) === 1n) {
    fn >>= 1n;
    sn >>= 1n;
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0n) throw proofShapeError();
    if ((fn & 1n) === 1n || fn === sn) {
      fr = hashChildren(c, fr);
      sr = hashChildren(c, sr);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      sr = hashChildren(sr, c);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw proofShapeError();
  if (!equalBytes(fr, firstRoot)) throw rootMismatch('first');
  if (!equalBytes(sr, secondRoot)) throw rootMismatch('second');
}

function rootMismatch(root: 'first' | 'second'): MerkleVerificationError {
  return new MerkleVerificationError(
    'ROOT_MISMATCH',
    `the consistency proof does not lead to the ${root} root`,
    { root },
  );
}
