/**
 * C2SP signed notes, checkpoints and portable proofs (standards.md §2–§3): Ed25519 keys in
 * their note string forms, note signing and strict verification, tlog-checkpoint text and
 * tlog-proof files. Pure: no database, network, clock or file access.
 */
export {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
  type Checkpoint,
  type CheckpointInput,
  type VerifiedCheckpoint,
} from './checkpoint.js';
export {
  NOTE_FAILURE_REASONS,
  NoteVerificationError,
  type NoteFailureReason,
} from './note-verification-error.js';
export {
  MAX_NOTE_SIGNATURES,
  signNote,
  verifyNote,
  type NoteSignature,
  type VerifiedNote,
} from './signed-note.js';
export {
  ed25519Signer,
  formatSignerKey,
  parseSignerKey,
  type Ed25519NoteSigner,
  type NoteSigner,
} from './signer-key.js';
export {
  formatTlogProof,
  parseTlogProof,
  verifyTlogProof,
  type TlogProof,
  type TlogProofInput,
  type VerifiedTlogProof,
} from './tlog-proof.js';
export {
  ED25519_KEY_TYPE,
  ed25519Verifier,
  formatKeyId,
  formatVerifierKey,
  isValidKeyName,
  keyId,
  parseVerifierKey,
  type Ed25519NoteVerifier,
  type NoteVerifier,
} from './verifier-key.js';
