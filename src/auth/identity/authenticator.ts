import type { Kysely } from 'kysely';
import { ForbiddenError, type Clock } from '../../lib/index.js';
import type { Database } from '../../store/index.js';
import type { Actor } from '../actor.js';
import { authFailure } from './auth-failure.js';
import { parseCookies, SESSION_COOKIE } from './cookies.js';
import type { OidcVerifier } from './oidc.js';
import { secretHash, SESSION_SECRET_PATTERN, TOKEN_PATTERN, TOKEN_PREFIX } from './secrets.js';
import { assertUsable, findUserRow } from './users.js';

export interface AuthenticatorOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** Accepts OIDC bearer JWTs when set. */
  oidc?: OidcVerifier;
  /**
   * Records a user seen for the first time through OIDC; the server passes
   * `(name) => provisionOidcUser(ctx, name).then(() => undefined)`.
   */
  provision?: (name: string) => Promise<void>;
  /** How often `last_used_at` of a token is written at most (default one minute). */
  touchIntervalMs?: number;
}

/** The credentials of one request, as the HTTP layer found them. */
export interface Credentials {
  authorization?: string | undefined;
  cookie?: string | undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

/**
 * Turns a request's credentials into an `Actor`, or `null` when it carries none (the route then
 * decides whether anonymous access is allowed). In order:
 *
 * 1. `Authorization: Bearer vrt_...`: an API token (unknown, expired, revoked or of a disabled
 *    user is refused);
 * 2. `Authorization: Bearer <header>.<payload>.<signature>`: an OIDC token, when configured; the
 *    user is provisioned on first sight and refused when disabled;
 * 3. no Authorization header: the `verity_session` cookie.
 *
 * Any other Authorization scheme or shape is UNAUTHENTICATED 'malformed'. Nothing is cached:
 * every request reads the token or session and the user, so revocation and disabling take effect
 * on the next request.
 */
export class Authenticator {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly oidc: OidcVerifier | undefined;
  private readonly provision: ((name: string) => Promise<void>) | undefined;
  private readonly touchIntervalMs: number;

  constructor(options: AuthenticatorOptions) {
    this.db = options.db;
    this.clock = options.clock;
    this.oidc = options.oidc;
    this.provision = options.provision;
    this.touchIntervalMs = options.touchIntervalMs ?? 60_000;
  }

  async authenticate(credentials: Credentials): Promise<Actor | null> {
    const { authorization } = credentials;
    if (authorization !== undefined) return this.bearer(authorization);
    const secret = parseCookies(credentials.cookie)[SESSION_COOKIE];
    if (secret === undefined || secret === '') return null;
    return this.session(secret);
  }

  private async bearer(header: string): Promise<Actor> {
    // RFC 9110 §11.1: the scheme is case-insensitive; RFC 6750 §2.1: `Bearer` SP token68.
    const match = /^\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?: +(\S+))?\s*$/.exec(header);
    if (match === null || match[1]?.toLowerCase() !== 'bearer') {
      throw authFailure('malformed', 'use the Authorization scheme Bearer');
    }
    const token = match[2];
    if (token === undefined) throw authFailure('missing', 'the Bearer token is missing');
    if (token.startsWith(TOKEN_PREFIX)) return this.apiToken(token);
    if (JWT_SHAPE.test(token)) {
      if (this.oidc === undefined) {
        throw authFailure('unknown-token', 'OIDC sign-in is not configured on this server');
      }
      return this.oidcToken(token, this.oidc);
    }
    throw authFailure('malformed', 'the bearer token is neither a Verity token nor a JWT');
  }

  private async apiToken(secret: string): Promise<Actor> {
    if (!TOKEN_PATTERN.test(secret)) throw authFailure('malformed', 'the API token is malformed');
    const now = this.clock.now();
    const row = await this.db
      .selectFrom('api_tokens')
      .select(['id', 'user_name', 'scopes', 'expires_at', 'revoked_at', 'last_used_at'])
      .where('secret_hash', '=', secretHash(secret))
      .executeTakeFirst();
    if (row === undefined) throw authFailure('unknown-token', 'unknown API token');
    if (row.revoked_at !== null) throw authFailure('revoked', 'the API token has been revoked');
    if (new Date(row.expires_at).getTime() <= now.getTime()) {
      throw authFailure('expired', 'the API token has expired');
    }
    assertUsable(await findUserRow(this.db, row.user_name), row.user_name);
    await this.touch(row.id, row.last_used_at, now);
    const actor: Actor = { name: row.user_name, via: 'token', tokenId: row.id };
    return row.scopes.length > 0 ? { ...actor, scopes: row.scopes } : actor;
  }

  /**
   * Usage bookkeeping, written directly rather than through the committer: it is not a
   * governance change (and a ledger entry per request would drown the log). At most once per
   * interval per token, and guarded in SQL so concurrent requests write it once.
   */
  private async touch(id: string, lastUsed: Date | null, now: Date): Promise<void> {
    const threshold = new Date(now.getTime() - this.touchIntervalMs);
    if (lastUsed !== null && new Date(lastUsed).getTime() > threshold.getTime()) return;
    await this.db
      .updateTable('api_tokens')
      .set({ last_used_at: now })
      .where('id', '=', id)
      .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<=', threshold)]))
      .execute();
  }

  private async oidcToken(jwt: string, oidc: OidcVerifier): Promise<Actor> {
    const identity = await oidc.verify(jwt);
    let user = await findUserRow(this.db, identity.name);
    if (user === undefined && this.provision !== undefined) {
      await this.provision(identity.name);
      user = await findUserRow(this.db, identity.name);
    }
    if (user === undefined) {
      throw new ForbiddenError(
        `'${identity.name}' from the identity provider is not a Verity user (or clashes with one)`,
        { name: identity.name },
      );
    }
    // A local account's name must not be claimable through the identity provider, where the
    // user-name claim may be chosen by the user.
    if (user.source !== 'oidc') {
      throw new ForbiddenError(
        `user '${identity.name}' is a local account and cannot sign in through the identity provider`,
        { name: identity.name },
      );
    }
    assertUsable(user, identity.name);
    return { name: identity.name, via: 'oidc', groups: identity.groups };
  }

  private async session(secret: string): Promise<Actor> {
    if (!SESSION_SECRET_PATTERN.test(secret)) {
      throw authFailure('malformed', 'the session cookie is malformed');
    }
    const row = await this.db
      .selectFrom('sessions')
      .select(['user_name', 'expires_at', 'revoked_at'])
      .where('secret_hash', '=', secretHash(secret))
      .executeTakeFirst();
    if (row === undefined) throw authFailure('no-such-session', 'no such session');
    if (row.revoked_at !== null) throw authFailure('revoked', 'the session has ended');
    if (new Date(row.expires_at).getTime() <= this.clock.now().getTime()) {
      throw authFailure('expired', 'the session has expired');
    }
    assertUsable(await findUserRow(this.db, row.user_name), row.user_name);
    return { name: row.user_name, via: 'session' };
  }
}
