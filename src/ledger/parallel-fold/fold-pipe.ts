import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  BLOCK,
  BLOCK_BYTES,
  RootStream,
  type RootStreamState,
  type StreamCheckpoint,
} from '../merkle/root-stream.js';
import {
  CONTROL_BYTES,
  HEADER,
  LAYOUT,
  LEAF,
  MODE,
  ROOT_OFFSET,
  SLOT,
  slotViews,
  STATE,
  type SlotViews,
} from './channel.js';
import { hashSlotEntries } from './slot-entries.js';

/**
 * Where the log verifier sends leaf hashes, a block at a time: folded into the tree on the
 * verifier's thread, or on a worker thread. Either way each checkpoint's outcome is written to
 * the outcomes array given when it was made, and `finish` returns the root of every leaf sent.
 */
export interface LeafSink {
  /**
   * `hex`: the hashes of `count` leaves, 64 hex digits each; a count below BLOCK ends the log.
   * `texts`: the entries themselves, when the sink checks their canonical form and index.
   */
  push(hex: string, count: number, texts?: readonly string[]): void;
  finish(): Buffer;
}

/**
 * What the worker found of a block's entries, handed back in block order: `verdicts[i]` for the
 * entry at position `first + i` (VERDICT.ok, VERDICT.unjudged, or the index the entry claims),
 * or undefined when the worker did not check them (their texts did not fit, or the verifier took
 * the blocks back): the verifier checks those itself. `leafChecks[i]` (LEAF) is there when the
 * worker hashed the block's entries (`pushTexts`): LEAF.mismatch for an entry that does not hash
 * to its stored leaf hash.
 */
export type CheckedBlock = (
  first: number,
  texts: readonly string[],
  verdicts: Float64Array | undefined,
  leafChecks?: Uint8Array,
) => void;

/** Folds on the verifier's own thread. */
export class LocalFold implements LeafSink {
  private readonly scratch = Buffer.allocUnsafe(BLOCK_BYTES);

  constructor(readonly stream: RootStream) {}

  push(hex: string, count: number): void {
    writeLeaves(this.scratch, 1, hex, count);
    this.stream.addLeaves(this.scratch, count);
  }

  finish(): Buffer {
    return this.stream.root();
  }
}

/** Blocks in flight between the two threads: 8 slots of about 1 MiB (LAYOUT). */
const SLOTS = 8;
/**
 * The worker is given blocks to hash (`hungry`) when it has at most this many blocks waiting:
 * it is about to run out of work while the verifier's thread is the slower of the two.
 */
const HUNGRY_BACKLOG = 1;
/** How long the verifier waits for the worker to start before it folds the blocks itself. */
const START_GRACE_MS = 5_000;
/**
 * How long a running worker may go without finishing a block before the verification fails: a
 * block takes it milliseconds, so this only happens when the thread died without throwing.
 */
const STALL_MS = 60_000;
const WORKER_URL = new URL('./fold-worker.js', import.meta.url);

/** For tests: another worker script, a shorter grace. */
export interface WorkerFoldOptions {
  workerUrl?: URL;
  startGraceMs?: number;
  stallMs?: number;
}
/** The longest single wait: between waits the verifier checks whether the worker failed. */
const WAIT_SLICE_MS = 100;

/** Tells a worker whose verifier was dropped unfinished to stop. */
const dropped = new FinalizationRegistry<Int32Array>((control) => {
  Atomics.store(control, SLOT.aborted, 1);
  Atomics.notify(control, SLOT.published);
});

/**
 * Checks entries' canonical form and index and folds the tree on a worker thread
 * (parallel-fold/fold-worker.js) while the verifier's thread goes on hashing entries and
 * comparing their stored leaf hashes. Each block's leaf hashes and texts go through a ring of
 * SLOTS slots in shared memory (LAYOUT), with counters in a shared control buffer (channel.js);
 * the worker's verdicts come back in the slot and are handed to `onChecked`, in block order,
 * before the slot is reused and at `finish`. No message passes through either event loop, so
 * the verifier's API stays synchronous: it blocks (Atomics.wait) only when the ring is full and,
 * at the end, until the worker has done the last block.
 *
 * The two threads share the work unevenly by nature (SHA-256 of every entry here, the checks and
 * the tree there), so when the worker is about to run out of blocks (`hungry`) the verifier hands
 * it a block unhashed (`pushTexts`): the worker hashes those entries from their UTF-8 bytes in
 * the slot and compares their stored hashes too, while this thread goes on to the next block.
 * On this project's 2-core machine about one block in six goes that way.
 *
 * If the worker has not started after START_GRACE_MS (it could not be loaded, or the machine is
 * starved), the verifier takes the blocks back (the worker can then never start: the state
 * changes by compare-and-exchange) and folds them itself from the snapshot it handed over, so a
 * verification never depends on the worker. A worker that throws, or stops finishing blocks
 * (STALL_MS), fails the verification.
 */
