// Plain JavaScript (types in root-stream.d.ts): the log verifier runs this code both in its own
// thread and in a worker thread (verify-worker.js), and a worker thread loads no TypeScript loader.
import * as crypto from 'node:crypto';

/** Leaves an aligned block holds: the unit the stream folds at once and the verifier hands over. */
export const BLOCK = 1024;

/** Bytes of a block buffer: one scratch byte, then BLOCK hashes of 32 bytes back to back. */
export const BLOCK_BYTES = 1 + 32 * BLOCK;

/** Checkpoint outcomes: not reached (the log ended first), root matched, root differed. */
export const NOT_REACHED = 0;
export const MATCHED = 1;
export const DIFFERED = 2;

const EMPTY_ROOT = crypto.createHash('sha256').digest();

/**
 * SHA-256 of `bytes` as a one-byte-per-char string with one-shot `crypto.hash` (Node >= 20.12),
 * which costs far less than a Buffer per digest; `createHash` on older Nodes.
 */
const digestBinary =
  typeof crypto.hash === 'function'
    ? (bytes) => crypto.hash('sha256', bytes, 'binary')
    : (bytes) => crypto.createHash('sha256').update(bytes).digest('binary');

/** RFC 9162 §2.1.1 NODE(l, r) = SHA-256(0x01 || l || r). */
function hashChildren(left, right) {
  const input = Buffer.allocUnsafe(65);
  input[0] = 0x01;
  input.set(left, 1);
  input.set(right, 33);
  return Buffer.from(digestBinary(input), 'binary');
}

/**
 * Computes the RFC 9162 MTH of complete subtrees of `width` leaves (a power of two, at least two)
 * from their leaf hashes, with no allocation per hash: each level's hashes sit back to back in a
 * buffer made once, each pair is hashed in place through a view made once (the byte before the
 * pair, already consumed, is overwritten with the 0x01 node prefix), and the digests come back as
 * one-byte-per-char strings, written into the next level in one call.
 */
export class BlockFolder {
  constructor(width) {
    if (width < 2 || (width & (width - 1)) !== 0) {
      throw new RangeError(`a leaf block has a power of two (>= 2) of leaves, not ${width}`);
    }
    this.width = width;
    this.levels = [];
    this.pairs = [];
    for (let w = width; w >= 1; w /= 2) {
      const level = Buffer.allocUnsafe(1 + 32 * w);
      this.levels.push(level);
      const pairs = [];
      // Pair p is bytes 1 + 64p .. 64 + 64p, with the byte before it for the prefix.
      for (let p = 0; p < w / 2; p++) pairs.push(level.subarray(64 * p, 65 + 64 * p));
      this.pairs.push(pairs);
    }
  }

  /** The root of the `width` leaf hashes at bytes 1 .. 32 * width of `leaves` (left unchanged). */
  root(leaves) {
    this.levels[0].set(leaves.subarray(1, 1 + 32 * this.width), 1);
    for (let k = 0; k + 1 < this.levels.length; k++) {
      const level = this.levels[k];
      const pairs = this.pairs[k];
      const digests = new Array(pairs.length);
      for (let p = 0; p < pairs.length; p++) {
        level[64 * p] = 0x01;
        digests[p] = digestBinary(pairs[p]);
      }
      this.levels[k + 1].write(digests.join(''), 1, 'binary');
    }
    return Buffer.from(this.levels[this.levels.length - 1].subarray(1, 33));
  }
}

/**
 * RFC 9162 MTH of a complete subtree of `width` leaves (a power of two, at least two) whose leaf
 * hashes sit at bytes 1 .. 32 * width of `level`.
 */
export function rootOfLeafBlock(level, width) {
  return new BlockFolder(width).root(level);
}

/**
 * An RFC 9162 tree built from a stream of leaf hashes, checked against signed roots on the way.
 * It keeps only the right edge of the tree (the complete subtrees of the binary decomposition of
 * `position`, largest first), so memory stays O(log n). Each checkpoint's outcome is written to
 * `outcomes` when the stream reaches its size.
 */
export class RootStream {
  /**
   * @param checkpoints signed roots to compare with, sorted by size (ascending)
   * @param outcomes one byte per checkpoint, written with MATCHED or DIFFERED when reached
   * @param state where to resume (a snapshot of another stream), or the empty tree
   */
  constructor(checkpoints, outcomes, state) {
    this.checkpoints = checkpoints;
    this.outcomes = outcomes;
    this.position = state?.position ?? 0;
    this.edge = (state?.edge ?? []).map((h) => Buffer.from(h));
    this.next = state?.next ?? 0;
    this.folder = new BlockFolder(BLOCK);
    this.checkReached();
  }

  /**
   * Adds `count` leaves whose hashes sit at bytes 1 .. 32 * count of `leaves`. An aligned block of BLOCK leaves with no checkpoint strictly inside it is
   * folded as one subtree; otherwise leaves go in one by one, each checkpoint compared as soon
   * as the stream reaches its size.
   */
  addLeaves(leaves, count) {
    if (count === BLOCK && this.position % BLOCK === 0 && !this.checkpointInside(BLOCK)) {
      // The edge holds only subtrees of BLOCK leaves or more, so the block's root is one node.
      this.foldNode(this.folder.root(leaves), this.position / BLOCK);
      this.position += BLOCK;
      this.checkReached();
      return;
    }
    for (let i = 0; i < count; i++) {
      this.foldNode(Buffer.from(leaves.subarray(1 + 32 * i, 33 + 32 * i)), this.position);
      this.position++;
      this.checkReached();
    }
  }

  /** RFC 9162 MTH of the leaves so far: the edge folded right to left. */
  root() {
    const last = this.edge[this.edge.length - 1];
    if (last === undefined) return Buffer.from(EMPTY_ROOT);
    let root = last;
    for (let i = this.edge.length - 2; i >= 0; i--) root = hashChildren(this.edge[i], root);
    return root;
  }

  /** What a stream resuming from here needs (plain data, so it can go to a worker). */
  snapshot() {
    return {
      position: this.position,
      edge: this.edge.map((h) => new Uint8Array(h)),
      next: this.next,
    };
  }

  /** Whether a checkpoint's size lies strictly inside the next `count` leaves. */
  checkpointInside(count) {
    const cp = this.checkpoints[this.next];
    return cp !== undefined && cp.size < this.position + count;
  }

  /** Compares the root with every checkpoint of the current size. */
  checkReached() {
    while (this.next < this.checkpoints.length) {
      const cp = this.checkpoints[this.next];
      if (cp.size !== this.position) break;
      this.outcomes[this.next] = this.root().equals(cp.root) ? MATCHED : DIFFERED;
      this.next++;
    }
  }

  /**
   * Adds the root of a complete subtree whose number among the subtrees of its size is
   * `ordinal` (its first leaf divided by its size), merging it with the edge's subtrees it
   * completes.
   */
  foldNode(root, ordinal) {
    let node = root;
    for (let k = ordinal; k % 2 === 1; k = (k - 1) / 2) node = hashChildren(this.edge.pop(), node);
    this.edge.push(node);
  }
}
