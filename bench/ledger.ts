/**
 * `npm run bench:ledger`: the audit ledger's three costs, each next to a goal.
 *
 * 1. Appends/s through the one mutation path (`Committer.commit` inserting a dataset row and one
 *    ledger entry), sequential and with concurrent committers. Goal: >= 2,000/s on PostgreSQL.
 * 2. Proof latency on a large log (default 1,000,000 entries), built directly from synthetic
 *    entries with the same tree code as `appendEntry` rather than through a million commits:
 *    `Ledger.inclusionProof` and `Ledger.consistencyProof`, every proof verified. Goal: < 2 ms.
 * 3. Full verification with `LogVerifier` over that log (from the database in pages, and in
 *    memory) against a bare SHA-256 loop over the same bytes. Goal: >= 50% of the SHA-256 rate.
 *
 * Options:
 *   --entries N          size of the large log (default 1,000,000; at most 5,000,000: the
 *                        in-memory verification holds ~0.45 GB of entries per million)
 *   --batch N            entries per build statement (default 5,000)
 *   --duration S         measured seconds per append row (default 5)
 *   --warmup S           unmeasured seconds before each append row (default 1)
 *   --proofs N           inclusion proofs timed per engine (default 2,000; consistency: a quarter)
 *   --page-size N        entries per page when verifying from the database (default 10,000)
 *   --rounds N           in-memory verification rounds, best reported (default 2)
 *   VERITY_BENCH_DATABASE_URL   also run on PostgreSQL: fresh databases are created on that
 *                               server for the run and dropped afterwards
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import {
  ed25519Signer,
  formatVerifierKey,
  Ledger,
  type LogEntryInput,
} from '../src/ledger/index.js';
import { systemClock } from '../src/lib/index.js';
import { checkAppendedLog, measureAppends, type AppendResult } from './ledger-appends.js';
import { buildSyntheticLog, type BuildResult } from './ledger-build.js';
import { measureProofs, type ProofResult } from './ledger-proofs.js';
import {
  grouped,
  interruption,
  machine,
  openBenchDatabase,
  passFail,
  round1,
  round3,
  runCleanups,
  scoped,
  startJanitor,
  stopJanitor,
  table,
  type BenchEngine,
} from './ledger-support.js';
import { parallelCapacity, type ParallelCapacity } from './ledger-parallel.js';
import {
  breakdown,
  loadEntries,
  rawSha256,
  rawSha256CreateHash,
  verifyFromDatabase,
  verifyInMemory,
  type BreakdownStep,
  type DatabaseVerifyResult,
  type RateResult,
} from './ledger-verify.js';

const GOAL_APPENDS_PER_S = 2000;
const GOAL_PROOF_MS = 2;
const GOAL_PROOF_ENTRIES = 1_000_000;
const GOAL_VERIFY_RATIO = 0.5;
const POOL_SIZE = 10;
const CONCURRENCY: Record<BenchEngine, number[]> = { pglite: [1, 8], postgres: [1, 8, 32] };
const BREAKDOWN_SAMPLE = 200_000;
/** Entries each thread hashes when measuring what a second thread adds on this machine. */
const PARALLEL_SAMPLE = 300_000;
const PROOF_WARMUP = 100;
const PROOF_SEED = 0x5eed;

interface Settings {
  entries: number;
  batch: number;
  durationS: number;
  warmupS: number;
  proofs: number;
  pageSize: number;
  rounds: number;
  postgresUrl: string | undefined;
}

function settingsFrom(argv: string[], env: NodeJS.ProcessEnv): Settings {
  const { values } = parseArgs({
    args: argv,
    options: {
      entries: { type: 'string' },
      batch: { type: 'string' },
      duration: { type: 'string' },
      warmup: { type: 'string' },
      proofs: { type: 'string' },
      'page-size': { type: 'string' },
      rounds: { type: 'string' },
    },
    strict: true,
  });
  const number = (name: string, fallback: number, min: number, max: number, integer = true) => {
    const raw = values[name as keyof typeof values];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw.replaceAll('_', ''));
    if (
      !Number.isFinite(value) ||
      value < min ||
      value > max ||
      (integer && !Number.isInteger(value))
    ) {
      throw new Error(
        `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}, not '${raw}'`,
      );
    }
    return value;
  };
  return {
    entries: number('entries', 1_000_000, 1000, 5_000_000),
    batch: number('batch', 5000, 100, 100_000),
    durationS: number('duration', 5, 0.5, 600, false),
    warmupS: number('warmup', 1, 0, 60, false),
    proofs: number('proofs', 2000, 10, 1_000_000),
    pageSize: number('page-size', 10_000, 100, 1_000_000),
    rounds: number('rounds', 2, 1, 20),
    postgresUrl: env.VERITY_BENCH_DATABASE_URL || undefined,
  };
}

