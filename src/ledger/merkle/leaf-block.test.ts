import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rootOfLeafBlock } from './leaf-block.js';
import { rootFromLeafHashes } from './merkle-hash.js';

const leaves = Array.from({ length: 1024 }, (_, i) =>
  createHash('sha256').update(`leaf ${i}`).digest('hex'),
);

describe('rootOfLeafBlock', () => {
  it.each([2, 4, 8, 64, 1024])('equals the RFC 9162 root of %i leaves', (count) => {
    const hex = leaves.slice(0, count);
    const expected = rootFromLeafHashes(hex.map((h) => Buffer.from(h, 'hex')));
    expect(Buffer.from(rootOfLeafBlock(hex)).toString('hex')).toBe(
      Buffer.from(expected).toString('hex'),
    );
  });

  it('depends on the order of the leaves', () => {
    const swapped = [leaves[1] as string, leaves[0] as string];
    expect(Buffer.from(rootOfLeafBlock(swapped)).equals(rootOfLeafBlock(leaves.slice(0, 2)))).toBe(
      false,
    );
  });

  it.each([0, 1, 3, 6, 1000])('refuses %i leaves (not a power of two of at least two)', (n) => {
    expect(() => rootOfLeafBlock(leaves.slice(0, n))).toThrow(RangeError);
  });

  it('refuses a leaf hash that is not 64 hex digits', () => {
    expect(() => rootOfLeafBlock([leaves[0] as string, 'abc'])).toThrow(/64 hex digits/);
    expect(() => rootOfLeafBlock([leaves[0] as string, 'zz'.repeat(32)])).toThrow(/64 hex digits/);
  });
});