export class WorkerFold implements LeafSink {
  private readonly ring = new SharedArrayBuffer(SLOTS * LAYOUT.slotBytes);
  private readonly views: SlotViews[] = Array.from({ length: SLOTS }, (_, slot) =>
    slotViews(this.ring, slot),
  );
  /** The texts of the blocks in the ring, by slot, for the checks the worker leaves to us. */
  private readonly slotTexts: (readonly string[])[] = [];
  /** Blocks whose verdicts were handed to `onChecked`. */
  private collected = 0;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  private readonly worker: Worker;
  private published = 0;
  /** Blocks sent with `pushTexts`, for the worker to hash. */
  private textBlocks = 0;
  private leaves = 0;
  private closed = false;
  /** Set when the verifier took the blocks back: from then on it folds them here. */
  private local: LocalFold | undefined;
  private readonly startGraceMs: number;
  private readonly stallMs: number;

  /**
   * @param start the stream's state at the hand-over (at a multiple of BLOCK leaves)
   * @param outcomes backed by a SharedArrayBuffer: the worker writes the outcomes into it
   * @param onChecked receives the worker's verdicts on each block's entries, in block order
   */
  constructor(
    private readonly checkpoints: readonly StreamCheckpoint[],
    private readonly outcomes: Uint8Array,
    private readonly start: RootStreamState,
    private readonly onChecked: CheckedBlock,
    options: WorkerFoldOptions = {},
  ) {
    this.startGraceMs = options.startGraceMs ?? START_GRACE_MS;
    this.stallMs = options.stallMs ?? STALL_MS;
    if (!(outcomes.buffer instanceof SharedArrayBuffer)) {
      throw new TypeError('WorkerFold needs outcomes backed by a SharedArrayBuffer');
    }
    this.worker = new Worker(options.workerUrl ?? WORKER_URL, {
      // The worker is plain JavaScript: it needs none of this process's flags, and a loader
      // registered with them (tsx, when run from the sources) would cost it ~100 ms to start.
      execArgv: [],
      workerData: {
        ring: this.ring,
        control: this.control.buffer,
        outcomes: outcomes.buffer,
        checkpoints: checkpoints.map((cp) => ({ size: cp.size, root: cp.root })),
        state: start,
        slots: SLOTS,
      },
    });
    // An error is seen through the shared state; the listener keeps it from being unhandled.
    this.worker.on('error', () => undefined);
    this.worker.unref();
    dropped.register(this, this.control, this);
  }

  push(hex: string, count: number, texts: readonly string[] = []): void {
    const slot = this.claimSlot();
    if (slot === undefined) {
      (this.local as LocalFold).push(hex, count);
      this.onChecked(this.firstOf(this.published), texts, undefined);
      this.published++;
      this.collected = this.published;
      return;
    }
    writeLeaves(slot.leaves, 1, hex, count);
    slot.header[HEADER.texts] = writeTexts(slot, texts) ? 1 : 0;
    slot.header[HEADER.mode] = MODE.leaves;
    this.publish(count, texts);
  }

  /**
   * Whether the worker is running and about to run out of blocks: then it has time to hash a
   * block's entries itself (`pushTexts`) while this thread goes on with the next block.
   */
  hungry(): boolean {
    return (
      this.local === undefined &&
      !this.closed &&
      Atomics.load(this.control, SLOT.state) === STATE.running &&
      this.published - Atomics.load(this.control, SLOT.consumed) <= HUNGRY_BACKLOG
    );
  }

