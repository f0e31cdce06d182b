/**
 * `npm run bench:profile`: how fast `profileFile` profiles a large CSV, next to pandas.
 *
 * Generates (streaming, seeded) a CSV of 1,000,000 rows × 20 columns in a temporary directory:
 * ten numeric columns (integers, 2–6 decimals, one at full double precision, one with 10%
 * missing) and ten categorical ones (booleans; 2, 5, 50, ~340 (dates) and 1,000 values; 10,000
 * values, past the exact-frequency cap; a Zipf column over 5,000 values, also past it; 100 quoted
 * values with commas; 20 values with 20% missing). Then times, best of --rounds:
 *   1. profileFile(path) in one pass                (the reference point)
 *   2. profileFile(path, { threads: 1 })            (in 16 MiB pieces merged in order)
 *   3. profileFile(path, { threads: T })            (the same pieces on T threads; default: the
 *                                                    machine's available parallelism)
 *   4. the same against a reference                 (counting into the reference's decile bins)
 *   5. pandas read_csv + describe(include='all')    (if /usr/bin/python3 can import pandas)
 * and prints wall and CPU time, rows/s, MB/s, peak RSS sampled while profiling (worker threads
 * included), and the ratios to pandas (wall; CPU as a check on a loaded machine).
 * Goal: profiling ≥ 3× faster than pandas read_csv + describe.
 *
 * Options: --rows N (default 1,000,000), --rounds N (default 3), --threads T, --keep (keep the
 * file).
 */
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { profileFile, type ProfileFileOptions } from '../src/monitoring/profile-file/index.js';
import { seededRandom, type DatasetProfile } from '../src/monitoring/profile/index.js';

const COLORS = ['red', 'green', 'blue', 'black', 'white'];
const NAMES = Array.from({ length: 100 }, (_, i) => `"Surname${i}, Given${i % 7}"`);

/** One CSV line per call; the column list is HEADER. */
function rowWriter(seed: number): () => string {
  const r = seededRandom(seed);
  const normal = (): number => {
    const u = 1 - r();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r());
  };
  return () => {
    const missing = r() < 0.1;
    const zipf = Math.floor(5000 ** r());
    const day = 1 + Math.floor(r() * 365);
    return [
      Math.floor(r() * 101),
      Math.floor(r() * 1_000_000),
      Math.exp(3 + normal()).toFixed(2),
      (50 + 10 * normal()).toFixed(4),
      r() * 1000,
      (-Math.log(1 - r()) * 3).toFixed(3),
      normal().toFixed(6),
      missing ? '' : (r() * 100).toFixed(3),
      18 + Math.floor(r() * 73),
      r().toFixed(5),
      r() < 0.5 ? 'true' : 'false',
      r() < 0.7 ? 'yes' : 'no',
      COLORS[Math.floor(r() * 5)],
      `state_${Math.floor(r() * 50)}`,
      `sku-${String(Math.floor(r() * 1000)).padStart(3, '0')}`,
      `user-${Math.floor(r() * 10_000)}`,
      `item${zipf}`,
      r() < 0.2 ? '' : `group-${Math.floor(r() * 20)}`,
      NAMES[Math.floor(r() * 100)],
      `2024-${String(1 + Math.floor(day / 31)).padStart(2, '0')}-${String(1 + (day % 28)).padStart(2, '0')}`,
    ].join(',');
  };
}

