import { createHash } from 'node:crypto';
import { decodeBase64Strict, encodeBase64 } from '../merkle/index.js';
import { ED25519_KEY_SIZE, ed25519PublicKey, ed25519Verify } from './ed25519.js';
import { NoteVerificationError } from './note-verification-error.js';

/** c2sp.org/signed-note signature type byte for Ed25519 (standards.md §2.2). */
export const ED25519_KEY_TYPE = 0x01;

// Go's unicode.IsSpace above ASCII (golang.org/x/mod/sumdb/note checks key names with it).
const UNICODE_SPACES = new Set([0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]);

/**
 * c2sp.org/signed-note "Signatures": a key name is non-empty, has no Unicode space and no `+`
 * (the `+` separates the fields of a key string). Control characters and lone surrogates are
 * refused too: a note could not carry them. Schema-less URLs are recommended.
 */
export function isValidKeyName(name: string): boolean {
  if (name.length === 0) return false;
  for (const char of name) {
    const cp = char.codePointAt(0)!;
    const forbidden =
      cp <= 0x20 ||
      cp === 0x2b || // '+'
      cp === 0x7f ||
      UNICODE_SPACES.has(cp) ||
      (cp >= 0x2000 && cp <= 0x200a) ||
      (cp >= 0xd800 && cp <= 0xdfff); // a lone surrogate: not valid UTF-8
    if (forbidden) return false;
  }
  return true;
}

/**
 * c2sp.org/signed-note key ID for an Ed25519 key: the first 4 bytes of
 * SHA-256(name || 0x0A || 0x01 || publicKey), as a big-endian uint32. It binds the name to the
 * key, so a signature line cannot be moved to another name.
 */
export function keyId(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(name, 'utf8')
    .update(Uint8Array.of(0x0a, ED25519_KEY_TYPE))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

/** A key ID as the 8 lowercase hex digits key strings use. */
export function formatKeyId(id: number): string {
  return id.toString(16).padStart(8, '0');
}

/**
 * Something that checks note signatures for one (name, key ID) (c2sp.org/signed-note). A
 * signature line counts for it only when both its name and key ID match.
 */
export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  /** Whether `signature` (without the 4-byte key ID) signs `message` (the note text bytes). */
  verify(message: Uint8Array, signature: Uint8Array): boolean;
}

/** An Ed25519 NoteVerifier, with its raw 32-byte public key. */
export interface Ed25519NoteVerifier extends NoteVerifier {
  readonly publicKey: Uint8Array;
}

/** An Ed25519 verifier for `name` from a raw 32-byte public key (RFC 8032). */
export function ed25519Verifier(name: string, publicKey: Uint8Array): Ed25519NoteVerifier {
  requireName(name);
  if (publicKey.length !== ED25519_KEY_SIZE) {
    throw new NoteVerificationError('MALFORMED_KEY', 'an Ed25519 public key is 32 bytes', {
      length: publicKey.length,
    });
  }
  const key = ed25519PublicKey(publicKey);
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey: Uint8Array.from(publicKey),
    verify: (message, signature) => ed25519Verify(key, message, signature),
  };
}

/**
 * c2sp.org/signed-note "Verifier keys": `<name>+<key ID as 8 hex digits>+<base64(0x01 || key)>`
 * (standards.md §2.2), the string an auditor configures to trust a log.
 */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const verifier = ed25519Verifier(name, publicKey);
  const typed = Uint8Array.of(ED25519_KEY_TYPE, ...verifier.publicKey);
  return `${name}+${formatKeyId(verifier.keyId)}+${encodeBase64(typed)}`;
}

/**
 * Parses a verifier key string (standards.md §2.2). Splits at the first two `+` only, since the
 * base64 may contain `+`; requires the Ed25519 type byte and a 32-byte key, and recomputes the
 * key ID, refusing a string whose ID does not match (KEY_ID_MISMATCH).
 */
export function parseVerifierKey(vkey: string): Ed25519NoteVerifier {
  const [name = '', idHex = '', encoded = ''] = splitFields(vkey, 3);
  const key = decodeKeyBytes(name, idHex, encoded);
  const verifier = ed25519Verifier(name, key);
  requireKeyId(verifier.keyId, idHex);
  return verifier;
}

/** Splits at the first `count - 1` `+` characters; the last field keeps any further `+`. */
export function splitFields(keyString: string, count: number): string[] {
  const fields: string[] = [];
  let rest = keyString;
  for (let i = 0; i < count - 1; i++) {
    const plus = rest.indexOf('+');
    if (plus < 0) throw malformedKey('too few "+"-separated fields');
    fields.push(rest.slice(0, plus));
    rest = rest.slice(plus + 1);
  }
  fields.push(rest);
  return fields;
}

/** Checks name and key ID syntax and returns the key bytes after the Ed25519 type byte. */
export function decodeKeyBytes(name: string, idHex: string, encoded: string): Uint8Array {
  requireName(name);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw malformedKey('the key ID is not 8 lowercase hex digits');
  let bytes: Uint8Array;
  try {
    bytes = decodeBase64Strict(encoded, 'key');
  } catch {
    throw malformedKey('the key is not canonical standard base64');
  }
  if (bytes.length === 0) throw malformedKey('the key is empty');
  if (bytes[0] !== ED25519_KEY_TYPE) {
    throw new NoteVerificationError(
      'UNSUPPORTED_KEY_TYPE',
      'only Ed25519 (type 0x01) keys are supported',
      {
        type: bytes[0],
      },
    );
  }
  if (bytes.length !== 1 + ED25519_KEY_SIZE) throw malformedKey('an Ed25519 key is 32 bytes');
  return bytes.subarray(1);
}

export function requireKeyId(computed: number, idHex: string): void {
  if (formatKeyId(computed) !== idHex) {
    throw new NoteVerificationError(
      'KEY_ID_MISMATCH',
      'the key ID does not match the name and key',
      {
        expected: formatKeyId(computed),
        actual: idHex,
      },
    );
  }
}

function requireName(name: string): void {
  if (!isValidKeyName(name))
    throw malformedKey('the key name is empty or has a space, "+" or control character');
}

function malformedKey(message: string): NoteVerificationError {
  return new NoteVerificationError('MALFORMED_KEY', message);
}
