import { newTokenSecret, secretHash, tokenDisplayPrefix } from '../../src/auth/identity/secrets.js';
import { uuidv7 } from '../../src/lib/index.js';
import type { Runtime } from '../../src/server/runtime.js';
import { json } from '../../src/store/index.js';

/**
 * Users the existing API tests act as. Each is a global admin unless a test binds other roles,
 * so registry tests exercise the registry, not authorisation (which has its own tests).
 */
export const TEST_USERS = [
  'alice',
  'bob',
  'carol',
  'dana',
  'deployer',
  'erin',
  'james',
  'maria',
  'ops',
  'signer',
  'cli-tester',
] as const;

/**
 * Creates users with role bindings and an API token each, straight in the database: fixtures,
 * not governed changes, so they add no ledger entries and ledger tests keep their exact sizes.
 * Returns name → token secret.
 */
export async function seedUsers(
  runtime: Runtime,
  users: readonly { name: string; roles: readonly { role: string; namespace?: string }[] }[],
): Promise<Map<string, string>> {
  const db = runtime.database.db;
  const now = runtime.clock.now();
  const tokens = new Map<string, string>();
  for (const user of users) {
    await db
      .insertInto('users')
      .values({
        name: user.name,
        email: null,
        password_hash: null,
        source: 'local',
        created_at: now,
        created_by: 'test-fixture',
        updated_at: now,
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    for (const binding of user.roles) {
      await db
        .insertInto('role_bindings')
        .values({
          id: uuidv7(runtime.clock),
          subject: `user:${user.name}`,
          role: binding.role,
          namespace: binding.namespace ?? '*',
          created_at: now,
          created_by: 'test-fixture',
        })
        .onConflict((oc) => oc.columns(['subject', 'role', 'namespace']).doNothing())
        .execute();
    }
    const secret = newTokenSecret();
    await db
      .insertInto('api_tokens')
      .values({
        id: uuidv7(runtime.clock),
        user_name: user.name,
        name: 'test',
        secret_hash: secretHash(secret),
        prefix: tokenDisplayPrefix(secret),
        scopes: json([]),
        expires_at: new Date(now.getTime() + 3650 * 86_400_000),
        created_at: now,
        created_by: 'test-fixture',
      })
      .execute();
    tokens.set(user.name, secret);
  }
  return tokens;
}

/** Environments without gates, for registry tests that record deployments directly. */
export async function seedOpenEnvironments(
  runtime: Runtime,
  names: readonly string[] = ['development', 'staging', 'canary', 'production'],
): Promise<void> {
  const now = runtime.clock.now();
  for (const [rank, name] of names.entries()) {
    await runtime.database.db
      .insertInto('environments')
      .values({
        name,
        description: '',
        rank,
        policy_packs: json([]),
        quorum: json({}),
        approval_ttl_seconds: 30 * 86_400,
        freeze_on_approval: false,
        created_at: now,
        updated_at: now,
        updated_by: 'test-fixture',
      })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
  }
}
