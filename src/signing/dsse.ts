import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { ValidationError } from '../lib/index.js';
import { isRecord } from './json-value.js';
import { keyHint, signatureDigestFor, signingKeyType } from './keys.js';
import { SignatureVerificationError } from './signature-verification-error.js';

/**
 * DSSE v1.0.2 (secure-systems-lab/dsse `protocol.md`, `envelope.md`; standards §4). Pure
 * functions over `node:crypto`; every envelope is treated as attacker-controlled.
 */

/** One DSSE signature as serialised in the JSON envelope (§4). `keyid` is unauthenticated. */
export interface DsseSignature {
  keyid?: string | null;
  sig: string;
}

/** A DSSE JSON envelope (§4, `envelope.md`). */
export interface DsseEnvelope {
  payload: string;
  payloadType: string;
  signatures: DsseSignature[];
}

/**
 * ECDSA signature encoding: `der` (X.690, what Sigstore and OMS bundles carry) or `ieee-p1363`
 * (raw `r||s`, what the DSSE spec vector uses) (§4 "ECDSA encoding").
 */
export type EcdsaEncoding = 'der' | 'ieee-p1363';

/** Signs PAE bytes (§4 `Sign(key, PAE(payloadType, payload))`). */
export interface DsseSigner {
  /** Written to the envelope's `keyid`; omitted when absent. */
  readonly keyid?: string;
  readonly sign: (pae: Buffer) => Buffer;
}

/** A key a verifier trusts. `keyid` names it in results and matches envelope `keyid` hints. */
export interface TrustedKey {
  readonly keyid: string;
  readonly publicKey: KeyObject;
  /** ECDSA keys only; default `der`. */
  readonly ecdsaEncoding?: EcdsaEncoding;
}

/** What {@link verifyEnvelope} vouches for: exactly the verified payload bytes (§4). */
export interface VerifiedEnvelope {
  payloadType: string;
  payload: Buffer;
  /** `keyid` of each distinct trusted key with a valid signature, in trusted-key order. */
  verifiedBy: string[];
}

/** Options of {@link verifyEnvelope}. */
export interface VerifyEnvelopeOptions {
  /** t of t-of-n: distinct trusted keys that must have signed (§4). Default 1. */
  threshold?: number;
  /** Refuse any other payloadType with `PAYLOAD_TYPE_MISMATCH` (checked after the signatures). */
  payloadType?: string;
}

/**
 * Upper bound on signatures examined per envelope. Not in the spec: it bounds the work an
 * attacker can cause (signatures x trusted keys verifications).
 */
export const MAX_DSSE_SIGNATURES = 32;

/**
 * `PAE(type, body) = "DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, LEN the ASCII decimal
 * byte length of the UTF-8 encoding (§4, `protocol.md`). Byte-exact.
 */
export function preAuthEncoding(payloadType: string, payload: Uint8Array): Buffer {
  const type = Buffer.from(payloadType, 'utf8');
  return Buffer.concat([
    Buffer.from(`DSSEv1 ${type.length} `, 'ascii'),
    type,
    Buffer.from(` ${payload.length} `, 'ascii'),
    payload,
  ]);
}

/**
 * A {@link DsseSigner} over a private key: ECDSA P-256/P-384/P-521 hashed by curve (DER unless
 * told otherwise) or Ed25519. `keyid` defaults to the key's {@link keyHint}.
 */
export function keySigner(
  privateKey: KeyObject,
  options: { keyid?: string; ecdsaEncoding?: EcdsaEncoding } = {},
): DsseSigner {
  const type = privateKey.type === 'private' ? signingKeyType(privateKey) : undefined;
  if (type === undefined) {
    throw new ValidationError('a DSSE signer needs an EC P-256/P-384/P-521 or Ed25519 private key');
  }
  const digest = signatureDigestFor(type);
  const dsaEncoding = options.ecdsaEncoding ?? 'der';
  return {
    keyid: options.keyid ?? keyHint(createPublicKey(privateKey)),
    sign: (pae) =>
      type === 'ed25519'
        ? sign(null, pae, privateKey)
        : sign(digest, pae, { key: privateKey, dsaEncoding }),
  };
}

