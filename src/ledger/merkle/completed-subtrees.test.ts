import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { LEAF_INPUTS_HEX, NODE_HASHES } from '../__fixtures__/rfc6962-vectors.js';
import { completedSubtrees, leftSiblingPositions } from './completed-subtrees.js';
import { MemorySubtreeHashes } from './memory-subtree-hashes.js';
import { hashLeaf } from './merkle-hash.js';

const leafHashes = LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d)));
const node = (level: number, index: number) => fromHex(NODE_HASHES[level]![index]!);

describe('leftSiblingPositions', () => {
  it('names one stored left sibling per trailing 1 bit of the leaf index', () => {
    expect(leftSiblingPositions(0)).toEqual([]);
    expect(leftSiblingPositions(6)).toEqual([]);
    expect(leftSiblingPositions(5)).toEqual([{ level: 0, index: 4n }]);
    expect(leftSiblingPositions(7)).toEqual([
      { level: 0, index: 6n },
      { level: 1, index: 2n },
      { level: 2, index: 0n },
    ]);
  });

  it('works past 2^32 in bigint', () => {
    expect(leftSiblingPositions(2n ** 40n + 1n)).toEqual([{ level: 0, index: 2n ** 40n }]);
  });
});

describe('completedSubtrees (standards.md §1.1: complete subtrees never change)', () => {
  it('completes only the leaf itself when the index is even', () => {
    const subtrees = completedSubtrees(4, leafHashes[4]!, []);
    expect(subtrees.map((s) => [s.level, s.index, toHex(s.hash)])).toEqual([
      [0, 4n, NODE_HASHES[0]![4]],
    ]);
  });

  it('completes the level 1, 2 and 3 subtrees when leaf 7 is appended', () => {
    const subtrees = completedSubtrees(7, leafHashes[7]!, [node(0, 6), node(1, 2), node(2, 0)]);
    expect(subtrees.map((s) => [s.level, s.index, toHex(s.hash)])).toEqual([
      [0, 7n, NODE_HASHES[0]![7]],
      [1, 3n, NODE_HASHES[1]![3]],
      [2, 1n, NODE_HASHES[2]![1]],
      [3, 0n, NODE_HASHES[3]![0]],
    ]);
  });

  describe('when the wrong number of left siblings is given', () => {
    it('refuses with WRONG_SIBLING_COUNT', () => {
      const error = failureOf(() => completedSubtrees(3, leafHashes[3]!, []), ValidationError);
      expect(error.details).toMatchObject({ issues: [{ code: 'WRONG_SIBLING_COUNT' }] });
    });
  });

  describe('when the leaf hash is not 32 bytes', () => {
    it('refuses with BAD_HASH_LENGTH', () => {
      const error = failureOf(() => completedSubtrees(0, new Uint8Array(31), []), ValidationError);
      expect(error.details).toMatchObject({ issues: [{ code: 'BAD_HASH_LENGTH' }] });
    });
  });
});

describe('MemorySubtreeHashes', () => {
  it('stores every complete subtree of the 8-leaf tree and nothing else', async () => {
    const tree = new MemorySubtreeHashes(leafHashes);
    expect(tree.size).toBe(8n);
    for (const [level, hashes] of NODE_HASHES.entries()) {
      for (const [index, hash] of hashes.entries()) {
        expect(toHex(await tree.subtreeHash(level, BigInt(index)))).toBe(hash);
      }
    }
    await expect(tree.subtreeHash(0, 8n)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tree.subtreeHash(4, 0n)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('does not hold an incomplete subtree', async () => {
    const tree = new MemorySubtreeHashes(leafHashes.slice(0, 7));
    expect(toHex(await tree.subtreeHash(1, 2n))).toBe(NODE_HASHES[1]![2]);
    await expect(tree.subtreeHash(1, 3n)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(tree.subtreeHash(2, 1n)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports what each append completed', () => {
    const tree = new MemorySubtreeHashes(leafHashes.slice(0, 3));
    expect(tree.append(leafHashes[3]!).map((s) => `${s.level}/${s.index}`)).toEqual([
      '0/3',
      '1/1',
      '2/0',
    ]);
  });
});
