import { Migrator, sql, type Kysely, type MigrationProvider } from 'kysely';
import { VerityError } from '../lib/index.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

const provider: MigrationProvider = { getMigrations: () => Promise.resolve(MIGRATIONS) };

/** Applies every pending migration. Kysely's Migrator takes an advisory lock on PostgreSQL. */
export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new VerityError(
      'INTERNAL',
      `migration ${failed ?? '(unknown)'} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`,
    );
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

export interface SchemaStatus {
  applied: string[];
  pending: string[];
  unknown: string[];
}

export async function schemaStatus(db: Kysely<Database>): Promise<SchemaStatus> {
  const known = Object.keys(MIGRATIONS).sort();
  const exists = await sql<{ present: boolean }>`
    select to_regclass('kysely_migration') is not null as present`.execute(db);
  const applied = exists.rows[0]?.present
    ? (
        await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)
      ).rows.map((r) => r.name)
    : [];
  return {
    applied,
    pending: known.filter((name) => !applied.includes(name)),
    unknown: applied.filter((name) => !known.includes(name)),
  };
}

/**
 * Refuses to run on a schema that does not match this build: an older one must be migrated
 * first, a newer one means this Verity is older than the data it is pointed at.
 */
export async function assertSchemaCurrent(db: Kysely<Database>): Promise<void> {
  const status = await schemaStatus(db);
  if (status.unknown.length > 0) {
    throw new VerityError(
      'SCHEMA_TOO_NEW',
      `The database schema is newer than this Verity (it has migrations ${status.unknown.join(', ')} that this version does not know). Upgrade Verity to the version that wrote it.`,
      { unknown: status.unknown },
    );
  }
  if (status.pending.length > 0) {
    throw new VerityError(
      'SCHEMA_OUT_OF_DATE',
      `The database schema is out of date (${status.pending.length} pending migration(s): ${status.pending.join(', ')}). Run \`verity db migrate\` and start again.`,
      { pending: status.pending },
    );
  }
}
