import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/*
 * Raw 32-byte Ed25519 keys (RFC 8032) through node:crypto without dependencies, by wrapping them
 * in fixed DER prefixes (standards.md §2.2).
 */

const SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Size of an Ed25519 seed and of a public key. */
export const ED25519_KEY_SIZE = 32;
/** Size of an Ed25519 signature. */
export const ED25519_SIGNATURE_SIZE = 64;

export function ed25519PrivateKey(seed: Uint8Array): KeyObject {
  return createPrivateKey({
    key: Buffer.concat([PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
}

export function ed25519PublicKeyBytes(privateKey: KeyObject): Uint8Array {
  const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(SPKI_PREFIX.length));
}

export function ed25519PublicKey(publicKey: Uint8Array): KeyObject {
  return createPublicKey({
    key: Buffer.concat([SPKI_PREFIX, publicKey]),
    format: 'der',
    type: 'spki',
  });
}

/** Ed25519 is deterministic: the same key and message always give the same signature. */
export function ed25519Sign(privateKey: KeyObject, message: Uint8Array): Uint8Array {
  return new Uint8Array(sign(null, message, privateKey));
}

export function ed25519Verify(
  publicKey: KeyObject,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  return signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, publicKey, signature);
}
