import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import {
  INCLUSION_TABLE,
  LEAF_INPUTS_HEX,
  NODE_HASHES,
  ROOTS,
} from '../__fixtures__/rfc6962-vectors.js';
import { decodeBase64Strict } from './decode-base64-strict.js';
import { hashLeaf } from './merkle-hash.js';
import { MerkleVerificationError, type MerkleFailureReason } from './merkle-verification-error.js';
import type { Uint64Input } from './uint64.js';
import { rootFromInclusionProof, verifyInclusion } from './verify-inclusion.js';

const leafHashes = LEAF_INPUTS_HEX.map((d) => hashLeaf(fromHex(d)));
const root = (size: number) => fromHex(ROOTS[size]!);
const pathOf = (index: number, size: number) =>
  INCLUSION_TABLE.find((r) => r.index === index && r.size === size)!.path.map(fromHex);

// The mutation base case: leaf 5 of 8 (transparency-dev inclusion/2/happy-path.json).
const INDEX = 5;
const SIZE = 8;
const LEAF = leafHashes[INDEX]!;
const PATH = pathOf(INDEX, SIZE);
const ROOT = root(SIZE);

function flipBit(hash: Uint8Array): Uint8Array {
  const copy = Uint8Array.from(hash);
  copy[7] = copy[7]! ^ 0x10;
  return copy;
}

interface Case {
  when: string;
  index?: Uint64Input;
  size?: Uint64Input;
  leaf?: Uint8Array;
  path?: readonly Uint8Array[];
  root?: Uint8Array;
  reason: MerkleFailureReason;
  details?: Record<string, unknown>;
}

const CASES: Case[] = [
  { when: 'the index is one more', index: INDEX + 1, reason: 'ROOT_MISMATCH' },
  { when: 'the index is one less', index: INDEX - 1, reason: 'ROOT_MISMATCH' },
  { when: 'the index is XOR 2', index: INDEX ^ 2, reason: 'ROOT_MISMATCH' },
  {
    when: 'the index equals the size',
    index: SIZE,
    reason: 'INDEX_OUT_OF_RANGE',
    details: { leafIndex: '8', treeSize: '8' },
  },
  { when: 'the index is beyond the size', index: 2 ** 40, reason: 'INDEX_OUT_OF_RANGE' },
  { when: 'the size is one less', size: SIZE - 1, root: root(SIZE - 1), reason: 'ROOT_MISMATCH' },
  {
    when: 'the size is one more',
    size: SIZE + 1,
    reason: 'WRONG_PROOF_LENGTH',
    details: { expected: 4, actual: 3 },
  },
  { when: 'the size is doubled', size: SIZE * 2, reason: 'WRONG_PROOF_LENGTH' },
  { when: 'the size is halved', size: SIZE / 2, reason: 'INDEX_OUT_OF_RANGE' },
  { when: 'the tree is empty', index: 0, size: 0, path: [], reason: 'INDEX_OUT_OF_RANGE' },
  { when: 'the root is another tree size', root: root(7), reason: 'ROOT_MISMATCH' },
  { when: 'the root is the empty root', root: root(0), reason: 'ROOT_MISMATCH' },
  { when: 'the root has one flipped bit', root: flipBit(ROOT), reason: 'ROOT_MISMATCH' },
  { when: 'the leaf hash is of another leaf', leaf: leafHashes[4]!, reason: 'ROOT_MISMATCH' },
  {
    when: 'the leaf hash is the unprefixed SHA-256 of the data',
    leaf: new Uint8Array(createHash('sha256').update(fromHex(LEAF_INPUTS_HEX[INDEX])).digest()),
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'a proof element has one flipped bit',
    path: [PATH[0]!, flipBit(PATH[1]!), PATH[2]!],
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'two proof elements are swapped',
    path: [PATH[1]!, PATH[0]!, PATH[2]!],
    reason: 'ROOT_MISMATCH',
  },
  {
    when: 'an element is removed',
    path: PATH.slice(0, 2),
    reason: 'WRONG_PROOF_LENGTH',
    details: { expected: 3, actual: 2 },
  },
  {
    when: 'an element is inserted',
    path: [PATH[0]!, fromHex(NODE_HASHES[0]![0]!), PATH[1]!, PATH[2]!],
    reason: 'WRONG_PROOF_LENGTH',
  },
  {
    when: 'garbage is appended',
    path: [...PATH, new Uint8Array(32).fill(0xaa)],
    reason: 'WRONG_PROOF_LENGTH',
  },
  { when: 'the root is prepended', path: [ROOT, ...PATH], reason: 'WRONG_PROOF_LENGTH' },
  { when: 'the root is appended', path: [...PATH, ROOT], reason: 'WRONG_PROOF_LENGTH' },
  { when: 'the proof is empty', path: [], reason: 'WRONG_PROOF_LENGTH' },
  {
    when: 'the leaf hash is 31 bytes',
    leaf: LEAF.subarray(1),
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'leafHash', length: 31 },
  },
  { when: 'the leaf hash is empty', leaf: new Uint8Array(0), reason: 'BAD_HASH_LENGTH' },
  {
    when: 'the root is 33 bytes',
    root: Uint8Array.of(...ROOT, 0),
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'rootHash', length: 33 },
  },
  {
    when: 'a proof element is 31 bytes',
    path: [PATH[0]!, PATH[1]!.subarray(1), PATH[2]!],
    reason: 'BAD_HASH_LENGTH',
    details: { field: 'proof[1]', length: 31 },
  },
  {
    when: 'the index is negative',
    index: -1,
    reason: 'INVALID_NUMBER',
    details: { field: 'leafIndex' },
  },
  { when: 'the index is fractional', index: 4.5, reason: 'INVALID_NUMBER' },
  { when: 'the index is an unsafe number', index: 2 ** 53, reason: 'INVALID_NUMBER' },
  {
    when: 'the size is 2^64',
    size: 2n ** 64n,
    reason: 'INVALID_NUMBER',
    details: { field: 'treeSize' },
  },
];

