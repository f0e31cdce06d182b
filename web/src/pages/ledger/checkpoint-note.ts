import { decodeBase64Strict, HASH_SIZE, sha256, toHex, utf8 } from '../../lib/merkle.js';

/*
 * C2SP signed notes and checkpoints in the browser (standards.md §2–§3): parse the log's
 * verifier key, recompute its key ID, split a checkpoint note into its signed text and signature
 * lines, and check the Ed25519 signature with WebCrypto. Pure apart from `crypto.subtle`.
 */

/** Why a key, note or checkpoint is refused. */
export type NoteFailureReason =
  | 'MALFORMED_KEY'
  | 'UNSUPPORTED_KEY_TYPE'
  | 'KEY_ID_MISMATCH'
  | 'MALFORMED_NOTE'
  | 'MALFORMED_CHECKPOINT'
  | 'ORIGIN_MISMATCH'
  | 'NO_TRUSTED_SIGNATURE'
  | 'BAD_SIGNATURE'
  | 'ED25519_UNSUPPORTED';

export class NoteError extends Error {
  constructor(
    readonly reason: NoteFailureReason,
    message: string,
  ) {
    super(message);
    this.name = 'NoteError';
  }
}

/** c2sp.org/signed-note type byte of an Ed25519 key. */
const ED25519 = 0x01;
const SIGNATURE_PREFIX = '\u2014 ';

export interface VerifierKey {
  name: string;
  /** The 8 lowercase hex digits of the key ID. */
  keyId: string;
  publicKey: Uint8Array;
}

/** c2sp.org/signed-note key ID of an Ed25519 key: SHA-256(name || 0x0A || 0x01 || key)[0:4]. */
export async function keyIdOf(name: string, publicKey: Uint8Array): Promise<string> {
  const digest = await sha256(Uint8Array.from([...utf8(name), 0x0a, ED25519, ...publicKey]));
  return toHex(digest.subarray(0, 4));
}

/**
 * Parses `<name>+<key ID hex>+<base64(0x01 || key)>` (standards.md §2.2). Splits at the first
 * two `+` only (the base64 may contain `+`), requires the Ed25519 type byte and a 32-byte key,
 * and recomputes the key ID.
 */
export async function parseVerifierKey(vkey: string): Promise<VerifierKey> {
  const first = vkey.indexOf('+');
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1);
  if (first <= 0 || second < 0) {
    throw new NoteError('MALFORMED_KEY', 'a verifier key is <name>+<key ID>+<key>');
  }
  const name = vkey.slice(0, first);
  const keyId = vkey.slice(first + 1, second);
  if (/[\s+]/u.test(name)) throw new NoteError('MALFORMED_KEY', 'the key name is not valid');
  if (!/^[0-9a-f]{8}$/.test(keyId)) {
    throw new NoteError('MALFORMED_KEY', 'the key ID is not 8 lowercase hex digits');
  }
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64Strict(vkey.slice(second + 1), 'key');
  } catch {
    throw new NoteError('MALFORMED_KEY', 'the key is not canonical standard base64');
  }
  if (bytes[0] !== ED25519) {
    throw new NoteError('UNSUPPORTED_KEY_TYPE', 'only Ed25519 (type 0x01) keys are supported');
  }
  if (bytes.length !== 33) throw new NoteError('MALFORMED_KEY', 'an Ed25519 key is 32 bytes');
  const publicKey = bytes.slice(1);
  const computed = await keyIdOf(name, publicKey);
  if (computed !== keyId) {
    throw new NoteError(
      'KEY_ID_MISMATCH',
      `the key ID ${keyId} does not match the name and key (they give ${computed})`,
    );
  }
  return { name, keyId, publicKey };
}

export interface NoteSignatureLine {
  name: string;
  keyId: string;
  /** The signature bytes after the 4-byte key ID. */
  signature: Uint8Array;
  /** The line as written, for showing. */
  line: string;
}

export interface ParsedNote {
  /** The signed text: every line up to the blank separator line, ending in LF. */
  text: string;
  textBytes: Uint8Array;
  signatures: NoteSignatureLine[];
}

/**
 * Splits a signed note (standards.md §2.1): the text ends at the last blank line; each following
 * line is `— <name> <base64(keyID[4] || signature)>`. Strict: LF only, no other control byte.
 */
