import { describe, expect, it } from 'vitest';
import { LEAF_INPUTS_HEX, ROOTS } from './__fixtures__/rfc6962-vectors.js';
import { appendToFrontier, frontierRoot, type FrontierNode } from './frontier.js';
import { hashLeaf, MemorySubtreeHashes, rootFromLeafHashes } from './merkle/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('frontier', () => {
  it('gives the RFC 9162 root of every size 0..8 of the standards.md leaves', () => {
    let frontier: FrontierNode[] = [];
    expect(hex(frontierRoot(frontier))).toBe(ROOTS[0]);
    LEAF_INPUTS_HEX.forEach((input, i) => {
      frontier = appendToFrontier(frontier, i, hashLeaf(Buffer.from(input, 'hex'))).frontier;
      expect(hex(frontierRoot(frontier))).toBe(ROOTS[i + 1]);
    });
  });

  it('reports the same complete subtrees as the in-memory tree, for 100 leaves', () => {
    const memory = new MemorySubtreeHashes();
    let frontier: FrontierNode[] = [];
    const leaves: Uint8Array[] = [];
    for (let i = 0; i < 100; i++) {
      const leaf = hashLeaf(Buffer.from(`entry ${i}`));
      leaves.push(leaf);
      const step = appendToFrontier(frontier, i, leaf);
      frontier = step.frontier;
      const expected = memory.append(leaf);
      expect(step.completed.map((s) => [s.level, s.index, hex(s.hash)])).toEqual(
        expected.map((s) => [s.level, s.index, hex(s.hash)]),
      );
    }
    expect(hex(frontierRoot(frontier))).toBe(hex(rootFromLeafHashes(leaves)));
    expect(frontier.map((n) => n.level)).toEqual([6, 5, 2]);
  });
});
