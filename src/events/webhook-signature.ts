import { createHmac, timingSafeEqual } from 'node:crypto';
import { cryptoRandom, type RandomSource } from '../lib/index.js';

/**
 * Webhook signatures as the Standard Webhooks specification 1.0.0 defines them
 * (standard-webhooks/standard-webhooks `spec/standard-webhooks.md`, section "Verifying webhook
 * authenticity"): an HMAC-SHA256 over `<webhook-id>.<webhook-timestamp>.<body>` with a shared
 * secret, sent as `webhook-signature: v1,<base64>`. Any Standard Webhooks library can verify what
 * Verity sends; `verifyWebhook` below is the same check for receivers written in TypeScript.
 */

/** "Secret serialization": symmetric secrets are base64, prefixed `whsec_`. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';
/** Bytes of a generated secret (the spec asks for at least 24, at most 64). */
export const WEBHOOK_SECRET_BYTES = 32;
/** "Signature identifier" of HMAC-SHA256 signatures. */
const SIGNATURE_VERSION = 'v1';
/** The spec's "Webhook headers" section: lowercase, `webhook-` prefixed. */
export const WEBHOOK_ID_HEADER = 'webhook-id';
export const WEBHOOK_TIMESTAMP_HEADER = 'webhook-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'webhook-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
const TIMESTAMP_PATTERN = /^[0-9]{1,15}$/;

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function generateWebhookSecret(random: RandomSource = cryptoRandom): string {
  return WEBHOOK_SECRET_PREFIX + Buffer.from(random(WEBHOOK_SECRET_BYTES)).toString('base64');
}

/**
 * The key bytes of a secret: the canonical base64 after `whsec_` (a bare base64 secret is accepted
 * too, as the reference libraries do). A malformed secret is a configuration mistake of whoever
 * holds it, not a property of a request, so it throws a TypeError rather than a verification code.
 */
export function webhookSecretKey(secret: string): Buffer {
  const text = secret.startsWith(WEBHOOK_SECRET_PREFIX)
    ? secret.slice(WEBHOOK_SECRET_PREFIX.length)
    : secret;
  const key =
    text.length % 4 === 0 && BASE64_PATTERN.test(text) ? Buffer.from(text, 'base64') : null;
  if (key === null || key.toString('base64') !== text || key.length < 24 || key.length > 64) {
    throw new TypeError('a webhook secret is whsec_ followed by the base64 of 24 to 64 bytes');
  }
  return key;
}

function signatureBytes(
  key: Buffer,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): Buffer {
  // "Signature scheme": the signed content is `{msg_id}.{timestamp}.{payload}`, the payload being
  // the exact bytes sent (never a re-serialisation of parsed JSON).
  return createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
}

/**
 * The `webhook-signature` value for one delivery attempt: `v1,<base64 HMAC-SHA256>`. `id` and
 * `timestamp` must not contain `.` (the spec's warning: they delimit the signed content), so `id`
 * is checked and `timestamp` must be a non-negative integer number of Unix seconds.
 */
export function signWebhook(
  secret: string,
  id: string,
  timestamp: number,
  body: string | Uint8Array,
): string {
  if (id === '' || id.includes('.')) throw new TypeError('a webhook id is non-empty without "."');
  if (!Number.isSafeInteger(timestamp) || timestamp < 0) {
    throw new TypeError('a webhook timestamp is a whole number of Unix seconds');
  }
  const mac = signatureBytes(webhookSecretKey(secret), id, timestamp, body);
  return `${SIGNATURE_VERSION},${mac.toString('base64')}`;
}

/** Every reason a receiver refuses a delivery. A closed list: branch on it, never on messages. */
export const WEBHOOK_VERIFICATION_CODES = [
  /** A `webhook-id`, `webhook-timestamp` or `webhook-signature` header is absent or unusable. */
  'MISSING_HEADERS',
  /** The attempt's timestamp is further from `now` than the tolerance: old (a replay) or future. */
  'TIMESTAMP_OUT_OF_TOLERANCE',
  /** No `v1` signature in the header matches the body under this secret. */
  'SIGNATURE_MISMATCH',
] as const;

export type WebhookVerificationCode = (typeof WEBHOOK_VERIFICATION_CODES)[number];

