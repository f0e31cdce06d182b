import * as crypto from 'node:crypto';
import { canonicalJson } from '../lib/index.js';
import { canonicalEventIndex } from './canonical-event.js';
import { encodeBase64, hashLeaf } from './merkle/index.js';
import { BLOCK, MATCHED, RootStream, type StreamCheckpoint } from './merkle/root-stream.js';
import { LEAF, VERDICT } from './parallel-fold/channel.js';
import {
  canFoldInParallel,
  LocalFold,
  WorkerFold,
  type LeafSink,
} from './parallel-fold/fold-pipe.js';
import { parseVerifierKey, verifyCheckpoint, type NoteVerifier } from './note/index.js';

/** One stored entry as an auditor receives it: its position, exact bytes and stored leaf hash. */
export interface LogEntryInput {
  index: number;
  /** The exact logged text (RFC 8785 canonical JSON of the event). */
  entry: string;
  /** The leaf hash the server stored, lowercase hex (checked when present). */
  leafHash?: string;
}

export const LOG_PROBLEM_CODES = [
  'ENTRY_MISSING',
  'ENTRY_OUT_OF_PLACE',
  'ENTRY_MALFORMED',
  'ENTRY_NOT_CANONICAL',
  'LEAF_HASH_MISMATCH',
  'CHECKPOINT_INVALID',
  'CHECKPOINT_ROOT_MISMATCH',
  'CHECKPOINT_BEYOND_LOG',
  'SIZE_MISMATCH',
] as const;
export type LogProblemCode = (typeof LOG_PROBLEM_CODES)[number];

export interface LogProblem {
  code: LogProblemCode;
  /** The first entry index the problem concerns, or null when it concerns no single entry. */
  index: number | null;
  message: string;
}

export interface LogVerificationReport {
  ok: boolean;
  /** Entries read. */
  size: number;
  /** RFC 9162 root over the entries read, standard base64. */
  rootHash: string;
  checkpointsChecked: number;
  /** Lowest index named by any problem: where the log stops being trustworthy. */
  firstBadIndex: number | null;
  problems: LogProblem[];
}

const MAX_PROBLEMS = 100;

/**
 * From this many entries on (default), a worker thread shares the work when the machine has more
 * than one core: below it a worker's start-up (tens of milliseconds) costs more than it saves.
 */
export const WORKER_FROM = 65_536;

export interface LogVerifierOptions {
  /**
   * Entries after which a worker thread checks the entries and folds the tree (a multiple of
   * 1,024; default WORKER_FROM; `Infinity` keeps everything on the calling thread). The report
   * is the same either way.
   */
  workerFrom?: number;
  /**
   * Which blocks the worker hashes as well as checks, once it runs: `balanced` (the default)
   * those that reach it when it is about to run out of work, so that neither thread waits for
   * the other; `all` every block (for tests). The report is the same either way.
   */
  workerHashes?: 'balanced' | 'all';
}

/** An entry-level problem and the position of the entry it was found at. */
interface EntryProblem {
  problem: LogProblem;
  at: number;
}

/**
 * Recomputes the audit log from its entries, as an auditor would, without trusting the server:
 * each leaf from the entry's bytes (RFC 9162 §2.1.1), each entry's claimed position, and the tree
 * root at every signed checkpoint. Streaming: feed entries in order with `add`, then `finish`.
 * Memory stays O(log n + checkpoints) whatever the log size.
 *
 * The work is in two parts. This thread hashes each entry, compares the stored leaf hash and
 * checks the entry's index and canonical form; the leaf hashes go a block of 1,024 at a time to
 * a {@link RootStream}, which folds them into the tree and compares the root at each checkpoint's
 * size. On a large log (from `workerFrom` entries, on two cores or more) a worker thread
 * (`WorkerFold`) takes the stream and the fast canonical-form and index check, and this thread
 * only hashes and compares; the worker's verdicts come back a block at a time, and the entries
 * it could not judge get the generic check here. Checkpoint outcomes and those verdicts arrive
 * after later entries, so `finish` puts every problem back in log order: the report does not
 * depend on where the work was done.
 *
 * What each tampering shows as: an edited entry → LEAF_HASH_MISMATCH (or, if its stored hash was
 * rewritten too, CHECKPOINT_ROOT_MISMATCH for the range that contains it); a deleted entry →
 * ENTRY_MISSING; an inserted or reordered entry → ENTRY_OUT_OF_PLACE, because every event carries
 * its index inside the hashed bytes; truncation → CHECKPOINT_BEYOND_LOG.
 */
