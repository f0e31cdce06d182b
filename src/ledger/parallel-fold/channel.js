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
 * One ring slot, for one block of up to 1,024 entries:
 * - the leaf hashes: a block buffer (one scratch byte, then 32 bytes a leaf), written by the
 *   producer, or by the worker when it hashes the block (HEADER.mode = MODE.texts);
 * - a header of Int32s (HEADER);
 * - each entry's length in UTF-8 bytes (Int32), negated when the entry is not all ASCII (its
 *   byte count then differs from its UTF-16 length);
 * - the worker's verdict on each entry's canonical form and index (Float64, see VERDICT);
 * - the stored leaf hashes (32 bytes each) when the worker hashes the block, and one byte per
 *   entry (LEAF) saying whether there is a stored hash, and whether it matched;
 * - the texts: each entry's UTF-8 bytes preceded by a 0x00 byte, back to back, so that the
 *   worker hashes 0x00 || entry (RFC 9162 §2.1.1) straight from the slot.
 * A block whose texts do not fit goes without them, hashed and checked by the producer.
 */
const align8 = (n) => Math.ceil(n / 8) * 8;
const HEADER_AT = align8(BLOCK_BYTES);
const LENGTHS = HEADER_AT + 8;
const VERDICTS = align8(LENGTHS + 4 * BLOCK);
const STORED = VERDICTS + 8 * BLOCK;
const LEAF_CHECKS = STORED + 32 * BLOCK;
const TEXT = align8(LEAF_CHECKS + BLOCK);
const TEXT_BYTES = 1024 * 1024;

export const LAYOUT = Object.freeze({
  header: HEADER_AT,
  lengths: LENGTHS,
  verdicts: VERDICTS,
  stored: STORED,
  leafChecks: LEAF_CHECKS,
  text: TEXT,
  textBytes: TEXT_BYTES,
  slotBytes: TEXT + TEXT_BYTES,
});

/** The Int32s of a slot's header. */
export const HEADER = Object.freeze({
  /** 1 when the entries' texts are in the slot. */
  texts: 0,
  /** One of MODE. */
  mode: 1,
});

/** Who hashes a block's entries. */
export const MODE = Object.freeze({
  /** The producer did: the leaf hashes are in the slot. */
  leaves: 0,
  /** The worker does, from the texts, and compares them with the stored ones. */
  texts: 1,
});

/** A block's per-entry leaf-hash byte (LAYOUT.leafChecks), when the worker hashes it. */
export const LEAF = Object.freeze({
  /** No stored hash to compare with. */
  unstored: 0,
  /** A stored hash, to compare (the producer writes this; the worker leaves it when equal). */
  stored: 1,
  /** The entry does not hash to its stored hash (the worker writes this). */
  mismatch: 2,
});

/** What the worker found of an entry's text (any other value: the index the entry claims). */
export const VERDICT = Object.freeze({
  /** Canonical, and its index is its position. */
  ok: -2,
  /** The fast check cannot tell: the producer checks it the generic way. */
  unjudged: -1,
});

/** The parts of ring slot number `slot` of `ring` (LAYOUT), as views. */
export function slotViews(ring, slot) {
  const base = slot * LAYOUT.slotBytes;
  return {
    leaves: Buffer.from(ring, base, LAYOUT.header),
    header: new Int32Array(ring, base + LAYOUT.header, 2),
    lengths: new Int32Array(ring, base + LAYOUT.lengths, BLOCK),
    verdicts: new Float64Array(ring, base + LAYOUT.verdicts, BLOCK),
    stored: Buffer.from(ring, base + LAYOUT.stored, 32 * BLOCK),
    leafChecks: new Uint8Array(ring, base + LAYOUT.leafChecks, BLOCK),
    text: Buffer.from(ring, base + LAYOUT.text, LAYOUT.textBytes),
  };
}
