import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { asyncFailureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { INCLUSION_TABLE, LEAF_INPUTS_HEX, ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import { inclusionProof } from './inclusion-proof.js';
import { MemorySubtreeHashes } from './memory-subtree-hashes.js';
import { hashLeaf } from './merkle-hash.js';
import { inclusionProofLength } from './proof-length.js';
import { verifyInclusion } from './verify-inclusion.js';

const leafHashes = LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d)));
const tree = new MemorySubtreeHashes(leafHashes);

describe('inclusionProof (RFC 9162 §2.1.3.1) over stored subtrees', () => {
  it.each(INCLUSION_TABLE.map((r) => [r.index, r.size, r.path] as const))(
    'generates the table path for leaf %i of %i, which verifies against the published root',
    async (index, size, path) => {
      const proof = await inclusionProof(index, size, tree);
      expect(proof.map(toHex)).toEqual(path);
      expect(proof).toHaveLength(inclusionProofLength(BigInt(index), BigInt(size)));
      expect(() =>
        verifyInclusion(index, size, leafHashes[index]!, proof, fromHex(ROOTS[size]!)),
      ).not.toThrow();
    },
  );

  it('accepts bigint arguments', async () => {
    expect((await inclusionProof(5n, 8n, tree)).map(toHex)).toEqual(
      INCLUSION_TABLE.find((r) => r.index === 5 && r.size === 8)!.path,
    );
  });

  describe('when the index is not below the size', () => {
    it('refuses the request with a ValidationError', async () => {
      const error = await asyncFailureOf(() => inclusionProof(8, 8, tree), ValidationError);
      expect(error.code).toBe('VALIDATION_ERROR');
      expect(error.details).toMatchObject({ issues: [{ code: 'INDEX_OUT_OF_RANGE' }] });
    });
  });

  describe('when the tree is empty', () => {
    it('refuses the request', async () => {
      const error = await asyncFailureOf(() => inclusionProof(0, 0, tree), ValidationError);
      expect(error.details).toMatchObject({ issues: [{ code: 'INDEX_OUT_OF_RANGE' }] });
    });
  });

  describe('when a number is not a uint64', () => {
    it.each([-1, 1.5, Number.MAX_SAFE_INTEGER + 1])('refuses %s', async (index) => {
      const error = await asyncFailureOf(() => inclusionProof(index, 8, tree), ValidationError);
      expect(error.details).toMatchObject({
        issues: [{ code: 'INVALID_NUMBER', path: ['index'] }],
      });
    });
  });

  describe('when the store does not hold the tree', () => {
    it('passes the store error through instead of inventing hashes', async () => {
      await expect(inclusionProof(0, 9, tree)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    });
  });
});
