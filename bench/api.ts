/**
 * `npm run bench:api`: throughput and latency of reading a model version through the real
 * Verity server (HTTP on 127.0.0.1, seeded with the demo), next to a bare Fastify route on the
 * same machine, so the cost of Verity's own work (routing, validation, database reads,
 * serialisation) shows as a ratio that means something on any machine.
 *
 * Targets are measured in interleaved rounds (bare, PGlite, PostgreSQL, then again), and each
 * figure is the median over rounds: on a small shared machine a neighbour's burst then skews one
 * round of every target rather than all rounds of one target.
 *
 * Options (flags win over environment variables):
 *   --duration / BENCH_DURATION_S        measured seconds per target and round (default 5)
 *   --warmup / BENCH_WARMUP_S            warm-up seconds before each measurement (default 1)
 *   --connections / BENCH_CONNECTIONS    concurrent keep-alive connections (default 32)
 *   --rounds / BENCH_ROUNDS              rounds over all targets (default 3)
 *   VERITY_BENCH_DATABASE_URL            also run against PostgreSQL: a fresh database is created
 *                                        on that server for the run and dropped afterwards
 */
import { loadServerKeys } from '../src/server/server-keys.js';
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Fastify, { type FastifyInstance } from 'fastify';
import pg from 'pg';
import { seedDemo } from '../src/demo/index.js';
import { buildApp } from '../src/server/app.js';
import { firstStart } from '../src/server/first-start.js';
import {
  blobRootFor,
  databaseConfigFor,
  openRuntime,
  type Runtime,
} from '../src/server/runtime.js';
import type { ClosedLoopOptions, LoadResult } from './closed-loop.js';

const VERSION_PATH = '/api/v1/models/credit-risk/versions/1.1.0';
const BARE_PATH = '/bare';
const BARE_BODY = { status: 'ok', service: 'bare-fastify' } as const;

interface Settings {
  durationS: number;
  warmupS: number;
  connections: number;
  rounds: number;
  postgresUrl: string | undefined;
}

/** A server under test, listening on loopback. */
interface Target {
  name: string;
  path: string;
  url: string;
  responseBytes: number;
  /** Sent with every request (Verity targets: the admin's API token). */
  headers?: Record<string, string>;
  /** Seconds spent seeding the demo (Verity targets only). */
  seedS?: number;
}

interface TargetSummary {
  target: string;
  path: string;
  responseBytes: number;
  seedS?: number;
  rounds: LoadResult[];
  /** Medians over rounds (max: the largest over rounds). */
  requestsPerSecond: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  errors: number;
  /** Median over rounds of (this target's req/s) / (bare req/s in the same round). */
  throughputVsBare: number;
}

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: 'string' },
      warmup: { type: 'string' },
      connections: { type: 'string' },
      rounds: { type: 'string' },
    },
    strict: true,
  });
  const number = (
    name: string,
    raw: string | undefined,
    fallback: number,
    min: number,
    max: number,
  ) => {
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) {
      throw new Error(`${name} must be a number from ${min} to ${max}, not '${raw}'`);
    }
    return value;
  };
  return {
    durationS: number('duration', values.duration ?? env.BENCH_DURATION_S, 5, 0.5, 600),
    warmupS: number('warmup', values.warmup ?? env.BENCH_WARMUP_S, 1, 0, 60),
    connections: Math.round(
      number('connections', values.connections ?? env.BENCH_CONNECTIONS, 32, 1, 1024),
    ),
    rounds: Math.round(number('rounds', values.rounds ?? env.BENCH_ROUNDS, 3, 1, 50)),
    postgresUrl: env.VERITY_BENCH_DATABASE_URL || undefined,
  };
}

/** Cleanups owed, run newest first at the end, on failure and on Ctrl-C: nothing is left behind. */
const cleanups: (() => Promise<void> | void)[] = [];
async function runCleanups(): Promise<void> {
  for (let cleanup = cleanups.pop(); cleanup !== undefined; cleanup = cleanups.pop()) {
    try {
      await cleanup();
    } catch (error) {
      console.error('cleanup failed:', error);
    }
  }
}

/** Forks the load generator, hands it the options and waits (with a watchdog) for its result. */
function runLoad(options: ClosedLoopOptions): Promise<LoadResult> {
  const script = fileURLToPath(new URL('./load-client.ts', import.meta.url));
  const child = fork(script, [], { execArgv: process.execArgv, stdio: 'inherit' });
  const limitMs = options.warmupMs + options.durationMs + options.timeoutMs + 30_000;
  return new Promise((resolve, reject) => {
    const watchdog = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`load generator did not finish within ${limitMs} ms`));
    }, limitMs);
    child.once('message', (message) => {
      clearTimeout(watchdog);
      resolve(message as LoadResult);
    });
    child.once('exit', (code) => {
      clearTimeout(watchdog);
      if (code !== 0) reject(new Error(`load generator exited with code ${code}`));
    });
    child.send(options);
  });
}