interface AppendRow extends AppendResult {
  engine: BenchEngine;
}

interface LargeLogResult {
  engine: BenchEngine;
  build: BuildResult;
  proofs: ProofResult;
  verify: DatabaseVerifyResult;
}

interface MemoryResult {
  source: BenchEngine;
  loadSeconds: number;
  verifier: RateResult[];
  /** Whether the verifier used its worker thread (it does from 65,536 entries on 2+ cores). */
  onWorker: boolean;
  /** By round: the share of the blocks handed to the worker that it also hashed. */
  workerHashedShare: number[];
  /** The verifier kept on one thread (`workerFrom: Infinity`), for reference. */
  verifierOneThread: RateResult[];
  raw: RateResult[];
  /** The same loop through createHash, for reference (not the goal's denominator). */
  rawCreateHash: RateResult[];
  breakdown: BreakdownStep[];
  breakdownSample: number;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '-');
const best = (results: RateResult[]): RateResult =>
  results.reduce((a, b) => (b.entriesPerSecond > a.entriesPerSecond ? b : a));

async function runAppends(engine: BenchEngine, settings: Settings): Promise<AppendRow[]> {
  const rows: AppendRow[] = [];
  await scoped(
    () => openBenchDatabase(engine, settings.postgresUrl, POOL_SIZE),
    async (database) => {
      for (const concurrency of CONCURRENCY[engine]) {
        const result = await measureAppends(database.db, {
          concurrency,
          durationMs: settings.durationS * 1000,
          warmupMs: settings.warmupS * 1000,
        });
        rows.push({ engine, ...result });
        console.log(
          `  ${engine}, ${concurrency} committer(s): ${fixed(result.appendsPerSecond, 0)} appends/s, p50 ${fixed(result.latencyMs.p50, 2)} ms` +
            (result.errors > 0 ? `, ${result.errors} errors (first: ${result.firstError})` : ''),
        );
      }
      const signer = ed25519Signer('bench.verity.local/log', randomBytes(32));
      const size = await checkAppendedLog(
        database.db,
        formatVerifierKey(signer.name, signer.publicKey),
      );
      console.log(
        `  ${engine}: the ${grouped(size)} appended entries verify (no gap, roots match)`,
      );
    },
  );
  return rows;
}