export class LogVerifier {
  /** Checkpoints that verified, by size. */
  private readonly checkpoints: StreamCheckpoint[] = [];
  /** One byte per checkpoint (MATCHED, DIFFERED), shared with the worker when there is one. */
  private readonly outcomes: Uint8Array;
  private sink: LeafSink;
  private readonly workerFrom: number;
  private readonly workerHashesAll: boolean;
  /** The block being filled: each entry's claimed index, text and stored leaf hash. */
  private indices: number[] = [];
  private texts: string[] = [];
  private stored: (string | undefined)[] = [];
  /** Entries of the blocks handed on so far. */
  private position = 0;
  private expectedIndex = 0;
  /** Problems found before the first entry (checkpoints that do not verify). */
  private readonly opening: LogProblem[] = [];
  /** Entry problems found as entries arrive, in log order (at most MAX_PROBLEMS). */
  private readonly entryProblems: EntryProblem[] = [];
  /**
   * Entry problems found when the worker's verdicts on a block come back, in log order (at most
   * MAX_PROBLEMS): they are merged with `entryProblems` by position at the end.
   */
  private readonly checkedProblems: EntryProblem[] = [];
  /** Whether entries' canonical form and index are checked by the worker (after the hand-over). */
  private checksOnWorker = false;
  /** Set while the worker's verdicts are being read: problems go to `checkedProblems`. */
  private readingVerdicts = false;

  /**
   * @param logKeys the log's verifier key (`name+keyid+base64`) the auditor trusts, or several:
   *   the current key and earlier ones after a key rotation; a checkpoint counts when any of
   *   them signed it
   * @param checkpointNotes signed checkpoints to check the log against, in any order
   */
  constructor(
    logKeys: string | NoteVerifier | readonly (string | NoteVerifier)[],
    checkpointNotes: readonly string[],
    options: LogVerifierOptions = {},
  ) {
    const verifiers = (Array.isArray(logKeys) ? logKeys : [logKeys]).map(
      (k: string | NoteVerifier) => (typeof k === 'string' ? parseVerifierKey(k) : k),
    );
    if (verifiers.length === 0) throw new TypeError('LogVerifier needs at least one log key');
    const workerFrom = options.workerFrom ?? WORKER_FROM;
    if (
      workerFrom !== Infinity &&
      (!Number.isSafeInteger(workerFrom) || workerFrom < BLOCK || workerFrom % BLOCK !== 0)
    ) {
      throw new RangeError(`workerFrom must be a positive multiple of ${BLOCK}, not ${workerFrom}`);
    }
    this.workerFrom = workerFrom;
    this.workerHashesAll = options.workerHashes === 'all';
    for (const note of checkpointNotes) {
      try {
        const { checkpoint } = verifyCheckpoint(note, verifiers);
        this.checkpoints.push({
          size: Number(checkpoint.size),
          root: checkpoint.rootHash,
        });
      } catch (error) {
        this.opening.push({
          code: 'CHECKPOINT_INVALID',
          index: null,
          message: `a checkpoint does not verify with the log key${verifiers.length === 1 ? '' : 's'}: ${(error as Error).message}`,
        });
      }
    }
    this.checkpoints.sort((a, b) => a.size - b.size);
    this.outcomes = new Uint8Array(new SharedArrayBuffer(Math.max(1, this.checkpoints.length)));
    this.sink = new LocalFold(new RootStream(this.checkpoints, this.outcomes));
  }

  add(input: LogEntryInput): void {
    this.indices.push(input.index);
    this.texts.push(input.entry);
    this.stored.push(input.leafHash);
    if (this.texts.length === BLOCK) this.endBlock();
  }

  /**
   * Checks the block of entries just filled and hands it on: to the worker to hash as well as
   * check (when it runs and has time), or hashed here, then to the sink.
   */
  private endBlock(): void {
    const { indices, texts, stored } = this;
    this.indices = [];
    this.texts = [];
    this.stored = [];
    const first = this.position;
    const fold = this.sink;
    if (
      this.checksOnWorker &&
      fold instanceof WorkerFold &&
      (this.workerHashesAll || fold.hungry()) &&
      fold.pushTexts(texts, stored)
    ) {
      for (let i = 0; i < texts.length; i++) this.checkIndex(indices[i] as number, first + i);
    } else {
      const leaves = new Array<string>(texts.length);
      for (let i = 0; i < texts.length; i++) {
        const position = first + i;
        const text = texts[i] as string;
        this.checkIndex(indices[i] as number, position);
        const leaf = leafHexOfText(text);
        const leafHash = stored[i];
        if (leafHash !== undefined && leafHash !== leaf) this.reportLeafMismatch(position);
        if (!this.checksOnWorker) this.checkEvent(text, position);
        leaves[i] = leaf;
      }
      fold.push(leaves.join(''), texts.length, this.checksOnWorker ? texts : undefined);
    }
    this.position += texts.length;
    if (this.position === this.workerFrom && canFoldInParallel()) this.handOver();
  }

