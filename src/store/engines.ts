import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { HomeLock } from './home-lock.js';
import { PgliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type Engine = 'pglite' | 'postgres';

export type DatabaseConfig =
  | {
      engine: 'pglite';
      /** Verity home; the data lives in `<home>/db`. Omit for an in-memory database. */
      home?: string;
      /** A data directory dump (`PGlite.dumpDataDir`) to start from; used by tests. */
      loadDataDir?: Blob;
    }
  | { engine: 'postgres'; url: string; poolSize?: number };

/** An open database and how to close it; the rest of Verity sees only `db`. */
export interface OpenDatabase {
  db: Kysely<Database>;
  engine: Engine;
  close(): Promise<void>;
  /** Embedded engine only: a gzipped tarball of the data directory (tests copy it). */
  dumpDataDir?(): Promise<Blob>;
}

const INT8_OID = 20;

export async function openDatabase(config: DatabaseConfig): Promise<OpenDatabase> {
  if (config.engine === 'postgres') {
    const pool = new pg.Pool({
      connectionString: config.url,
      max: config.poolSize ?? 10,
      // int8 columns (sizes, row counts, ledger indexes) come back as numbers on both engines.
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8_OID
            ? (value: string) => Number(value)
            : (pg.types.getTypeParser(oid, format) as unknown)) as typeof pg.types.getTypeParser,
      },
    });
    // An idle pooled connection can be cut by the server (restart, failover, admin command).
    // pg reports that as an 'error' event, which would crash the process if unhandled; the pool
    // drops the connection and the next query opens a new one, so there is nothing else to do.
    pool.on('error', () => undefined);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
    return { db, engine: 'postgres', close: () => db.destroy() };
  }

  let lock: HomeLock | undefined;
  let dataDir: string | undefined;
  if (config.home !== undefined) {
    mkdirSync(config.home, { recursive: true });
    lock = HomeLock.acquire(config.home);
    dataDir = join(config.home, 'db');
  }
  try {
    const pglite = await PGlite.create({
      ...(dataDir === undefined ? {} : { dataDir }),
      ...(config.loadDataDir === undefined ? {} : { loadDataDir: config.loadDataDir }),
    });
    const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
    return {
      db,
      engine: 'pglite',
      dumpDataDir: () => pglite.dumpDataDir('gzip'),
      close: async () => {
        await db.destroy();
        await pglite.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}
