import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { OpenDatabase } from '../../store/index.js';
import { outputOf } from '../context.js';
import { CheckFailedError } from '../errors.js';

/**
 * `verity db migrate|status`. These open the database directly (not through a server), so on
 * the embedded engine they need VERITY_HOME to be free: a running server holds its lock.
 */
export function registerDbCommands(program: Command): void {
  const db = program
    .command('db')
    .description('manage the database schema (opens the database directly)');

  db.command('migrate')
    .description('apply pending schema migrations (take a backup first)')
    .action(async (_options: unknown, command: Command) => {
      const out = outputOf(command);
      const config = await loadConfig();
      const where = describeDatabase(config.home, config.databaseUrl);
      const { migrateToLatest } = await import('../../store/index.js');
      const applied = await withDatabase(config.home, config.databaseUrl, (database) =>
        migrateToLatest(database.db),
      );
      out.result({ ...engineOf(config), applied }, () =>
        applied.length === 0
          ? `The schema is up to date (${where}); nothing to apply.`
          : `Applied ${applied.length} migration(s) to ${where}:\n${applied.map((m) => `  ${m}`).join('\n')}`,
      );
    });

  db.command('status')
    .description('show applied and pending migrations')
    .option('--check', 'exit 1 unless the schema is exactly what this Verity expects')
    .action(async (options: { check?: boolean }, command: Command) => {
      const out = outputOf(command);
      const config = await loadConfig();
      const where = describeDatabase(config.home, config.databaseUrl);
      if (config.databaseUrl === undefined && !existsSync(join(config.home, 'db'))) {
        // Opening would create a database; a status query should not.
        out.result(
          { ...engineOf(config), exists: false, applied: [], pending: [], unknown: [] },
          () =>
            `No database yet in ${config.home}; \`verity server\` or \`verity db migrate\` creates it.`,
        );
        if (options.check === true) throw schemaCheckFailed('there is no database yet');
        return;
      }
      const { schemaStatus } = await import('../../store/index.js');
      const status = await withDatabase(config.home, config.databaseUrl, (database) =>
        schemaStatus(database.db),
      );
      out.result({ ...engineOf(config), exists: true, ...status }, () =>
        [
          `database  ${where}`,
          `applied   ${status.applied.length === 0 ? '-' : status.applied.join(', ')}`,
          `pending   ${status.pending.length === 0 ? '-' : status.pending.join(', ')}`,
          ...(status.unknown.length === 0
            ? []
            : [`unknown   ${status.unknown.join(', ')} (written by a newer Verity)`]),
        ].join('\n'),
      );
      if (options.check === true && (status.pending.length > 0 || status.unknown.length > 0)) {
        throw schemaCheckFailed(
          status.unknown.length > 0
            ? 'the schema is newer than this Verity'
            : `${status.pending.length} migration(s) pending; run \`verity db migrate\``,
        );
      }
    });
}

async function withDatabase<T>(
  home: string,
  databaseUrl: string | undefined,
  use: (database: OpenDatabase) => Promise<T>,
): Promise<T> {
  // Loaded on demand: the database drivers would slow every client command.
  const { openDatabase } = await import('../../store/index.js');
  const { databaseConfigFor } = await import('../../server/runtime.js');
  const database = await openDatabase(databaseConfigFor(home, databaseUrl));
  try {
    return await use(database);
  } finally {
    await database.close();
  }
}

/** Names the database for people without ever printing a password from VERITY_DATABASE_URL. */
export function describeDatabase(home: string, databaseUrl: string | undefined): string {
  if (databaseUrl === undefined) return `the embedded database in ${home}`;
  try {
    const url = new URL(databaseUrl);
    return `PostgreSQL at ${url.hostname}${url.port === '' ? '' : `:${url.port}`}${url.pathname}`;
  } catch {
    return 'PostgreSQL (VERITY_DATABASE_URL)';
  }
}

function engineOf(config: { home: string; databaseUrl: string | undefined }) {
  return { engine: config.databaseUrl === undefined ? 'pglite' : 'postgres', home: config.home };
}

async function loadConfig() {
  const { configFromEnv } = await import('../../server/config.js');
  return configFromEnv();
}

function schemaCheckFailed(message: string): CheckFailedError {
  return new CheckFailedError('SCHEMA_OUT_OF_DATE', message);
}
