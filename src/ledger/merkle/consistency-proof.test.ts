import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { asyncFailureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { CONSISTENCY_TABLE, LEAF_INPUTS_HEX, ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import { consistencyProof } from './consistency-proof.js';
import { MemorySubtreeHashes } from './memory-subtree-hashes.js';
import { hashLeaf } from './merkle-hash.js';
import { consistencyProofLength } from './proof-length.js';
import { verifyConsistency } from './verify-consistency.js';

const tree = new MemorySubtreeHashes(LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d))));

describe('consistencyProof (RFC 9162 §2.1.4.1) over stored subtrees', () => {
  it.each(CONSISTENCY_TABLE.map((r) => [r.size1, r.size2, r.path] as const))(
    'generates the table proof from %i to %i, which verifies against the published roots',
    async (size1, size2, path) => {
      const proof = await consistencyProof(size1, size2, tree);
      expect(proof.map(toHex)).toEqual(path);
      expect(proof).toHaveLength(consistencyProofLength(BigInt(size1), BigInt(size2)));
      expect(() =>
        verifyConsistency(size1, size2, fromHex(ROOTS[size1]!), fromHex(ROOTS[size2]!), proof),
      ).not.toThrow();
    },
  );

  it.each([1, 4, 8])('gives an empty proof between equal sizes (%i)', async (size) => {
    expect(await consistencyProof(size, size, tree)).toEqual([]);
  });

  describe('when size1 is 0', () => {
    it('refuses to prove anything from the empty tree', async () => {
      const error = await asyncFailureOf(() => consistencyProof(0, 8, tree), ValidationError);
      expect(error.details).toMatchObject({ issues: [{ code: 'EMPTY_TREE' }] });
    });
  });

  describe('when size1 is larger than size2', () => {
    it('refuses the request', async () => {
      const error = await asyncFailureOf(() => consistencyProof(5, 4, tree), ValidationError);
      expect(error.details).toMatchObject({ issues: [{ code: 'SIZE_ORDER' }] });
    });
  });
});