/**
 * Signs `payload` as a DSSE envelope (§4): every signer signs `PAE(payloadType, payload)`;
 * `payload` and `sig` are standard base64. Signer order is kept.
 */
export function signEnvelope(
  payloadType: string,
  payload: Uint8Array,
  signer: DsseSigner | readonly DsseSigner[],
): DsseEnvelope {
  const signers: readonly DsseSigner[] = isSignerList(signer) ? signer : [signer];
  if (signers.length === 0) throw new ValidationError('a DSSE envelope needs at least one signer');
  const pae = preAuthEncoding(payloadType, payload);
  return {
    payload: Buffer.from(payload).toString('base64'),
    payloadType,
    signatures: signers.map((s) => {
      const sig = s.sign(pae).toString('base64');
      return s.keyid === undefined ? { sig } : { keyid: s.keyid, sig };
    }),
  };
}

/**
 * Verifies a DSSE JSON envelope (§4, `protocol.md` "Verify") and returns exactly the verified
 * payload bytes. Every signature is tried against every trusted key, since `keyid` is not
 * authenticated; `threshold` distinct trusted keys (by SPKI bytes) must verify. Standard and
 * URL-safe base64 are accepted, padded or not; `keyid` may be absent, `""` or `null`; unknown
 * fields are ignored.
 *
 * @throws SignatureVerificationError `ENVELOPE_INVALID`, `UNSUPPORTED_KEY`, `UNKNOWN_KEY`,
 *   `SIGNATURE_INVALID`, `THRESHOLD_NOT_MET`, `PAYLOAD_TYPE_MISMATCH`.
 */
export function verifyEnvelope(
  envelope: unknown,
  trustedKeys: readonly TrustedKey[],
  options: VerifyEnvelopeOptions = {},
): VerifiedEnvelope {
  const threshold = options.threshold ?? 1;
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw new ValidationError('the DSSE threshold must be a positive integer');
  }
  const parsed = parseEnvelope(envelope);
  const keys = distinctKeys(trustedKeys);
  const pae = preAuthEncoding(parsed.payloadType, parsed.payload);

  const verified = new Set<number>();
  for (const signature of parsed.signatures) {
    keys.forEach((key, index) => {
      if (!verified.has(index) && verifySignature(key, pae, signature.sig)) verified.add(index);
    });
  }
  if (verified.size === 0) {
    const trustedIds = new Set(trustedKeys.map((k) => k.keyid));
    const allNamedElsewhere = parsed.signatures.every(
      (s) => s.keyid !== '' && !trustedIds.has(s.keyid),
    );
    throw allNamedElsewhere
      ? new SignatureVerificationError(
          'UNKNOWN_KEY',
          'no DSSE signature verifies, and every keyid names an untrusted key',
          { keyids: parsed.signatures.map((s) => s.keyid) },
        )
      : new SignatureVerificationError(
          'SIGNATURE_INVALID',
          'no DSSE signature verifies with a trusted key',
        );
  }
  if (verified.size < threshold) {
    throw new SignatureVerificationError(
      'THRESHOLD_NOT_MET',
      `${verified.size} distinct trusted key(s) signed; ${threshold} required`,
      { verified: verified.size, threshold },
    );
  }
  if (options.payloadType !== undefined && parsed.payloadType !== options.payloadType) {
    throw new SignatureVerificationError(
      'PAYLOAD_TYPE_MISMATCH',
      `payloadType is '${parsed.payloadType}', expected '${options.payloadType}'`,
      { payloadType: parsed.payloadType, expected: options.payloadType },
    );
  }
  return {
    payloadType: parsed.payloadType,
    payload: parsed.payload,
    verifiedBy: keys.filter((_, index) => verified.has(index)).map((k) => k.keyid),
  };
}

/**
 * Decodes standard (RFC 4648 §4) or URL-safe (§5) base64, padded or not, as DSSE requires
 * (§4). Strict: any other character, misplaced padding or non-zero trailing bits is refused
 * (`Buffer.from(s, 'base64')` alone would skip them silently). Returns `undefined` if invalid.
 */
