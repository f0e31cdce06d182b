import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { inject } from 'vitest';
import {
  migrateToLatest,
  openDatabase,
  type Engine,
  type OpenDatabase,
} from '../../src/store/index.js';

/** One database engine the suites run against. */
export interface TestEngine {
  name: Engine;
  /** Why this engine is skipped here, or undefined when it runs. */
  skip: string | undefined;
  /** A fresh, migrated, empty database of this engine. */
  open(): Promise<OpenDatabase>;
}

const postgresUrl = process.env.VERITY_TEST_DATABASE_URL;

const pglite: TestEngine = {
  name: 'pglite',
  skip: undefined,
  async open() {
    const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
    return openDatabase({ engine: 'pglite', loadDataDir: template });
  },
};

/** Each open() creates its own database on the server and drops it on close. */
const postgres: TestEngine = {
  name: 'postgres',
  skip:
    postgresUrl === undefined
      ? 'set VERITY_TEST_DATABASE_URL to run the PostgreSQL suite'
      : undefined,
  async open() {
    if (postgresUrl === undefined) throw new Error('VERITY_TEST_DATABASE_URL is not set');
    const name = `verity_t_${randomBytes(6).toString('hex')}`;
    await admin(postgresUrl, `create database ${name}`);
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize: 5 });
    await migrateToLatest(database.db);
    return {
      ...database,
      close: async () => {
        await database.close();
        await admin(postgresUrl, `drop database if exists ${name} with (force)`);
      },
    };
  },
};

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Every engine; suites use `describe.each(ENGINES)` and skip with the engine's reason. */
export const ENGINES: TestEngine[] = [pglite, postgres];

/**
 * One engine, for suites of a client of the HTTP API (the CLI commands), whose behaviour does not
 * depend on the server's engine: the API suites under them run on every engine. PostgreSQL when
 * configured (faster to set up per test), PGlite otherwise, so the suites run everywhere.
 */
export const CLIENT_ENGINES: TestEngine[] = [postgresUrl === undefined ? pglite : postgres];
