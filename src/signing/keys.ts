import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto';
import { ValidationError } from '../lib/index.js';

/**
 * Key types this module signs or verifies with. OMS allows only EC P-256/P-384/P-521 (§7 "Key
 * types"); DSSE attestations also accept Ed25519, the server's key (§4).
 */
export type SigningKeyType = 'ecdsa-p256' | 'ecdsa-p384' | 'ecdsa-p521' | 'ed25519';

/** A freshly generated key pair. */
export interface SigningKeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

const CURVES: ReadonlyMap<string, SigningKeyType> = new Map([
  ['prime256v1', 'ecdsa-p256'],
  ['P-256', 'ecdsa-p256'],
  ['secp384r1', 'ecdsa-p384'],
  ['P-384', 'ecdsa-p384'],
  ['secp521r1', 'ecdsa-p521'],
  ['P-521', 'ecdsa-p521'],
]);

/** The {@link SigningKeyType} of a key, or `undefined` for RSA, X25519, secp256k1 and the rest. */
export function signingKeyType(key: KeyObject): SigningKeyType | undefined {
  if (key.asymmetricKeyType === 'ed25519') return 'ed25519';
  if (key.asymmetricKeyType !== 'ec') return undefined;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return curve === undefined ? undefined : CURVES.get(curve);
}

/**
 * The digest that goes with a key's signatures: SHA-256/384/512 by EC curve (§7 "Key types",
 * FIPS 186-5), `null` for Ed25519, which hashes internally (RFC 8032 §5.1.6).
 */
export function signatureDigestFor(type: SigningKeyType): 'sha256' | 'sha384' | 'sha512' | null {
  switch (type) {
    case 'ecdsa-p256':
      return 'sha256';
    case 'ecdsa-p384':
      return 'sha384';
    case 'ecdsa-p521':
      return 'sha512';
    case 'ed25519':
      return null;
  }
}

/** Generates a P-256 (default, §7 "Use P-256") or Ed25519 key pair. */
export function generateSigningKeyPair(
  type: 'ecdsa-p256' | 'ed25519' = 'ecdsa-p256',
): SigningKeyPair {
  return type === 'ed25519'
    ? generateKeyPairSync('ed25519')
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
}

/** PKCS#8 PEM (`-----BEGIN PRIVATE KEY-----`) of a private key, unencrypted. */
export function exportPrivateKeyPem(privateKey: KeyObject): string {
  if (privateKey.type !== 'private') throw new TypeError('exportPrivateKeyPem needs a private key');
  return privateKey.export({ format: 'pem', type: 'pkcs8' }) as string;
}

/** SPKI PEM (`-----BEGIN PUBLIC KEY-----`, 64-column body, final LF) of a public key. */
export function exportPublicKeyPem(key: KeyObject): string {
  return toPublicKey(key).export({ format: 'pem', type: 'spki' }) as string;
}

/**
 * Reads an unencrypted PKCS#8 PEM private key of a supported type. Anything else (SEC1 or
 * encrypted PEM, RSA, a public key) is refused with `VALIDATION_ERROR`.
 */
export function importPrivateKeyPem(pem: string): KeyObject {
  requireLabel(pem, 'PRIVATE KEY');
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw invalidKey(`the private key PEM does not parse: ${messageOf(error)}`);
  }
  requireSupported(key);
  return key;
}

/**
 * Reads an SPKI PEM public key of a supported type. A private key PEM is refused: Node would
 * silently derive its public half, hiding a mix-up of key files.
 */
export function importPublicKeyPem(pem: string): KeyObject {
  requireLabel(pem, 'PUBLIC KEY');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: pem, format: 'pem' });
  } catch (error) {
    throw invalidKey(`the public key PEM does not parse: ${messageOf(error)}`);
  }
  requireSupported(key);
  return key;
}

/**
 * OMS / sigstore model-transparency key hint: lowercase hex SHA-256 of the SPKI PEM text, armour
 * lines and final LF included (§7 "Key hint"). Given a private key, hints its public half.
 */
export function keyHint(key: KeyObject): string {
  return createHash('sha256').update(exportPublicKeyPem(key), 'utf8').digest('hex');
}

function toPublicKey(key: KeyObject): KeyObject {
  if (key.type === 'public') return key;
  if (key.type === 'private') return createPublicKey(key);
  throw new TypeError('a secret key has no public half');
}

function requireLabel(pem: string, label: 'PRIVATE KEY' | 'PUBLIC KEY'): void {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const trimmed = pem.trim();
  if (!trimmed.startsWith(begin) || !trimmed.endsWith(end)) {
    throw invalidKey(`expected a single PEM block labelled '${label}'`);
  }
}

function requireSupported(key: KeyObject): void {
  if (signingKeyType(key) === undefined) {
    const curve = key.asymmetricKeyDetails?.namedCurve;
    throw invalidKey(
      `unsupported key type ${key.asymmetricKeyType ?? 'unknown'}${curve === undefined ? '' : ` (${curve})`}: use EC P-256/P-384/P-521 or Ed25519`,
    );
  }
}

function invalidKey(message: string): ValidationError {
  return new ValidationError(message, [{ code: 'invalid_key', path: ['key'], message }]);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
