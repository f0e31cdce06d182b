import { describe, expect, it } from 'vitest';
import { failureOf } from '../__fixtures__/failure-of.js';
import { SparseSubtreeHashes } from '../__fixtures__/sparse-subtree-hashes.js';
import { consistencyProof } from './consistency-proof.js';
import { inclusionProof } from './inclusion-proof.js';
import { MerkleVerificationError } from './merkle-verification-error.js';
import { rootAt } from './root-at.js';
import { MAX_UINT64 } from './uint64.js';
import { verifyConsistency } from './verify-consistency.js';
import { verifyInclusion } from './verify-inclusion.js';

// Past 2^40 leaves: JS bit operators (32-bit) would have wrapped long before (standards.md §1.7).
const SIZE = 2n ** 40n + 12345n;

// Expected lengths from the §1.6 formula, computed independently (Python, arbitrary precision).
const INCLUSION_CASES = [
  { index: 2n ** 40n - 3n, length: 41 },
  { index: 2n ** 40n + 1000n, length: 15 },
  { index: 2n ** 31n + 7n, length: 41 },
  { index: SIZE - 1n, length: 6 },
  { index: 0n, length: 41 },
];

const CONSISTENCY_CASES = [
  { size1: 2n ** 40n - 3n, length: 42 },
  { size1: 2n ** 40n, length: 1 },
  { size1: 2n ** 31n + 7n, length: 42 },
  { size1: SIZE - 1n, length: 7 },
  { size1: 2n ** 40n + 1000n, length: 13 },
];

describe('proofs in a tree of 2^40 + 12345 leaves (bigint arithmetic)', () => {
  it.each(INCLUSION_CASES)(
    'proves leaf $index with $length hashes, read in O(log n), against rootAt',
    async ({ index, length }) => {
      const tree = new SparseSubtreeHashes(SIZE, SparseSubtreeHashes.marksAround(index));
      const root = await rootAt(SIZE, tree);
      tree.reads.length = 0;
      const proof = await inclusionProof(index, SIZE, tree);
      expect(proof).toHaveLength(length);
      expect(tree.reads.length).toBeLessThanOrEqual(2 * 41);
      expect(() => verifyInclusion(index, SIZE, tree.leafHash(index), proof, root)).not.toThrow();
      // Safe-integer numbers are accepted too, and mean the same thing.
      expect(() =>
        verifyInclusion(Number(index), Number(SIZE), tree.leafHash(index), proof, root),
      ).not.toThrow();
    },
  );

  it('refuses the same proof for the neighbouring leaf', async () => {
    const index = 2n ** 40n + 1000n;
    const tree = new SparseSubtreeHashes(SIZE, [
      ...SparseSubtreeHashes.marksAround(index),
      index + 1n,
    ]);
    const proof = await inclusionProof(index, SIZE, tree);
    const root = await rootAt(SIZE, tree);
    const error = failureOf(
      () => verifyInclusion(index + 1n, SIZE, tree.leafHash(index + 1n), proof, root),
      MerkleVerificationError,
    );
    expect(error.reason).toBe('ROOT_MISMATCH');
  });

  it.each(CONSISTENCY_CASES)(
    'proves consistency from $size1 with $length hashes',
    async ({ size1, length }) => {
      const tree = new SparseSubtreeHashes(SIZE, SparseSubtreeHashes.marksAround(size1 - 1n));
      const proof = await consistencyProof(size1, SIZE, tree);
      expect(proof).toHaveLength(length);
      const [root1, root2] = [await rootAt(size1, tree), await rootAt(SIZE, tree)];
      expect(() => verifyConsistency(size1, SIZE, root1, root2, proof)).not.toThrow();
    },
  );
});

describe('proofs in a tree of 2^64 - 1 leaves, the largest a uint64 size allows', () => {
  it.each([
    { index: MAX_UINT64 - 1n, length: 63 },
    { index: 0n, length: 64 },
    { index: 2n ** 63n, length: 64 },
  ])('proves leaf $index with $length hashes', async ({ index, length }) => {
    const tree = new SparseSubtreeHashes(MAX_UINT64, SparseSubtreeHashes.marksAround(index));
    const proof = await inclusionProof(index, MAX_UINT64, tree);
    expect(proof).toHaveLength(length);
    const root = await rootAt(MAX_UINT64, tree);
    expect(() =>
      verifyInclusion(index, MAX_UINT64, tree.leafHash(index), proof, root),
    ).not.toThrow();
  });

  it('proves consistency from 2^63 + 5 with 65 hashes', async () => {
    const size1 = 2n ** 63n + 5n;
    const tree = new SparseSubtreeHashes(MAX_UINT64, SparseSubtreeHashes.marksAround(size1 - 1n));
    const proof = await consistencyProof(size1, MAX_UINT64, tree);
    expect(proof).toHaveLength(65);
    const [root1, root2] = [await rootAt(size1, tree), await rootAt(MAX_UINT64, tree)];
    expect(() => verifyConsistency(size1, MAX_UINT64, root1, root2, proof)).not.toThrow();
  });
});
