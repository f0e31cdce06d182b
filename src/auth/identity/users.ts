import type { Kysely, Selectable, Transaction } from 'kysely';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../lib/index.js';
import type { Database, UsersTable } from '../../store/index.js';
import { SYSTEM_ACTOR, type Actor } from '../actor.js';
import { authFailure } from './auth-failure.js';
import { iso, isoOrNull, randomOf, type IdentityContext } from './context.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { parseInput } from './parse-input.js';
import {
  createUserSchema,
  setPasswordSchema,
  updateUserSchema,
  type CreateUserInput,
  type SetPasswordInput,
  type UpdateUserInput,
  type User,
  type UserSource,
} from './schemas.js';
import { emailDigest, personalDigest } from './secrets.js';

type UserRow = Selectable<UsersTable>;

function toUser(row: UserRow): User {
  return {
    name: row.name,
    displayName: row.display_name,
    email: row.email,
    source: row.source === 'oidc' ? 'oidc' : 'local',
    hasPassword: row.password_hash !== null,
    disabled: row.disabled_at !== null,
    disabledAt: isoOrNull(row.disabled_at),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
  };
}

/** The ledger's view of a user's personal fields: digests, never the text (invariant 3). */
function personalCommitments(fields: { displayName?: string; email?: string | null }) {
  const out: Record<string, string | null> = {};
  if (fields.displayName !== undefined) {
    out.displayNameDigest = fields.displayName === '' ? null : personalDigest(fields.displayName);
  }
  if (fields.email !== undefined) {
    out.emailDigest = fields.email === null ? null : emailDigest(fields.email);
  }
  return out;
}

/**
 * Refuses a name that differs from an existing user's only in case: `Admin` next to `admin`
 * would read as the same person in the ledger.
 */
async function assertNameFree(tx: Transaction<Database>, name: string): Promise<void> {
  const clash = await tx
    .selectFrom('users')
    .select('name')
    .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
    .executeTakeFirst();
  if (clash !== undefined) {
    throw new ConflictError(
      clash.name === name
        ? `a user named '${name}' already exists`
        : `the name '${name}' clashes with the existing user '${clash.name}'`,
      { name: clash.name },
      'ALREADY_EXISTS',
    );
  }
}

/** Revokes every live session of a user; returns how many. */
async function revokeSessionsOf(
  tx: Transaction<Database>,
  user: string,
  now: Date,
): Promise<number> {
  const revoked = await tx
    .updateTable('sessions')
    .set({ revoked_at: now })
    .where('user_name', '=', user)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .returning('id')
    .execute();
  return revoked.length;
}

/**
 * Creates a user (action 'user.write'). A password, when given, must meet the policy; an 'oidc'
 * user pre-registers someone who will sign in through the identity provider.
 */
export async function createUser(
  ctx: IdentityContext,
  actor: Actor,
  input: CreateUserInput,
): Promise<User> {
  const data = parseInput(createUserSchema, input, 'user');
  const source: UserSource = data.source ?? 'local';
  if (source === 'oidc' && data.password !== undefined) {
    throw new ValidationError('a user who signs in through the identity provider has no password');
  }
  // Hash before the transaction: scrypt takes ~100 ms and must not hold the ledger head lock.
  const passwordHash =
    data.password === undefined ? null : await hashPassword(data.password, randomOf(ctx));
  await ctx.committer.commit(actor, 'user.write', async (tx, now) => {
    await assertNameFree(tx, data.name);
    await tx
      .insertInto('users')
      .values({
        name: data.name,
        display_name: data.displayName ?? '',
        email: data.email ?? null,
        password_hash: passwordHash,
        source,
        disabled_at: null,
        created_at: now,
        created_by: actor.name,
        updated_at: now,
      })
      .execute();
    return {
      result: data.name,
      events: [
        {
          type: 'user-created',
          subject: { kind: 'user', id: data.name },
          payload: {
            name: data.name,
            source,
            hasPassword: passwordHash !== null,
            ...personalCommitments({
              displayName: data.displayName ?? '',
              email: data.email ?? null,
            }),
          },
        },
      ],
    };
  });
  return getUser(ctx, data.name);
}

/**
 * Changes a user's display name, e-mail address or disabled state (action 'user.write').
 * Disabling revokes the user's sessions in the same transaction; their API tokens are refused
 * from the next request on, because every authentication checks the user (and enabling the user
 * again makes unexpired, unrevoked tokens work again). No one may disable themselves, so the last
 * administrator cannot lock everyone out by accident.
 */
export async function updateUser(
  ctx: IdentityContext,
  actor: Actor,
  name: string,
  input: UpdateUserInput,
): Promise<User> {
  const data = parseInput(updateUserSchema, input, 'user update');
  if (data.disabled === true && name === actor.name) {
    throw new ForbiddenError('you cannot disable your own account', { name });
  }
  await ctx.committer.commit(actor, 'user.write', async (tx, now) => {
    const row = await tx
      .selectFrom('users')
      .selectAll()
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('user', name);

    const profile: { displayName?: string; email?: string | null } = {};
    if (data.displayName !== undefined && data.displayName !== row.display_name) {
      profile.displayName = data.displayName;
    }
    if (data.email !== undefined && data.email !== row.email) profile.email = data.email;
    const disabling = data.disabled === true && row.disabled_at === null;
    const enabling = data.disabled === false && row.disabled_at !== null;

    await tx
      .updateTable('users')
      .set({
        ...(profile.displayName === undefined ? {} : { display_name: profile.displayName }),
        ...(profile.email === undefined ? {} : { email: profile.email }),
        ...(disabling ? { disabled_at: now } : {}),
        ...(enabling ? { disabled_at: null } : {}),
        updated_at: now,
      })
      .where('name', '=', name)
      .execute();

    const subject = { kind: 'user', id: name };
    const changed = Object.keys(profile);
    const events = [];
    if (changed.length > 0 || (!disabling && !enabling)) {
      events.push({
        type: 'user-updated',
        subject,
        payload: { name, changed, ...personalCommitments(profile) },
      });
    }
    if (disabling) {
      const sessionsRevoked = await revokeSessionsOf(tx, name, now);
      events.push({ type: 'user-disabled', subject, payload: { name, sessionsRevoked } });
    }
    if (enabling) events.push({ type: 'user-enabled', subject, payload: { name } });
    return { result: name, events };
  });
  return getUser(ctx, name);
}

