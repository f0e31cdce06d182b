/**
 * Builds a large audit log without a million commits: synthetic canonical entries (see
 * ledger-synthetic.ts) are hashed and folded into the tree with `appendToFrontier`, the function
 * `appendEntry` uses, so the rows of `ledger_entries`, `ledger_nodes` and `ledger_head` are exactly
 * the ones a million appends would have written. Rows go in batches, one statement per batch.
 */
import { sql, type Kysely } from 'kysely';
import { appendToFrontier, hashLeaf, type FrontierNode } from '../src/ledger/index.js';
import type { Database } from '../src/store/index.js';
import { json } from '../src/store/index.js';
import { interruption } from './ledger-support.js';
import { syntheticEntry } from './ledger-synthetic.js';

/** One batch of rows, column by column (each column is bound as one array parameter). */
interface Batch {
  end: number;
  frontier: FrontierNode[];
  seq: number[];
  leafHash: string[];
  entry: string[];
  type: string[];
  actor: string[];
  subjectKind: string[];
  subjectId: string[];
  recordedAt: string[];
  payload: string[];
  nodeLevel: number[];
  nodeIdx: number[];
  nodeHash: string[];
}

export interface BuildResult {
  entries: number;
  /** Rows written to `ledger_nodes` (every complete subtree: 2n - popcount(n)). */
  nodes: number;
  /** UTF-8 bytes of all entries. */
  entryBytes: number;
  seconds: number;
  /** Seconds the builder spent generating, hashing and folding (JavaScript). */
  generateSeconds: number;
  /** Seconds it waited for the database beyond that (the two overlap on PostgreSQL). */
  waitSeconds: number;
  frontier: FrontierNode[];
}

function generate(start: number, end: number, frontier: FrontierNode[]): Batch {
  const batch: Batch = {
    end,
    frontier,
    seq: [],
    leafHash: [],
    entry: [],
    type: [],
    actor: [],
    subjectKind: [],
    subjectId: [],
    recordedAt: [],
    payload: [],
    nodeLevel: [],
    nodeIdx: [],
    nodeHash: [],
  };
  for (let i = start; i < end; i++) {
    const { entry, event, payload } = syntheticEntry(i);
    // RFC 9162 §2.1.1: the leaf is SHA-256(0x00 || the exact logged bytes), as appendEntry does.
    const leaf = hashLeaf(Buffer.from(entry, 'utf8'));
    const step = appendToFrontier(batch.frontier, i, leaf);
    batch.frontier = step.frontier;
    batch.seq.push(i);
    batch.leafHash.push(Buffer.from(leaf).toString('hex'));
    batch.entry.push(entry);
    batch.type.push(event.type);
    batch.actor.push(event.actor);
    batch.subjectKind.push(event.subject.kind);
    batch.subjectId.push(event.subject.id);
    batch.recordedAt.push(event.time);
    batch.payload.push(json(payload));
    for (const node of step.completed) {
      batch.nodeLevel.push(node.level);
      batch.nodeIdx.push(Number(node.index));
      batch.nodeHash.push(Buffer.from(node.hash).toString('hex'));
    }
  }
  return batch;
}

/**
 * One statement per batch: the entries, their completed subtrees and the new head, so the log is
 * consistent after every batch. Columns are bound as arrays and expanded with `unnest`: 14
 * parameters whatever the batch size, where a multi-row VALUES list needs 9 per entry and 3 per
 * node (about 15 per entry, so at most ~4,300 entries under PostgreSQL's 65,535-parameter cap)
 * and was 15% slower on PGlite in a trial.
 */
async function write(db: Kysely<Database>, batch: Batch): Promise<void> {
  await sql`
    with e as (
      insert into ledger_entries
        (seq, leaf_hash, entry, type, actor, subject_kind, subject_id, recorded_at, payload)
      select * from unnest(
        ${batch.seq}::bigint[], ${batch.leafHash}::text[], ${batch.entry}::text[],
        ${batch.type}::text[], ${batch.actor}::text[], ${batch.subjectKind}::text[],
        ${batch.subjectId}::text[], ${batch.recordedAt}::timestamptz[], ${batch.payload}::jsonb[])
    ), n as (
      insert into ledger_nodes (level, idx, hash)
      select * from unnest(${batch.nodeLevel}::smallint[], ${batch.nodeIdx}::bigint[],
        ${batch.nodeHash}::text[])
    )
    update ledger_head set size = ${batch.end}, frontier = ${json(batch.frontier)}::jsonb
    where id = 1`.execute(db);
}

/**
 * Appends `count` synthetic entries to an empty log. While the database stores one batch the next
 * is generated, which overlaps on PostgreSQL (another process) and not on PGlite (same thread).
 */
export async function buildSyntheticLog(
  db: Kysely<Database>,
  count: number,
  options: { batchEntries: number; onProgress?: (done: number, seconds: number) => void },
): Promise<BuildResult> {
  const head = await db
    .selectFrom('ledger_head')
    .select(['size', 'frontier'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  if (Number(head.size) !== 0) throw new Error(`expected an empty log, found ${head.size} entries`);
  const started = performance.now();
  let generateMs = 0;
  let waitMs = 0;
  let nodes = 0;
  let entryBytes = 0;
  let frontier: FrontierNode[] = [];
  let inFlight: Promise<void> | undefined;
  let written = 0;
  for (let start = 0; start < count; start += options.batchEntries) {
    interruption.signal.throwIfAborted();
    const t0 = performance.now();
    const batch = generate(start, Math.min(count, start + options.batchEntries), frontier);
    frontier = batch.frontier;
    nodes += batch.nodeLevel.length;
    for (const entry of batch.entry) entryBytes += Buffer.byteLength(entry, 'utf8');
    const t1 = performance.now();
    generateMs += t1 - t0;
    await inFlight;
    waitMs += performance.now() - t1;
    if (written > 0) options.onProgress?.(written, (performance.now() - started) / 1000);
    inFlight = write(db, batch);
    // Marks a failure as handled until it is awaited (after the next batch is generated).
    void inFlight.catch(() => undefined);
    written = batch.end;
  }
  const t2 = performance.now();
  await inFlight;
  waitMs += performance.now() - t2;
  options.onProgress?.(written, (performance.now() - started) / 1000);
  return {
    entries: count,
    nodes,
    entryBytes,
    seconds: (performance.now() - started) / 1000,
    generateSeconds: generateMs / 1000,
    waitSeconds: waitMs / 1000,
    frontier,
  };
}
