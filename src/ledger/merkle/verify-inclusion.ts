import { hashChildren } from './merkle-hash.js';
import { MerkleVerificationError } from './merkle-verification-error.js';
import { inclusionProofLength } from './proof-length.js';
import type { Uint64Input } from './uint64.js';
import {
  equalBytes,
  hashOrFail,
  proofLengthOrFail,
  proofOrFail,
  proofShapeError,
  uint64OrFail,
} from './verification-checks.js';

/**
 * RFC 9162 §2.1.3.2: the root that an inclusion proof leads to from `leafHash` at `leafIndex` in a
 * tree of `treeSize`. Refuses (MerkleVerificationError) before hashing, in this order: a bad
 * number, `leafIndex >= treeSize`, a hash that is not 32 bytes, a proof of the wrong length
 * (standards.md §1.6–§1.7).
 */
export function rootFromInclusionProof(
  leafIndex: Uint64Input,
  treeSize: Uint64Input,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
): Uint8Array {
  const index = uint64OrFail(leafIndex, 'leafIndex');
  const size = uint64OrFail(treeSize, 'treeSize');
  if (index >= size) {
    throw new MerkleVerificationError(
      'INDEX_OUT_OF_RANGE',
      `leaf ${index} is not in a tree of ${size}`,
      { leafIndex: index.toString(), treeSize: size.toString() },
    );
  }
  let hash = hashOrFail(leafHash, 'leafHash');
  const path = proofOrFail(proof);
  proofLengthOrFail(path, inclusionProofLength(index, size));

  // fn walks the leaf's position up the tree, sn the last leaf's; where they meet (fn == sn) the
  // leaf's path runs along the right edge and the incomplete levels are skipped.
  let fn = index;
  let sn = size - 1n;
  for (const sibling of path) {
    if (sn === 0n) throw proofShapeError();
    if ((fn & 1n) === 1n || fn === sn) {
      hash = hashChildren(sibling, hash);
      while ((fn & 1n) === 0n && fn !== 0n) {
        fn >>= 1n;
        sn >>= 1n;
      }
    } else {
      hash = hashChildren(hash, sibling);
    }
    fn >>= 1n;
    sn >>= 1n;
  }
  if (sn !== 0n) throw proofShapeError();
  return hash;
}

/**
 * RFC 9162 §2.1.3.2: checks that `leafHash` is leaf `leafIndex` of the tree of `treeSize` whose
 * root is `rootHash`. Returns nothing; throws MerkleVerificationError with a precise `reason`.
 */
export function verifyInclusion(
  leafIndex: Uint64Input,
  treeSize: Uint64Input,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): void {
  const expected = hashOrFail(rootHash, 'rootHash');
  const computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (!equalBytes(computed, expected)) {
    throw new MerkleVerificationError(
      'ROOT_MISMATCH',
      'the inclusion proof does not lead to the root',
    );
  }
}
