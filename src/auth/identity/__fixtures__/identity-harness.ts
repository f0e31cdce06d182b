import { expect } from 'vitest';
import type { TestEngine } from '../../../../test/support/engines.js';
import { Committer } from '../../../ledger/index.js';
import { ACTOR_PATTERN, ManualClock, VerityError } from '../../../lib/index.js';
import type { OpenDatabase } from '../../../store/index.js';
import type { Actor } from '../../actor.js';
import type { Authorizer } from '../../authorizer.js';
import { ACTION_PERMISSIONS, SELF_SERVICE_ACTIONS, SYSTEM_ACTIONS } from '../../permissions.js';
import type { AuthFailureReason } from '../auth-failure.js';
import { Authenticator } from '../authenticator.js';
import type { IdentityConfig, IdentityContext, AssertMayGrant } from '../context.js';
import { LoginRateLimiter } from '../login-rate-limiter.js';
import type { OidcVerifier } from '../oidc.js';
import { provisionOidcUser } from '../users.js';

/**
 * The authoriser's rules in miniature, so identity tests do not depend on role resolution:
 * system actions only for Verity itself, self-service actions for any named actor, everything
 * else only for the names in `admins`.
 */
export class TestAuthorizer implements Authorizer {
  readonly calls: { actor: string; action: string }[] = [];

  constructor(readonly admins: Set<string> = new Set(['root'])) {}

  authorize(actor: Actor, action: string): Promise<void> {
    this.calls.push({ actor: actor.name, action });
    const refuse = (why: string) =>
      Promise.reject(new VerityError('FORBIDDEN', `${actor.name} may not ${action}: ${why}`));
    if (SYSTEM_ACTIONS.includes(action)) {
      return actor.via === 'system' ? Promise.resolve() : refuse('system only');
    }
    if (actor.via === 'system') return Promise.resolve();
    if (!ACTOR_PATTERN.test(actor.name)) return refuse('unnamed');
    if (SELF_SERVICE_ACTIONS.includes(action)) return Promise.resolve();
    if (ACTION_PERMISSIONS[action] === undefined) return refuse('unmapped action');
    return this.admins.has(actor.name) ? Promise.resolve() : refuse('not an admin');
  }
}

export interface IdentityHarness {
  database: OpenDatabase;
  clock: ManualClock;
  authorizer: TestAuthorizer;
  limiter: LoginRateLimiter;
  ctx: IdentityContext & { loginLimiter: LoginRateLimiter };
  authenticator: Authenticator;
  close(): Promise<void>;
}

export interface HarnessOptions {
  oidc?: (clock: ManualClock) => OidcVerifier;
  config?: Partial<IdentityConfig>;
  assertMayGrant?: AssertMayGrant;
}

export const ROOT: Actor = { name: 'root', via: 'token' };

/** A fresh database of `engine` with the identity services wired as the server would. */
export async function openIdentity(
  engine: TestEngine,
  options: HarnessOptions = {},
): Promise<IdentityHarness> {
  const database = await engine.open();
  const clock = new ManualClock('2026-04-01T08:00:00.000Z');
  const authorizer = new TestAuthorizer();
  const limiter = new LoginRateLimiter({ clock });
  const ctx: IdentityContext & { loginLimiter: LoginRateLimiter } = {
    db: database.db,
    committer: new Committer(database.db, clock, authorizer),
    clock,
    loginLimiter: limiter,
    ...(options.config === undefined ? {} : { config: options.config }),
    ...(options.assertMayGrant === undefined ? {} : { assertMayGrant: options.assertMayGrant }),
  };
  const oidc = options.oidc?.(clock);
  const authenticator = new Authenticator({
    db: database.db,
    clock,
    ...(oidc === undefined ? {} : { oidc }),
    provision: async (name) => {
      await provisionOidcUser(ctx, name);
    },
  });
  return {
    database,
    clock,
    authorizer,
    limiter,
    ctx,
    authenticator,
    close: () => database.close(),
  };
}

/** Every ledger entry (hashed event and stored payload) as one string, to search for leaks. */
export async function ledgerText(database: OpenDatabase): Promise<string> {
  const rows = await database.db
    .selectFrom('ledger_entries')
    .select(['entry', 'payload'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => `${r.entry}\n${JSON.stringify(r.payload)}`).join('\n');
}

export interface LedgerEvent {
  type: string;
  actor: string;
  subject: { kind: string; id: string; ref?: string };
  payload: Record<string, unknown>;
}

/** The ledger's events in order, with their stored payloads. */
export async function ledgerEvents(database: OpenDatabase): Promise<LedgerEvent[]> {
  const rows = await database.db
    .selectFrom('ledger_entries')
    .select(['entry', 'payload'])
    .orderBy('seq')
    .execute();
  return rows.map((r) => {
    const entry = JSON.parse(r.entry) as Omit<LedgerEvent, 'payload'>;
    return {
      type: entry.type,
      actor: entry.actor,
      subject: entry.subject,
      payload: r.payload as Record<string, unknown>,
    };
  });
}

/** Asserts that `promise` rejects with UNAUTHENTICATED and this `details.reason`. */
export async function expectAuthFailure(
  promise: Promise<unknown>,
  reason: AuthFailureReason,
): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code: 'UNAUTHENTICATED', details: { reason } });
}

/** Asserts that `promise` rejects with a VerityError of this code. */
export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ code });
}
