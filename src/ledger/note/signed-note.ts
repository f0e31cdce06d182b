import { decodeBase64Strict, encodeBase64 } from '../merkle/index.js';
import { decodeUtf8, noteBytes, requireNoteText } from './note-text.js';
import { NoteVerificationError } from './note-verification-error.js';
import type { NoteSigner } from './signer-key.js';
import { formatKeyId, isValidKeyName, type NoteVerifier } from './verifier-key.js';

/**
 * The most signature lines a note may carry. c2sp.org/signed-note asks verifiers to accept at
 * least 16 and allows a cap above that; 100 is golang.org/x/mod/sumdb/note's, and bounds the
 * work an attacker can make a verifier do.
 */
export const MAX_NOTE_SIGNATURES = 100;

// U+2014 EM DASH and one space (c2sp.org/signed-note "Signatures").
const SIGNATURE_PREFIX = '\u2014 ';

/** One signature line of a note: who claims to sign, and the signature bytes after the key ID. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  readonly signature: Uint8Array;
}

/** A note whose signatures have been checked: its text, and which lines verified. */
export interface VerifiedNote {
  /** The signed text, ending in LF, without the blank separator line. */
  readonly text: string;
  /** One signature per known key that verified, in note order. */
  readonly signatures: readonly NoteSignature[];
  /** Lines from keys the caller does not know (witnesses, rotated keys), kept unverified. */
  readonly unverifiedSignatures: readonly NoteSignature[];
}

/**
 * c2sp.org/signed-note: signs `text` (which must end in LF and may contain empty lines) with
 * each signer, returning `text`, a blank line, and one "— <name> <base64(keyID || sig)>" line
 * per signer. Ed25519 is deterministic, so the same text and keys give the same bytes.
 */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  const message = noteBytes(text);
  requireNoteText(message);
  if (signers.length === 0) {
    throw new NoteVerificationError('MALFORMED_NOTE', 'a note needs at least one signer');
  }
  if (signers.length > MAX_NOTE_SIGNATURES) {
    throw new NoteVerificationError(
      'TOO_MANY_SIGNATURES',
      `at most ${MAX_NOTE_SIGNATURES} signers`,
    );
  }
  const seen = new Set<string>();
  const lines = signers.map((signer) => {
    if (!isValidKeyName(signer.name)) {
      throw new NoteVerificationError('MALFORMED_KEY', 'a signer has an invalid key name');
    }
    const id = `${signer.name}+${formatKeyId(signer.keyId)}`;
    if (seen.has(id)) {
      throw new NoteVerificationError('DUPLICATE_SIGNER', `${id} is listed twice`, { signer: id });
    }
    seen.add(id);
    const keyIdBytes = new Uint8Array(4);
    new DataView(keyIdBytes.buffer).setUint32(0, signer.keyId);
    const signature = encodeBase64(Uint8Array.of(...keyIdBytes, ...signer.sign(message)));
    return `${SIGNATURE_PREFIX}${signer.name} ${signature}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

/**
 * c2sp.org/signed-note verification (standards.md §2.3), with every input treated as hostile:
 * 1. parse strictly: valid UTF-8, no byte < 0x20 but LF, a final LF, text ending at the last
 *    blank line, well-formed signature lines (at most MAX_NOTE_SIGNATURES), else refuse;
 * 2. a line counts for a verifier only if name and key ID both match; others are kept in
 *    `unverifiedSignatures`, never an error (key rotation and cosignatures rely on this);
 * 3. a known key's signature that fails refuses the note (BAD_SIGNATURE);
 * 4. no known key verifying refuses it (NO_TRUSTED_SIGNATURE);
 * 6. only then is the text decoded and returned.
 */
export function verifyNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): VerifiedNote {
  const bytes = noteBytes(note);
  requireNoteText(bytes);

  // The text ends at the last blank line ("\n\n"): signature lines are never empty.
  let split = -1;
  for (let i = bytes.length - 2; i >= 0; i--) {
    if (bytes[i] === 0x0a && bytes[i + 1] === 0x0a) {
      split = i;
      break;
    }
  }
  if (split < 0) {
    throw new NoteVerificationError(
      'MALFORMED_NOTE',
      'no blank line separates text and signatures',
    );
  }
  const textBytes = bytes.subarray(0, split + 1);
  const signatureBlock = decodeUtf8(bytes.subarray(split + 2));
  if (signatureBlock.length === 0) {
    throw new NoteVerificationError('MALFORMED_NOTE', 'the note has no signature lines');
  }
  const lines = signatureBlock.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) {
    throw new NoteVerificationError(
      'TOO_MANY_SIGNATURES',
      `${lines.length} signature lines; at most ${MAX_NOTE_SIGNATURES} are read`,
      { count: lines.length },
    );
  }
  const parsed = lines.map(parseSignatureLine);

  const signatures: NoteSignature[] = [];
  const unverifiedSignatures: NoteSignature[] = [];
  const verifiedBy = new Set<NoteVerifier>();
  for (const line of parsed) {
    const verifier = verifiers.find((v) => v.name === line.name && v.keyId === line.keyId);
    if (verifier === undefined) {
      unverifiedSignatures.push(line);
      continue;
    }
    // Every line claiming a known key must verify, repeated lines included.
    if (!verifier.verify(textBytes, line.signature)) {
      throw new NoteVerificationError(
        'BAD_SIGNATURE',
        `the signature by ${line.name} does not verify`,
        {
          name: line.name,
          keyId: formatKeyId(line.keyId),
        },
      );
    }
    if (!verifiedBy.has(verifier)) signatures.push(line);
    verifiedBy.add(verifier);
  }
  if (signatures.length === 0) {
    throw new NoteVerificationError('NO_TRUSTED_SIGNATURE', 'no signature by a trusted key', {
      signers: parsed.map((s) => `${s.name}+${formatKeyId(s.keyId)}`),
    });
  }
  return { text: decodeUtf8(textBytes), signatures, unverifiedSignatures };
}

function parseSignatureLine(line: string, index: number): NoteSignature {
  const malformed = (problem: string) =>
    new NoteVerificationError(
      'MALFORMED_SIGNATURE_LINE',
      `signature line ${index + 1}: ${problem}`,
      {
        line: index + 1,
      },
    );
  if (!line.startsWith(SIGNATURE_PREFIX)) throw malformed('does not start with "— "');
  const rest = line.slice(SIGNATURE_PREFIX.length);
  const space = rest.indexOf(' ');
  if (space < 0) throw malformed('has no space between key name and signature');
  const name = rest.slice(0, space);
  if (!isValidKeyName(name)) throw malformed('has an invalid key name');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64Strict(rest.slice(space + 1), 'signature');
  } catch {
    throw malformed('the signature is not canonical standard base64');
  }
  // A key ID and at least one signature byte.
  if (bytes.length < 5) throw malformed('the signature is too short');
  const keyId = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0);
  return { name, keyId, signature: bytes.subarray(4) };
}
