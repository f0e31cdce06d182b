/**
 * Append throughput through the one mutation path: `Committer.commit` with a small real mutation
 * (insert a dataset row under a unique name, report one `dataset-created` event), closed loop,
 * N committers each starting its next commit as soon as the previous one has returned.
 */
import type { Kysely } from 'kysely';
import { NamedActorAuthorizer } from '../src/auth/index.js';
import { Committer, LogVerifier, frontierRoot, encodeBase64 } from '../src/ledger/index.js';
import { systemClock } from '../src/lib/index.js';
import type { Database } from '../src/store/index.js';
import { json } from '../src/store/index.js';
import { interruption, msSince, percentiles, Samples, type Percentiles } from './ledger-support.js';

export interface AppendResult {
  concurrency: number;
  /** Commits completed in the measured phase. */
  appends: number;
  errors: number;
  firstError: string | undefined;
  seconds: number;
  appendsPerSecond: number;
  /** Latency of one `commit` call with `concurrency` in flight. */
  latencyMs: Percentiles;
}

const ACTOR = { name: 'bench' };

/** Commits one dataset creation; `name` must be unique in the database. */
function commitDataset(committer: Committer, name: string): Promise<string> {
  return committer.commit(ACTOR, 'dataset.create', async (tx, now) => {
    await tx
      .insertInto('datasets')
      .values({
        id: name,
        namespace: 'default',
        name,
        owner: ACTOR.name,
        tags: json({}),
        created_at: now,
        created_by: ACTOR.name,
      })
      .execute();
    return {
      result: name,
      events: [
        {
          type: 'dataset-created',
          subject: { kind: 'dataset', id: name, ref: `default/${name}` },
          payload: { name, namespace: 'default' },
        },
      ],
    };
  });
}

let counter = 0;

/** A warm-up, then a measured phase of `durationMs`, with `concurrency` committers. */
export async function measureAppends(
  db: Kysely<Database>,
  options: { concurrency: number; durationMs: number; warmupMs: number },
): Promise<AppendResult> {
  const committer = new Committer(db, systemClock, new NamedActorAuthorizer());
  const phase = async (durationMs: number, samples: Samples | undefined) => {
    let errors = 0;
    let firstError: string | undefined;
    const started = performance.now();
    const deadline = started + durationMs;
    // A commit that fails is a bug here (appends serialise on the head row; names are unique):
    // the worker stops and the error is reported, rather than spinning on a broken database.
    const worker = async () => {
      while (performance.now() < deadline) {
        interruption.signal.throwIfAborted();
        const start = process.hrtime.bigint();
        try {
          await commitDataset(committer, `bench-ds-${++counter}`);
          samples?.push(msSince(start));
        } catch (error) {
          errors++;
          firstError ??= error instanceof Error ? error.message : String(error);
          return;
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    return { errors, firstError, seconds: (performance.now() - started) / 1000 };
  };
  await phase(options.warmupMs, undefined);
  const samples = new Samples();
  const measured = await phase(options.durationMs, samples);
  return {
    concurrency: options.concurrency,
    appends: samples.length,
    errors: measured.errors,
    firstError: measured.firstError,
    seconds: measured.seconds,
    appendsPerSecond: samples.length / measured.seconds,
    latencyMs: percentiles(samples.values()),
  };
}

/**
 * Correctness check after the append runs: the log the commits produced (concurrent ones
 * included) has no gap, every entry hashes to its stored leaf hash and is in canonical form, and
 * the entries fold to the root of the head row's frontier. Throws otherwise.
 */
export async function checkAppendedLog(db: Kysely<Database>, verifierKey: string): Promise<number> {
  const head = await db
    .selectFrom('ledger_head')
    .select(['size', 'frontier'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  const verifier = new LogVerifier(verifierKey, []);
  for (let from = 0; ;) {
    const rows = await db
      .selectFrom('ledger_entries')
      .select(['seq', 'entry', 'leaf_hash'])
      .where('seq', '>=', from)
      .orderBy('seq')
      .limit(10_000)
      .execute();
    for (const row of rows) {
      verifier.add({ index: Number(row.seq), entry: row.entry, leafHash: row.leaf_hash });
    }
    const last = rows[rows.length - 1];
    if (last === undefined) break;
    from = Number(last.seq) + 1;
  }
  const report = verifier.finish(Number(head.size));
  const headRoot = encodeBase64(frontierRoot(head.frontier));
  if (!report.ok || report.rootHash !== headRoot) {
    throw new Error(
      `the appended log does not verify: ${JSON.stringify(report.problems.slice(0, 3))}, root ${report.rootHash} vs head ${headRoot}`,
    );
  }
  return report.size;
}
