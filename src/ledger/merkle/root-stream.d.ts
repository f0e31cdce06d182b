/** Leaves an aligned block holds: the unit the stream folds at once and the verifier hands over. */
export declare const BLOCK: 1024;
/** Bytes of a block buffer: one scratch byte, then BLOCK hashes of 32 bytes back to back. */
export declare const BLOCK_BYTES: number;
export declare const NOT_REACHED: 0;
export declare const MATCHED: 1;
export declare const DIFFERED: 2;

/** A signed root to compare with when the stream reaches `size` leaves. */
export interface StreamCheckpoint {
  size: number;
  root: Uint8Array;
}

/** Where a stream stands: enough to resume it elsewhere (plain data, cloneable). */
export interface RootStreamState {
  position: number;
  edge: Uint8Array[];
  /** The first checkpoint not yet reached. */
  next: number;
}

export declare class BlockFolder {
  constructor(width: number);
  root(leaves: Buffer): Buffer;
}

export declare function rootOfLeafBlock(level: Buffer, width: number): Buffer;

export declare class RootStream {
  constructor(
    checkpoints: readonly StreamCheckpoint[],
    outcomes: Uint8Array,
    state?: RootStreamState,
  );
  readonly position: number;
  addLeaves(leaves: Buffer, count: number): void;
  root(): Buffer;
  snapshot(): RootStreamState;
}
