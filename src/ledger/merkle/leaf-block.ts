import * as crypto from 'node:crypto';
import { hashChildren } from './merkle-hash.js';

/** One-shot `crypto.hash` with a string digest (Node >= 20.12 / 21.7). */
const oneShot = (
  crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'binary') => string }
).hash;

/**
 * RFC 9162 MTH of a complete subtree, given its leaf hashes as lowercase hex (a power of two of
 * them, at least two). Used by the log verifier on each aligned block of leaves, where it is
 * about twice as fast as folding leaf by leaf: the level's hashes sit back to back in one buffer,
 * each pair is hashed in place (the byte before it, already consumed, is overwritten with the
 * 0x01 node prefix), and digests come back as one-byte strings, which cost far less than one
 * Buffer each and are written back for the next level in a single call.
 */
export function rootOfLeafBlock(leafHex: readonly string[]): Buffer {
  let width = leafHex.length;
  if (width < 2 || (width & (width - 1)) !== 0) {
    throw new RangeError(`a leaf block has a power of two (>= 2) of leaves, not ${width}`);
  }
  // level[0] is scratch; hash i of the level occupies bytes 1 + 32i .. 32 + 32i.
  let level = Buffer.allocUnsafe(1 + 32 * width);
  if (level.write(leafHex.join(''), 1, 'hex') !== 32 * width) {
    throw new RangeError('a leaf hash is not 64 hex digits');
  }
  while (width > 1) {
    const half = width / 2;
    const next = Buffer.allocUnsafe(1 + 32 * half);
    if (oneShot === undefined) {
      for (let p = 0; p < half; p++) {
        const left = level.subarray(1 + 64 * p, 33 + 64 * p);
        const right = level.subarray(33 + 64 * p, 65 + 64 * p);
        next.set(hashChildren(left, right), 1 + 32 * p);
      }
    } else {
      const digests: string[] = new Array<string>(half);
      for (let p = 0; p < half; p++) {
        // Pair p is bytes 1 + 64p .. 64 + 64p; the byte before it belongs to pair p - 1, done.
        level[64 * p] = 0x01;
        digests[p] = oneShot('sha256', level.subarray(64 * p, 65 + 64 * p), 'binary');
      }
      next.write(digests.join(''), 1, 'binary');
    }
    level = next;
    width = half;
  }
  return level.subarray(1);
}