describe('verifyInclusion (RFC 9162 §2.1.3.2)', () => {
  it.each(INCLUSION_TABLE.map((r) => [r.index, r.size, r.path] as const))(
    'accepts the table path for leaf %i of %i',
    (index, size, path) => {
      expect(() =>
        verifyInclusion(index, size, leafHashes[index]!, path.map(fromHex), root(size)),
      ).not.toThrow();
    },
  );

  it('accepts bigint and number arguments alike', () => {
    expect(() => verifyInclusion(5n, 8n, LEAF, PATH, ROOT)).not.toThrow();
    expect(() => verifyInclusion(5, 8n, LEAF, PATH, ROOT)).not.toThrow();
  });

  it('returns the computed root from rootFromInclusionProof', () => {
    expect(toHex(rootFromInclusionProof(INDEX, SIZE, LEAF, PATH))).toBe(ROOTS[SIZE]);
  });

  it('accepts a single-entry tree whose root is the leaf hash and whose proof is empty', () => {
    expect(() => verifyInclusion(0, 1, leafHashes[0]!, [], root(1))).not.toThrow();
  });

  describe('when a single-entry tree comes with a non-empty proof', () => {
    it('refuses with WRONG_PROOF_LENGTH', () => {
      const error = failureOf(
        () => verifyInclusion(0, 1, leafHashes[0]!, [leafHashes[0]!], root(1)),
        MerkleVerificationError,
      );
      expect(error.reason).toBe('WRONG_PROOF_LENGTH');
    });
  });

  // [SPEC] transparency-dev/merkle testdata/inclusion/single-entry/*.json (values verbatim).
  const PROBE_HASH = 'DTrtAjFI/9KiWfvQzcf7PPl1ZYdg03dbgq9vkKrMLfw=';
  it.each([
    ['matching-root-and-leaf', PROBE_HASH, PROBE_HASH, undefined],
    ['empty-leaf', PROBE_HASH, '', 'BAD_HASH_LENGTH'],
    ['empty-root', '', PROBE_HASH, 'BAD_HASH_LENGTH'],
    ['empty-root-and-leaf', '', '', 'BAD_HASH_LENGTH'],
  ] as const)(
    'follows the transparency-dev single-entry probe %s',
    (_, rootB64, leafB64, reason) => {
      const run = () =>
        verifyInclusion(0, 1, decodeBase64Strict(leafB64), [], decodeBase64Strict(rootB64));
      if (reason === undefined) expect(run).not.toThrow();
      else expect(failureOf(run, MerkleVerificationError).reason).toBe(reason);
    },
  );

  for (const c of CASES) {
    describe(`when ${c.when}`, () => {
      it(`refuses with ${c.reason}`, () => {
        const error = failureOf(
          () =>
            verifyInclusion(
              c.index ?? INDEX,
              c.size ?? SIZE,
              c.leaf ?? LEAF,
              c.path ?? PATH,
              c.root ?? ROOT,
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