  /**
   * Hands the worker a block of entries to hash as well as check: their texts and the leaf
   * hashes stored for them (lowercase hex, or undefined where none is stored); the worker
   * compares each entry's hash with its stored one, and its findings come back with
   * `leafChecks`. False, and nothing is sent, when the verifier took the blocks back or the
   * texts do not fit in a slot: the verifier then hashes the block itself.
   */
  pushTexts(texts: readonly string[], stored: readonly (string | undefined)[]): boolean {
    const count = texts.length;
    if (count < 1 || count > BLOCK || stored.length !== count) {
      throw new RangeError(`expected 1..${BLOCK} entries with their stored hashes`);
    }
    const slot = this.claimSlot();
    if (slot === undefined || !writeTexts(slot, texts)) return false;
    writeStored(slot, stored);
    slot.header[HEADER.texts] = 1;
    slot.header[HEADER.mode] = MODE.texts;
    this.publish(count, texts);
    this.textBlocks++;
    return true;
  }

  /**
   * Waits for a free ring slot and returns it, after handing over the verdicts of the
   * block that used it; undefined when the verifier took the blocks back (they fold here).
   */
  private claimSlot(): SlotViews | undefined {
    if (this.closed) throw new RangeError('the log has ended: no leaves after a partial block');
    if (this.local === undefined) {
      this.waitFor(SLOT.consumed, (consumed) => this.published - consumed < SLOTS);
    }
    // Set by waitFor when the verifier took the blocks back.
    if (this.takenBack() !== undefined) return undefined;
    // The block that used this slot is done: hand its verdicts over before they are overwritten.
    if (this.published >= SLOTS) this.collect(this.published - SLOTS + 1);
    return this.views[this.published % SLOTS];
  }

  /** Makes the block just written to the next slot visible to the worker. */
  private publish(count: number, texts: readonly string[]): void {
    this.slotTexts[this.published % SLOTS] = texts;
    this.leaves += count;
    if (count < BLOCK) this.close();
    this.published++;
    Atomics.store(this.control, SLOT.published, this.published);
    Atomics.notify(this.control, SLOT.published);
  }

  finish(): Buffer {
    if (!this.closed && this.local === undefined) {
      this.close();
      Atomics.notify(this.control, SLOT.published);
    }
    this.closed = true;
    if (this.local === undefined) {
      this.waitFor(SLOT.state, (state) => state === STATE.done);
    }
    dropped.unregister(this);
    if (this.local !== undefined) return this.local.finish();
    this.collect(this.published);
    return Buffer.from(Buffer.from(this.control.buffer, ROOT_OFFSET, 32));
  }

  /** Hands the verdicts of every block before `end` not yet handed over to `onChecked`. */
  private collect(end: number): void {
    for (; this.collected < end; this.collected++) {
      const slot = this.collected % SLOTS;
      const { header, verdicts, leafChecks } = this.views[slot] as SlotViews;
      this.onChecked(
        this.firstOf(this.collected),
        this.slotTexts[slot] ?? [],
        header[HEADER.texts] === 1 ? verdicts : undefined,
        header[HEADER.mode] === MODE.texts ? leafChecks : undefined,
      );
    }
  }

  /** Position of the first entry of the `block`-th block handed to this sink. */
  private firstOf(block: number): number {
    return this.start.position + block * BLOCK;
  }

  private takenBack(): LocalFold | undefined {
    return this.local;
  }

  /** Blocks given to the worker to hash (`pushTexts`), and all the blocks it was given. */
  get blocksHashedThere(): { hashed: number; of: number } {
    return { hashed: this.textBlocks, of: this.published };
  }

  /** Whether the verifier folds the blocks itself (the worker never started). */
  get foldedLocally(): boolean {
    return this.local !== undefined;
  }

  private close(): void {
    Atomics.store(this.control, SLOT.total, this.leaves);
    Atomics.store(this.control, SLOT.closed, 1);
    this.closed = true;
  }

  /**
   * Blocks until `ready` holds for the value of control slot `slot` (which the worker changes and
   * notifies), in slices so that a failed worker is noticed; takes the blocks back if the worker
   * has not started within the grace period (START_GRACE_MS).
   */
  private waitFor(slot: number, ready: (value: number) => boolean): void {
    const started = performance.now();
    let progress = Atomics.load(this.control, SLOT.consumed);
    let progressed = started;
    for (;;) {
      const value = Atomics.load(this.control, slot);
      if (ready(value)) return;
      const state = Atomics.load(this.control, SLOT.state);
      const now = performance.now();
      if (state === STATE.failed) {
        throw new Error('the verification worker failed while folding the tree');
      }
      if (state === STATE.waiting && now - started > this.startGraceMs) {
        if (this.takeBack()) return;
        continue;
      }
      const consumed = Atomics.load(this.control, SLOT.consumed);
      if (consumed !== progress) {
        progress = consumed;
        progressed = now;
      } else if (state === STATE.running && now - progressed > this.stallMs) {
        throw new Error(
          `the verification worker stopped: no block done in ${this.stallMs / 1000} s`,
        );
      }
      Atomics.wait(this.control, slot, value, WAIT_SLICE_MS);
    }
  }

