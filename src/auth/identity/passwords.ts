import { scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { cryptoRandom, ValidationError, type Issue, type RandomSource } from '../../lib/index.js';

/**
 * Password hashing with scrypt (RFC 7914), stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt base64url>$<hash base64url>` so the cost can be raised later
 * without invalidating existing hashes: each hash carries its own parameters.
 */

/** N = 2^15, r = 8, p = 1: the OWASP Password Storage Cheat Sheet's scrypt minimum. */
export const SCRYPT_PARAMS = { logN: 15, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;

export const PASSWORD_MIN_LENGTH = 12;
/** An upper bound keeps one sign-in attempt from costing more than hashing 1 KiB. */
export const PASSWORD_MAX_LENGTH = 1024;

/**
 * Bounds on the parameters a stored hash may ask for. Stored hashes come from our own table,
 * but a tampered row must not be able to make one verification allocate gigabytes.
 */
const LIMITS = { logN: [10, 20], r: [1, 32], p: [1, 16], saltBytes: [8, 64], keyBytes: [16, 64] };

const HASH_PATTERN =
  /^scrypt\$(\d{1,2})\$(\d{1,2})\$(\d{1,2})\$([A-Za-z0-9_-]{11,128})\$([A-Za-z0-9_-]{22,128})$/;

/**
 * Problems with a candidate password (length in Unicode code points, after NFC normalisation);
 * an empty list means it is acceptable.
 */
export function passwordIssues(
  password: string,
  path: (string | number)[] = ['password'],
): Issue[] {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return [
      { code: 'too_small', path, message: `must be at least ${PASSWORD_MIN_LENGTH} characters` },
    ];
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return [
      { code: 'too_big', path, message: `must be at most ${PASSWORD_MAX_LENGTH} characters` },
    ];
  }
  return [];
}

/** Throws VALIDATION_ERROR when the password breaks the policy (12 to 1024 characters). */
export function assertPasswordPolicy(password: string): void {
  const issues = passwordIssues(password);
  if (issues.length > 0) {
    throw new ValidationError(`password ${issues[0]?.message ?? 'is not acceptable'}`, issues);
  }
}

function derive(
  password: string,
  salt: Uint8Array,
  keyBytes: number,
  params: { logN: number; r: number; p: number },
): Promise<Buffer> {
  const N = 2 ** params.logN;
  const options: ScryptOptions = {
    N,
    r: params.r,
    p: params.p,
    // scrypt needs 128·N·r bytes (plus a little); Node refuses at exactly its 32 MiB default.
    maxmem: 128 * N * params.r * params.p + 16 * 1024 * 1024,
  };
  // NFC: the same password typed on two systems (composed or decomposed accents) must match.
  const input = Buffer.from(password.normalize('NFC'), 'utf8');
  return new Promise((resolve, reject) => {
    scrypt(input, salt, keyBytes, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

/** Hashes a password for storage (async: scrypt runs on the libuv thread pool). */
export async function hashPassword(
  password: string,
  random: RandomSource = cryptoRandom,
): Promise<string> {
  assertPasswordPolicy(password);
  const { logN, r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const salt = random(saltBytes);
  if (salt.length !== saltBytes) throw new Error('the random source returned too few bytes');
  const key = await derive(password, salt, keyBytes, { logN, r, p });
  return `scrypt$${logN}$${r}$${p}$${Buffer.from(salt).toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  logN: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function within(value: number, [min, max]: number[]): boolean {
  return value >= (min ?? 0) && value <= (max ?? 0);
}

function parseHash(stored: string): ParsedHash | undefined {
  const m = HASH_PATTERN.exec(stored);
  if (m === null) return undefined;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const salt = Buffer.from(m[4] ?? '', 'base64url');
  const hash = Buffer.from(m[5] ?? '', 'base64url');
  if (
    !within(logN, LIMITS.logN) ||
    !within(r, LIMITS.r) ||
    !within(p, LIMITS.p) ||
    !within(salt.length, LIMITS.saltBytes) ||
    !within(hash.length, LIMITS.keyBytes)
  ) {
    return undefined;
  }
  return { logN, r, p, salt, hash };
}

/** Whether `stored` is a hash this module can verify. */
export function isPasswordHash(stored: string): boolean {
  return parseHash(stored) !== undefined;
}

/**
 * Checks a password against a stored hash in constant time (for a given hash). A malformed
 * stored value, or a password outside the length bounds, is simply a mismatch.
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (parsed === undefined) {
    await verifyDummyPassword(password);
    return false;
  }
  // Too long to be a valid password: refuse without spending scrypt on 1 MB of input. Length is
  // not secret, so the early return leaks nothing.
  if (password.length > PASSWORD_MAX_LENGTH * 4) return false;
  const key = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(key, parsed.hash);
}

let dummy: Promise<string> | undefined;

/**
 * Spends the same scrypt work as a real verification and always fails. Called when the user does
 * not exist, has no password or is disabled, so the response time does not reveal which.
 */
export async function verifyDummyPassword(password: string): Promise<false> {
  dummy ??= hashPassword('verity-dummy-password-never-matches');
  const stored = await dummy;
  const parsed = parseHash(stored);
  if (parsed !== undefined && password.length <= PASSWORD_MAX_LENGTH * 4) {
    await derive(password, parsed.salt, parsed.hash.length, parsed);
  }
  return false;
}
