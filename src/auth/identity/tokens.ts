import type { Selectable } from 'kysely';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/index.js';
import type { ApiTokensTable, ScopeRow } from '../../store/index.js';
import { json } from '../../store/index.js';
import type { Actor } from '../actor.js';
import {
  DAY_MS,
  identityConfig,
  iso,
  isoOrNull,
  newId,
  randomOf,
  type IdentityContext,
} from './context.js';
import { parseInput } from './parse-input.js';
import {
  createTokenSchema,
  type CreatedToken,
  type CreateTokenInput,
  type TokenInfo,
} from './schemas.js';
import { newTokenSecret, secretHash, tokenDisplayPrefix } from './secrets.js';

type TokenRow = Selectable<ApiTokensTable>;

function toToken(row: TokenRow, now: Date): TokenInfo {
  const status =
    row.revoked_at !== null
      ? ('revoked' as const)
      : new Date(row.expires_at).getTime() <= now.getTime()
        ? ('expired' as const)
        : ('active' as const);
  return {
    id: row.id,
    user: row.user_name,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    status,
    expiresAt: iso(row.expires_at),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    revokedAt: isoOrNull(row.revoked_at),
    revokedBy: row.revoked_by,
    lastUsedAt: isoOrNull(row.last_used_at),
  };
}

function uniqueScopes(scopes: readonly ScopeRow[]): ScopeRow[] {
  const seen = new Map<string, ScopeRow>();
  for (const s of scopes)
    seen.set(`${s.role}\u0000${s.namespace}`, { role: s.role, namespace: s.namespace });
  return [...seen.values()];
}

/**
 * Creates an API token for the acting user (action 'token.create', self-service: a token is only
 * ever made for oneself). The secret, `vrt_` + 43 base64url characters, is returned once; only
 * its SHA-256 is stored, and no part of it enters the ledger.
 *
 * Scopes: empty or absent means "all of the user's own rights, as they are at each use". Given
 * scopes must each be a role the user holds there (checked by the injected `assertMayGrant`). A
 * token restricted by scopes may only make tokens restricted to what it carries, never an
 * unrestricted one.
 */
export async function createToken(
  ctx: IdentityContext,
  actor: Actor,
  input: CreateTokenInput,
): Promise<CreatedToken> {
  const data = parseInput(createTokenSchema, input, 'token');
  const config = identityConfig(ctx);
  const days = data.expiresInDays ?? config.tokenDefaultDays;
  if (days > config.tokenMaxDays) {
    throw new ValidationError(`a token may live at most ${config.tokenMaxDays} days`, [
      {
        code: 'too_big',
        path: ['expiresInDays'],
        message: `must be at most ${config.tokenMaxDays}`,
      },
    ]);
  }
  const scopes = uniqueScopes(data.scopes ?? []);
  // Issuing to someone else is an identity administrator's act (action 'token.issue', needing
  // identity:write); the token then carries at most its owner's roles, never the issuer's.
  const owner = data.user ?? actor.name;
  const issuing = owner !== actor.name;
  const holder: Actor = issuing ? { name: owner, via: 'token' } : actor;
  const restricted = !issuing && actor.scopes !== undefined && actor.scopes.length > 0;
  if (restricted && scopes.length === 0) {
    throw new ForbiddenError(
      'a token restricted by scopes cannot create an unrestricted token: give scopes',
    );
  }
  if (scopes.length > 0) {
    if (ctx.assertMayGrant === undefined) {
      throw new ForbiddenError('tokens with scopes cannot be created: no role checker configured');
    }
    await ctx.assertMayGrant(holder, scopes);
  }
  const secret = newTokenSecret(randomOf(ctx));
  const id = await ctx.committer.commit(
    actor,
    issuing ? 'token.issue' : 'token.create',
    async (tx, now) => {
      const user = await tx
        .selectFrom('users')
        .select(['name', 'disabled_at'])
        .where('name', '=', owner)
        .executeTakeFirst();
      if (user === undefined) throw new NotFoundError('user', owner);
      if (user.disabled_at !== null) {
        throw new ForbiddenError(`user '${owner}' is disabled`, { name: owner });
      }
      const clash = await tx
        .selectFrom('api_tokens')
        .select('id')
        .where('user_name', '=', owner)
        .where('name', '=', data.name)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      if (clash !== undefined) {
        throw new ConflictError(
          `${owner} already has an active token named '${data.name}'`,
          { name: data.name },
          'ALREADY_EXISTS',
        );
      }
      const id = newId(ctx);
      const expiresAt = new Date(now.getTime() + days * DAY_MS);
      await tx
        .insertInto('api_tokens')
        .values({
          id,
          user_name: owner,
          name: data.name,
          secret_hash: secretHash(secret),
          prefix: tokenDisplayPrefix(secret),
          scopes: json(scopes),
          expires_at: expiresAt,
          created_at: now,
          created_by: actor.name,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        })
        .execute();
      return {
        result: id,
        events: [
          {
            type: 'api-token-created',
            subject: { kind: 'api-token', id, ref: `${owner}/${data.name}` },
            // Not the prefix either: nothing derived from the secret goes into the ledger.
            payload: {
              user: owner,
              name: data.name,
              scopes,
              expiresAt: expiresAt.toISOString(),
            },
          },
        ],
      };
    },
  );
  return { token: await getToken(ctx, id), secret };
}

