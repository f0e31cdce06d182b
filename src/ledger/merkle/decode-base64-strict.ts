import { HASH_SIZE } from './merkle-hash.js';
import { MerkleVerificationError } from './merkle-verification-error.js';

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
const HEX32_PATTERN = /^[0-9a-f]{64}$/;

/**
 * Standard base64 with padding (RFC 4648 §4), decoded strictly (standards.md §1.7). Node's
 * `Buffer.from(s, 'base64')` skips invalid characters, accepts the URL-safe alphabet and missing
 * padding, so two different strings could stand for one hash; here only the canonical encoding
 * is accepted: the alphabet, a length that is a multiple of 4, and an identical re-encoding
 * (which also refuses non-zero padding bits). `field` names the input in the error.
 */
export function decodeBase64Strict(text: string, field = 'base64'): Uint8Array {
  if (text.length % 4 === 0 && BASE64_PATTERN.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.toString('base64') === text) return new Uint8Array(bytes);
  }
  throw new MerkleVerificationError('BAD_ENCODING', `${field} is not canonical standard base64`, {
    field,
  });
}

/** Standard base64 with padding (RFC 4648 §4), the encoding checkpoints and proofs use. */
export function encodeBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/**
 * A 32-byte hash written as exactly 64 lowercase hex digits (standards.md §1.7); upper case,
 * `0x` prefixes, whitespace and other lengths are refused, so each hash has one spelling.
 */
export function decodeHex32(text: string, field = 'hash'): Uint8Array {
  if (!HEX32_PATTERN.test(text)) {
    throw new MerkleVerificationError(
      'BAD_ENCODING',
      `${field} is not ${HASH_SIZE * 2} lowercase hex digits`,
      { field },
    );
  }
  return new Uint8Array(Buffer.from(text, 'hex'));
}
