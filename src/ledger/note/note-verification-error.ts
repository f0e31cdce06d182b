import { VerityError } from '../../lib/index.js';

/**
 * Every reason a signed note, key string, checkpoint or portable proof is refused
 * (c2sp.org/signed-note, tlog-checkpoint, tlog-proof; standards.md §2–§3). A closed list so
 * callers and tests branch on a stable code, never on message text.
 */
export const NOTE_FAILURE_REASONS = [
  /** A verifier or signer key string that does not parse (§2.2), or an invalid key name. */
  'MALFORMED_KEY',
  /** A key whose type byte is not 0x01 (Ed25519), the only type this platform signs with. */
  'UNSUPPORTED_KEY_TYPE',
  /** A key string whose key ID is not SHA-256(name || 0x0A || type || key)[0:4]. */
  'KEY_ID_MISMATCH',
  /** Bytes that are not valid UTF-8 (or a JS string with a lone surrogate). */
  'INVALID_UTF8',
  /** A byte below 0x20 other than LF: CR, CRLF line ends, TAB, NUL... (§2.1). */
  'CONTROL_CHARACTER',
  /** The note does not end in LF (every line ends in LF, the last signature line included). */
  'MISSING_FINAL_NEWLINE',
  /** No blank line between text and signatures, no signature lines, or empty text. */
  'MALFORMED_NOTE',
  /** A signature line that is not "— <name> <base64(keyID || signature)>". */
  'MALFORMED_SIGNATURE_LINE',
  /** More signature lines than the verifier is willing to parse (§2.3 rule 5). */
  'TOO_MANY_SIGNATURES',
  /** Two signers with the same name and key ID asked to sign one note. */
  'DUPLICATE_SIGNER',
  /** A signature by a known key does not verify (§2.3 rule 3). */
  'BAD_SIGNATURE',
  /** No signature by a known key: nothing vouches for the text (§2.3 rule 4). */
  'NO_TRUSTED_SIGNATURE',
  /** Checkpoint text that breaks c2sp.org/tlog-checkpoint (§3.1); `details.field` says where. */
  'MALFORMED_CHECKPOINT',
  /** The checkpoint's origin is not the log the verifier expects. */
  'ORIGIN_MISMATCH',
  /** A portable proof that breaks c2sp.org/tlog-proof (§3.4); `details.field` says where. */
  'MALFORMED_PROOF',
] as const;

export type NoteFailureReason = (typeof NOTE_FAILURE_REASONS)[number];

/**
 * A signed note, key, checkpoint or portable proof failed to parse or verify. Its `code` is
 * `INTEGRITY_ERROR`; `reason` (also in `details.reason`) says precisely why.
 */
export class NoteVerificationError extends VerityError {
  readonly reason: NoteFailureReason;

  constructor(reason: NoteFailureReason, message: string, details: Record<string, unknown> = {}) {
    super('INTEGRITY_ERROR', message, { ...details, reason });
    this.reason = reason;
  }
}
