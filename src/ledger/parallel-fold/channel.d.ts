export declare const SLOT: Readonly<{
  published: 0;
  consumed: 1;
  closed: 2;
  total: 3;
  state: 4;
  aborted: 5;
}>;
export declare const STATE: Readonly<{
  waiting: 0;
  running: 1;
  abandoned: 2;
  done: 3;
  failed: 4;
}>;
export declare const ROOT_OFFSET: 32;
export declare const CONTROL_BYTES: 64;
export declare const LAYOUT: Readonly<{
  header: number;
  lengths: number;
  verdicts: number;
  stored: number;
  leafChecks: number;
  text: number;
  textBytes: number;
  slotBytes: number;
}>;
export declare const HEADER: Readonly<{ texts: 0; mode: 1 }>;
export declare const MODE: Readonly<{ leaves: 0; texts: 1 }>;
export declare const LEAF: Readonly<{ unstored: 0; stored: 1; mismatch: 2 }>;
export declare const VERDICT: Readonly<{ ok: -2; unjudged: -1 }>;

/** The parts of one ring slot (LAYOUT), as views on the ring. */
export interface SlotViews {
  /** A block buffer: one scratch byte, then the leaf hashes. */
  leaves: Buffer;
  /** HEADER's Int32s. */
  header: Int32Array;
  /** Each entry's UTF-8 length, negated when it is not all ASCII. */
  lengths: Int32Array;
  verdicts: Float64Array;
  /** The stored leaf hashes, 32 bytes each, when the worker hashes the block. */
  stored: Buffer;
  /** One LEAF byte per entry, when the worker hashes the block. */
  leafChecks: Uint8Array;
  /** Each entry's UTF-8 bytes after a 0x00 byte, back to back. */
  text: Buffer;
}
export declare function slotViews(ring: SharedArrayBuffer, slot: number): SlotViews;
