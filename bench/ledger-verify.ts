/**
 * Full verification of the log with `LogVerifier`, as an auditor runs it: from the database in
 * pages ordered by seq, and over entries already in memory, next to a bare SHA-256 loop over the
 * same bytes (each leaf's SHA-256(0x00 || entry), nothing else), the physical limit on this
 * machine. A breakdown times each verification step done the straightforward way (canonicalJson
 * re-serialisation, appendToFrontier), in isolation, on the same data, to show what they cost.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  appendToFrontier,
  hashLeaf,
  LogVerifier,
  type FrontierNode,
  type LogEntryInput,
  type LogVerificationReport,
} from '../src/ledger/index.js';
import { canonicalJson } from '../src/lib/index.js';
import type { Database } from '../src/store/index.js';
import { interruption } from './ledger-support.js';

export interface RateResult {
  entries: number;
  bytes: number;
  seconds: number;
  entriesPerSecond: number;
  megabytesPerSecond: number;
}

export interface DatabaseVerifyResult extends RateResult {
  pageSize: number;
  /** Seconds spent waiting for the next page (the next page is requested before verifying one). */
  waitSeconds: number;
  report: LogVerificationReport;
}

function rate(entries: number, bytes: number, seconds: number): RateResult {
  return {
    entries,
    bytes,
    seconds,
    entriesPerSecond: entries / seconds,
    megabytesPerSecond: bytes / 1e6 / seconds,
  };
}

interface Page {
  rows: { seq: number; entry: string; leaf_hash: string }[];
}

async function fetchPage(db: Kysely<Database>, from: number, pageSize: number): Promise<Page> {
  const rows = await db
    .selectFrom('ledger_entries')
    .select(['seq', 'entry', 'leaf_hash'])
    .where('seq', '>=', from)
    .orderBy('seq')
    .limit(pageSize)
    .execute();
  return {
    rows: rows.map((r) => ({ seq: Number(r.seq), entry: r.entry, leaf_hash: r.leaf_hash })),
  };
}

/**
 * Reads every entry in keyset pages (`seq >= last + 1 order by seq limit pageSize`), requesting
 * the next page before verifying the current one, and feeds them to a LogVerifier.
 */
export async function verifyFromDatabase(
  db: Kysely<Database>,
  options: {
    verifierKey: string;
    checkpoints: string[];
    expectedSize: number;
    entryBytes: number;
    pageSize: number;
  },
): Promise<DatabaseVerifyResult> {
  const started = performance.now();
  const verifier = new LogVerifier(options.verifierKey, options.checkpoints);
  let waitMs = 0;
  let next: Promise<Page> | undefined = fetchPage(db, 0, options.pageSize);
  while (next !== undefined) {
    interruption.signal.throwIfAborted();
    const t0 = performance.now();
    const page: Page = await next;
    waitMs += performance.now() - t0;
    const last: Page['rows'][number] | undefined = page.rows[page.rows.length - 1];
    next =
      last === undefined || page.rows.length < options.pageSize
        ? undefined
        : fetchPage(db, last.seq + 1, options.pageSize);
    void next?.catch(() => undefined);
    for (const row of page.rows) {
      verifier.add({ index: row.seq, entry: row.entry, leafHash: row.leaf_hash });
    }
  }
  const report = verifier.finish(options.expectedSize);
  const seconds = (performance.now() - started) / 1000;
  return {
    ...rate(report.size, options.entryBytes, seconds),
    pageSize: options.pageSize,
    waitSeconds: waitMs / 1000,
    report,
  };
}

/** Reads the whole log into memory (untimed set-up for the in-memory runs). */
export async function loadEntries(
  db: Kysely<Database>,
  size: number,
  pageSize: number,
): Promise<LogEntryInput[]> {
  const entries: LogEntryInput[] = new Array<LogEntryInput>(size);
  let count = 0;
  for (let from = 0; from < size;) {
    const { rows } = await fetchPage(db, from, pageSize);
    if (rows.length === 0) break;
    for (const row of rows) {
      entries[count++] = { index: row.seq, entry: row.entry, leafHash: row.leaf_hash };
    }
    from = (rows[rows.length - 1]?.seq ?? from) + 1;
  }
  if (count !== size) throw new Error(`read ${count} entries, expected ${size}`);
  return entries;
}

