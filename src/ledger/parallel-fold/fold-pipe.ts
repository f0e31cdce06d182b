import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import {
  BLOCK,
  BLOCK_BYTES,
  RootStream,
  type RootStreamState,
  type StreamCheckpoint,
} from '../merkle/root-stream.js';
import { CONTROL_BYTES, LAYOUT, ROOT_OFFSET, SLOT, STATE } from './channel.js';

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
 * the blocks back): the verifier checks those itself.
 */
export type CheckedBlock = (
  first: number,
  texts: readonly string[],
  verdicts: Float64Array | undefined,
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
/** Entries whose texts are joined into one string before being written to a slot. */
const TEXT_CHUNK = 64;
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
 * If the worker has not started after START_GRACE_MS (it could not be loaded, or the machine is
 * starved), the verifier takes the blocks back (the worker can then never start: the state
 * changes by compare-and-exchange) and folds them itself from the snapshot it handed over, so a
 * verification never depends on the worker. A worker that throws, or stops finishing blocks
 * (STALL_MS), fails the verification.
 */
export class WorkerFold implements LeafSink {
  private readonly ring = new SharedArrayBuffer(SLOTS * LAYOUT.slotBytes);
  /** The texts of the blocks in the ring, by slot, for the checks the worker leaves to us. */
  private readonly slotTexts: (readonly string[])[] = [];
  /** Blocks whose verdicts were handed to `onChecked`. */
  private collected = 0;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  private readonly worker: Worker;
  private published = 0;
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
    if (this.closed) throw new RangeError('the log has ended: no leaves after a partial block');
    if (this.local === undefined) {
      this.waitFor(SLOT.consumed, (consumed) => this.published - consumed < SLOTS);
    }
    // Set by waitFor when the verifier took the blocks back.
    const local = this.takenBack();
    if (local !== undefined) {
      local.push(hex, count);
      this.onChecked(this.firstOf(this.published), texts, undefined);
      this.published++;
      this.collected = this.published;
      return;
    }
    // The block that used this slot is done: hand its verdicts over before they are overwritten.
    if (this.published >= SLOTS) this.collect(this.published - SLOTS + 1);
    const slot = this.published % SLOTS;
    const base = slot * LAYOUT.slotBytes;
    writeLeaves(Buffer.from(this.ring, base, BLOCK_BYTES), 1, hex, count);
    new Int32Array(this.ring, base + LAYOUT.header, 1)[0] = this.writeTexts(base, texts) ? 1 : 0;
    this.slotTexts[slot] = texts;
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
      const base = slot * LAYOUT.slotBytes;
      const checked = new Int32Array(this.ring, base + LAYOUT.header, 1)[0] === 1;
      this.onChecked(
        this.firstOf(this.collected),
        this.slotTexts[slot] ?? [],
        checked ? new Float64Array(this.ring, base + LAYOUT.verdicts, BLOCK) : undefined,
      );
    }
  }

  /** Position of the first entry of the `block`-th block handed to this sink. */
  private firstOf(block: number): number {
    return this.start.position + block * BLOCK;
  }

  /**
   * Writes the entries' texts into the slot at `base` as UTF-16LE, with their lengths, and says
   * whether they are there: not when there are none or they do not fit.
   */
  private writeTexts(base: number, texts: readonly string[]): boolean {
    if (texts.length === 0) return false;
    const lengths = new Int32Array(this.ring, base + LAYOUT.lengths, BLOCK);
    let chars = 0;
    for (let i = 0; i < texts.length; i++) {
      const length = (texts[i] as string).length;
      lengths[i] = length;
      chars += length;
    }
    if (2 * chars > LAYOUT.textBytes) return false;
    const bytes = Buffer.from(this.ring, base + LAYOUT.text, LAYOUT.textBytes);
    let offset = 0;
    for (let i = 0; i < texts.length; i += TEXT_CHUNK) {
      offset += bytes.write(texts.slice(i, i + TEXT_CHUNK).join(''), offset, 'utf16le');
    }
    return offset === 2 * chars;
  }

  private takenBack(): LocalFold | undefined {
    return this.local;
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
      const base = (block % SLOTS) * LAYOUT.slotBytes;
      stream.addLeaves(Buffer.from(this.ring, base, BLOCK_BYTES), count);
      // Not checked by the worker: the verifier checks these entries itself.
      this.onChecked(this.firstOf(block), this.slotTexts[block % SLOTS] ?? [], undefined);
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