/** A delivery failed verification; `code` says why. Receivers answer it with a 4xx. */
export class WebhookVerificationError extends Error {
  readonly code: WebhookVerificationCode;

  constructor(code: WebhookVerificationCode, message: string) {
    super(message);
    this.name = 'WebhookVerificationError';
    this.code = code;
  }
}

/** Request headers as Node's `IncomingHttpHeaders` or a fetch `Headers` object gives them. */
export type WebhookHeaders = Headers | Record<string, string | string[] | undefined>;

export interface VerifyWebhookInput {
  secret: string;
  headers: WebhookHeaders;
  /** The raw request body, exactly as received. */
  body: string | Uint8Array;
  /** The receiver's current time; defaults to the system clock. */
  now?: Date;
  /** How far, in seconds, the attempt's timestamp may be from `now`. */
  toleranceSeconds?: number;
}

/** What a verified delivery tells the receiver: its id (the idempotency key) and attempt time. */
export interface VerifiedWebhook {
  id: string;
  timestamp: number;
}

function header(headers: WebhookHeaders, name: string): string | string[] | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  const direct = headers[name];
  if (direct !== undefined) return direct;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : headers[key];
}

function single(headers: WebhookHeaders, name: string): string {
  const value = header(headers, name);
  if (typeof value !== 'string' || value === '') {
    throw new WebhookVerificationError(
      'MISSING_HEADERS',
      value === undefined || value === ''
        ? `the ${name} header is missing`
        : `the ${name} header appears more than once`,
    );
  }
  return value;
}

/**
 * Verifies a delivery as its receiver (the spec's "Verifying signatures"): all three headers
 * present; the attempt timestamp within `toleranceSeconds` of `now` (this is what defeats a
 * replayed request: its signature stays valid but its timestamp ages out); then at least one `v1`
 * signature of the space-separated list equal, in constant time, to the HMAC of the raw body.
 * Every input is treated as attacker-controlled. Returns the id to deduplicate on.
 */
export function verifyWebhook(input: VerifyWebhookInput): VerifiedWebhook {
  const key = webhookSecretKey(input.secret);
  const id = single(input.headers, WEBHOOK_ID_HEADER);
  const timestampText = single(input.headers, WEBHOOK_TIMESTAMP_HEADER);
  const signatureValue = header(input.headers, WEBHOOK_SIGNATURE_HEADER);
  const signatureList = Array.isArray(signatureValue) ? signatureValue.join(' ') : signatureValue;
  if (signatureList === undefined || signatureList.trim() === '') {
    throw new WebhookVerificationError(
      'MISSING_HEADERS',
      `the ${WEBHOOK_SIGNATURE_HEADER} header is missing`,
    );
  }
  if (!TIMESTAMP_PATTERN.test(timestampText)) {
    throw new WebhookVerificationError(
      'MISSING_HEADERS',
      `the ${WEBHOOK_TIMESTAMP_HEADER} header is not a whole number of Unix seconds`,
    );
  }
  const timestamp = Number(timestampText);
  const now = Math.floor((input.now ?? new Date()).getTime() / 1000);
  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  if (Math.abs(now - timestamp) > tolerance) {
    throw new WebhookVerificationError(
      'TIMESTAMP_OUT_OF_TOLERANCE',
      `the attempt's timestamp is ${now - timestamp} s from now; at most ${tolerance} s is accepted`,
    );
  }
  const expected = Buffer.from(signatureBytes(key, id, timestamp, input.body).toString('base64'));
  // Several signatures allow zero-downtime secret rotation ("Webhook headers"); other schemes
  // (`v1a`, Ed25519) are not ours to check and are skipped.
  const matched = signatureList.split(' ').some((entry) => {
    const comma = entry.indexOf(',');
    if (comma === -1 || entry.slice(0, comma) !== SIGNATURE_VERSION) return false;
    const given = Buffer.from(entry.slice(comma + 1));
    // Only the canonical base64 of the right MAC has the right length; the length is public.
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matched) {
    throw new WebhookVerificationError(
      'SIGNATURE_MISMATCH',
      'no v1 signature matches the body under this secret',
    );
  }
  return { id, timestamp };
}