/** One GET before any load: the target must answer 200 with the expected body. */
async function preflight(
  url: string,
  check: (body: unknown) => boolean,
  headers: Record<string, string> = {},
): Promise<number> {
  const response = await fetch(url, { headers });
  const text = await response.text();
  if (response.status !== 200 || !check(JSON.parse(text))) {
    throw new Error(`preflight GET ${url} answered ${response.status}: ${text.slice(0, 300)}`);
  }
  return Buffer.byteLength(text);
}

/** Listens on loopback only: the benchmark never exposes a port beyond this machine. */
async function serve(app: FastifyInstance): Promise<string> {
  cleanups.push(() => app.close());
  return app.listen({ host: '127.0.0.1', port: 0 });
}

async function startBare(): Promise<Target> {
  const app = Fastify({ logger: false });
  app.get(BARE_PATH, () => BARE_BODY);
  const url = (await serve(app)) + BARE_PATH;
  const responseBytes = await preflight(
    url,
    (body) => (body as { status?: string }).status === 'ok',
  );
  return { name: 'bare fastify', path: BARE_PATH, url, responseBytes };
}

/** Verity as `verity server` builds it (minus request logging), seeded with the demo. */
async function startVerity(name: string, runtime: Runtime, home: string): Promise<Target> {
  cleanups.push(() => runtime.close());
  const started = performance.now();
  const first = await firstStart(runtime, home);
  if (!(await seedDemo(runtime))) throw new Error(`${name}: expected an empty registry`);
  const seedS = (performance.now() - started) / 1000;
  const app = await buildApp({ runtime, maxUploadBytes: 64 * 1024 * 1024, maxJsonBytes: 1 << 20 });
  const url = (await serve(app)) + VERSION_PATH;
  // Every API request is authenticated: the load carries the bootstrapped admin's token.
  const headers = {
    authorization: `Bearer ${readFileSync(first.admin.tokenFile, 'utf8').trim()}`,
  };
  const responseBytes = await preflight(
    url,
    (body) => {
      const version = body as { label?: string; files?: unknown[] };
      return version.label === '1.1.0' && version.files?.length === 3;
    },
    headers,
  );
  return { name, path: VERSION_PATH, url, responseBytes, seedS, headers };
}

function tempHome(): string {
  const home = mkdtempSync(join(os.tmpdir(), 'verity-bench-'));
  cleanups.push(() => rmSync(home, { recursive: true, force: true }));
  return home;
}

async function startPglite(): Promise<Target> {
  const home = tempHome();
  const runtime = await openRuntime({
    database: databaseConfigFor(home, undefined),
    blobRoot: blobRootFor(home),
    keys: loadServerKeys({ home, ledgerOrigin: 'bench.verity.local/log' }),
  });
  return startVerity('verity (pglite)', runtime, home);
}

