import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rootFromLeafHashes } from './merkle-hash.js';
import {
  BLOCK,
  BLOCK_BYTES,
  DIFFERED,
  MATCHED,
  NOT_REACHED,
  RootStream,
  rootOfLeafBlock,
  type StreamCheckpoint,
} from './root-stream.js';

const leaves = Array.from({ length: 5000 }, (_, i) =>
  createHash('sha256').update(`leaf ${i}`).digest(),
);
const rootOf = (count: number) => Buffer.from(rootFromLeafHashes(leaves.slice(0, count)));

/** Leaf hashes first..first+count-1 in a block buffer (one scratch byte, then the hashes). */
function blockOf(first: number, count: number): Buffer {
  const buffer = Buffer.alloc(BLOCK_BYTES);
  leaves.slice(first, first + count).forEach((leaf, i) => buffer.set(leaf, 1 + 32 * i));
  return buffer;
}

/** Feeds leaves 0..size-1 in blocks of BLOCK (the last one partial), as the verifier does. */
function feed(stream: RootStream, from: number, size: number): void {
  for (let first = from; first < size; first += BLOCK) {
    const count = Math.min(BLOCK, size - first);
    stream.addLeaves(blockOf(first, count), count);
  }
}

describe('rootOfLeafBlock', () => {
  it.each([2, 4, 8, 64, 1024])('equals the RFC 9162 root of %i leaves', (count) => {
    expect(rootOfLeafBlock(blockOf(0, count), count).equals(rootOf(count))).toBe(true);
  });

  it('depends on the order of the leaves', () => {
    const swapped = Buffer.alloc(65);
    swapped.set(leaves[1] as Buffer, 1);
    swapped.set(leaves[0] as Buffer, 33);
    expect(rootOfLeafBlock(swapped, 2).equals(rootOf(2))).toBe(false);
  });

  it.each([0, 1, 3, 6, 1000])('refuses %i leaves (not a power of two of at least two)', (n) => {
    expect(() => rootOfLeafBlock(blockOf(0, Math.max(n, 1)), n)).toThrow(RangeError);
  });
});

describe('RootStream', () => {
  const sizes = [0, 1, 2, 1023, 1024, 1025, 2048, 3001, 3001, 4096, 5000];

  it('gives the RFC 9162 root of every length, aligned to its blocks or not', () => {
    for (const size of [0, 1, 3, 1023, 1024, 1025, 2047, 2048, 2049, 4999, 5000]) {
      const stream = new RootStream([], new Uint8Array(1));
      feed(stream, 0, size);
      expect(stream.position).toBe(size);
      expect(stream.root().equals(rootOf(size))).toBe(true);
    }
  });

  it('compares each checkpoint when it reaches its size: inside a block, at its edges, twice', () => {
    const checkpoints: StreamCheckpoint[] = sizes.map((size) => ({ size, root: rootOf(size) }));
    const outcomes = new Uint8Array(checkpoints.length);
    const stream = new RootStream(checkpoints, outcomes);
    feed(stream, 0, 5000);
    expect([...outcomes]).toEqual(sizes.map(() => MATCHED));
    expect(stream.root().equals(rootOf(5000))).toBe(true);
  });

  it('marks a wrong root DIFFERED and leaves checkpoints beyond the stream NOT_REACHED', () => {
    const checkpoints: StreamCheckpoint[] = [
      { size: 1500, root: rootOf(1500) },
      { size: 2048, root: rootOf(2047) },
      { size: 2500, root: rootOf(2500) },
      { size: 6000, root: rootOf(5000) },
    ];
    const outcomes = new Uint8Array(checkpoints.length);
    feed(new RootStream(checkpoints, outcomes), 0, 5000);
    expect([...outcomes]).toEqual([MATCHED, DIFFERED, MATCHED, NOT_REACHED]);
  });

  it('resumes from a snapshot elsewhere with the same outcomes and root', () => {
    const checkpoints: StreamCheckpoint[] = sizes.map((size) => ({ size, root: rootOf(size) }));
    const outcomes = new Uint8Array(checkpoints.length);
    const first = new RootStream(checkpoints, outcomes);
    feed(first, 0, 2048);
    // The snapshot is plain data, as it crosses to a worker thread.
    const state = structuredClone(first.snapshot());
    const second = new RootStream(checkpoints, outcomes, state);
    feed(second, 2048, 5000);
    expect([...outcomes]).toEqual(sizes.map(() => MATCHED));
    expect(second.root().equals(rootOf(5000))).toBe(true);
  });
});