/** Builds the large log on one engine, times proofs and verification; optionally loads it. */
async function runLargeLog(
  engine: BenchEngine,
  settings: Settings,
  keepInMemory: boolean,
): Promise<{ result: LargeLogResult; memory: InMemoryLog | undefined }> {
  let result: LargeLogResult | undefined;
  let memory: InMemoryLog | undefined;
  await scoped(
    () => openBenchDatabase(engine, settings.postgresUrl, POOL_SIZE),
    async (database) => {
      let reported = 0;
      const build = await buildSyntheticLog(database.db, settings.entries, {
        batchEntries: settings.batch,
        onProgress: (done, seconds) => {
          if (done < settings.entries && done < reported + settings.entries / 4) return;
          reported = done;
          console.log(
            `  ${engine}: built ${grouped(done)}/${grouped(settings.entries)} entries in ${fixed(seconds, 1)} s (${grouped(done / seconds)}/s)`,
          );
        },
      });
      const signer = ed25519Signer('bench.verity.local/log', randomBytes(32));
      const ledger = new Ledger(database.db, systemClock, signer);
      const checkpoint = await ledger.checkpoint();
      const proofs = await measureProofs(database.db, signer, {
        inclusion: settings.proofs,
        consistency: Math.max(10, Math.round(settings.proofs / 4)),
        warmup: PROOF_WARMUP,
        seed: PROOF_SEED,
      });
      console.log(
        `  ${engine}: ${grouped(proofs.inclusion.samples)} inclusion proofs, p50 ${fixed(proofs.inclusion.latencyMs.p50, 3)} ms, p99 ${fixed(proofs.inclusion.latencyMs.p99, 3)} ms; ${grouped(proofs.consistency.samples)} consistency proofs, p50 ${fixed(proofs.consistency.latencyMs.p50, 3)} ms; all verified`,
      );
      console.log(
        `  ${engine}: proofs served from the in-memory copy of the tree: filled in ${fixed(proofs.warm.seconds, 1)} s, ${fixed(proofs.warm.bytes / 1024 ** 2, 1)} MiB, levels ${proofs.warm.floorLevel} and up`,
      );
      console.log(
        `  ${engine}: without that copy, a proof to a given size is one statement: p50 ${fixed(proofs.statementMs, 3)} ms`,
      );
      const verify = await verifyFromDatabase(database.db, {
        verifierKey: ledger.verifierKey,
        checkpoints: [checkpoint.note],
        expectedSize: settings.entries,
        entryBytes: build.entryBytes,
        pageSize: settings.pageSize,
      });
      if (!verify.report.ok || verify.report.checkpointsChecked !== 1) {
        throw new Error(
          `LogVerifier rejected the log: ${JSON.stringify(verify.report.problems.slice(0, 3))}`,
        );
      }
      console.log(
        `  ${engine}: LogVerifier over the database: ${grouped(verify.entriesPerSecond)} entries/s, ok, root matches the signed checkpoint`,
      );
      if (keepInMemory) {
        const started = performance.now();
        const entries = await loadEntries(database.db, settings.entries, settings.pageSize);
        memory = {
          source: engine,
          entries,
          entryBytes: build.entryBytes,
          verifierKey: ledger.verifierKey,
          checkpoint: checkpoint.note,
          loadSeconds: (performance.now() - started) / 1000,
        };
      }
      result = { engine, build, proofs, verify };
    },
  );
  if (result === undefined) throw new Error(`${engine}: no result`);
  return { result, memory };
}

/** The whole large log in memory, as an auditor holds it after downloading it. */
interface InMemoryLog {
  source: BenchEngine;
  entries: LogEntryInput[];
  entryBytes: number;
  verifierKey: string;
  checkpoint: string;
  loadSeconds: number;
}

function runInMemory(log: InMemoryLog, settings: Settings): MemoryResult {
  const { entries, entryBytes } = log;
  const verifier: RateResult[] = [];
  const verifierOneThread: RateResult[] = [];
  let onWorker = false;
  const workerHashedShare: number[] = [];
  const raw: RateResult[] = [];
  const rawCreateHash: RateResult[] = [];
  // Interleaved rounds; the best of each is reported (the least disturbed by neighbours).
  for (let round = 0; round < settings.rounds; round++) {
    raw.push(rawSha256(entries, entryBytes));
    rawCreateHash.push(rawSha256CreateHash(entries, entryBytes));
    const verify = (workerFrom?: number) => {
      const run = verifyInMemory(entries, {
        verifierKey: log.verifierKey,
        checkpoints: [log.checkpoint],
        entryBytes,
        ...(workerFrom === undefined ? {} : { workerFrom }),
      });
      if (!run.report.ok || run.report.checkpointsChecked !== 1) {
        throw new Error(
          `LogVerifier rejected the log: ${JSON.stringify(run.report.problems.slice(0, 3))}`,
        );
      }
      return run;
    };
    const run = verify();
    onWorker = run.onWorker;
    workerHashedShare.push(run.workerHashedShare);
    verifier.push(run);
    const single = verify(Infinity);
    verifierOneThread.push(single);
    console.log(
      `  in memory, round ${round + 1}/${settings.rounds}: SHA-256 ${grouped(raw[round]?.entriesPerSecond ?? NaN)} entries/s, LogVerifier ${grouped(run.entriesPerSecond)} entries/s${run.onWorker ? ` (with its worker thread, which also hashed ${fixed(100 * run.workerHashedShare, 0)}% of its blocks)` : ''}, on one thread ${grouped(single.entriesPerSecond)} entries/s`,
    );
  }
  const sample = Math.min(BREAKDOWN_SAMPLE, entries.length);
  return {
    source: log.source,
    loadSeconds: log.loadSeconds,
    verifier,
    onWorker,
    workerHashedShare,
    verifierOneThread,
    raw,
    rawCreateHash,
    breakdown: breakdown(entries, sample),
    breakdownSample: sample,
  };
}