export function decodeBase64(text: string): Buffer | undefined {
  const standard = text.replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const unpadded = standard.replace(/=+$/, '');
  if (unpadded.length % 4 === 1) return undefined;
  if (standard.length !== unpadded.length && standard.length % 4 !== 0) return undefined;
  const bytes = Buffer.from(unpadded, 'base64');
  // Re-encoding catches non-canonical trailing bits (two encodings of one byte string).
  return bytes.toString('base64').replace(/=+$/, '') === unpadded ? bytes : undefined;
}

interface ParsedEnvelope {
  payloadType: string;
  payload: Buffer;
  signatures: { keyid: string; sig: Buffer }[];
}

function parseEnvelope(value: unknown): ParsedEnvelope {
  const invalid = (message: string) => new SignatureVerificationError('ENVELOPE_INVALID', message);
  if (!isRecord(value)) throw invalid('a DSSE envelope must be a JSON object');
  const { payload, payloadType, signatures } = value;
  if (typeof payloadType !== 'string') throw invalid('payloadType must be a string');
  if (typeof payload !== 'string') throw invalid('payload must be a base64 string');
  const payloadBytes = decodeBase64(payload);
  if (payloadBytes === undefined) throw invalid('payload is not valid base64');
  if (!Array.isArray(signatures) || signatures.length === 0) {
    throw invalid('signatures must be a non-empty array');
  }
  if (signatures.length > MAX_DSSE_SIGNATURES) {
    throw invalid(`more than ${MAX_DSSE_SIGNATURES} signatures`);
  }
  return {
    payloadType,
    payload: payloadBytes,
    signatures: signatures.map((entry: unknown, index) => {
      if (!isRecord(entry)) throw invalid(`signatures[${index}] must be an object`);
      const { sig, keyid } = entry;
      if (typeof sig !== 'string' || sig === '') {
        throw invalid(`signatures[${index}].sig must be a non-empty base64 string`);
      }
      const sigBytes = decodeBase64(sig);
      if (sigBytes === undefined) throw invalid(`signatures[${index}].sig is not valid base64`);
      // §4: absent keyid = "" (OMS also allows null).
      if (keyid !== undefined && keyid !== null && typeof keyid !== 'string') {
        throw invalid(`signatures[${index}].keyid must be a string, null or absent`);
      }
      return { keyid: keyid ?? '', sig: sigBytes };
    }),
  };
}

interface CheckedKey {
  keyid: string;
  publicKey: KeyObject;
  digest: 'sha256' | 'sha384' | 'sha512' | null;
  dsaEncoding: EcdsaEncoding;
}

/** Drops repeats of one key (same SPKI bytes) so that t-of-n counts keys, not entries. */
function distinctKeys(trustedKeys: readonly TrustedKey[]): CheckedKey[] {
  const seen = new Set<string>();
  const keys: CheckedKey[] = [];
  for (const key of trustedKeys) {
    const type = key.publicKey.type === 'public' ? signingKeyType(key.publicKey) : undefined;
    if (type === undefined) {
      throw new SignatureVerificationError(
        'UNSUPPORTED_KEY',
        `trusted key '${key.keyid}' is not an EC P-256/P-384/P-521 or Ed25519 public key`,
        { keyid: key.keyid },
      );
    }
    const spki = key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    if (seen.has(spki)) continue;
    seen.add(spki);
    keys.push({
      keyid: key.keyid,
      publicKey: key.publicKey,
      digest: signatureDigestFor(type),
      dsaEncoding: key.ecdsaEncoding ?? 'der',
    });
  }
  return keys;
}

function verifySignature(key: CheckedKey, pae: Buffer, sig: Buffer): boolean {
  try {
    return key.digest === null
      ? verify(null, pae, key.publicKey, sig)
      : verify(key.digest, pae, { key: key.publicKey, dsaEncoding: key.dsaEncoding }, sig);
  } catch {
    // OpenSSL throws on some malformed encodings; for a verifier that is just "no".
    return false;
  }
}

function isSignerList(value: DsseSigner | readonly DsseSigner[]): value is readonly DsseSigner[] {
  return Array.isArray(value);
}
