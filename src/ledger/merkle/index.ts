/**
 * The pure RFC 9162 Merkle tree core of the ledger (standards.md §1): hashing, proof generation
 * over stored complete subtrees, and strict proof verification. No database, network or clock.
 */
export { completedSubtrees, leftSiblingPositions } from './completed-subtrees.js';
export { consistencyProof } from './consistency-proof.js';
export { decodeBase64Strict, decodeHex32, encodeBase64 } from './decode-base64-strict.js';
export { inclusionProof } from './inclusion-proof.js';
export { MemorySubtreeHashes } from './memory-subtree-hashes.js';
export {
  EMPTY_ROOT,
  HASH_SIZE,
  hashChildren,
  hashLeaf,
  rootFromLeafHashes,
} from './merkle-hash.js';
export {
  MERKLE_FAILURE_REASONS,
  MerkleVerificationError,
  type MerkleFailureReason,
} from './merkle-verification-error.js';
export { consistencyProofLength, inclusionProofLength } from './proof-length.js';
export { rootAt } from './root-at.js';
export type { Subtree, SubtreeHashSource, SubtreePosition } from './subtree-hash-source.js';
export { MAX_UINT64, parseUint64Decimal, toUint64, type Uint64Input } from './uint64.js';
export { rootFromInclusionProof, verifyInclusion } from './verify-inclusion.js';
export { verifyConsistency } from './verify-consistency.js';
