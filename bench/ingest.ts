/**
 * `npm run bench:ingest`: prediction ingestion through the real server (HTTP on 127.0.0.1, JSON
 * batches) into a monitor with a 6-column reference, on PGlite and, when
 * VERITY_BENCH_DATABASE_URL is set, on PostgreSQL (a fresh database, dropped afterwards).
 * Each batch is validated, stored (ids, scores, segments; features only while retained), folded
 * into the window profile and ledgered as one entry. Prints records/s per engine and retention,
 * and the CPU time a record cost the server's process and (when it runs on this machine, read
 * from /proc) PostgreSQL's processes. The senders post bodies serialised before the clock starts.
 *
 *   --records / BENCH_RECORDS   records per measurement (default 100 000)
 *   --batch / BENCH_BATCH       records per request (default 5 000)
 *   --senders / BENCH_SENDERS   concurrent senders to measure, comma-separated (default 1,4):
 *                               one producer waits for each answer; several, as production
 *                               services do, keep the database busy while the server parses
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { SYSTEM_ACTOR } from '../src/auth/index.js';
import { VerityClient } from '../src/client/index.js';
import { profileRows, seededRandom } from '../src/monitoring/profile/index.js';
import { buildApp } from '../src/server/app.js';
import { firstStart } from '../src/server/first-start.js';
import { blobRootFor, databaseConfigFor, openRuntime } from '../src/server/runtime.js';
import { loadServerKeys } from '../src/server/server-keys.js';

const { values } = parseArgs({
  options: { records: { type: 'string' }, batch: { type: 'string' }, senders: { type: 'string' } },
});
const RECORDS = Number(values.records ?? process.env.BENCH_RECORDS ?? 100_000);
const BATCH = Number(values.batch ?? process.env.BENCH_BATCH ?? 5_000);
const SENDERS = (values.senders ?? process.env.BENCH_SENDERS ?? '1,4').split(',').map(Number);

function features(random: () => number): Record<string, number | string> {
  return {
    age: Math.round(21 + random() * 50),
    income: Math.round(20_000 + random() * 80_000),
    debt_to_income: Math.round(random() * 1000) / 1000,
    credit_history_months: Math.round(random() * 300),
    employment_status:
      ['employed', 'self-employed', 'retired', 'student'][Math.floor(random() * 4)] ?? 'employed',
    loan_amount: Math.round(1000 + random() * 40_000),
  };
}

async function measure(
  name: string,
  databaseUrl: string | undefined,
  retentionDays: number,
  senders: number,
): Promise<void> {
  const home = mkdtempSync(join(os.tmpdir(), 'verity-bench-ingest-'));
  const runtime = await openRuntime({
    database: databaseConfigFor(home, databaseUrl),
    blobRoot: blobRootFor(home),
    keys: loadServerKeys({ home, ledgerOrigin: 'bench.verity.local/log' }),
    migrate: 'always',
  });
  try {
    const first = await firstStart(runtime, home);
    const adminToken = readFileSync(first.admin.tokenFile ?? '', 'utf8').trim();
    const app = await buildApp({ runtime, maxUploadBytes: 1024, maxJsonBytes: 64 * 1024 * 1024 });
    const url = await app.listen({ host: '127.0.0.1', port: 0 });
    const client = new VerityClient({ baseUrl: url, token: adminToken });
    await client.createModel({ name: 'bench', owner: SYSTEM_ACTOR.name });
    const random = seededRandom(7);
    const reference0 = profileRows(Array.from({ length: 20_000 }, () => features(random)));
    const referenceRows = Array.from({ length: 20_000 }, () => features(random));
    const reference = profileRows(referenceRows, { reference: reference0 });
    await client.monitoring.createMonitor('bench', {
      name: 'traffic',
      environment: 'production',
      reference: { profile: reference },
      config: { windowSeconds: 86_400, retentionDays },
    });
    const start = Date.parse('2026-01-01T00:00:00Z');
    const batches = Array.from({ length: Math.ceil(RECORDS / BATCH) }, (_, b) =>
      Array.from({ length: Math.min(BATCH, RECORDS - b * BATCH) }, (_, i) => ({
        id: `r-${b}-${i}`,
        timestamp: new Date(start + ((b * BATCH + i) % 86_400) * 1000).toISOString(),
        features: features(random),
        score: random(),
        segments: { sex: random() < 0.5 ? 'F' : 'M' },
      })),
    );
    await client.monitoring.ingest(
      'bench',
      batches[0]!.slice(0, 100).map((r) => ({ ...r, id: `warm-${r.id}` })),
    );
    // Request bodies are serialised before the clock starts, as a load generator's are: the
    // figures are the server's (and the database's), not the producer's JSON.stringify.
    const bodies = batches.map((batch) => JSON.stringify(batch));
    const endpoint = `${url}/api/v1/models/bench/predictions`;
    const headers = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const postgresCpu0 = postgresCpuMs();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let next = 0;
    let accepted = 0;
    const send = async () => {
      while (next < bodies.length) {
        const response = await fetch(endpoint, {
          method: 'POST',
          headers,
          body: bodies[next++] ?? '',
        });
        const result = (await response.json()) as { accepted?: number };
        if (!response.ok) throw new Error(`HTTP ${response.status}: ${JSON.stringify(result)}`);
        accepted += result.accepted ?? 0;
      }
    };
    await Promise.all(Array.from({ length: senders }, send));
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const postgresCpu = databaseUrl === undefined ? undefined : postgresCpuMs();
    if (accepted !== RECORDS) throw new Error(`${accepted} of ${RECORDS} records were accepted`);
    const perRecord = (ms: number) => `${((ms * 1000) / RECORDS).toFixed(1)} us`;
    const cpuText = [
      `server ${perRecord((cpu.user + cpu.system) / 1000)}`,
      ...(postgresCpu === undefined || postgresCpu0 === undefined
        ? []
        : [`PostgreSQL ${perRecord(postgresCpu - postgresCpu0)}`]),
    ].join(', ');
    console.log(
      `${name.padEnd(10)} retention ${String(retentionDays).padStart(2)} d  ${String(senders).padStart(2)} sender(s)  ${RECORDS} records in ${seconds.toFixed(2)} s: ${Math.round(RECORDS / seconds).toLocaleString('en')} records/s (batches of ${BATCH}; CPU a record: ${cpuText})`,
    );
    await app.close();
  } finally {
    await runtime.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * CPU time of this machine's PostgreSQL processes so far (every backend and background process),
 * from /proc; undefined where that cannot be read (no /proc, or PostgreSQL runs elsewhere).
 */
function postgresCpuMs(): number | undefined {
  let ticks = 0;
  let found = false;
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // the process ended while we looked
    }
    if (!stat.includes(' (postgres) ')) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]); // utime + stime
    found = true;
  }
  return found ? (ticks * 1000) / CLOCK_TICKS : undefined;
}

/** Linux's USER_HZ: /proc reports CPU time in hundredths of a second. */
const CLOCK_TICKS = 100;

async function withPostgres(base: string, fn: (url: string) => Promise<void>): Promise<void> {
  const name = `verity_bench_ingest_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(base);
    url.pathname = `/${name}`;
    await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

console.log(
  `bench:ingest on ${os.cpus().length} cores, load average ${os.loadavg()[0]?.toFixed(2)}`,
);
for (const senders of SENDERS) {
  for (const retention of [0, 30]) await measure('PGlite', undefined, retention, senders);
}
const pgUrl = process.env.VERITY_BENCH_DATABASE_URL;
if (pgUrl !== undefined && pgUrl !== '') {
  for (const senders of SENDERS) {
    for (const retention of [0, 30])
      await withPostgres(pgUrl, (url) => measure('PostgreSQL', url, retention, senders));
  }
}
