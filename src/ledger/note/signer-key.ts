import { encodeBase64 } from '../merkle/index.js';
import {
  ED25519_KEY_SIZE,
  ed25519PrivateKey,
  ed25519PublicKeyBytes,
  ed25519Sign,
} from './ed25519.js';
import { NoteVerificationError } from './note-verification-error.js';
import {
  decodeKeyBytes,
  ED25519_KEY_TYPE,
  formatKeyId,
  isValidKeyName,
  keyId,
  requireKeyId,
  splitFields,
} from './verifier-key.js';

/**
 * Something that signs note text for one (name, key ID) (c2sp.org/signed-note): an in-process
 * key here; an HSM or KMS could implement it too.
 */
export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The signature of `message` (the note text bytes), without the 4-byte key ID. */
  sign(message: Uint8Array): Uint8Array;
}

/** An Ed25519 NoteSigner, with the public key its verifier key string needs. */
export interface Ed25519NoteSigner extends NoteSigner {
  readonly publicKey: Uint8Array;
}

/**
 * An Ed25519 signer for `name` from a 32-byte seed (RFC 8032 §5.1.5). The seed is kept only
 * inside a node:crypto KeyObject, never on the returned object.
 */
export function ed25519Signer(name: string, seed: Uint8Array): Ed25519NoteSigner {
  if (!isValidKeyName(name)) {
    throw new NoteVerificationError(
      'MALFORMED_KEY',
      'the key name is empty or has a space, "+" or control character',
    );
  }
  if (seed.length !== ED25519_KEY_SIZE) {
    throw new NoteVerificationError('MALFORMED_KEY', 'an Ed25519 seed is 32 bytes', {
      length: seed.length,
    });
  }
  const privateKey = ed25519PrivateKey(seed);
  const publicKey = ed25519PublicKeyBytes(privateKey);
  return {
    name,
    keyId: keyId(name, publicKey),
    publicKey,
    sign: (message) => ed25519Sign(privateKey, message),
  };
}

/**
 * golang.org/x/mod/sumdb/note signer key string:
 * `PRIVATE+KEY+<name>+<key ID>+<base64(0x01 || seed)>` (standards.md §2.2). Secret: store it
 * as one.
 */
export function formatSignerKey(name: string, seed: Uint8Array): string {
  const signer = ed25519Signer(name, seed);
  const typed = Uint8Array.of(ED25519_KEY_TYPE, ...seed);
  return `PRIVATE+KEY+${name}+${formatKeyId(signer.keyId)}+${encodeBase64(typed)}`;
}

/**
 * Parses a signer key string (standards.md §2.2). The key ID is of the public key, so it is
 * checked after deriving that from the seed, as Go's `note.NewSigner` does.
 */
export function parseSignerKey(skey: string): Ed25519NoteSigner {
  const [private1, private2, name = '', idHex = '', encoded = ''] = splitFields(skey, 5);
  if (private1 !== 'PRIVATE' || private2 !== 'KEY') {
    throw new NoteVerificationError('MALFORMED_KEY', 'a signer key starts with PRIVATE+KEY+');
  }
  const seed = decodeKeyBytes(name, idHex, encoded);
  const signer = ed25519Signer(name, seed);
  requireKeyId(signer.keyId, idHex);
  return signer;
}
