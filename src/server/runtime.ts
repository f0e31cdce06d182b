import { join } from 'node:path';
import { NamedActorAuthorizer, type Authorizer } from '../auth/index.js';
import { FsBlobStore, type BlobStore } from '../blobs/index.js';
import { Committer, LedgerReader } from '../ledger/index.js';
import { systemClock, type Clock } from '../lib/index.js';
import type { RegistryContext } from '../registry/index.js';
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
  ledger: LedgerReader;
  close(): Promise<void>;
}

export interface RuntimeOptions {
  database: DatabaseConfig;
  blobRoot: string;
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
  } catch (error) {
    await database.close();
    throw error;
  }
  const clock = options.clock ?? systemClock;
  const blobs = new FsBlobStore(options.blobRoot);
  const committer = new Committer(
    database.db,
    clock,
    options.authorizer ?? new NamedActorAuthorizer(),
  );
  return {
    database,
    blobs,
    clock,
    registry: { db: database.db, committer, blobs, clock },
    ledger: new LedgerReader(database.db),
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
