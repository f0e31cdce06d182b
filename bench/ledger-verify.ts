/**
 * Full verification of the log with `LogVerifier`, as an auditor runs it: from the database in
 * pages ordered by seq, and over entries already in memory, next to a bare SHA-256 loop over the
 * same bytes (each leaf's SHA-256(0x00 || entry), nothing else), the physical limit on this
 * machine. A breakdown times each step of the verifier on the same data, to show what they cost.
 */
import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { canonicalEventIndex } from '../src/ledger/canonical-event.js';
import {
  hashLeaf,
  LogVerifier,
  type LogEntryInput,
  type LogVerificationReport,
} from '../src/ledger/index.js';
import { BLOCK, RootStream } from '../src/ledger/merkle/root-stream.js';
import { LocalFold } from '../src/ledger/parallel-fold/fold-pipe.js';
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
  options: { verifierKey: string; checkpoints: string[]; entryBytes: number; workerFrom?: number },
): RateResult & {
  report: LogVerificationReport;
  onWorker: boolean;
  /** Share of the blocks handed to the worker that it also hashed (0 without a worker). */
  workerHashedShare: number;
} {
  const started = performance.now();
  const verifier = new LogVerifier(
    options.verifierKey,
    options.checkpoints,
    options.workerFrom === undefined ? {} : { workerFrom: options.workerFrom },
  );
  for (const entry of entries) verifier.add(entry);
  const report = verifier.finish(entries.length);
  return {
    ...rate(entries.length, options.entryBytes, (performance.now() - started) / 1000),
    report,
    onWorker: verifier.foldsOnWorker,
    workerHashedShare: share(verifier.blocksHashedOnWorker),
  };
}

const share = ({ hashed, of }: { hashed: number; of: number }) => (of === 0 ? 0 : hashed / of);

const LEAF_PREFIX = Uint8Array.of(0x00);

/** One-shot `crypto.hash` with a hex digest (Node >= 20.12), the fastest SHA-256 call Node has. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash;

/**
 * SHA-256(0x00 || entry) of every entry and nothing else, the physical limit for any verifier on
 * this machine: with the fastest call Node offers for small inputs, one-shot `crypto.hash` from
 * the string to a hex digest (no Hash object, no Buffer per digest). Falls back to
 * `createHash` where Node lacks `crypto.hash`.
 */
export function rawSha256(entries: readonly LogEntryInput[], entryBytes: number): RateResult {
  if (oneShot === undefined) return rawSha256CreateHash(entries, entryBytes);
  const started = performance.now();
  let check = 0;
  for (const { entry } of entries) check ^= oneShot('sha256', `\u0000${entry}`, 'hex').length;
  const seconds = (performance.now() - started) / 1000;
  if (check < 0) throw new Error('unreachable: keeps the digests observable');
  return rate(entries.length, entryBytes, seconds);
}

/** The same loop through a `createHash` object per entry and a Buffer digest, for reference. */
export function rawSha256CreateHash(
  entries: readonly LogEntryInput[],
  entryBytes: number,
): RateResult {
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
  /** A row beside the sum: what the generic path would cost instead of the fast check. */
  extra?: boolean;
}

type Stage = (entry: LogEntryInput, position: number) => void;

/**
 * Where `LogVerifier.add`'s time goes: its work rebuilt step by step over the first `sample`
 * entries (a multiple of the 1,024-leaf block), each stage doing all the steps above it plus
 * one, so a step's cost is the difference between its stage and the previous one and the costs
 * add up. A last row times the generic canonical check the verifier falls back to for an entry
 * the fast check cannot judge, in place of the fast one. Each stage runs twice and the faster
 * run counts (the first may pay for JIT and GC warm-up); differences within noise can come out
 * slightly negative.
 */
export function breakdown(entries: readonly LogEntryInput[], sample: number): BreakdownStep[] {
  const n = Math.min(sample, entries.length) - (Math.min(sample, entries.length) % BLOCK);
  const leafHex = (entry: string): string =>
    oneShot === undefined
      ? Buffer.from(hashLeaf(Buffer.from(entry, 'utf8'))).toString('hex')
      : oneShot('sha256', `\u0000${entry}`, 'hex');
  let pending: string[] = [];
  let sink = 0;
  // The tree as LogVerifier folds it on its own thread (on a large log, a worker thread does).
  let tree = new LocalFold(new RootStream([], new Uint8Array(1)));
  const fold = (leaf: string): void => {
    pending.push(leaf);
    if (pending.length === BLOCK) {
      tree.push(pending.join(''), BLOCK);
      pending = [];
    }
  };
  const steps: { step: string; body: Stage }[] = [
    {
      step: 'leaf hash: crypto.hash to hex (the SHA-256 loop)',
      body: (e) => void leafHex(e.entry),
    },
    {
      step: 'compare with the stored leaf hash',
      body: (e) => {
        if (leafHex(e.entry) === e.leafHash) sink++;
      },
    },
    {
      step: 'canonical form and index: one regular expression (the worker thread on large logs)',
      body: (e, i) => {
        if (leafHex(e.entry) === e.leafHash) sink++;
        if (canonicalEventIndex(e.entry) === i) sink++;
      },
    },
    {
      step: 'tree fold by blocks of 1,024 (~1 SHA-256 per entry; the worker thread on large logs)',
      body: (e, i) => {
        const leaf = leafHex(e.entry);
        if (leaf === e.leafHash) sink++;
        if (canonicalEventIndex(e.entry) === i) sink++;
        fold(leaf);
      },
    },
  ];
  const generic: Stage = (e, i) => {
    const leaf = leafHex(e.entry);
    if (leaf === e.leafHash) sink++;
    const event = JSON.parse(e.entry) as { index?: unknown };
    if (event.index === i) sink++;
    if (canonicalJson(event) === e.entry) sink++;
    fold(leaf);
  };
  const result: BreakdownStep[] = [];
  let previous = 0;
  for (const { step, body } of steps) {
    let fastest = Infinity;
    for (let run = 0; run < 2; run++) {
      pending = [];
      tree = new LocalFold(new RootStream([], new Uint8Array(1)));
      const started = performance.now();
      for (let i = 0; i < n; i++) body(entries[i] as LogEntryInput, i);
      fastest = Math.min(fastest, performance.now() - started);
    }
    const perEntry = (fastest * 1000) / n;
    result.push({ step, microseconds: perEntry - previous });
    previous = perEntry;
  }
  const withFastCheck = previous;
  let fastest = Infinity;
  for (let run = 0; run < 2; run++) {
    pending = [];
    tree = new LocalFold(new RootStream([], new Uint8Array(1)));
    const started = performance.now();
    for (let i = 0; i < n; i++) generic(entries[i] as LogEntryInput, i);
    fastest = Math.min(fastest, performance.now() - started);
  }
  result.push({
    step: 'instead: JSON.parse + canonicalJson (generic path)',
    microseconds: (fastest * 1000) / n - withFastCheck,
    extra: true,
  });
  if (sink < 0) throw new Error('unreachable: keeps the results observable');
  return result;
}
