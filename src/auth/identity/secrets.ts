import {
  cryptoRandom,
  sha256Digest,
  sha256Hex,
  type Digest,
  type RandomSource,
} from '../../lib/index.js';

/** Every API token starts with this, so secret scanners and people recognise one. */
export const TOKEN_PREFIX = 'vrt_';

const SECRET_BYTES = 32;

/** `vrt_` + base64url of 32 random bytes (43 characters, no padding). */
export const TOKEN_PATTERN = /^vrt_[A-Za-z0-9_-]{43}$/;
/** A session secret: base64url of 32 random bytes. */
export const SESSION_SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** 256 random bits as base64url. */
export function newSecret(random: RandomSource = cryptoRandom): string {
  const bytes = random(SECRET_BYTES);
  if (bytes.length !== SECRET_BYTES) throw new Error('the random source returned too few bytes');
  return Buffer.from(bytes).toString('base64url');
}

/** A new API token secret (`vrt_...`). */
export function newTokenSecret(random: RandomSource = cryptoRandom): string {
  return `${TOKEN_PREFIX}${newSecret(random)}`;
}

/** The characters shown to identify a token in lists: the first 8 after `vrt_`. */
export function tokenDisplayPrefix(secret: string): string {
  return secret.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + 8);
}

/**
 * How token and session secrets are stored: SHA-256, hex. The secrets carry 256 random bits, so
 * a fast hash is enough (no dictionary to search); the database never holds a usable secret.
 */
export function secretHash(secret: string): string {
  return sha256Hex(secret);
}

/**
 * The commitment to an e-mail address that may enter the ledger (ARCHITECTURE invariant 3):
 * SHA-256 of the trimmed, lower-cased address. It lets an auditor confirm a known address
 * without the ledger holding it.
 */
export function emailDigest(email: string): Digest {
  return sha256Digest(email.trim().toLowerCase());
}

/** The commitment to a piece of personal text (a display name) for the ledger. */
export function personalDigest(text: string): Digest {
  return sha256Digest(text);
}
