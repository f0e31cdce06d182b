import * as crypto from 'node:crypto';
import { canonicalJson } from '../lib/index.js';
import { canonicalEventIndex } from './canonical-event.js';
import { EMPTY_ROOT, encodeBase64, hashChildren, hashLeaf } from './merkle/index.js';
import { rootOfLeafBlock } from './merkle/leaf-block.js';
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
 * Leaves are folded into the tree a block at a time once the log is at a multiple of this size
 * (`rootOfLeafBlock`), and one at a time otherwise (before a checkpoint's root is taken).
 */
const BLOCK = 1024;

/**
 * Recomputes the audit log from its entries, as an auditor would, without trusting the server:
 * each leaf from the entry's bytes (RFC 9162 §2.1.1), each entry's claimed position, and the tree
 * root at every signed checkpoint. Pure and streaming: feed entries in order with `add`, then
 * `finish`. Memory stays O(log n) whatever the log size.
 *
 * What each tampering shows as: an edited entry → LEAF_HASH_MISMATCH (or, if its stored hash was
 * rewritten too, CHECKPOINT_ROOT_MISMATCH for the range that contains it); a deleted entry →
 * ENTRY_MISSING; an inserted or reordered entry → ENTRY_OUT_OF_PLACE, because every event carries
 * its index inside the hashed bytes; truncation → CHECKPOINT_BEYOND_LOG.
 */
export class LogVerifier {
  /**
   * The right edge of the tree as raw hashes, largest subtree first: the complete subtrees of
   * the binary decomposition of `position` (the same nodes as a FrontierNode list, without the
   * hex strings, bigints and copies that `appendToFrontier` makes for the database).
   */
  private readonly edge: Uint8Array[] = [];
  /** Leaves read but not yet in `edge` (hex), from position `position - pending.length` on. */
  private pending: string[] = [];
  private position = 0;
  private expectedIndex = 0;
  private readonly problems: LogProblem[] = [];
  private readonly checkpoints: { size: number; rootHash: string }[] = [];
  private nextCheckpoint = 0;
  private checked = 0;
  /** Size of the last checkpoint whose root the recomputed tree matched. */
  private lastCheckedSize = 0;
  private diverged = false;
  /** First entry-level problem since the last checked checkpoint: it explains a root mismatch. */
  private firstProblemInRange: number | null = null;

  /**
   * @param logKeys the log's verifier key (`name+keyid+base64`) the auditor trusts, or several:
   *   the current key and earlier ones after a key rotation; a checkpoint counts when any of
   *   them signed it
   * @param checkpointNotes signed checkpoints to check the log against, in any order
   */
  constructor(
    logKeys: string | NoteVerifier | readonly (string | NoteVerifier)[],
    checkpointNotes: readonly string[],
  ) {
    const verifiers = (Array.isArray(logKeys) ? logKeys : [logKeys]).map(
      (k: string | NoteVerifier) => (typeof k === 'string' ? parseVerifierKey(k) : k),
    );
    if (verifiers.length === 0) throw new TypeError('LogVerifier needs at least one log key');
    for (const note of checkpointNotes) {
      try {
        const { checkpoint } = verifyCheckpoint(note, verifiers);
        this.checkpoints.push({
          size: Number(checkpoint.size),
          rootHash: encodeBase64(checkpoint.rootHash),
        });
      } catch (error) {
        this.report(
          'CHECKPOINT_INVALID',
          null,
          `a checkpoint does not verify with the log key${verifiers.length === 1 ? '' : 's'}: ${(error as Error).message}`,
        );
      }
    }
    this.checkpoints.sort((a, b) => a.size - b.size);
    this.checkCheckpointsAtCurrentSize();
  }

  add(input: LogEntryInput): void {
    const position = this.position;
    if (input.index !== this.expectedIndex) {
      if (input.index > this.expectedIndex) {
        this.report(
          'ENTRY_MISSING',
          this.expectedIndex,
          `entries ${this.expectedIndex}..${input.index - 1} are missing`,
        );
      } else {
        this.report(
          'ENTRY_OUT_OF_PLACE',
          position,
          `entry stored as ${input.index} arrived at position ${position}`,
        );
      }
    }
    this.expectedIndex = input.index + 1;
    const leaf = leafHexOfText(input.entry);
    if (input.leafHash !== undefined && input.leafHash !== leaf) {
      this.report(
        'LEAF_HASH_MISMATCH',
        position,
        `entry ${position} does not hash to its stored leaf hash: its text was changed`,
      );
    }
    this.checkEvent(input.entry, position);
    if (this.pending.length === 0 && position % BLOCK !== 0) {
      // Between a checkpoint inside a block and the next multiple of BLOCK: one leaf at a time.
      this.foldNode(Buffer.from(leaf, 'hex'), position);
    } else {
      this.pending.push(leaf);
      if (this.pending.length === BLOCK) {
        // The block starts at a multiple of BLOCK, so the edge holds only subtrees of BLOCK
        // leaves or more and the block's root folds in as one node of that size.
        this.foldNode(rootOfLeafBlock(this.pending), (position + 1) / BLOCK - 1);
        this.pending = [];
      }
    }
    this.position++;
    this.checkCheckpointsAtCurrentSize();
  }

  /** Ends the stream; `expectedSize` is the size the server claims, when known. */
  finish(expectedSize?: number): LogVerificationReport {
    this.flushPending();
    for (const checkpoint of this.checkpoints.slice(this.nextCheckpoint)) {
      this.report(
        'CHECKPOINT_BEYOND_LOG',
        this.position,
        `a signed checkpoint covers ${checkpoint.size} entries but the log has only ${this.position}: entries from ${this.position} on were removed`,
      );
    }
    this.nextCheckpoint = this.checkpoints.length;
    if (expectedSize !== undefined && expectedSize !== this.position) {
      this.report(
        'SIZE_MISMATCH',
        Math.min(expectedSize, this.position),
        `the log claims ${expectedSize} entries but ${this.position} were read`,
      );
    }
    const indices = this.problems.map((p) => p.index).filter((i): i is number => i !== null);
    return {
      ok: this.problems.length === 0,
      size: this.position,
      rootHash: encodeBase64(this.root()),
      checkpointsChecked: this.checked,
      firstBadIndex: indices.length === 0 ? null : Math.min(...indices),
      problems: this.problems,
    };
  }

  private checkEvent(entry: string, position: number): void {
    const fastIndex = canonicalEventIndex(entry);
    if (fastIndex !== undefined) {
      if (fastIndex !== position) this.reportIndex(position, fastIndex);
      return;
    }
    let event: unknown;
    try {
      event = JSON.parse(entry);
    } catch {
      this.report('ENTRY_MALFORMED', position, `entry ${position} is not JSON`);
      return;
    }
    if (!isCanonicalText(entry, event)) {
      this.report(
        'ENTRY_NOT_CANONICAL',
        position,
        `entry ${position} is not in RFC 8785 canonical form`,
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
    );
  }

  private checkCheckpointsAtCurrentSize(): void {
    while (this.nextCheckpoint < this.checkpoints.length) {
      const checkpoint = this.checkpoints[this.nextCheckpoint] as {
        size: number;
        rootHash: string;
      };
      if (checkpoint.size !== this.position) break;
      this.flushPending();
      const root = encodeBase64(this.root());
      if (root === checkpoint.rootHash) {
        this.lastCheckedSize = checkpoint.size;
        this.firstProblemInRange = null;
      } else if (!this.diverged) {
        // Roots are cumulative: once the recomputed tree differs from a signed one, every later
        // checkpoint differs too, so only the first divergence is reported, with its range.
        this.diverged = true;
        this.report(
          'CHECKPOINT_ROOT_MISMATCH',
          this.firstProblemInRange ?? this.lastCheckedSize,
          `the log up to size ${checkpoint.size} does not produce the root signed at that size; it matched the checkpoint at size ${this.lastCheckedSize}, so entries ${this.lastCheckedSize}..${checkpoint.size - 1} were changed`,
        );
      }
      this.checked++;
      this.nextCheckpoint++;
    }
  }

  /**
   * Adds the root of a complete subtree whose number among the subtrees of its size is `ordinal`
   * (its first leaf divided by its size), merging it with the edge's subtrees it completes.
   */
  private foldNode(root: Uint8Array, ordinal: number): void {
    let node = root;
    for (let k = ordinal; k % 2 === 1; k = (k - 1) / 2) {
      node = hashChildren(this.edge.pop() as Uint8Array, node);
    }
    this.edge.push(node);
  }

  /** Folds the leaves of an unfinished block one by one, so that `edge` covers every leaf read. */
  private flushPending(): void {
    const pending = this.pending;
    this.pending = [];
    const first = this.position - pending.length;
    pending.forEach((leaf, i) => this.foldNode(Buffer.from(leaf, 'hex'), first + i));
  }

  /** RFC 9162 MTH of the entries so far (pending leaves flushed): the edge folded right to left. */
  private root(): Uint8Array {
    const last = this.edge[this.edge.length - 1];
    if (last === undefined) return EMPTY_ROOT;
    let root = last;
    for (let i = this.edge.length - 2; i >= 0; i--)
      root = hashChildren(this.edge[i] as Uint8Array, root);
    return root;
  }

  private report(code: LogProblemCode, index: number | null, message: string): void {
    if (
      index !== null &&
      code !== 'CHECKPOINT_ROOT_MISMATCH' &&
      this.firstProblemInRange === null
    ) {
      this.firstProblemInRange = index;
    }
    if (this.problems.length < MAX_PROBLEMS) this.problems.push({ code, index, message });
  }
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
