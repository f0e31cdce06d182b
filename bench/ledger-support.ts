/**
 * Shared plumbing of `npm run bench:ledger`: the databases it creates (and always removes),
 * latency statistics, a seeded random source and table formatting.
 */
import { Samples, summarise, type LatencySummary } from './closed-loop.js';
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrateToLatest, openDatabase, type OpenDatabase } from '../src/store/index.js';
import type { JanitorMessage, JanitorResource } from './ledger-janitor.js';

let janitor: ChildProcess | undefined;

/**
 * Forks the janitor (bench/ledger-janitor.ts): detached, so Ctrl-C in the terminal does not
 * reach it, and unreferenced, so it never keeps this process alive. It removes whatever is still
 * owed when this process ends, even if it was killed.
 */
export function startJanitor(): void {
  const script = fileURLToPath(new URL('./ledger-janitor.ts', import.meta.url));
  janitor = fork(script, ['--bench-ledger-janitor'], {
    execArgv: process.execArgv,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  janitor.unref();
  janitor.channel?.unref();
  janitor.on('error', () => undefined);
}

/** Ends the janitor: it removes what is still owed (normally nothing) and exits. */
export function stopJanitor(): void {
  if (janitor?.connected) janitor.disconnect();
}

function tell(message: JanitorMessage): void {
  if (janitor?.connected) janitor.send(message, (error) => void error);
}
const owe = (resource: JanitorResource) => tell({ add: resource });
const paid = (resource: JanitorResource) => tell({ remove: resource });

/** Aborted on Ctrl-C: long loops check it and stop, so the cleanups get the event loop. */
export const interruption = new AbortController();

/** Cleanups owed, run newest first at the end, on failure and on Ctrl-C: nothing is left behind. */
const cleanups: (() => Promise<void> | void)[] = [];

export async function runCleanups(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

/**
 * Runs `use` with a cleanup that must happen now (not at exit), but also at exit if `use` is
 * interrupted: closing a database frees its memory before the next phase starts.
 */
export async function scoped<T>(
  open: () => Promise<{ value: T; close: () => Promise<void> }>,
  use: (value: T) => Promise<void>,
): Promise<void> {
  const { value, close } = await open();
  let closed = false;
  const closeOnce = async () => {
    if (closed) return;
    closed = true;
    await close();
  };
  cleanups.push(closeOnce);
  try {
    await use(value);
  } finally {
    const index = cleanups.indexOf(closeOnce);
    if (index >= 0) cleanups.splice(index, 1);
    await closeOnce();
  }
}

export type BenchEngine = 'pglite' | 'postgres';

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, migrated, empty database: PGlite in a temporary directory (as `verity server` keeps
 * it, under `<home>/db`), or a new `verity_bench_<hex>` database on the PostgreSQL server at
 * `postgresUrl`, dropped WITH (FORCE) on close.
 */
export async function openBenchDatabase(
  engine: BenchEngine,
  postgresUrl: string | undefined,
  poolSize = 10,
): Promise<{ value: OpenDatabase; close: () => Promise<void> }> {
  if (engine === 'pglite') {
    const home = mkdtempSync(join(os.tmpdir(), 'verity-bench-ledger-'));
    const resource: JanitorResource = { kind: 'dir', path: home };
    owe(resource);
    const removeHome = () => {
      rmSync(home, { recursive: true, force: true });
      paid(resource);
    };
    try {
      const database = await openDatabase({ engine: 'pglite', home });
      await migrateToLatest(database.db);
      return {
        value: database,
        close: async () => {
          try {
            await database.close();
          } finally {
            removeHome();
          }
        },
      };
    } catch (error) {
      removeHome();
      throw error;
    }
  }
  if (postgresUrl === undefined) throw new Error('VERITY_BENCH_DATABASE_URL is not set');
  const name = `verity_bench_${randomBytes(6).toString('hex')}`;
  const resource: JanitorResource = { kind: 'database', serverUrl: postgresUrl, name };
  owe(resource);
  await admin(postgresUrl, `create database ${name}`);
  const drop = async () => {
    await admin(postgresUrl, `drop database if exists ${name} with (force)`);
    paid(resource);
  };
  try {
    const url = new URL(postgresUrl);
    url.pathname = `/${name}`;
    const database = await openDatabase({ engine: 'postgres', url: url.toString(), poolSize });
    try {
      await migrateToLatest(database.db);
    } catch (error) {
      await database.close();
      throw error;
    }
    return {
      value: database,
      close: async () => {
        try {
          await database.close();
        } finally {
          await drop();
        }
      },
    };
  } catch (error) {
    await drop();
    throw error;
  }
}

/** Latency percentiles in milliseconds (nearest rank): the API benchmark's summary, shared. */
export type Percentiles = LatencySummary;

export function percentiles(samples: Float64Array): Percentiles {
  return summarise(samples);
}

export { Samples };

/** Milliseconds since `start` (a `process.hrtime.bigint()` reading). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** mulberry32: a small seeded PRNG, so every run (and engine) samples the same indices. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Right-aligned columns except the first; a dashed rule under the header. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [header, widths.map((w) => '-'.repeat(w)), ...rows].map(line).join('\n');
}

export function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

export const round1 = (v: number) => Math.round(v * 10) / 10;
export const round3 = (v: number) => Math.round(v * 1000) / 1000;
export const passFail = (ok: boolean) => (ok ? 'PASS' : 'FAIL');

/** Formats an integer with thin grouping (1,000,000) for the human-readable lines. */
export const grouped = (v: number) => Math.round(v).toLocaleString('en-US');
