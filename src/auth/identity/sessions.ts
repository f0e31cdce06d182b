import { ACTOR_PATTERN } from '../../lib/index.js';
import type { Actor } from '../actor.js';
import { authFailure, LoginFailedError } from './auth-failure.js';
import { identityConfig, iso, newId, randomOf, type IdentityContext } from './context.js';
import type { LoginRateLimiter } from './login-rate-limiter.js';
import { verifyDummyPassword, verifyPassword } from './passwords.js';
import { isReservedUserName, type SessionInfo } from './schemas.js';
import { newSecret, secretHash, SESSION_SECRET_PATTERN } from './secrets.js';
import { findUserRow } from './users.js';

export interface LoginRequest {
  name: string;
  password: string;
  /** The client's address (the socket's, or the trusted proxy's forwarded one). */
  clientAddress: string;
}

/**
 * Signs a user in with their password and starts a dashboard session (action 'session.login',
 * event 'session-started'). Returns the session and its secret, which goes only into the
 * `verity_session` cookie (see `sessionCookie`); the database keeps its SHA-256.
 *
 * Refusals:
 * - RATE_LIMITED when the user name or the client address has failed too often (before any
 *   password is checked);
 * - UNAUTHENTICATED 'bad-password' (a `LoginFailedError`) for an unknown user, a user without a
 *   password, a disabled user or a wrong password alike: same message, and the same scrypt work,
 *   so neither the answer nor its timing tells which. The error's `failure` says which for the
 *   server's log. Failed attempts change no state and are not ledgered.
 */
export async function login(
  ctx: IdentityContext & { loginLimiter: LoginRateLimiter },
  request: LoginRequest,
): Promise<{ session: SessionInfo; secret: string }> {
  const { name, password, clientAddress } = request;
  const keys = { user: name, clientAddress };
  ctx.loginLimiter.check(keys);
  const fail = (failure: LoginFailedError['failure']): never => {
    ctx.loginLimiter.recordFailure(keys);
    throw new LoginFailedError(failure, name, clientAddress);
  };

  if (!ACTOR_PATTERN.test(name) || isReservedUserName(name)) {
    await verifyDummyPassword(password);
    return fail('malformed-name');
  }
  const user = await findUserRow(ctx.db, name);
  if (user === undefined || user.password_hash === null) {
    await verifyDummyPassword(password);
    return fail(user === undefined ? 'unknown-user' : 'no-password');
  }
  // Verify even for a disabled user, so a disabled account answers as slowly as any other.
  const matches = await verifyPassword(password, user.password_hash);
  if (user.disabled_at !== null) return fail('user-disabled');
  if (!matches) return fail('wrong-password');
  ctx.loginLimiter.recordSuccess(name);

  const secret = newSecret(randomOf(ctx));
  const ttlMs = identityConfig(ctx).sessionTtlSeconds * 1000;
  const actor: Actor = { name, via: 'session' };
  const session = await ctx.committer.commit(actor, 'session.login', async (tx, now) => {
    // Checked again under a row lock: the user may have been disabled since the password check.
    const row = await tx
      .selectFrom('users')
      .select(['disabled_at', 'password_hash'])
      .where('name', '=', name)
      .forShare()
      .executeTakeFirst();
    if (row === undefined || row.disabled_at !== null || row.password_hash !== user.password_hash) {
      throw new LoginFailedError('user-disabled', name, clientAddress);
    }
    const id = newId(ctx);
    const expiresAt = new Date(now.getTime() + ttlMs);
    await tx
      .insertInto('sessions')
      .values({
        id,
        user_name: name,
        secret_hash: secretHash(secret),
        created_at: now,
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    const info: SessionInfo = {
      id,
      user: name,
      createdAt: iso(now),
      expiresAt: iso(expiresAt),
    };
    return {
      result: info,
      // No secret and no client address (personal data) in the ledger.
      events: [
        {
          type: 'session-started',
          subject: { kind: 'session', id },
          payload: { user: name, expiresAt: info.expiresAt },
        },
      ],
    };
  });
  return { session, secret };
}

/**
 * Ends the session whose secret the actor's cookie carries (action 'session.logout', event
 * 'session-ended'). Only one's own live session can be ended this way.
 */
export async function logout(
  ctx: IdentityContext,
  actor: Actor,
  sessionSecret: string,
): Promise<SessionInfo> {
  if (!SESSION_SECRET_PATTERN.test(sessionSecret)) {
    throw authFailure('malformed', 'the session cookie is malformed');
  }
  const hash = secretHash(sessionSecret);
  return ctx.committer.commit(actor, 'session.logout', async (tx, now) => {
    const row = await tx
      .selectFrom('sessions')
      .selectAll()
      .where('secret_hash', '=', hash)
      .forUpdate()
      .executeTakeFirst();
    if (
      row === undefined ||
      row.user_name !== actor.name ||
      row.revoked_at !== null ||
      new Date(row.expires_at).getTime() <= now.getTime()
    ) {
      throw authFailure('no-such-session', 'no such session');
    }
    await tx.updateTable('sessions').set({ revoked_at: now }).where('id', '=', row.id).execute();
    return {
      result: {
        id: row.id,
        user: row.user_name,
        createdAt: iso(row.created_at),
        expiresAt: iso(row.expires_at),
      },
      events: [
        {
          type: 'session-ended',
          subject: { kind: 'session', id: row.id },
          payload: { user: row.user_name, reason: 'logout' },
        },
      ],
    };
  });
}

/** A user's live sessions (no secrets), newest first. */
export async function listSessions(ctx: IdentityContext, user: string): Promise<SessionInfo[]> {
  const now = ctx.clock.now();
  const rows = await ctx.db
    .selectFrom('sessions')
    .select(['id', 'user_name', 'created_at', 'expires_at'])
    .where('user_name', '=', user)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    user: r.user_name,
    createdAt: iso(r.created_at),
    expiresAt: iso(r.expires_at),
  }));
}
