import {
  decodeBase64Strict,
  encodeBase64,
  HASH_SIZE,
  parseUint64Decimal,
  toUint64,
  verifyInclusion,
  type Uint64Input,
} from '../merkle/index.js';
import { verifyCheckpoint, type Checkpoint } from './checkpoint.js';
import { decodeUtf8 } from './note-text.js';
import { NoteVerificationError } from './note-verification-error.js';
import type { VerifiedNote } from './signed-note.js';
import type { NoteVerifier } from './verifier-key.js';

const HEADER = 'c2sp.org/tlog-proof@v1';
// An inclusion proof in a tree of at most 2^64 - 1 leaves has at most 64 hashes.
const MAX_PATH_LENGTH = 64;

/** A c2sp.org/tlog-proof: an entry's index, its inclusion proof, and the signed checkpoint. */
export interface TlogProof {
  readonly index: bigint;
  /** RFC 6962 §2.1.1 audit path, leaf sibling first. */
  readonly path: readonly Uint8Array[];
  /** The signed checkpoint note, verbatim, cosignatures included. */
  readonly signedCheckpoint: string;
  /** Opaque application data; NOT authenticated by anything in the proof. */
  readonly extra?: Uint8Array;
}

/** What `formatTlogProof` needs; the index may be a bigint or a safe-integer number. */
export interface TlogProofInput {
  readonly index: Uint64Input;
  readonly path: readonly Uint8Array[];
  readonly signedCheckpoint: string;
  readonly extra?: Uint8Array;
}

/** A portable proof whose checkpoint signature and inclusion proof have both been verified. */
export interface VerifiedTlogProof {
  readonly index: bigint;
  readonly checkpoint: Checkpoint;
  readonly note: VerifiedNote;
  /** Still unauthenticated: the proof's signatures do not cover it. */
  readonly extra?: Uint8Array;
}

/**
 * c2sp.org/tlog-proof (standards.md §3.4), the `.tlog-proof` file: header, optional
 * `extra <base64>`, `index <decimal>`, one base64 hash per line, a blank line, then the signed
 * checkpoint verbatim. An auditor verifies it offline with the log's verifier key.
 */
export function formatTlogProof(input: TlogProofInput): string {
  const index = toUint64(input.index);
  if (index === undefined) throw malformed('index', 'the index is not a uint64');
  if (input.path.length > MAX_PATH_LENGTH) throw malformed('path', 'the path is too long');
  input.path.forEach((hash, i) => {
    if (hash.length !== HASH_SIZE) throw malformed(`path[${i}]`, 'a path hash is not 32 bytes');
  });
  if (input.signedCheckpoint.length === 0 || !input.signedCheckpoint.endsWith('\n')) {
    throw malformed('signedCheckpoint', 'the signed checkpoint must be a note ending in LF');
  }
  const lines = [
    HEADER,
    ...(input.extra === undefined ? [] : [`extra ${encodeBase64(input.extra)}`]),
    `index ${index}`,
    ...input.path.map(encodeBase64),
  ];
  return `${lines.join('\n')}\n\n${input.signedCheckpoint}`;
}

/**
 * Parses a portable proof strictly (c2sp.org/tlog-proof): exact header, `extra` only as the
 * second line, index without leading zeroes, at most 64 path hashes each decoding strictly to 32
 * bytes, and a non-empty checkpoint after the first blank line. Does not verify anything.
 */
export function parseTlogProof(proof: string | Uint8Array): TlogProof {
  const text = typeof proof === 'string' ? proof : decodeUtf8(proof);
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw malformed('text', 'no blank line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  const signedCheckpoint = text.slice(blank + 2);
  if (signedCheckpoint.length === 0)
    throw malformed('signedCheckpoint', 'the checkpoint is missing');

  let next = 0;
  if (lines[next++] !== HEADER) throw malformed('header', `the first line is not ${HEADER}`);
  let extra: Uint8Array | undefined;
  if (lines[next]?.startsWith('extra ')) {
    extra = decodeOrFail(lines[next++]!.slice('extra '.length), 'extra');
  }
  const indexLine = lines[next++] ?? '';
  const index = indexLine.startsWith('index ')
    ? parseUint64Decimal(indexLine.slice('index '.length))
    : undefined;
  if (index === undefined) {
    throw malformed('index', 'expected "index <decimal without leading zeroes>"');
  }
  const pathLines = lines.slice(next);
  if (pathLines.length > MAX_PATH_LENGTH) throw malformed('path', 'more than 64 path hashes');
  const path = pathLines.map((line, i) => {
    const hash = decodeOrFail(line, `path[${i}]`);
    if (hash.length !== HASH_SIZE) throw malformed(`path[${i}]`, 'a path hash is not 32 bytes');
    return hash;
  });
  return extra === undefined
    ? { index, path, signedCheckpoint }
    : { index, path, signedCheckpoint, extra };
}

/**
 * Verifies a portable proof offline (c2sp.org/tlog-proof "Verify"): parse it, verify the
 * checkpoint's signature by the log key and its origin (`verifyCheckpoint`), then the inclusion
 * of `leafHash` (computed by the caller from the application data, RFC 9162 §2.1.3.2) at the
 * proof's index against the checkpoint's size and root. Witness cosignatures are returned
 * unverified in `note.unverifiedSignatures`; a witness policy is not applied here.
 */
export function verifyTlogProof(
  proof: string | Uint8Array,
  leafHash: Uint8Array,
  logKey: NoteVerifier | string,
  expectedOrigin?: string,
): VerifiedTlogProof {
  const parsed = parseTlogProof(proof);
  const { checkpoint, note } = verifyCheckpoint(parsed.signedCheckpoint, logKey, expectedOrigin);
  verifyInclusion(parsed.index, checkpoint.size, leafHash, parsed.path, checkpoint.rootHash);
  const verified = { index: parsed.index, checkpoint, note };
  return parsed.extra === undefined ? verified : { ...verified, extra: parsed.extra };
}

function decodeOrFail(text: string, field: string): Uint8Array {
  try {
    return decodeBase64Strict(text, field);
  } catch {
    throw malformed(field, `${field} is not canonical standard base64`);
  }
}

function malformed(field: string, message: string): NoteVerificationError {
  return new NoteVerificationError('MALFORMED_PROOF', message, { field });
}
