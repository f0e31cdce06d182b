import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  errors,
  jwtVerify,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
} from 'jose';
import { z } from 'zod';
import { ACTOR_PATTERN, systemClock, ValidationError, type Clock } from '../../lib/index.js';
import { authFailure, type AuthFailureReason } from './auth-failure.js';
import { parseInput } from './parse-input.js';
import { isReservedUserName } from './schemas.js';

/**
 * Asymmetric JWS algorithms (RFC 7518 §3, RFC 8037). Symmetric ones (HS*) are never accepted:
 * with a public JWKS an attacker could sign with the public key as an HMAC secret (key confusion),
 * and `none` carries no signature at all.
 */
export const ASYMMETRIC_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
  'Ed25519',
] as const;

export const DEFAULT_OIDC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA', 'PS256'];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export const oidcConfigSchema = z
  .object({
    /** Must equal the token's `iss` exactly. */
    issuer: z.string().min(1).max(2048),
    /** The token's `aud` must contain it. */
    audience: z.string().min(1).max(2048),
    /** HTTPS (plain HTTP only on the loopback interface, for tests and local IdPs). */
    jwksUrl: z.string().max(2048).optional(),
    /** A JWKS document on disk, read once at start (air-gapped installations, tests). */
    jwksFile: z.string().max(4096).optional(),
    clockSkewSeconds: z.number().int().min(0).max(600).optional(),
    usernameClaim: z.string().min(1).max(128).optional(),
    groupsClaim: z.string().min(1).max(128).optional(),
    algorithms: z.array(z.enum(ASYMMETRIC_ALGORITHMS)).min(1).optional(),
  })
  .refine((c) => (c.jwksUrl === undefined) !== (c.jwksFile === undefined), {
    message: 'give exactly one of jwksUrl and jwksFile',
  })
  .refine(
    (c) => {
      if (c.jwksUrl === undefined) return true;
      try {
        const url = new URL(c.jwksUrl);
        return (
          url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname))
        );
      } catch {
        return false;
      }
    },
    {
      message: 'jwksUrl must be an https URL (http only on the loopback interface)',
      path: ['jwksUrl'],
    },
  );
export type OidcConfig = z.input<typeof oidcConfigSchema>;

/** Who a verified token says the caller is. */
export interface OidcIdentity {
  /** The Verity user name (from `usernameClaim`, else `sub`). */
  name: string;
  groups: string[];
  /** The issuer's stable subject identifier (`sub`). */
  subject: string;
  claims: JWTPayload;
}

/** Longest token accepted, well above what identity providers issue. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const MAX_GROUPS = 256;
// Group names become binding subjects (`group:<name>`): no control characters.
// eslint-disable-next-line no-control-regex
const GROUP_PATTERN = /^[^\u0000-\u001f\u007f]{1,256}$/;

/** Marks a failure of the key source itself (network, bad JWKS), as opposed to a bad token. */
class KeySourceError extends Error {}

/**
 * Verifies OIDC bearer tokens (JWTs, RFC 7519) from one identity provider: signature against its
 * JWKS, `iss`, `aud`, `exp`/`nbf` with a bounded clock skew, and an allow-list of asymmetric
 * algorithms checked before any key is looked up. Every token is treated as attacker-controlled;
 * every refusal is UNAUTHENTICATED with a reason.
 */
export class OidcVerifier {
  private readonly issuer: string;
  private readonly audience: string;
  private readonly skew: number;
  private readonly usernameClaim: string;
  private readonly groupsClaim: string;
  private readonly algorithms: readonly string[];
  private readonly keys: JWTVerifyGetKey;

  constructor(
    config: OidcConfig,
    private readonly clock: Clock = systemClock,
  ) {
    const c = parseInput(oidcConfigSchema, config, 'OIDC configuration');
    this.issuer = c.issuer;
    this.audience = c.audience;
    this.skew = c.clockSkewSeconds ?? 60;
    this.usernameClaim = c.usernameClaim ?? 'preferred_username';
    this.groupsClaim = c.groupsClaim ?? 'groups';
    this.algorithms = c.algorithms ?? DEFAULT_OIDC_ALGORITHMS;
    const source =
      c.jwksUrl !== undefined
        ? createRemoteJWKSet(new URL(c.jwksUrl), { timeoutDuration: 5000 })
        : createLocalJWKSet(readJwksFile(c.jwksFile ?? ''));
    this.keys = async (header, token) => {
      try {
        return await source(header, token);
      } catch (error) {
        // No key for this kid/alg: the token was signed by someone else.
        if (error instanceof errors.JWKSNoMatchingKey) throw error;
        throw new KeySourceError(error instanceof Error ? error.message : String(error));
      }
    };
  }