async function main(): Promise<void> {
  const settings = settingsFrom(process.argv.slice(2), process.env);
  const info = machine();
  const date = new Date().toISOString();
  const loadBefore = os.loadavg().map(round1);
  const engines: BenchEngine[] =
    settings.postgresUrl === undefined ? ['pglite'] : ['pglite', 'postgres'];
  console.log(`Verity ledger benchmark, ${date}`);
  console.log(
    `machine: ${info.cpus} CPU (${info.cpuModel}), ${info.memoryGiB} GiB, ${info.platform}, Node ${info.node}; load average before: ${loadBefore.join(' ')}`,
  );
  console.log(
    `settings: appends ${settings.warmupS} s warm-up + ${settings.durationS} s measured per row; large log ${grouped(settings.entries)} entries (batches of ${grouped(settings.batch)}); ${grouped(settings.proofs)} inclusion + ${grouped(Math.max(10, Math.round(settings.proofs / 4)))} consistency proofs per engine after ${PROOF_WARMUP} warm-up; verification pages of ${grouped(settings.pageSize)}, ${settings.rounds} in-memory round(s)`,
  );
  console.log(
    `note: only ${info.cpus} CPU, shared by this process (PGlite runs inside it, on the same thread)` +
      (settings.postgresUrl === undefined ? '' : ', the PostgreSQL server') +
      ' and anything else on the machine: absolute figures are a floor for a dedicated server; the load average shows how busy it was.',
  );
  if (settings.postgresUrl === undefined) {
    console.log('postgres: skipped (set VERITY_BENCH_DATABASE_URL to include it)');
  }
  startJanitor();
  const started = performance.now();

  console.log('');
  console.log(
    '1. appends through Committer.commit (one dataset row + one ledger entry per commit)',
  );
  const appends: AppendRow[] = [];
  for (const engine of engines) appends.push(...(await runAppends(engine, settings)));

  console.log('');
  console.log(
    `2-3. a log of ${grouped(settings.entries)} synthetic entries: build, proofs, verification`,
  );
  const large: LargeLogResult[] = [];
  let memory: MemoryResult | undefined;
  let parallel: ParallelCapacity | undefined;
  for (const [i, engine] of engines.entries()) {
    const last = i === engines.length - 1;
    const { result, memory: log } = await runLargeLog(engine, settings, last);
    large.push(result);
    if (log !== undefined) {
      console.log(
        `  loaded the ${grouped(log.entries.length)} entries from ${engine} into memory in ${fixed(log.loadSeconds, 1)} s`,
      );
      memory = runInMemory(log, settings);
      parallel = await parallelCapacity(log.entries, PARALLEL_SAMPLE);
      console.log(
        `  two SHA-256 loops at once, one per thread: ${fixed(parallel.speedup, 2)}x the work of one loop alone (2.00 would be two independent cores)`,
      );
    }
  }
  if (memory === undefined || parallel === undefined) {
    throw new Error('no in-memory verification result');
  }
  const totalS = (performance.now() - started) / 1000;
  const loadAfter = os.loadavg().map(round1);

  // ---- report ----
  const pgAppends = appends.filter((a) => a.engine === 'postgres');
  const bestPg = pgAppends.reduce<AppendRow | undefined>(
    (a, b) => (a === undefined || b.appendsPerSecond > a.appendsPerSecond ? b : a),
    undefined,
  );
  console.log('');
  console.log(
    `Appends (Committer.commit; PostgreSQL pool of ${POOL_SIZE}; goal >= ${grouped(GOAL_APPENDS_PER_S)}/s on PostgreSQL):`,
  );
  console.log(
    table(
      [
        'engine',
        'committers',
        'appends/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'errors',
        'goal',
      ],
      appends.map((a) => [
        a.engine,
        String(a.concurrency),
        fixed(a.appendsPerSecond, 0),
        fixed(a.latencyMs.p50, 2),
        fixed(a.latencyMs.p90, 2),
        fixed(a.latencyMs.p99, 2),
        fixed(a.latencyMs.max, 2),
        String(a.errors),
        a.engine === 'postgres' ? passFail(a.appendsPerSecond >= GOAL_APPENDS_PER_S) : '(pg only)',
      ]),
    ),
  );

  const proofOk = (p: ProofResult) =>
    p.inclusion.latencyMs.p99 < GOAL_PROOF_MS && p.consistency.latencyMs.p99 < GOAL_PROOF_MS;
  console.log('');
  console.log(
    `Large log: ${grouped(settings.entries)} entries built directly (not through commits):`,
  );
  console.log(
    table(
      ['engine', 'entries', 'nodes', 'entry MB', 'build s', 'entries/s', 'generate s', 'db wait s'],
      large.map((l) => [
        l.engine,
        grouped(l.build.entries),
        grouped(l.build.nodes),
        fixed(l.build.entryBytes / 1e6, 1),
        fixed(l.build.seconds, 1),
        grouped(l.build.entries / l.build.seconds),
        fixed(l.build.generateSeconds, 1),
        fixed(l.build.waitSeconds, 1),
      ]),
    ),
  );
  console.log('');
  console.log(
    `Proofs through Ledger at ${grouped(settings.entries)} entries, one at a time (goal: p99 < ${GOAL_PROOF_MS} ms at ${grouped(GOAL_PROOF_ENTRIES)} entries):`,
  );
  console.log(
    table(
      [
        'engine',
        'proof',
        'count',
        'hashes',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'mean ms',
        'verified',
        'goal',
      ],
      large.flatMap((l) =>
        (['inclusion', 'consistency'] as const).map((kind) => {
          const p = l.proofs[kind];
          return [
            l.engine,
            kind,
            grouped(p.samples),
            fixed(p.meanProofHashes, 1),
            fixed(p.latencyMs.p50, 3),
            fixed(p.latencyMs.p90, 3),
            fixed(p.latencyMs.p99, 3),
            fixed(p.latencyMs.max, 3),
            fixed(p.latencyMs.mean, 3),
            `${grouped(p.verified)}/${grouped(p.samples)}`,
            passFail(p.latencyMs.p99 < GOAL_PROOF_MS),
          ];
        }),
      ),
    ),
  );

  const rawBest = best(memory.raw);
  const verifierBest = best(memory.verifier);
  const oneThreadBest = best(memory.verifierOneThread);
  const createHashBest = best(memory.rawCreateHash);
  const ratio = (r: RateResult) => r.entriesPerSecond / rawBest.entriesPerSecond;
  console.log('');
  console.log(
    `Full verification of ${grouped(settings.entries)} entries (best of ${settings.rounds} in-memory round(s); goal >= ${GOAL_VERIFY_RATIO * 100}% of the SHA-256 rate):`,
  );
  /** One row of the table; `judged` rows get PASS or FAIL against the goal. */
  const rateRow = (run: string, r: RateResult, judged: boolean, waitSeconds?: number) => [
    run,
    grouped(r.entriesPerSecond),
    fixed(r.megabytesPerSecond, 1),
    fixed(r.seconds, 2),
    waitSeconds === undefined ? '-' : fixed(waitSeconds, 2),
    fixed(ratio(r), 3),
    judged ? passFail(ratio(r) >= GOAL_VERIFY_RATIO) : '',
  ];
  console.log(
    table(
      ['run', 'entries/s', 'MB/s', 'seconds', 'db wait s', 'vs SHA-256', 'goal'],
      [
        rateRow('SHA-256(0x00||entry) loop, in memory', rawBest, false),
        rateRow('  the same through createHash (reference)', createHashBest, false),
        rateRow(
          `LogVerifier, in memory${memory.onWorker ? ' (with its worker thread)' : ''}`,
          verifierBest,
          true,
        ),
        rateRow('  the same on one thread (reference)', oneThreadBest, false),
        ...large.map((l) =>
          rateRow(
            `LogVerifier, ${l.engine} pages of ${grouped(l.verify.pageSize)}`,
            l.verify,
            true,
            l.verify.waitSeconds,
          ),
        ),
      ],
    ),
  );
  console.log(
    `A second thread on this machine: two SHA-256 loops at once do ${fixed(parallel.speedup, 2)}x the work of one (2.00: two independent cores); the verifier's worker thread can gain at most that.`,
  );
  const perEntryUs = 1e6 / verifierBest.entriesPerSecond;
  console.log('');
  console.log(
    `Where the verifier's time goes, over the first ${grouped(memory.breakdownSample)} entries, each row adding one step (LogVerifier measured ${fixed(perEntryUs, 2)} us/entry, the SHA-256 loop ${fixed(1e6 / rawBest.entriesPerSecond, 2)} us/entry):`,
  );
  const steps = memory.breakdown.filter((s) => s.extra !== true);
  const stepsTotal = steps.reduce((sum, s) => sum + s.microseconds, 0);
  console.log(
    table(
      ['step', 'us/entry', 'share'],
      [
        ...steps.map((s) => [
          s.step,
          fixed(s.microseconds, 2),
          `${fixed((100 * s.microseconds) / stepsTotal, 0)}%`,
        ]),
        ['all steps', fixed(stepsTotal, 2), '100%'],
        ...memory.breakdown
          .filter((s) => s.extra === true)
          .map((s) => [s.step, `+${fixed(s.microseconds, 2)}`, '']),
      ],
    ),
  );

  const proofsAtGoalSize = settings.entries >= GOAL_PROOF_ENTRIES;
  const verdicts = {
    appends:
      bestPg === undefined
        ? 'NOT MEASURED (set VERITY_BENCH_DATABASE_URL)'
        : `${passFail(bestPg.appendsPerSecond >= GOAL_APPENDS_PER_S)}: best ${grouped(bestPg.appendsPerSecond)}/s (${bestPg.concurrency} committer(s))`,
    proofs: large
      .map(
        (l) =>
          `${l.engine} ${passFail(proofOk(l.proofs))} (p50/p99: inclusion ${fixed(l.proofs.inclusion.latencyMs.p50, 2)}/${fixed(l.proofs.inclusion.latencyMs.p99, 2)} ms, consistency ${fixed(l.proofs.consistency.latencyMs.p50, 2)}/${fixed(l.proofs.consistency.latencyMs.p99, 2)} ms; p50 ${l.proofs.inclusion.latencyMs.p50 < GOAL_PROOF_MS && l.proofs.consistency.latencyMs.p50 < GOAL_PROOF_MS ? 'under' : 'over'} ${GOAL_PROOF_MS} ms)`,
      )
      .join('; ')
      .concat(
        proofsAtGoalSize
          ? ''
          : ` [at ${grouped(settings.entries)} entries, not the goal's ${grouped(GOAL_PROOF_ENTRIES)}]`,
      ),
    verification: `${proofsAtGoalSize ? passFail(ratio(verifierBest) >= GOAL_VERIFY_RATIO) : 'NOT JUDGED'}: in memory ${fixed(100 * ratio(verifierBest), 1)}% of SHA-256; from the database ${large.map((l) => `${l.engine} ${fixed(100 * ratio(l.verify), 1)}%`).join(', ')}${proofsAtGoalSize ? '' : ` [at ${grouped(settings.entries)} entries: a small log fits the CPU caches and flatters the ratio; the goal is judged at ${grouped(GOAL_PROOF_ENTRIES)}]`}`,
  };
  console.log('');
  console.log('Goals:');
  console.log(`  appends >= ${grouped(GOAL_APPENDS_PER_S)}/s on PostgreSQL: ${verdicts.appends}`);
  console.log(
    `  proofs < ${GOAL_PROOF_MS} ms (p99) at ${grouped(GOAL_PROOF_ENTRIES)} entries: ${verdicts.proofs}`,
  );
  console.log(
    `  verification >= ${GOAL_VERIFY_RATIO * 100}% of raw SHA-256: ${verdicts.verification}`,
  );
  console.log(`total ${fixed(totalS, 0)} s; load average after: ${loadAfter.join(' ')}`);
  console.log('');
  const rate = (r: RateResult) => ({
    entriesPerSecond: Math.round(r.entriesPerSecond),
    megabytesPerSecond: round1(r.megabytesPerSecond),
    seconds: round3(r.seconds),
  });
  const latency = (p: { p50: number; p90: number; p99: number; max: number; mean: number }) => ({
    p50: round3(p.p50),
    p90: round3(p.p90),
    p99: round3(p.p99),
    max: round3(p.max),
    mean: round3(p.mean),
  });
  console.log(
    JSON.stringify({
      benchmark: 'ledger',
      date,
      machine: { ...info, loadAverageBefore: loadBefore, loadAverageAfter: loadAfter },
      settings: {
        entries: settings.entries,
        batch: settings.batch,
        durationS: settings.durationS,
        warmupS: settings.warmupS,
        proofs: settings.proofs,
        pageSize: settings.pageSize,
        rounds: settings.rounds,
        poolSize: POOL_SIZE,
        postgres: settings.postgresUrl !== undefined,
      },
      goals: {
        appendsPerSecond: GOAL_APPENDS_PER_S,
        proofP99Ms: GOAL_PROOF_MS,
        proofEntries: GOAL_PROOF_ENTRIES,
        verifyVsSha256: GOAL_VERIFY_RATIO,
      },
      appends: appends.map((a) => ({
        engine: a.engine,
        concurrency: a.concurrency,
        appendsPerSecond: Math.round(a.appendsPerSecond),
        appends: a.appends,
        errors: a.errors,
        latencyMs: latency(a.latencyMs),
      })),
      largeLog: large.map((l) => ({
        engine: l.engine,
        build: {
          entries: l.build.entries,
          nodes: l.build.nodes,
          entryBytes: l.build.entryBytes,
          seconds: round3(l.build.seconds),
          generateSeconds: round3(l.build.generateSeconds),
          waitSeconds: round3(l.build.waitSeconds),
        },
        inclusion: {
          count: l.proofs.inclusion.samples,
          latencyMs: latency(l.proofs.inclusion.latencyMs),
        },
        consistency: {
          count: l.proofs.consistency.samples,
          latencyMs: latency(l.proofs.consistency.latencyMs),
        },
        inclusionStatementP50Ms: round3(l.proofs.statementMs),
        proofCache: {
          fillSeconds: round3(l.proofs.warm.seconds),
          bytes: l.proofs.warm.bytes,
          floorLevel: l.proofs.warm.floorLevel,
        },
        verifyFromDatabase: {
          ...rate(l.verify),
          pageSize: l.verify.pageSize,
          waitSeconds: round3(l.verify.waitSeconds),
          vsSha256: round3(ratio(l.verify)),
        },
      })),
      verifyInMemory: {
        loadedFrom: memory.source,
        loadSeconds: round3(memory.loadSeconds),
        sha256: rate(rawBest),
        sha256CreateHash: rate(createHashBest),
        logVerifier: {
          ...rate(verifierBest),
          vsSha256: round3(ratio(verifierBest)),
          workerThread: memory.onWorker,
          workerHashedShareByRound: memory.workerHashedShare.map(round3),
        },
        logVerifierOneThread: { ...rate(oneThreadBest), vsSha256: round3(ratio(oneThreadBest)) },
        twoThreadSha256Speedup: round3(parallel.speedup),
        roundsEntriesPerSecond: {
          sha256: memory.raw.map((r) => Math.round(r.entriesPerSecond)),
          sha256CreateHash: memory.rawCreateHash.map((r) => Math.round(r.entriesPerSecond)),
          logVerifier: memory.verifier.map((r) => Math.round(r.entriesPerSecond)),
          logVerifierOneThread: memory.verifierOneThread.map((r) => Math.round(r.entriesPerSecond)),
        },
        breakdownUsPerEntry: Object.fromEntries(
          memory.breakdown.map((s) => [s.step, round3(s.microseconds)]),
        ),
      },
      pass: {
        appends: bestPg === undefined ? null : bestPg.appendsPerSecond >= GOAL_APPENDS_PER_S,
        proofs: proofsAtGoalSize && large.every((l) => proofOk(l.proofs)),
        verification: proofsAtGoalSize && ratio(verifierBest) >= GOAL_VERIFY_RATIO,
      },
      verdicts,
      totalSeconds: round1(totalS),
    }),
  );
}

// Ctrl-C (which may arrive twice: from the terminal and relayed by tsx) cleans up, then exits.
// If tsx kills this process first (it does when the event loop is busy), the janitor cleans up.
// Every way out goes through `finish`, once: the cleanups run to the end before the exit.
let interrupted = false;
let finishing: Promise<void> | undefined;
function finish(code: number): Promise<void> {
  finishing ??= runCleanups().finally(() => {
    stopJanitor();
    // Nothing is left open after the cleanups, but exit explicitly in case a driver lingers.
    process.exit(code);
  });
  return finishing;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    interruption.abort();
    console.error(`\n${signal}: cleaning up`);
    void finish(130);
  });
}

main().then(
  () => finish(0),
  (error: unknown) => {
    // After Ctrl-C the run fails on the databases being closed under it: not worth printing.
    if (!interrupted) console.error(error);
    return finish(interrupted ? 130 : 1);
  },
);