/** One token's metadata by id. */
export async function getToken(ctx: IdentityContext, id: string): Promise<TokenInfo> {
  const row = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('token', id);
  return toToken(row, ctx.clock.now());
}

export interface ListTokensOptions {
  /** Whose tokens; default the actor's own. */
  user?: string;
  /**
   * Whether the caller may read other users' token metadata. The route sets it from the
   * 'identity:read' permission; without it, asking for someone else's tokens is FORBIDDEN.
   */
  mayReadOthers?: boolean;
}

/** Token metadata (never secrets), newest first, revoked and expired ones included. */
export async function listTokens(
  ctx: IdentityContext,
  actor: Actor,
  options: ListTokensOptions = {},
): Promise<TokenInfo[]> {
  const user = options.user ?? actor.name;
  if (user !== actor.name && options.mayReadOthers !== true) {
    throw new ForbiddenError(`you may only list your own tokens`, { user });
  }
  const rows = await ctx.db
    .selectFrom('api_tokens')
    .selectAll()
    .where('user_name', '=', user)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const now = ctx.clock.now();
  return rows.map((r) => toToken(r, now));
}

/**
 * Revokes a token: one's own with 'token.revoke', anyone else's with 'token.revoke-any'
 * (identity:write). It stops working on the next request, since every authentication reads the
 * token row; nothing caches it.
 */
export async function revokeToken(
  ctx: IdentityContext,
  actor: Actor,
  id: string,
): Promise<TokenInfo> {
  const owner = await ctx.db
    .selectFrom('api_tokens')
    .select('user_name')
    .where('id', '=', id)
    .executeTakeFirst();
  if (owner === undefined) throw new NotFoundError('token', id);
  const own = owner.user_name === actor.name;
  await ctx.committer.commit(actor, own ? 'token.revoke' : 'token.revoke-any', async (tx, now) => {
    const row = await tx
      .selectFrom('api_tokens')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('token', id);
    if (row.user_name !== owner.user_name) throw new ConflictError('the token changed owner', {});
    if (row.revoked_at !== null) {
      throw new ConflictError(`token '${row.name}' is already revoked`, { id });
    }
    await tx
      .updateTable('api_tokens')
      .set({ revoked_at: now, revoked_by: actor.name })
      .where('id', '=', id)
      .execute();
    return {
      result: id,
      events: [
        {
          type: 'api-token-revoked',
          subject: { kind: 'api-token', id, ref: `${row.user_name}/${row.name}` },
          payload: { user: row.user_name, name: row.name, by: own ? 'owner' : 'administrator' },
        },
      ],
    };
  });
  return getToken(ctx, id);
}
