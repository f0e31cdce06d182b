import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../__fixtures__/failure-of.js';
import { LEAF_INPUTS_HEX, ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import { MemorySubtreeHashes } from './memory-subtree-hashes.js';
import { hashLeaf } from './merkle-hash.js';
import { rootAt } from './root-at.js';
import type { SubtreeHashSource } from './subtree-hash-source.js';

const tree = new MemorySubtreeHashes(LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d))));

describe('rootAt (RFC 9162 §2.1.1) over stored subtrees', () => {
  it.each(ROOTS.map((root, size) => [size, root] as const))(
    'gives the published root for size %i',
    async (size, root) => {
      expect(toHex(await rootAt(size, tree))).toBe(root);
    },
  );

  it('reads one stored subtree per set bit of the size', async () => {
    const reads: string[] = [];
    const counting: SubtreeHashSource = {
      subtreeHash: (level, index) => {
        reads.push(`${level}/${index}`);
        return tree.subtreeHash(level, index);
      },
    };
    await rootAt(7, counting);
    expect(reads).toEqual(['2/0', '1/2', '0/6']);
  });

  describe('when the store returns a hash that is not 32 bytes', () => {
    it('refuses to build a root from it (BAD_HASH_LENGTH)', async () => {
      const damaged: SubtreeHashSource = {
        subtreeHash: () => Promise.resolve(new Uint8Array(31)),
      };
      await expect(rootAt(3, damaged)).rejects.toMatchObject({
        code: 'INTEGRITY_ERROR',
        reason: 'BAD_HASH_LENGTH',
      });
    });
  });
});
