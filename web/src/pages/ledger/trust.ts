import type { AuditKeyView, CheckpointView } from '../../../../src/client/index.js';
import { decodeBase64Strict } from '../../lib/merkle.js';
import {
  NoteError,
  parseCheckpointText,
  parseNote,
  verifyCheckpointNote,
  type VerifiedCheckpoint,
} from './checkpoint-note.js';
import type { VerificationTarget } from './verify-entry.js';

/** What this browser concluded about the latest signed checkpoint. */
export type CheckpointTrust =
  | { status: 'none' }
  | { status: 'verified'; checkpoint: CheckpointView; verified: VerifiedCheckpoint; vkey: string }
  | {
      status: 'unchecked' | 'failed';
      checkpoint: CheckpointView;
      vkey: string;
      reason: string;
      message: string;
    };

/** The verifier key that should have signed a checkpoint: the one with its key ID, else the current. */
export function verifierKeyFor(checkpoint: CheckpointView, key: AuditKeyView): string {
  return key.checkpointKeys.find((k) => k.keyId === checkpoint.keyId)?.vkey ?? key.verifierKey;
}

/**
 * Verifies the latest checkpoint's signed note with `vkey` (the server's key unless the auditor
 * pasted their own). A browser without WebCrypto Ed25519 leaves it unchecked, never "verified".
 */
export async function checkpointTrust(
  checkpoints: readonly CheckpointView[],
  key: AuditKeyView,
  vkey?: string,
): Promise<CheckpointTrust> {
  const checkpoint = checkpoints.at(-1);
  if (checkpoint === undefined) return { status: 'none' };
  const used = vkey ?? verifierKeyFor(checkpoint, key);
  try {
    const verified = await verifyCheckpointNote(checkpoint.note, used, key.origin);
    return { status: 'verified', checkpoint, verified, vkey: used };
  } catch (error) {
    const reason = error instanceof NoteError ? error.reason : 'UNEXPECTED';
    const message = error instanceof Error ? error.message : String(error);
    return {
      status: reason === 'ED25519_UNSUPPORTED' ? 'unchecked' : 'failed',
      checkpoint,
      vkey: used,
      reason,
      message,
    };
  }
}

/**
 * What entry `seq` is checked against: the latest checkpoint when it covers the entry (its root
 * read from the note text, the bytes the signature covers), else the current head.
 */
export function targetFor(
  seq: number,
  trust: CheckpointTrust,
  head: { size: number; rootHash: string },
): VerificationTarget {
  if (trust.status === 'verified' && seq < trust.verified.checkpoint.size) {
    return {
      kind: 'checkpoint',
      size: trust.verified.checkpoint.size,
      rootHash: trust.verified.checkpoint.rootHash,
      signature: 'verified',
      signer: `${trust.verified.key.name}+${trust.verified.key.keyId}`,
    };
  }
  if ((trust.status === 'unchecked' || trust.status === 'failed') && seq < trust.checkpoint.size) {
    const rootHash =
      noteRoot(trust.checkpoint.note) ?? decodeBase64Strict(trust.checkpoint.rootHash);
    return {
      kind: 'checkpoint',
      size: trust.checkpoint.size,
      rootHash,
      signature: trust.status,
    };
  }
  return {
    kind: 'head',
    size: head.size,
    rootHash: decodeBase64Strict(head.rootHash),
    signature: 'unsigned',
  };
}

function noteRoot(note: string): Uint8Array | undefined {
  try {
    return parseCheckpointText(parseNote(note).text).rootHash;
  } catch {
    return undefined;
  }
}
