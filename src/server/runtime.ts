import { incidentOpener } from '../incidents/index.js';
import { join } from 'node:path';
import { RoleAuthorizer } from '../auth/index.js';
import {
  Authenticator,
  LoginRateLimiter,
  provisionOidcUser,
  type IdentityConfig,
  type IdentityContext,
  type OidcVerifier,
} from '../auth/identity/index.js';
import {
  assertVersionMutable,
  clearDeployment,
  voidChangedPromotions,
  type GovernanceContext,
} from '../approvals/index.js';
import { FsBlobStore, type BlobStore } from '../blobs/index.js';
import { webhookOutbox } from '../events/index.js';
import { Committer, Ledger, type Ed25519NoteSigner } from '../ledger/index.js';
import { systemClock, type Clock } from '../lib/index.js';
import type { Attestor, RegistryContext } from '../registry/index.js';
import {
  assertSchemaCurrent,
  migrateToLatest,
  schemaStatus,
  openDatabase,
  type DatabaseConfig,
  type OpenDatabase,
} from '../store/index.js';

/** The wired-together domain: what the HTTP layer and internal jobs call. */
export interface Runtime {
  database: OpenDatabase;
  blobs: BlobStore;
  clock: Clock;
  registry: RegistryContext;
  /** The registry plus role resolution: approvals, gates, environments, access administration. */
  governance: GovernanceContext;
  identity: IdentityContext;
  access: RoleAuthorizer;
  authenticator: Authenticator;
  ledger: Ledger;
  close(): Promise<void>;
}

/** The server's own keys: the checkpoint signer and the promotion-attestation signer. */
export interface ServerKeys {
  ledger: Ed25519NoteSigner;
  attestor: Attestor;
}

export interface RuntimeOptions {
  database: DatabaseConfig;
  blobRoot: string;
  keys: ServerKeys;
  clock?: Clock;
  /** Accept OIDC bearer JWTs verified by this verifier. */
  oidc?: OidcVerifier;
  identity?: Partial<IdentityConfig>;
  /** Bytes of the audit log's tree kept in memory for proofs (default 64 MiB). */
  proofCacheBytes?: number;
  /**
   * `fresh` (default): create the schema in an empty database, but refuse an out-of-date one
   * (an operator runs `verity db migrate` deliberately, after a backup). `always`: apply pending
   * migrations (tests, `verity db migrate`). `never`: only check.
   */
  migrate?: 'fresh' | 'always' | 'never';
}

export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const database = await openDatabase(options.database);
  try {
    const mode = options.migrate ?? 'fresh';
    if (
      mode === 'always' ||
      (mode === 'fresh' && (await schemaStatus(database.db)).applied.length === 0)
    ) {
      await migrateToLatest(database.db);
    }
    await assertSchemaCurrent(database.db);
    return await assembleRuntime(database, options);
  } catch (error) {
    await database.close();
    throw error;
  }
}

/** Wires the domain over an open, current database. Tests use it with their own databases. */
export async function assembleRuntime(
  database: OpenDatabase,
  options: Omit<RuntimeOptions, 'database' | 'migrate'>,
): Promise<Runtime> {
  const clock = options.clock ?? systemClock;
  const blobs = new FsBlobStore(options.blobRoot);
  const access = new RoleAuthorizer(database.db);
  // Every committed event also lands in the webhook outbox, in the same transaction.
  const committer = new Committer(database.db, clock, access, [
    webhookOutbox({ origin: options.keys.ledger.name }),
  ]);
  const ledger = new Ledger(
    database.db,
    clock,
    options.keys.ledger,
    options.proofCacheBytes === undefined
      ? {}
      : { proofCache: { cacheBytes: options.proofCacheBytes } },
  );
  await ledger.registerKey();
  // The attestation key is recorded too (its PEM in `vkey`), so attestations signed before a key
  // rotation stay verifiable.
  await database.db
    .insertInto('ledger_keys')
    .values({
      key_id: options.keys.attestor.keyId,
      vkey: options.keys.attestor.publicKeyPem,
      purpose: 'attestation',
      created_at: clock.now(),
    })
    .onConflict((oc) => oc.column('key_id').doNothing())
    .execute();
  const governance: GovernanceContext = {
    db: database.db,
    committer,
    blobs,
    clock,
    attestor: options.keys.attestor,
    access,
    deploymentGuard: {
      clear: (tx, input) => clearDeployment(governance, tx, input),
      assertMutable: (tx, versionId) => assertVersionMutable(tx, versionId),
      voidChanged: (tx, target, now) => voidChangedPromotions(tx, target, now),
    },
  };
  // Monitor alerts with an `incident` action open incidents in their own transaction.
  governance.incidentOpener = incidentOpener(governance);
  const identity: IdentityContext = {
    db: database.db,
    committer,
    clock,
    ...(options.identity === undefined ? {} : { config: options.identity }),
    assertMayGrant: (actor, scopes) => access.assertMayGrant(actor, scopes),
    loginLimiter: new LoginRateLimiter({ clock }),
  };
  const authenticator = new Authenticator({
    db: database.db,
    clock,
    ...(options.oidc === undefined ? {} : { oidc: options.oidc }),
    provision: (name) => provisionOidcUser(identity, name).then(() => undefined),
  });
  return {
    database,
    blobs,
    clock,
    registry: governance,
    governance,
    identity,
    access,
    authenticator,
    ledger,
    close: () => database.close(),
  };
}

/** Database settings for a Verity home: PostgreSQL when a URL is given, else embedded PGlite. */
export function databaseConfigFor(home: string, databaseUrl: string | undefined): DatabaseConfig {
  return databaseUrl === undefined
    ? { engine: 'pglite', home }
    : { engine: 'postgres', url: databaseUrl };
}

export function blobRootFor(home: string): string {
  return join(home, 'blobs');
}