export function verifyInMemory(
  entries: readonly LogEntryInput[],
  options: { verifierKey: string; checkpoints: string[]; entryBytes: number },
): RateResult & { report: LogVerificationReport } {
  const started = performance.now();
  const verifier = new LogVerifier(options.verifierKey, options.checkpoints);
  for (const entry of entries) verifier.add(entry);
  const report = verifier.finish(entries.length);
  return {
    ...rate(entries.length, options.entryBytes, (performance.now() - started) / 1000),
    report,
  };
}

const LEAF_PREFIX = Uint8Array.of(0x00);

/** SHA-256(0x00 || entry) of every entry and nothing else: the floor for any verifier. */
export function rawSha256(entries: readonly LogEntryInput[], entryBytes: number): RateResult {
  const started = performance.now();
  let check = 0;
  for (const { entry } of entries) {
    const digest = createHash('sha256').update(LEAF_PREFIX).update(entry, 'utf8').digest();
    check ^= digest[0] ?? 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (check < 0) throw new Error('unreachable: keeps the digests observable');
  return rate(entries.length, entryBytes, seconds);
}

export interface BreakdownStep {
  step: string;
  /** Microseconds per entry this step adds to the ones above it. */
  microseconds: number;
}

type Stage = (entry: LogEntryInput, position: number) => void;

/**
 * Where `LogVerifier.add`'s time goes: the same work rebuilt step by step over the first
 * `sample` entries, each stage doing all the steps above it plus one, so a step's cost is the
 * difference between its stage and the previous one and the costs add up. Each stage runs twice
 * and the faster run counts (the first may pay for JIT and GC warm-up); differences within noise
 * can come out slightly negative.
 */
export function breakdown(entries: readonly LogEntryInput[], sample: number): BreakdownStep[] {
  const n = Math.min(sample, entries.length);
  let frontier: FrontierNode[] = [];
  let sink = 0;
  const steps: { step: string; body: Stage }[] = [
    {
      step: 'Buffer.from(entry) + hashLeaf (one SHA-256)',
      body: (e) => void hashLeaf(Buffer.from(e.entry, 'utf8')),
    },
    {
      step: 'leaf hash to hex + compare with the stored one',
      body: (e) => {
        const leaf = hashLeaf(Buffer.from(e.entry, 'utf8'));
        if (Buffer.from(leaf).toString('hex') === e.leafHash) sink++;
      },
    },
    {
      step: 'JSON.parse(entry) + index check',
      body: (e, i) => {
        const leaf = hashLeaf(Buffer.from(e.entry, 'utf8'));
        if (Buffer.from(leaf).toString('hex') === e.leafHash) sink++;
        if ((JSON.parse(e.entry) as { index?: unknown }).index === i) sink++;
      },
    },
    {
      step: 'canonicalJson(parsed) + compare (canonical form)',
      body: (e, i) => {
        const leaf = hashLeaf(Buffer.from(e.entry, 'utf8'));
        if (Buffer.from(leaf).toString('hex') === e.leafHash) sink++;
        const event = JSON.parse(e.entry) as { index?: unknown };
        if (event.index === i) sink++;
        if (canonicalJson(event) === e.entry) sink++;
      },
    },
    {
      step: 'appendToFrontier (tree fold: bigint, hex, ~1 SHA-256)',
      body: (e, i) => {
        const leaf = hashLeaf(Buffer.from(e.entry, 'utf8'));
        if (Buffer.from(leaf).toString('hex') === e.leafHash) sink++;
        const event = JSON.parse(e.entry) as { index?: unknown };
        if (event.index === i) sink++;
        if (canonicalJson(event) === e.entry) sink++;
        frontier = appendToFrontier(frontier, i, leaf).frontier;
      },
    },
  ];
  const result: BreakdownStep[] = [];
  let previous = 0;
  for (const { step, body } of steps) {
    let fastest = Infinity;
    for (let run = 0; run < 2; run++) {
      frontier = [];
      const started = performance.now();
      for (let i = 0; i < n; i++) body(entries[i] as LogEntryInput, i);
      fastest = Math.min(fastest, performance.now() - started);
    }
    const perEntry = (fastest * 1000) / n;
    result.push({ step, microseconds: perEntry - previous });
    previous = perEntry;
  }
  if (sink < 0 || frontier.length < 0) throw new Error('unreachable: keeps the results observable');
  return result;
}
