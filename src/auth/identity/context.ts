import type { Kysely } from 'kysely';
import type { Committer } from '../../ledger/index.js';
import {
  cryptoRandom,
  uuidv7,
  ValidationError,
  type Clock,
  type RandomSource,
} from '../../lib/index.js';
import type { Database, ScopeRow } from '../../store/index.js';
import type { Actor } from '../actor.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';

/** Lifetimes of identity credentials; the server reads them from its configuration. */
export interface IdentityConfig {
  /** API token lifetime when the request does not say. */
  tokenDefaultDays: number;
  /** Longest API token lifetime anyone may ask for. */
  tokenMaxDays: number;
  /** Dashboard session lifetime (fixed from sign-in, not sliding). */
  sessionTtlSeconds: number;
}

export const DEFAULT_IDENTITY_CONFIG: IdentityConfig = Object.freeze({
  tokenDefaultDays: 90,
  tokenMaxDays: 365,
  sessionTtlSeconds: 12 * 60 * 60,
});

/**
 * Checks that `actor` may put these scopes on a token: each must be a role the actor holds in
 * that namespace or globally. Injected so role resolution stays with the authoriser.
 */
export type AssertMayGrant = (actor: Actor, scopes: readonly ScopeRow[]) => Promise<void>;

/**
 * What identity operations need. A `RegistryContext` already has the first four, so the server
 * can build this by spreading it and adding the rest.
 */
export interface IdentityContext {
  db: Kysely<Database>;
  committer: Committer;
  clock: Clock;
  random?: RandomSource;
  config?: Partial<IdentityConfig>;
  /** Required to create tokens with explicit scopes; without it such requests are refused. */
  assertMayGrant?: AssertMayGrant;
  /** Slows password guessing; required by `login`, used by `setPassword` when present. */
  loginLimiter?: LoginRateLimiter;
}

export function identityConfig(ctx: IdentityContext): IdentityConfig {
  const merged = { ...DEFAULT_IDENTITY_CONFIG, ...ctx.config };
  for (const [key, value] of Object.entries(merged)) {
    if (!Number.isInteger(value) || value < 1) {
      throw new ValidationError(`identity configuration: ${key} must be a positive integer`);
    }
  }
  if (merged.tokenDefaultDays > merged.tokenMaxDays) {
    throw new ValidationError('identity configuration: tokenDefaultDays exceeds tokenMaxDays');
  }
  return merged;
}

export function randomOf(ctx: { random?: RandomSource }): RandomSource {
  return ctx.random ?? cryptoRandom;
}

export function newId(ctx: IdentityContext): string {
  return uuidv7(ctx.clock, ctx.random);
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}

export const DAY_MS = 24 * 60 * 60 * 1000;