  /** Folds the published blocks here if the worker has not started; false if it just did. */
  private takeBack(): boolean {
    const previous = Atomics.compareExchange(
      this.control,
      SLOT.state,
      STATE.waiting,
      STATE.abandoned,
    );
    if (previous !== STATE.waiting) return false;
    const stream = new RootStream(this.checkpoints, this.outcomes, this.start);
    const total = this.leaves;
    for (let block = 0; block < this.published; block++) {
      const count = Math.min(BLOCK, total - block * BLOCK);
      const slot = this.views[block % SLOTS] as SlotViews;
      // A block sent for the worker to hash is hashed here, from the slot, as it would have been.
      const hashedHere = slot.header[HEADER.mode] === MODE.texts;
      if (hashedHere) hashSlotEntries(slot, count);
      stream.addLeaves(slot.leaves, count);
      // Not checked by the worker: the verifier checks these entries itself.
      this.onChecked(
        this.firstOf(block),
        this.slotTexts[block % SLOTS] ?? [],
        undefined,
        hashedHere ? slot.leafChecks : undefined,
      );
    }
    this.collected = this.published;
    this.local = new LocalFold(stream);
    void this.worker.terminate();
    return true;
  }
}

/** Whether a second thread can help: more than one core. */
export function canFoldInParallel(): boolean {
  return availableParallelism() > 1;
}

/** Writes `count` leaf hashes given as hex at `offset`, checking that they are all there. */
function writeLeaves(target: Buffer, offset: number, hex: string, count: number): void {
  if (count < 1 || count > BLOCK || target.write(hex, offset, 'hex') !== 32 * count) {
    throw new RangeError(`expected ${count} leaf hashes of 64 hex digits`);
  }
}

/**
 * Writes the stored leaf hashes of a block (lowercase hex, or undefined) as bytes and marks each
 * entry's LEAF byte: LEAF.stored to compare, LEAF.unstored when there is none, and LEAF.mismatch
 * at once for a stored value that is not 64 lowercase hex digits, since no entry hashes to it
 * (the verifier's own thread compares the hex strings). The usual block, every hash well formed,
 * is written with one call and checked by reading it back.
 */
function writeStored(slot: SlotViews, stored: readonly (string | undefined)[]): void {
  const { stored: target, leafChecks } = slot;
  const count = stored.length;
  if (stored.every((hash) => hash !== undefined)) {
    const hex = stored.join('');
    if (
      hex.length === 64 * count &&
      target.write(hex, 0, 'hex') === 32 * count &&
      target.toString('hex', 0, 32 * count) === hex
    ) {
      leafChecks.fill(LEAF.stored, 0, count);
      return;
    }
  }
  for (let i = 0; i < count; i++) {
    const hex = stored[i];
    if (hex === undefined) {
      leafChecks[i] = LEAF.unstored;
    } else if (
      hex.length === 64 &&
      target.write(hex, 32 * i, 'hex') === 32 &&
      target.toString('hex', 32 * i, 32 * i + 32) === hex
    ) {
      leafChecks[i] = LEAF.stored;
    } else {
      leafChecks[i] = LEAF.mismatch;
    }
  }
}

/**
 * Writes the entries' texts into `slot` as UTF-8, each after a 0x00 byte (the leaf
 * prefix the worker hashes with it), with their byte lengths, negated for an entry that is not
 * all ASCII, and says whether they are there: not when there are none or they do not fit.
 */
function writeTexts(slot: SlotViews, texts: readonly string[]): boolean {
  if (texts.length === 0) return false;
  const { lengths, text: bytes } = slot;
  const room = LAYOUT.textBytes;
  let offset = 0;
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] as string;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: measure exactly only near the end.
    if (offset + 1 + 3 * text.length > room && offset + 1 + Buffer.byteLength(text) > room) {
      return false;
    }
    bytes[offset++] = 0;
    const written = bytes.write(text, offset, 'utf8');
    offset += written;
    lengths[i] = written === text.length ? written : -written;
  }
  return true;
}
