// Plain JavaScript (types in channel.d.ts): shared by fold-pipe.ts and the worker thread.
import { BLOCK, BLOCK_BYTES } from '../merkle/root-stream.js';

/**
 * The Int32 slots of the control buffer shared by the verifier's thread (the producer, in
 * fold-pipe.ts) and the fold worker (the consumer, fold-worker.js). The leaf hashes themselves go
 * through a ring of block buffers; these counters say which blocks are ready and which are done.
 */
export const SLOT = Object.freeze({
  /** Blocks the producer has written (monotonic). */
  published: 0,
  /** Blocks the worker has folded (monotonic); the producer reuses a ring slot after that. */
  consumed: 1,
  /** 1 once the producer has published its last block and set `total`. */
  closed: 2,
  /** Leaves published in all, valid once `closed`: the last block may be partial. */
  total: 3,
  /** Who folds: one of the states below, changed only by compare-and-exchange or by the worker. */
  state: 4,
  /** 1 when the producer was dropped unfinished: the worker stops. */
  aborted: 5,
});

/** `SLOT.state` values. */
export const STATE = Object.freeze({
  /** The worker has not started yet. */
  waiting: 0,
  /** The worker started and folds every published block. */
  running: 1,
  /** The producer gave up waiting for the worker to start and folds the blocks itself. */
  abandoned: 2,
  /** The worker folded every block; the root is at `ROOT_OFFSET`. */
  done: 3,
  /** The worker threw. */
  failed: 4,
});

/** Int32 slots in the control buffer, then the final root's 32 bytes. */
export const ROOT_OFFSET = 32;
export const CONTROL_BYTES = ROOT_OFFSET + 32;

/**
 * One ring slot, for one block of up to 1,024 entries: the leaf hashes (a block buffer: one
 * scratch byte, then 32 bytes a leaf), then a header (Int32: 1 when the entries' texts are in the
 * slot), each entry's text length in UTF-16 code units (Int32), the worker's verdict on each
 * entry's canonical form and index (Float64, see VERDICT), and the texts themselves, as UTF-16LE
 * back to back. A block whose texts do not fit goes without them, checked by the producer.
 */
const align8 = (n) => Math.ceil(n / 8) * 8;
const HEADER = align8(BLOCK_BYTES);
const LENGTHS = HEADER + 8;
const VERDICTS = align8(LENGTHS + 4 * BLOCK);
const TEXT = VERDICTS + 8 * BLOCK;
const TEXT_BYTES = 1024 * 1024;

export const LAYOUT = Object.freeze({
  header: HEADER,
  lengths: LENGTHS,
  verdicts: VERDICTS,
  text: TEXT,
  textBytes: TEXT_BYTES,
  slotBytes: TEXT + TEXT_BYTES,
});

/** What the worker found of an entry's text (any other value: the index the entry claims). */
export const VERDICT = Object.freeze({
  /** Canonical, and its index is its position. */
  ok: -2,
  /** The fast check cannot tell: the producer checks it the generic way. */
  unjudged: -1,
});
