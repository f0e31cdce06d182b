/** The shared counter pieces are claimed from, and the messages a piece worker posts. */
import type { DatasetProfile } from '../../profile/index.js';

/** Int32 slots of the shared claims buffer. */
export const CLAIM = {
  /** The next piece to claim (Atomics.add). */
  next: 0,
  /** Non-zero: claim nothing more. */
  stop: 1,
} as const;

export const CLAIM_SLOTS = 2;

export type PieceMessage =
  | { kind: 'piece'; piece: number; profile: DatasetProfile }
  | { kind: 'open-quote'; piece: number }
  | { kind: 'failed'; piece: number };