export function parseNote(note: string): ParsedNote {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) {
    throw new NoteError('MALFORMED_NOTE', 'the note has a control character other than LF');
  }
  if (!note.endsWith('\n')) throw new NoteError('MALFORMED_NOTE', 'the note does not end in LF');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw new NoteError('MALFORMED_NOTE', 'no blank line separates text and signatures');
  }
  const text = note.slice(0, split + 1);
  const lines = note.slice(split + 2, -1).split('\n');
  if (lines.length === 0 || lines[0] === '') {
    throw new NoteError('MALFORMED_NOTE', 'the note has no signature lines');
  }
  const signatures = lines.map((line, i) => {
    const malformed = (problem: string) =>
      new NoteError('MALFORMED_NOTE', `signature line ${i + 1} ${problem}`);
    if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('does not start with "— "');
    const rest = line.slice(SIGNATURE_PREFIX.length);
    const space = rest.indexOf(' ');
    if (space <= 0) throw malformed('has no key name');
    let bytes: Uint8Array;
    try {
      bytes = decodeBase64Strict(rest.slice(space + 1), 'signature');
    } catch {
      throw malformed('is not canonical standard base64');
    }
    if (bytes.length < 5) throw malformed('is too short');
    return {
      name: rest.slice(0, space),
      keyId: toHex(bytes.subarray(0, 4)),
      signature: bytes.slice(4),
      line,
    };
  });
  return { text, textBytes: utf8(text), signatures };
}

export interface CheckpointText {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  extensions: string[];
}

/** c2sp.org/tlog-checkpoint text: origin, decimal size (no leading zero), base64 root. */
export function parseCheckpointText(text: string): CheckpointText {
  const lines = text.split('\n');
  if (lines.pop() !== '' || lines.length < 3) {
    throw new NoteError('MALFORMED_CHECKPOINT', 'a checkpoint has an origin, a size and a root');
  }
  const [origin = '', sizeText = '', rootText = '', ...extensions] = lines;
  if (origin === '') throw new NoteError('MALFORMED_CHECKPOINT', 'the origin is empty');
  if (!/^(?:0|[1-9][0-9]*)$/.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteError('MALFORMED_CHECKPOINT', `the size "${sizeText}" is not a decimal count`);
  }
  let rootHash: Uint8Array;
  try {
    rootHash = decodeBase64Strict(rootText, 'root');
  } catch {
    throw new NoteError('MALFORMED_CHECKPOINT', 'the root is not canonical standard base64');
  }
  if (rootHash.length !== HASH_SIZE) {
    throw new NoteError('MALFORMED_CHECKPOINT', 'the root is not a 32-byte hash');
  }
  if (extensions.some((e) => e === '')) {
    throw new NoteError('MALFORMED_CHECKPOINT', 'an extension line is empty');
  }
  return { origin, size: Number(sizeText), rootHash, extensions };
}

/** Ed25519 verification with WebCrypto; ED25519_UNSUPPORTED when the browser lacks it. */
export async function ed25519Verify(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  let key: CryptoKey;
  try {
    key = await globalThis.crypto.subtle.importKey(
      'raw',
      Uint8Array.from(publicKey),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
  } catch {
    throw new NoteError(
      'ED25519_UNSUPPORTED',
      'this browser cannot check Ed25519 signatures with WebCrypto',
    );
  }
  return globalThis.crypto.subtle.verify(
    { name: 'Ed25519' },
    key,
    Uint8Array.from(signature),
    Uint8Array.from(message),
  );
}

export interface VerifiedCheckpoint {
  checkpoint: CheckpointText;
  note: ParsedNote;
  key: VerifierKey;
  /** The signature line that verified. */
  signedBy: NoteSignatureLine;
  /** Lines from other keys (witnesses, rotated keys): ignored, as the spec requires. */
  otherSignatures: NoteSignatureLine[];
}

/**
 * Verifies a checkpoint note with the log's verifier key (standards.md §2.3, §3.1): a line
 * counts only when name and key ID both match; a matching line that fails refuses the note;
 * no matching line refuses it; the text is parsed only after its signature verified, and its
 * origin must be the log's (`origin`, by default the key's name).
 */
export async function verifyCheckpointNote(
  note: string,
  verifierKey: string,
  origin?: string,
): Promise<VerifiedCheckpoint> {
  const key = await parseVerifierKey(verifierKey);
  const parsed = parseNote(note);
  const matching = parsed.signatures.filter((s) => s.name === key.name && s.keyId === key.keyId);
  if (matching.length === 0) {
    throw new NoteError(
      'NO_TRUSTED_SIGNATURE',
      `no signature line by ${key.name}+${key.keyId}; the note is signed by ${parsed.signatures
        .map((s) => `${s.name}+${s.keyId}`)
        .join(', ')}`,
    );
  }
  for (const line of matching) {
    if (!(await ed25519Verify(key.publicKey, parsed.textBytes, line.signature))) {
      throw new NoteError(
        'BAD_SIGNATURE',
        `the signature by ${key.name}+${key.keyId} does not verify over the checkpoint text`,
      );
    }
  }
  const checkpoint = parseCheckpointText(parsed.text);
  const expected = origin ?? key.name;
  if (checkpoint.origin !== expected) {
    throw new NoteError(
      'ORIGIN_MISMATCH',
      `the checkpoint is for the log ${checkpoint.origin}, not for ${expected}`,
    );
  }
  return {
    checkpoint,
    note: parsed,
    key,
    signedBy: matching[0]!,
    otherSignatures: parsed.signatures.filter((s) => !matching.includes(s)),
  };
}
