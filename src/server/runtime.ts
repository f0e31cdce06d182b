import { join } from 'node:path';
import { NamedActorAuthorizer, type Authorizer } from '../auth/index.js';
import { FsBlobStore, type BlobStore } from '../blobs/index.js';
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
  authorizer?: Authorizer;
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
  const committer = new Committer(
    database.db,
    clock,
    options.authorizer ?? new NamedActorAuthorizer(),
  );
  const ledger = new Ledger(database.db, clock, options.keys.ledger);
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
  return {
    database,
    blobs,
    clock,
    registry: { db: database.db, committer, blobs, clock, attestor: options.keys.attestor },
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