  /** Verifies a compact JWS and returns the identity it asserts, or throws UNAUTHENTICATED. */
  async verify(jwt: string): Promise<OidcIdentity> {
    if (jwt.length > MAX_TOKEN_LENGTH || !JWT_SHAPE.test(jwt)) {
      throw authFailure('malformed', 'the bearer token is not a JWT');
    }
    let alg: unknown;
    try {
      alg = decodeProtectedHeader(jwt).alg;
    } catch {
      throw authFailure('malformed', 'the JWT header cannot be decoded');
    }
    // Checked here, before any key lookup, so `none` and HS* never reach key resolution.
    if (typeof alg !== 'string' || !this.algorithms.includes(alg)) {
      throw authFailure('alg-not-allowed', `JWT algorithm ${quoted(alg, 16)} is not accepted`);
    }
    let claims: JWTPayload;
    try {
      const result = await jwtVerify(jwt, this.keys, {
        issuer: this.issuer,
        audience: this.audience,
        algorithms: [...this.algorithms],
        clockTolerance: this.skew,
        currentDate: this.clock.now(),
        requiredClaims: ['exp', 'sub'],
      });
      claims = result.payload;
    } catch (error) {
      throw translate(error);
    }
    const subject = claims.sub ?? '';
    const preferred = claims[this.usernameClaim];
    const name = typeof preferred === 'string' && preferred !== '' ? preferred : subject;
    if (!ACTOR_PATTERN.test(name) || isReservedUserName(name)) {
      throw authFailure(
        'malformed',
        `the token's user name ${quoted(name, 64)} is not an acceptable Verity user name`,
      );
    }
    return { name, groups: groupsOf(claims[this.groupsClaim]), subject, claims };
  }
}

/** Attacker-controlled text for a message: shortened and JSON-quoted (no raw control chars). */
function quoted(value: unknown, max: number): string {
  return typeof value === 'string' ? JSON.stringify(value.slice(0, max)) : '(not a string)';
}

function readJwksFile(path: string): JSONWebKeySet {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ValidationError(`OIDC jwksFile ${path}: ${(error as Error).message}`);
  }
  if (
    typeof parsed !== 'object' ||
    parsed === null ||
    !Array.isArray((parsed as { keys?: unknown }).keys)
  ) {
    throw new ValidationError(`OIDC jwksFile ${path}: not a JWKS document (no "keys" array)`);
  }
  return parsed as JSONWebKeySet;
}

/** A groups claim: an array of strings (a lone string counts as one group); others ignored. */
function groupsOf(value: unknown): string[] {
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  const groups = list.filter((g): g is string => typeof g === 'string' && GROUP_PATTERN.test(g));
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

const CLAIM_REASONS: Record<string, AuthFailureReason> = {
  aud: 'wrong-audience',
  iss: 'wrong-issuer',
  // The closed reason list has no "not yet valid"; a token outside its validity window is
  // reported as 'expired', and the message says which end.
  nbf: 'expired',
};

function translate(error: unknown): unknown {
  if (error instanceof KeySourceError) {
    return authFailure(
      'jwks-unavailable',
      `the identity provider's keys are unavailable: ${error.message}`,
    );
  }
  if (error instanceof errors.JWTExpired) return authFailure('expired', 'the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) {
    const reason = CLAIM_REASONS[error.claim] ?? 'malformed';
    const what = error.claim === 'nbf' ? 'is not valid yet' : `fails the '${error.claim}' check`;
    return authFailure(reason, `the token ${what}`);
  }
  if (error instanceof errors.JOSEAlgNotAllowed) {
    return authFailure('alg-not-allowed', 'the token algorithm is not accepted');
  }
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return authFailure('bad-signature', 'the token signature does not verify');
  }
  if (error instanceof errors.JOSEError) {
    return authFailure('malformed', 'the token is malformed');
  }
  return error;
}