  /** Checks the index an entry was stored under against the one expected at `position`. */
  private checkIndex(index: number, position: number): void {
    if (index !== this.expectedIndex) {
      if (index > this.expectedIndex) {
        this.report(
          'ENTRY_MISSING',
          this.expectedIndex,
          `entries ${this.expectedIndex}..${index - 1} are missing`,
          position,
        );
      } else {
        this.report(
          'ENTRY_OUT_OF_PLACE',
          position,
          `entry stored as ${index} arrived at position ${position}`,
          position,
        );
      }
    }
    this.expectedIndex = index + 1;
  }

  private reportLeafMismatch(position: number): void {
    this.report(
      'LEAF_HASH_MISMATCH',
      position,
      `entry ${position} does not hash to its stored leaf hash: its text was changed`,
      position,
    );
  }

  /** Ends the stream; `expectedSize` is the size the server claims, when known. */
  finish(expectedSize?: number): LogVerificationReport {
    if (this.texts.length > 0) this.endBlock();
    const root = this.sink.finish();
    const entryProblems = mergeByPosition(this.entryProblems, this.checkedProblems);
    // For each checkpoint k, the index of the first entry problem after checkpoint k - 1.
    const firstProblemAfter = new Map<number, number>();
    for (const { problem, at } of entryProblems) {
      const after = this.checkpointsUpTo(at);
      if (!firstProblemAfter.has(after)) firstProblemAfter.set(after, problem.index as number);
    }
    const problems = [...this.opening];
    // Checkpoint outcomes in size order, each after the entry problems found before its size.
    let entry = 0;
    let checked = 0;
    let lastMatched = 0;
    let firstSinceMatch: number | null = null;
    let diverged = false;
    for (const [k, checkpoint] of this.checkpoints.entries()) {
      if (checkpoint.size > this.position) break;
      while (entry < entryProblems.length && (entryProblems[entry]?.at ?? 0) < checkpoint.size) {
        problems.push((entryProblems[entry++] as EntryProblem).problem);
      }
      firstSinceMatch ??= firstProblemAfter.get(k) ?? null;
      if (this.outcomes[k] === MATCHED) {
        lastMatched = checkpoint.size;
        firstSinceMatch = null;
      } else if (!diverged) {
        // Roots are cumulative: once the recomputed tree differs from a signed one, every later
        // checkpoint differs too, so only the first divergence is reported, with its range.
        diverged = true;
        problems.push({
          code: 'CHECKPOINT_ROOT_MISMATCH',
          index: firstSinceMatch ?? lastMatched,
          message: `the log up to size ${checkpoint.size} does not produce the root signed at that size; it matched the checkpoint at size ${lastMatched}, so entries ${lastMatched}..${checkpoint.size - 1} were changed`,
        });
      }
      checked++;
    }
    problems.push(...entryProblems.slice(entry).map((p) => p.problem));
    for (const checkpoint of this.checkpoints.slice(checked)) {
      problems.push({
        code: 'CHECKPOINT_BEYOND_LOG',
        index: this.position,
        message: `a signed checkpoint covers ${checkpoint.size} entries but the log has only ${this.position}: entries from ${this.position} on were removed`,
      });
    }
    if (expectedSize !== undefined && expectedSize !== this.position) {
      problems.push({
        code: 'SIZE_MISMATCH',
        index: Math.min(expectedSize, this.position),
        message: `the log claims ${expectedSize} entries but ${this.position} were read`,
      });
    }
    const reported = problems.slice(0, MAX_PROBLEMS);
    const indices = reported.map((p) => p.index).filter((i): i is number => i !== null);
    return {
      ok: reported.length === 0,
      size: this.position,
      rootHash: encodeBase64(root),
      checkpointsChecked: checked,
      firstBadIndex: indices.length === 0 ? null : Math.min(...indices),
      problems: reported,
    };
  }

  /** Whether a worker thread is checking the entries and folding the tree. */
  get foldsOnWorker(): boolean {
    return this.sink instanceof WorkerFold && !this.sink.foldedLocally;
  }

  /**
   * Of the blocks handed to the worker thread, how many it hashed as well as checked (both 0
   * without a worker): a measure of how the two threads shared the work.
   */
  get blocksHashedOnWorker(): { hashed: number; of: number } {
    return this.sink instanceof WorkerFold ? this.sink.blocksHashedThere : { hashed: 0, of: 0 };
  }

  /**
   * Moves the tree to a worker thread: the local stream's state (at a multiple of BLOCK leaves)
   * goes with it. If the worker cannot be created, the tree stays here.
   */
  private handOver(): void {
    const local = this.sink as LocalFold;
    try {
      this.sink = new WorkerFold(
        this.checkpoints,
        this.outcomes,
        local.stream.snapshot(),
        (first, texts, verdicts, leafChecks) =>
          this.readVerdicts(first, texts, verdicts, leafChecks),
      );
      this.checksOnWorker = true;
    } catch {
      this.sink = local;
    }
  }

