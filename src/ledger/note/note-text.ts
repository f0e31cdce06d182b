import { NoteVerificationError } from './note-verification-error.js';

/*
 * Byte-level checks shared by notes, checkpoints and proofs (c2sp.org/signed-note "Format",
 * standards.md §2.1): valid UTF-8, and no byte below 0x20 except LF.
 */

const LONE_SURROGATE = /\p{Cs}/u;
// fatal: refuse invalid UTF-8 instead of replacing it; ignoreBOM: keep a leading U+FEFF, so the
// decoded text is exactly the signed bytes.
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The UTF-8 bytes of a note given as bytes or as a string (refusing lone surrogates). */
export function noteBytes(input: string | Uint8Array): Uint8Array {
  if (typeof input !== 'string') return input;
  if (LONE_SURROGATE.test(input)) {
    throw new NoteVerificationError('INVALID_UTF8', 'the text has a lone UTF-16 surrogate');
  }
  return new TextEncoder().encode(input);
}

/** Decodes bytes already known to be valid UTF-8, or refuses them with INVALID_UTF8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes);
  } catch {
    throw new NoteVerificationError('INVALID_UTF8', 'the text is not valid UTF-8');
  }
}

/** Refuses any byte below 0x20 other than LF (CR, TAB, NUL...), naming its offset. */
export function requireNoControlCharacters(bytes: Uint8Array): void {
  const offset = bytes.findIndex((byte) => byte < 0x20 && byte !== 0x0a);
  if (offset >= 0) {
    throw new NoteVerificationError(
      'CONTROL_CHARACTER',
      `byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} at offset ${offset} is not allowed`,
      { offset },
    );
  }
}

/** The checks every note text must pass, whether signed or verified. */
export function requireNoteText(bytes: Uint8Array): string {
  const text = decodeUtf8(bytes);
  requireNoControlCharacters(bytes);
  if (bytes.length === 0 || bytes[bytes.length - 1] !== 0x0a) {
    throw new NoteVerificationError('MISSING_FINAL_NEWLINE', 'every line must end in LF');
  }
  return text;
}
