import { constants } from 'node:fs';
import { mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'kysely';
import { ConflictError, ValidationError } from '../../lib/index.js';
import { json } from '../../store/index.js';
import { SYSTEM_ACTOR } from '../actor.js';
import { DAY_MS, identityConfig, newId, randomOf, type IdentityContext } from './context.js';
import { userNameSchema } from './schemas.js';
import { newTokenSecret, secretHash, TOKEN_PATTERN, tokenDisplayPrefix } from './secrets.js';

export const ADMIN_TOKEN_FILE = 'admin-token';
const ADMIN_ROLE = 'admin';
const GLOBAL = '*';
const BOOTSTRAP_TOKEN_NAME = 'bootstrap';

export interface BootstrapOptions {
  /** The Verity home directory; the token is written to `<home>/admin-token`. */
  home: string;
  /** The first administrator's user name (default 'admin'). */
  name?: string;
}

export interface BootstrapResult {
  /** Whether this call created the administrator. */
  created: boolean;
  tokenFile: string;
}

/**
 * Creates the first administrator when there are no users at all: the user (no password), a
 * global binding to the role 'admin', and an unrestricted API token whose secret is written once
 * to `<home>/admin-token` (mode 0600, exclusive create, never overwritten). All of it is one
 * ledgered change by Verity itself (action 'admin.bootstrap', event 'admin-bootstrapped'). When
 * any user exists it does nothing, so it is safe to call at every start.
 *
 * The crash window: the secret is written to disk *before* the commit. A crash after the write
 * but before the commit leaves a file whose secret the database does not know yet; the next
 * start finds no users, finds the file, and commits that same secret. The reverse order could
 * commit an administrator whose only credential was never written, with no second chance (users
 * then exist). If the commit loses a race with another instance sharing the database, the file
 * this call wrote is removed, since its secret will never be valid.
 *
 * The token lives `tokenMaxDays` (default 365); the administrator is expected to set a password
 * or create their own tokens, and to delete the file.
 */
export async function bootstrapAdmin(
  ctx: IdentityContext,
  options: BootstrapOptions,
): Promise<BootstrapResult> {
  const name = options.name ?? 'admin';
  const parsedName = userNameSchema.safeParse(name);
  if (!parsedName.success) {
    throw new ValidationError(`'${name}' cannot be the administrator's user name`);
  }
  const tokenFile = join(options.home, ADMIN_TOKEN_FILE);
  if (await anyUser(ctx)) return { created: false, tokenFile };

  let secret = await readLeftover(tokenFile);
  const wroteFile = secret === undefined;
  if (secret === undefined) {
    secret = newTokenSecret(randomOf(ctx));
    await mkdir(options.home, { recursive: true, mode: 0o700 });
    await writeOnce(tokenFile, secret);
  }
  const tokenSecret = secret;
  const days = identityConfig(ctx).tokenMaxDays;

  try {
    await ctx.committer.commit(SYSTEM_ACTOR, 'admin.bootstrap', async (tx, now) => {
      // Serialises against every other insert into users: "no users yet" stays true until commit.
      await sql`lock table users in share row exclusive mode`.execute(tx);
      const existing = await tx.selectFrom('users').select('name').limit(1).executeTakeFirst();
      if (existing !== undefined) {
        throw new ConflictError('an administrator already exists', {}, 'ALREADY_EXISTS');
      }
      await tx
        .insertInto('users')
        .values({
          name,
          display_name: '',
          email: null,
          password_hash: null,
          source: 'local',
          disabled_at: null,
          created_at: now,
          created_by: SYSTEM_ACTOR.name,
          updated_at: now,
        })
        .execute();
      const bindingId = newId(ctx);
      await tx
        .insertInto('role_bindings')
        .values({
          id: bindingId,
          subject: `user:${name}`,
          role: ADMIN_ROLE,
          namespace: GLOBAL,
          created_at: now,
          created_by: SYSTEM_ACTOR.name,
        })
        .execute();
      const tokenId = newId(ctx);
      const expiresAt = new Date(now.getTime() + days * DAY_MS);
      await tx
        .insertInto('api_tokens')
        .values({
          id: tokenId,
          user_name: name,
          name: BOOTSTRAP_TOKEN_NAME,
          secret_hash: secretHash(tokenSecret),
          prefix: tokenDisplayPrefix(tokenSecret),
          scopes: json([]),
          expires_at: expiresAt,
          created_at: now,
          created_by: SYSTEM_ACTOR.name,
          revoked_at: null,
          revoked_by: null,
          last_used_at: null,
        })
        .execute();
      return {
        result: name,
        events: [
          {
            type: 'admin-bootstrapped',
            subject: { kind: 'user', id: name },
            payload: {
              name,
              role: ADMIN_ROLE,
              namespace: GLOBAL,
              bindingId,
              tokenId,
              tokenName: BOOTSTRAP_TOKEN_NAME,
              expiresAt: expiresAt.toISOString(),
            },
          },
        ],
      };
    });
  } catch (error) {
    if (error instanceof ConflictError && error.code === 'ALREADY_EXISTS') {
      if (wroteFile) await removeQuietly(tokenFile);
      return { created: false, tokenFile };
    }
    // Any other failure: the file stays, and the next start retries with the same secret.
    throw error;
  }
  return { created: true, tokenFile };
}

async function anyUser(ctx: IdentityContext): Promise<boolean> {
  const row = await ctx.db.selectFrom('users').select('name').limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * A token file left by an attempt that crashed before its commit. Reused only when it is a
 * well-formed secret in a regular file that nobody but this user can read or write: anyone able
 * to plant the file would otherwise choose the administrator's secret.
 */
async function readLeftover(path: string): Promise<string | undefined> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const uid = process.getuid?.();
  if (!info.isFile() || (info.mode & 0o077) !== 0 || (uid !== undefined && info.uid !== uid)) {
    throw new ConflictError(
      `${path} exists but is not a private file of this user; there are no users yet, so remove it and start again`,
      { path },
    );
  }
  const secret = (await readFile(path, 'utf8')).trim();
  if (!TOKEN_PATTERN.test(secret)) {
    throw new ConflictError(
      `${path} exists but holds no valid token (an interrupted first start?); remove it and start again`,
      { path },
    );
  }
  return secret;
}

/** Creates the file exclusively (`wx`: fails if it exists), mode 0600, and syncs it to disk. */
async function writeOnce(path: string, secret: string): Promise<void> {
  // O_EXCL with O_CREAT also refuses a symbolic link planted at the path.
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  try {
    // The mode given to open() is filtered by the umask; make it exactly 0600.
    await handle.chmod(0o600);
    await handle.writeFile(`${secret}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function removeQuietly(path: string): Promise<void> {
  await rm(path, { force: true });
}