  /**
   * Takes the worker's findings on a block's entries (their leaf hashes, when it hashed them, and
   * their canonical form and index), checking here what it left.
   */
  private readVerdicts(
    first: number,
    texts: readonly string[],
    verdicts: Float64Array | undefined,
    leafChecks: Uint8Array | undefined,
  ): void {
    this.readingVerdicts = true;
    try {
      texts.forEach((text, i) => {
        if (leafChecks?.[i] === LEAF.mismatch) this.reportLeafMismatch(first + i);
        const verdict = verdicts?.[i];
        if (verdict === undefined) this.checkEvent(text, first + i);
        else if (verdict === VERDICT.unjudged) this.checkEventGeneric(text, first + i);
        else if (verdict !== VERDICT.ok) this.reportIndex(first + i, verdict);
      });
    } finally {
      this.readingVerdicts = false;
    }
  }

  private checkEvent(entry: string, position: number): void {
    const fastIndex = canonicalEventIndex(entry);
    if (fastIndex === undefined) this.checkEventGeneric(entry, position);
    else if (fastIndex !== position) this.reportIndex(position, fastIndex);
  }

  /** The check for an entry the fast one cannot judge: parsed and written back canonically. */
  private checkEventGeneric(entry: string, position: number): void {
    let event: unknown;
    try {
      event = JSON.parse(entry);
    } catch {
      this.report('ENTRY_MALFORMED', position, `entry ${position} is not JSON`, position);
      return;
    }
    if (!isCanonicalText(entry, event)) {
      this.report(
        'ENTRY_NOT_CANONICAL',
        position,
        `entry ${position} is not in RFC 8785 canonical form`,
        position,
      );
    }
    const claimed = (event as { index?: unknown } | null)?.index;
    if (claimed !== position) this.reportIndex(position, claimed);
  }

  private reportIndex(position: number, claimed: unknown): void {
    this.report(
      'ENTRY_OUT_OF_PLACE',
      position,
      `entry at position ${position} says it is entry ${String(claimed)}: entries were inserted, deleted or reordered`,
      position,
    );
  }

  /** An entry-level problem found at the entry in position `at`. */
  private report(code: LogProblemCode, index: number, message: string, at: number): void {
    const list = this.readingVerdicts ? this.checkedProblems : this.entryProblems;
    if (list.length < MAX_PROBLEMS) list.push({ problem: { code, index, message }, at });
  }

  /** How many checkpoints have a size at or below `position` (they come before its entry). */
  private checkpointsUpTo(position: number): number {
    let low = 0;
    let high = this.checkpoints.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.checkpoints[mid] as StreamCheckpoint).size <= position) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

/**
 * Two lists of problems, each in log order, as one in log order; at the same position, those of
 * `first` (found as the entry arrived) come before those of `second` (found by the worker).
 */
function mergeByPosition(first: EntryProblem[], second: EntryProblem[]): EntryProblem[] {
  const merged: EntryProblem[] = [];
  let i = 0;
  let j = 0;
  while (i < first.length || j < second.length) {
    const a = first[i];
    const b = second[j];
    if (b === undefined || (a !== undefined && a.at <= b.at)) {
      merged.push(a as EntryProblem);
      i++;
    } else {
      merged.push(b);
      j++;
    }
  }
  return merged;
}

/**
 * Whether `text` is the RFC 8785 form of `parsed` (= JSON.parse(text)). When every object's keys
 * already come in UTF-16 order, canonicalJson(parsed) is exactly JSON.stringify(parsed) (same key
 * order, same string and number forms), which is native and several times faster; otherwise
 * (or for a number that overflowed to Infinity, which canonicalJson rejects by throwing) the
 * text is compared with the slow path or declared not canonical.
 */
function isCanonicalText(text: string, parsed: unknown): boolean {
  if (keysInCanonicalOrder(parsed)) return JSON.stringify(parsed) === text;
  try {
    return canonicalJson(parsed) === text;
  } catch {
    return false;
  }
}

function keysInCanonicalOrder(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(keysInCanonicalOrder);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (i > 0 && !((keys[i - 1] as string) < key)) return false;
    if (!keysInCanonicalOrder(record[key])) return false;
  }
  return true;
}

const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string })
  .hash;

/**
 * RFC 9162 §2.1.1 leaf hash of an entry's UTF-8 bytes, SHA-256(0x00 || bytes), as lowercase hex
 * (the form the server stores it in), hashed straight from the string with one-shot
 * `crypto.hash` where Node has it: a string digest costs far less than a Buffer per entry.
 */
function leafHexOfText(entry: string): string {
  if (oneShot !== undefined) return oneShot('sha256', `\u0000${entry}`, 'hex');
  return Buffer.from(hashLeaf(Buffer.from(entry, 'utf8'))).toString('hex');
}
