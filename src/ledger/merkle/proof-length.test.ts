import { describe, expect, it } from 'vitest';
import { CONSISTENCY_TABLE, INCLUSION_TABLE } from '../__fixtures__/rfc6962-vectors.js';
import { consistencyProofLength, inclusionProofLength } from './proof-length.js';

describe('expected proof lengths (standards.md §1.6)', () => {
  it('agree with the length of every inclusion table row', () => {
    for (const { index, size, path } of INCLUSION_TABLE) {
      expect([index, size, inclusionProofLength(BigInt(index), BigInt(size))]).toEqual([
        index,
        size,
        path.length,
      ]);
    }
  });

  it('agree with the length of every consistency table row', () => {
    for (const { size1, size2, path } of CONSISTENCY_TABLE) {
      expect([size1, size2, consistencyProofLength(BigInt(size1), BigInt(size2))]).toEqual([
        size1,
        size2,
        path.length,
      ]);
    }
  });

  it('is 0 between equal sizes', () => {
    expect(consistencyProofLength(5n, 5n)).toBe(0);
  });
});
