import { describe, expect, it } from 'vitest';
import { failureOf, fromHex } from '../__fixtures__/failure-of.js';
import { CONSISTENCY_TABLE, ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { MerkleVerificationError, type MerkleFailureReason } from './merkle-verification-error.js';
import type { Uint64Input } from './uint64.js';
import { verifyConsistency } from './verify-consistency.js';

const root = (size: number) => fromHex(ROOTS[size]!);
const proofOf = (size1: number, size2: number) =>
  CONSISTENCY_TABLE.find((r) => r.size1 === size1 && r.size2 === size2)!.path.map(fromHex);

// The mutation base case: 6 -> 8 (transparency-dev consistency/2/happy-path.json).
const SIZE1 = 6;
const SIZE2 = 8;
const PROOF = proofOf(SIZE1, SIZE2);

function flipBit(hash: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(hash);
  copy[0] = copy[0]! ^ 0x01;
  return copy;
}

interface Case {
  when: string;
  size1?: Uint64Input;
  size2?: Uint64Input;
  root1?: Uint8Array;
  root2?: Uint8Array;
  proof?: readonly Uint8Array[];
  reason: MerkleFailureReason;
  details?: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    when: 'size1 is 0',
    size1: 0,
    root1: root(0),
    reason: 'EMPTY_TREE',
    details: { size1: '0', size2: '8' },
  },
  {
    when: 'both sizes are 0 with the empty root and no proof',
    size1: 0,
    size2: 0,
    root1: root(0),
    root2: root(0),
    proof: [],
    reason: 'EMPTY_TREE',
  },
  {
    when: 'size1 is larger than size2',
    size1: 8,
    size2: 6,
    reason: 'SIZE_ORDER',
    details: { size1: '8', size2: '6' },
  },
  {
    when: 'the sizes are equal but the proof is not empty',
    size1: 8,
    root1: root(8),
    reason: 'WRONG_PROOF_LENGTH',
    details: { expected: 0, actual: 3 },
  },
  {
    when: 'the sizes are equal but the roots differ',
    size1: 8,
    root1: root(7),
    proof: [],
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'the proof is empty although size1 < size2',
    proof: [],
    reason: 'WRONG_PROOF_LENGTH',
    details: { expected: 3, actual: 0 },
  },
  { when: 'size1 is one more', size1: SIZE1 + 1, reason: 'WRONG_PROOF_LENGTH' },
  { when: 'size1 is one less', size1: SIZE1 - 1, reason: 'WRONG_PROOF_LENGTH' },
  { when: 'size2 is one more', size2: SIZE2 + 1, reason: 'WRONG_PROOF_LENGTH' },
  { when: 'size2 is one less', size2: SIZE2 - 1, root2: root(7), reason: 'ROOT_MISMATCH' },
  { when: 'size2 is doubled', size2: SIZE2 * 2, reason: 'WRONG_PROOF_LENGTH' },
  {
    when: 'the first root is wrong',
    root1: root(5),
    reason: 'ROOT_MISMATCH',
    details: { root: 'first' },
  },
  {
    when: 'the second root is wrong',
    root2: root(7),
    reason: 'ROOT_MISMATCH',
    details: { root: 'second' },
  },
  {
    when: 'the roots are swapped',
    root1: root(8),
    root2: root(6),
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'a proof element has one flipped bit',
    proof: [PROOF[0]!, flipBit(PROOF[1]!), PROOF[2]!],
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'two proof elements are swapped',
    proof: [PROOF[1]!, PROOF[0]!, PROOF[2]!],
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'an element is removed',
    proof: PROOF.slice(1),
    reason: 'WRONG_PROOF_LENGTH',
    details: { expected: 3, actual: 2 },
  },
  {
    when: 'an element is inserted',
    proof: [PROOF[0]!, PROOF[0]!, PROOF[1]!, PROOF[2]!],
    reason: 'WRONG_PROOF_LENGTH',
  },
  {
    when: 'garbage is appended',
    proof: [...PROOF, new Uint8Array(32)],
    reason: 'WRONG_PROOF_LENGTH',
  },
  {
    when: 'the old root is prepended',
    proof: [root(6), ...PROOF],
    reason: 'WRONG_PROOF_LENGTH',
  },
  {
    when: 'the new root is appended',
    proof: [...PROOF, root(8)],
    reason: 'WRONG_PROOF_LENGTH',
  },
  {
    when: 'the first root is 31 bytes',
    root1: root(6).subarray(1),
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'root1', length: 31 },
  },
  {
    when: 'the second root is 31 bytes',
    root2: root(8).subarray(1),
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'root2', length: 31 },
  },
  {
    when: 'a proof element is 31 bytes',
    proof: [PROOF[0]!, PROOF[1]!, PROOF[2]!.subarray(1)],
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'proof[2]' },
  },
  {
    // [SPEC] transparency-dev/merkle consistency/additional/sizes-are-equal-one-and-proof-is-
    // empty.json expects success with these 12-byte roots ("don't care 2"); this verifier
    // deliberately refuses any hash that is not 32 bytes (standards.md §1.7).
    when: 'equal sizes come with equal short roots (intended deviation from transparency-dev)',
    size1: 1,
    size2: 1,
    root1: decodeBase64Strict('ZG9uJ3QgY2FyZSAy'),
    root2: decodeBase64Strict('ZG9uJ3QgY2FyZSAy'),
    proof: [],
    reason: 'BAD_HASH_LENGTH',
  },
  { when: 'size1 is negative', size1: -1, reason: 'INVALID_NUMBER', details: { field: 'size1' } },
  {
    when: 'size2 is 2^64',
    size2: 2n ** 64n,
    reason: 'INVALID_NUMBER',
    details: { field: 'size2' },
  },
];

describe('verifyConsistency (RFC 9162 §2.1.4.2, transparency-dev branches)', () => {
  it.each(CONSISTENCY_TABLE.map((r) => [r.size1, r.size2, r.path] as const))(
    'accepts the table proof from %i to %i',
    (size1, size2, path) => {
      expect(() =>
        verifyConsistency(size1, size2, root(size1), root(size2), path.map(fromHex)),
      ).not.toThrow();
    },
  );

  it.each([1, 3, 8])('accepts equal sizes (%i) with equal roots and an empty proof', (size) => {
    expect(() => verifyConsistency(size, size, root(size), root(size), [])).not.toThrow();
  });

  it('accepts bigint arguments', () => {
    expect(() => verifyConsistency(6n, 8n, root(6), root(8), PROOF)).not.toThrow();
  });

  describe('when size1 is a power of two and its root is wrong', () => {
    it('refuses with ROOT_MISMATCH on the new root, which the old root was prepended to', () => {
      const error = failureOf(
        () => verifyConsistency(4, 8, root(3), root(8), proofOf(4, 8)),
        MerkleVerificationError,
      );
      expect(error.details).toEqual({ reason: 'ROOT_MISMATCH', root: 'second' });
    });
  });

  for (const c of CASES) {
    describe(`when ${c.when}`, () => {
      it(`refuses with ${c.reason}`, () => {
        const error = failureOf(
          () =>
            verifyConsistency(
              c.size1 ?? SIZE1,
              c.size2 ?? SIZE2,
              c.root1 ?? root(SIZE1),
              c.root2 ?? root(SIZE2),
              c.proof ?? PROOF,
            ),
          MerkleVerificationError,
        );
        expect(error.code).toBe('INTEGRITY_ERROR');
        expect(error.reason).toBe(c.reason);
        expect(error.details).toMatchObject({ reason: c.reason, ...c.details });
      });
    });
  }
});