const HEADER = [
  'n_int100,n_int1m,n_price,n_normal4,n_full,n_exp,n_normal6,n_missing,n_age,n_score',
  'c_bool,c_yesno,c_color,c_state,c_sku,c_user,c_zipf,c_group,c_name,c_date',
].join(',');

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const next = rowWriter(42);
  out.write(`${HEADER}\n`);
  const batch = 5000;
  for (let done = 0; done < rows; done += batch) {
    const lines: string[] = [];
    for (let i = 0; i < Math.min(batch, rows - done); i++) lines.push(next());
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

interface Timing {
  seconds: number;
  /** User + system CPU seconds of this process: less sensitive than wall time to other load. */
  cpuSeconds: number;
  peakRssMb: number;
  profile: DatasetProfile;
}

async function timeProfile(path: string, options: ProfileFileOptions): Promise<Timing> {
  let peak = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  const profile = await profileFile(path, {
    ...options,
    onProgress: () => {
      peak = Math.max(peak, process.memoryUsage.rss());
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return {
    seconds,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMb: peak / 2 ** 20,
    profile,
  };
}

const PANDAS = `
import json, sys, time
import pandas as pd
best = None
for _ in range(int(sys.argv[2])):
    c0 = time.process_time()
    t0 = time.perf_counter()
    df = pd.read_csv(sys.argv[1])
    t1 = time.perf_counter()
    df.describe(include='all')
    t2 = time.perf_counter()
    cpu = time.process_time() - c0
    if best is None or t2 - t0 < best[0] + best[1]:
        best = (t1 - t0, t2 - t1, cpu)
print(json.dumps({"read": best[0], "describe": best[1], "cpu": best[2], "pandas": pd.__version__}))
`;

function pandasAvailable(): boolean {
  return spawnSync('/usr/bin/python3', ['-c', 'import pandas'], { stdio: 'ignore' }).status === 0;
}

interface PandasTiming {
  read: number;
  describe: number;
  cpu: number;
  pandas: string;
}

function timePandas(path: string, rounds: number): PandasTiming {
  const run = spawnSync('/usr/bin/python3', ['-c', PANDAS, path, String(rounds)], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`pandas failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as PandasTiming;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      rows: { type: 'string', default: '1000000' },
      rounds: { type: 'string', default: '3' },
      keep: { type: 'boolean', default: false },
      threads: { type: 'string', default: String(os.availableParallelism()) },
    },
  });
  const rows = Number(values.rows);
  const rounds = Number(values.rounds);
  const threads = Number(values.threads);
  const dir = await mkdtemp(join(os.tmpdir(), 'verity-bench-profile-'));
  const path = join(dir, 'data.csv');
  try {
    const [load1] = os.loadavg();
    console.log(
      `machine: ${os.cpus()[0]?.model ?? '?'} × ${os.cpus().length}, load ${load1?.toFixed(2)}, node ${process.version}`,
    );
    const started = performance.now();
    await writeCsv(path, rows);
    const bytes = (await stat(path)).size;
    const mb = bytes / 1e6;
    console.log(
      `generated ${rows.toLocaleString()} rows × 20 columns, ${mb.toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const best = async (options: ProfileFileOptions): Promise<Timing> => {
      let winner: Timing | undefined;
      for (let i = 0; i < rounds; i++) {
        const t = await timeProfile(path, options);
        if (winner === undefined || t.seconds < winner.seconds) winner = t;
      }
      return winner!;
    };
    const report = (label: string, t: Timing): void => {
      console.log(
        `${label.padEnd(34)} ${t.seconds.toFixed(2)} s (cpu ${t.cpuSeconds.toFixed(2)} s)  ${Math.round(rows / t.seconds).toLocaleString()} rows/s  ${(mb / t.seconds).toFixed(1)} MB/s  peak RSS ${t.peakRssMb.toFixed(0)} MB`,
      );
    };
    const onePass = await best({ pieceBytes: Number.MAX_SAFE_INTEGER });
    report('profileFile, one pass', onePass);
    const oneThread = await best({ threads: 1 });
    report('profileFile, pieces, 1 thread', oneThread);
    const plain = await best({ threads });
    report(`profileFile, pieces, ${threads} threads`, plain);
    const binned = await best({ threads, reference: plain.profile });
    report(`  against a reference, ${threads} threads`, binned);
    console.log(
      `${threads} threads / 1 thread: ${(oneThread.seconds / plain.seconds).toFixed(2)}× (pieces of 16 MiB; the profile is the same for any thread count)`,
    );
    console.log(
      `profile JSON size: ${(JSON.stringify(plain.profile).length / 1024).toFixed(0)} KiB; process max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
    );

    if (!pandasAvailable()) {
      console.log('pandas: not available (/usr/bin/python3 cannot import pandas), no comparison');
      return;
    }
    const pandas = timePandas(path, rounds);
    const total = pandas.read + pandas.describe;
    console.log(
      `pandas ${pandas.pandas} read_csv + describe(include='all'): ${pandas.read.toFixed(2)} s + ${pandas.describe.toFixed(2)} s = ${total.toFixed(2)} s (cpu ${pandas.cpu.toFixed(2)} s, ${Math.round(rows / total).toLocaleString()} rows/s)`,
    );
    const ratio = total / plain.seconds;
    console.log(
      `ratio pandas / profileFile (${threads} threads): ${ratio.toFixed(2)}× wall (goal ≥ 3×: ${ratio >= 3 ? 'met' : 'NOT met'}); vs read_csv alone: ${(pandas.read / plain.seconds).toFixed(2)}×`,
    );
    console.log(
      `ratio pandas / profileFile (one thread): ${(total / oneThread.seconds).toFixed(2)}× wall, ${(pandas.cpu / oneThread.cpuSeconds).toFixed(2)}× cpu (pandas is single-threaded)`,
    );
    const [load2] = os.loadavg();
    console.log(`load average at the end: ${load2?.toFixed(2)}`);
  } finally {
    if (values.keep) console.log(`kept ${path}`);
    else await rm(dir, { recursive: true, force: true });
  }
}

await main();
