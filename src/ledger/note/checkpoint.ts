import {
  decodeBase64Strict,
  encodeBase64,
  HASH_SIZE,
  parseUint64Decimal,
  toUint64,
  type Uint64Input,
} from '../merkle/index.js';
import { noteBytes, requireNoControlCharacters } from './note-text.js';
import { NoteVerificationError } from './note-verification-error.js';
import type { NoteSigner } from './signer-key.js';
import { signNote, verifyNote, type NoteSignature, type VerifiedNote } from './signed-note.js';
import { parseVerifierKey, type NoteVerifier } from './verifier-key.js';

/** A c2sp.org/tlog-checkpoint: which log, how many entries, and the RFC 6962 root at that size. */
export interface Checkpoint {
  readonly origin: string;
  readonly size: bigint;
  readonly rootHash: Uint8Array;
  /** Extension lines, each non-empty; NOT RECOMMENDED by the spec, kept for completeness. */
  readonly extensions: readonly string[];
}

/** What `formatCheckpoint` needs; the size may be a bigint or a safe-integer number. */
export interface CheckpointInput {
  readonly origin: string;
  readonly size: Uint64Input;
  readonly rootHash: Uint8Array;
  readonly extensions?: readonly string[];
}

/** A checkpoint whose note signature by the log's key has been verified. */
export interface VerifiedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
}

/**
 * c2sp.org/tlog-checkpoint (standards.md §3.1): the note text
 * `<origin>\n<decimal size>\n<base64 root>\n[<extension>\n]*`. Checks what the format requires
 * (a non-empty origin and extensions without control characters, a uint64 size, a 32-byte
 * root), so a log cannot emit a checkpoint its own verifiers would refuse.
 */
export function formatCheckpoint(input: CheckpointInput): string {
  const size = toUint64(input.size);
  if (size === undefined) throw malformed('size', 'the size is not a uint64');
  if (input.rootHash.length !== HASH_SIZE) throw malformed('rootHash', 'the root is not 32 bytes');
  requireLine(input.origin, 'origin');
  const extensions = input.extensions ?? [];
  extensions.forEach((line, i) => requireLine(line, `extensions[${i}]`));
  return [input.origin, size.toString(), encodeBase64(input.rootHash), ...extensions]
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * Parses checkpoint text with the client checks of c2sp.org/tlog-checkpoint (standards.md §3.1):
 * a non-empty origin, a size that is uint64 decimal without leading zeroes, a root that decodes
 * strictly to 32 bytes, non-empty extension lines, LF line ends. Origins with spaces (Rekor v1:
 * "<host> - <treeID>") parse: the spec only says SHOULD; `verifyCheckpoint` pins the origin.
 */
export function parseCheckpoint(text: string): Checkpoint {
  requireNoControlCharacters(noteBytes(text));
  if (!text.endsWith('\n')) throw malformed('text', 'the checkpoint does not end in LF');
  const [origin = '', sizeText = '', rootText = '', ...extensions] = text.slice(0, -1).split('\n');
  if (origin.length === 0) throw malformed('origin', 'the origin is empty');
  const size = parseUint64Decimal(sizeText);
  if (size === undefined) {
    throw malformed('size', 'the size is not uint64 decimal without leading zeroes');
  }
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64Strict(rootText, 'rootHash');
  } catch {
    throw malformed('rootHash', 'the root is not canonical standard base64');
  }
  if (rootHash.length !== HASH_SIZE) throw malformed('rootHash', 'the root is not 32 bytes');
  extensions.forEach((line, i) => {
    if (line.length === 0) throw malformed(`extensions[${i}]`, 'an extension line is empty');
  });
  return { origin, size, rootHash, extensions };
}

/**
 * Signs a checkpoint as the log (c2sp.org/tlog-checkpoint): the key name must equal the origin,
 * the SHOULD this platform follows, so origins here are valid key names (no spaces, no `+`).
 */
export function signCheckpoint(input: CheckpointInput, signer: NoteSigner): string {
  if (input.origin !== signer.name) {
    throw new NoteVerificationError(
      'ORIGIN_MISMATCH',
      'the log signs with a key named after its origin',
      {
        origin: input.origin,
        keyName: signer.name,
      },
    );
  }
  return signNote(formatCheckpoint(input), [signer]);
}

/**
 * Verifies a signed checkpoint (c2sp.org/tlog-checkpoint client checks): the note signature by
 * the log's key, or by any of several (the log's keys before and after a rotation; other
 * signatures, such as witness cosignatures, are ignored and returned unverified), then the
 * origin, which must equal `expectedOrigin` (by default the name of the key that signed), then
 * the text. Consistency with the last trusted checkpoint (§1.5) is the caller's next step.
 */
export function verifyCheckpoint(
  note: string | Uint8Array,
  logKey: NoteVerifier | string | readonly (NoteVerifier | string)[],
  expectedOrigin?: string,
): VerifiedCheckpoint {
  const verifiers = (Array.isArray(logKey) ? logKey : [logKey]).map((k: NoteVerifier | string) =>
    typeof k === 'string' ? parseVerifierKey(k) : k,
  );
  const verified = verifyNote(note, verifiers);
  // verifyNote refuses a note that no given key signed, so one signature is always there.
  const origin = expectedOrigin ?? (verified.signatures[0] as NoteSignature).name;
  // Compare the first line before parsing the rest: the origin says which log's rules apply.
  const firstLine = verified.text.slice(0, verified.text.indexOf('\n'));
  if (firstLine !== origin) {
    throw new NoteVerificationError('ORIGIN_MISMATCH', 'the checkpoint is from another log', {
      expected: origin,
      actual: firstLine,
    });
  }
  return { checkpoint: parseCheckpoint(verified.text), note: verified };
}

function requireLine(line: string, field: string): void {
  if (line.length === 0) throw malformed(field, `${field} is empty`);
  if (line.includes('\n')) throw malformed(field, `${field} has a line break`);
  try {
    requireNoControlCharacters(noteBytes(line));
  } catch {
    throw malformed(field, `${field} has a control character`);
  }
}

function malformed(field: string, message: string): NoteVerificationError {
  return new NoteVerificationError('MALFORMED_CHECKPOINT', message, { field });
}
