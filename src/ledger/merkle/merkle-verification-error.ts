import { VerityError } from '../../lib/index.js';

/**
 * Every reason a Merkle proof, root or encoded hash is refused (RFC 9162 §2.1.3.2, §2.1.4.2;
 * standards.md §1.6–§1.7). A closed list so callers and tests branch on a stable code, never on
 * message text.
 */
export const MERKLE_FAILURE_REASONS = [
  /** An index or size is not an unsigned 64-bit integer (negative, fractional, unsafe, ≥ 2^64). */
  'INVALID_NUMBER',
  /** A leaf hash, root or proof element is not exactly 32 bytes. */
  'BAD_HASH_LENGTH',
  /** Base64 or hex text that a strict decoder refuses (§1.7 "loose encodings"). */
  'BAD_ENCODING',
  /** `leafIndex >= treeSize`, hence every inclusion proof in an empty tree. */
  'INDEX_OUT_OF_RANGE',
  /** A consistency proof from size 0, which proves nothing (even 0 → 0). */
  'EMPTY_TREE',
  /** A consistency proof whose second size is smaller than its first. */
  'SIZE_ORDER',
  /** A proof with more or fewer elements than §1.6 requires for its index and sizes. */
  'WRONG_PROOF_LENGTH',
  /** The proof is well formed but does not lead to the expected root(s). */
  'ROOT_MISMATCH',
] as const;

export type MerkleFailureReason = (typeof MERKLE_FAILURE_REASONS)[number];

/**
 * A Merkle proof or tree hash failed verification. Its `code` is `INTEGRITY_ERROR` (the audit
 * trail does not verify); `reason` (also in `details.reason`) says precisely why.
 */
export class MerkleVerificationError extends VerityError {
  readonly reason: MerkleFailureReason;

  constructor(reason: MerkleFailureReason, message: string, details: Record<string, unknown> = {}) {
    super('INTEGRITY_ERROR', message, { ...details, reason });
    this.reason = reason;
  }
}