async function admin(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

async function startPostgres(serverUrl: string): Promise<Target> {
  const home = tempHome();
  const database = `verity_bench_${randomBytes(6).toString('hex')}`;
  await admin(serverUrl, `create database ${database}`);
  cleanups.push(() => admin(serverUrl, `drop database if exists ${database} with (force)`));
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const runtime = await openRuntime({
    database: databaseConfigFor(home, url.toString()),
    blobRoot: blobRootFor(home),
    keys: loadServerKeys({ home, ledgerOrigin: 'bench.verity.local/log' }),
  });
  return startVerity('verity (postgres)', runtime, home);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
};

function summarise(target: Target, rounds: LoadResult[], bare: LoadResult[]): TargetSummary {
  return {
    target: target.name,
    path: target.path,
    responseBytes: target.responseBytes,
    ...(target.seedS === undefined ? {} : { seedS: target.seedS }),
    rounds,
    requestsPerSecond: median(rounds.map((r) => r.requestsPerSecond)),
    latencyMs: {
      p50: median(rounds.map((r) => r.latencyMs.p50)),
      p90: median(rounds.map((r) => r.latencyMs.p90)),
      p99: median(rounds.map((r) => r.latencyMs.p99)),
      max: Math.max(...rounds.map((r) => r.latencyMs.max)),
    },
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    throughputVsBare: median(
      rounds.map((r, i) => r.requestsPerSecond / (bare[i]?.requestsPerSecond ?? NaN)),
    ),
  };
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.platform()} ${os.arch()} ${os.release()}`,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 1024 ** 3),
  };
}

function table(summaries: TargetSummary[]): string {
  const header = ['target', 'req/s', 'req/s range', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms'];
  header.push('errors', 'bytes', 'vs bare');
  const rows = summaries.map((s) => {
    const rates = s.rounds.map((r) => r.requestsPerSecond);
    return [
      s.target,
      s.requestsPerSecond.toFixed(0),
      `${Math.min(...rates).toFixed(0)}-${Math.max(...rates).toFixed(0)}`,
      s.latencyMs.p50.toFixed(2),
      s.latencyMs.p90.toFixed(2),
      s.latencyMs.p99.toFixed(2),
      s.latencyMs.max.toFixed(2),
      String(s.errors),
      String(s.responseBytes),
      s.throughputVsBare.toFixed(3),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)));
  return [header, widths.map((w) => '-'.repeat(w)), ...rows]
    .map((cells) => line(cells).join('  '))
    .join('\n');
}

const round1 = (v: number) => Math.round(v * 10) / 10;
const round3 = (v: number) => Math.round(v * 1000) / 1000;

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const info = machine();
  const date = new Date().toISOString();
  const loadBefore = os.loadavg().map(round1);
  console.log(`Verity API benchmark, ${date}`);
  console.log(
    `machine: ${info.cpus} CPU (${info.cpuModel}), ${info.memoryGiB} GiB, ${info.platform}, Node ${info.node}; load average before: ${loadBefore.join(' ')}`,
  );
  console.log(
    `load: closed loop over ${settings.connections} keep-alive connections to 127.0.0.1; per target and round ${settings.warmupS} s warm-up + ${settings.durationS} s measured; ${settings.rounds} interleaved round(s), medians reported`,
  );
  console.log(
    `note: only ${info.cpus} CPU. The load generator (a child process) shares them with the server` +
      (settings.postgresUrl === undefined ? '' : ' and PostgreSQL') +
      ': absolute figures are a floor for a dedicated server; compare the "vs bare" ratio.',
  );
  if (settings.postgresUrl === undefined) {
    console.log('postgres: skipped (set VERITY_BENCH_DATABASE_URL to include it)');
  }
  console.log('');

  const targets = [await startBare(), await startPglite()];
  if (settings.postgresUrl !== undefined) targets.push(await startPostgres(settings.postgresUrl));
  const results = targets.map((): LoadResult[] => []);
  for (let round = 1; round <= settings.rounds; round++) {
    const line: string[] = [];
    for (const [i, target] of targets.entries()) {
      const result = await runLoad({
        url: target.url,
        ...(target.headers === undefined ? {} : { headers: target.headers }),
        connections: settings.connections,
        durationMs: settings.durationS * 1000,
        warmupMs: settings.warmupS * 1000,
        timeoutMs: 10_000,
      });
      results[i]?.push(result);
      line.push(`${target.name} ${result.requestsPerSecond.toFixed(0)} req/s`);
    }
    console.log(`  round ${round}/${settings.rounds}: ${line.join(', ')}`);
  }
  const bare = results[0] ?? [];
  const summaries = targets.map((t, i) => summarise(t, results[i] ?? [], bare));
  const loadAfter = os.loadavg().map(round1);

  console.log('');
  console.log(`GET ${VERSION_PATH} (Verity) vs GET ${BARE_PATH} (bare Fastify), medians:`);
  console.log(table(summaries));
  console.log('');
  for (const s of summaries.slice(1)) {
    console.log(
      `${s.target}: ${(1 / s.throughputVsBare).toFixed(1)}x fewer requests/s than the bare route; demo seeded in ${(s.seedS ?? 0).toFixed(1)} s`,
    );
  }
  console.log(`load average after: ${loadAfter.join(' ')}`);
  console.log('');
  console.log(
    JSON.stringify({
      benchmark: 'api',
      date,
      machine: { ...info, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      settings: {
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        connections: settings.connections,
        rounds: settings.rounds,
        postgres: settings.postgresUrl !== undefined,
      },
      results: summaries.map((s) => ({
        target: s.target,
        path: s.path,
        requestsPerSecond: Math.round(s.requestsPerSecond),
        requestsPerSecondByRound: s.rounds.map((r) => Math.round(r.requestsPerSecond)),
        latencyMs: {
          p50: round3(s.latencyMs.p50),
          p90: round3(s.latencyMs.p90),
          p99: round3(s.latencyMs.p99),
          max: round3(s.latencyMs.max),
        },
        requests: s.rounds.reduce((sum, r) => sum + r.requests, 0),
        errors: s.errors,
        throughputVsBare: round3(s.throughputVsBare),
        responseBytes: s.responseBytes,
        ...(s.seedS === undefined ? {} : { seedS: Math.round(s.seedS * 100) / 100 }),
      })),
    }),
  );
}

// Ctrl-C (which may arrive twice: from the terminal and relayed by tsx) cleans up, then exits.
// tsx kills the process outright if its event loop is busy when the signal comes (during the
// second or two of demo seeding), so a temp directory can survive an interrupt at that moment.
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n${signal}: cleaning up`);
    void runCleanups().finally(() => process.exit(130));
  });
}

main()
  .then(runCleanups, async (error: unknown) => {
    console.error(error);
    await runCleanups();
    process.exitCode = 1;
  })
  // Nothing is left open after the cleanups, but exit explicitly in case a driver lingers.
  .finally(() => process.exit());