/**
 * Sets a user's password and signs them out everywhere (their sessions are revoked).
 *
 * - Someone else's: an administrator's reset, action 'user.write'.
 * - One's own: action 'password.change', which needs the current password when one is set (a
 *   stolen session cookie must not be enough to take over the account). A token restricted by
 *   scopes may not do it: a password gives a session with all of the user's rights.
 *
 * Users who sign in through the identity provider have no password here.
 */
export async function setPassword(
  ctx: IdentityContext,
  actor: Actor,
  name: string,
  input: SetPasswordInput,
  options: { clientAddress?: string } = {},
): Promise<User> {
  const data = parseInput(setPasswordSchema, input, 'password change');
  const self = actor.name === name;
  if (self && actor.scopes !== undefined && actor.scopes.length > 0) {
    throw new ForbiddenError('a token restricted by scopes cannot change its user’s password');
  }
  const before = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  if (before === undefined) throw new NotFoundError('user', name);
  if (before.source === 'oidc') {
    throw new ValidationError(
      `user '${name}' signs in through the identity provider and has no password here`,
    );
  }
  if (self && before.password_hash !== null) {
    await checkCurrentPassword(ctx, name, before.password_hash, data.currentPassword, options);
  }
  const passwordHash = await hashPassword(data.password, randomOf(ctx));
  await ctx.committer.commit(actor, self ? 'password.change' : 'user.write', async (tx, now) => {
    const row = await tx
      .selectFrom('users')
      .select(['name', 'password_hash'])
      .where('name', '=', name)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('user', name);
    if (self && row.password_hash !== before.password_hash) {
      throw new ConflictError('the password changed meanwhile; try again', { name });
    }
    await tx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: now })
      .where('name', '=', name)
      .execute();
    const sessionsRevoked = await revokeSessionsOf(tx, name, now);
    return {
      result: name,
      events: [
        {
          type: 'password-changed',
          subject: { kind: 'user', id: name },
          payload: { name, by: self ? 'self' : 'administrator', sessionsRevoked },
        },
      ],
    };
  });
  return getUser(ctx, name);
}

async function checkCurrentPassword(
  ctx: IdentityContext,
  name: string,
  stored: string,
  current: string | undefined,
  options: { clientAddress?: string },
): Promise<void> {
  const keys = { user: name, clientAddress: options.clientAddress };
  ctx.loginLimiter?.check(keys);
  if (current === undefined || !(await verifyPassword(current, stored))) {
    ctx.loginLimiter?.recordFailure(keys);
    throw authFailure('bad-password', 'the current password is wrong');
  }
}

/**
 * Records a user first seen through the identity provider (source 'oidc'), as Verity itself
 * (action 'user.provision', event 'user-provisioned'). Idempotent: when the user (or a name
 * differing only in case) already exists, nothing is written and false is returned.
 */
export async function provisionOidcUser(ctx: IdentityContext, name: string): Promise<boolean> {
  try {
    await ctx.committer.commit(SYSTEM_ACTOR, 'user.provision', async (tx, now) => {
      await assertNameFree(tx, name);
      await tx
        .insertInto('users')
        .values({
          name,
          display_name: '',
          email: null,
          password_hash: null,
          source: 'oidc',
          disabled_at: null,
          created_at: now,
          created_by: SYSTEM_ACTOR.name,
          updated_at: now,
        })
        .execute();
      return {
        result: name,
        events: [
          {
            type: 'user-provisioned',
            subject: { kind: 'user', id: name },
            payload: { name, source: 'oidc' },
          },
        ],
      };
    });
    return true;
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS') return false;
    throw error;
  }
}

/** One user, without any password material. */
export async function getUser(ctx: { db: Kysely<Database> }, name: string): Promise<User> {
  const row = await ctx.db
    .selectFrom('users')
    .selectAll()
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('user', name);
  return toUser(row);
}

/** Every user by name, without any password material. */
export async function listUsers(ctx: { db: Kysely<Database> }): Promise<User[]> {
  const rows = await ctx.db.selectFrom('users').selectAll().orderBy('name').execute();
  return rows.map(toUser);
}

/** A user's row, for the authenticator and sign-in. Internal to the identity module. */
export async function findUserRow(
  db: Kysely<Database>,
  name: string,
): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
}

/** Throws UNAUTHENTICATED 'user-disabled' unless the user exists and is enabled. */
export function assertUsable(row: UserRow | undefined, name: string): asserts row is UserRow {
  if (row === undefined || row.disabled_at !== null) {
    throw authFailure('user-disabled', `user '${name}' is disabled or no longer exists`);
  }
}
