import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { INCLUSION_TABLE, LEAF_INPUTS_HEX } from '../__fixtures__/rfc6962-vectors.js';
import {
  C2SP_TLOG_PROOF_EXAMPLE,
  MLOPS_AUDIT,
  MLOPS_TLOG_PROOF,
  PETER_NEUMANN,
} from '../__fixtures__/signed-note-vectors.js';
import { encodeBase64, hashLeaf, MerkleVerificationError } from '../merkle/index.js';
import { NoteVerificationError } from './note-verification-error.js';
import { formatTlogProof, parseTlogProof, verifyTlogProof } from './tlog-proof.js';
import { parseVerifierKey } from './verifier-key.js';

const PATH_5_8 = INCLUSION_TABLE.find((r) => r.index === 5 && r.size === 8)!.path.map(fromHex);
const LEAF_5 = hashLeaf(fromHex(MLOPS_TLOG_PROOF.leafInputHex));
const PROOF = MLOPS_TLOG_PROOF.text;
const [HEADER, INDEX_LINE, ...REST] = PROOF.split('\n') as [string, string, ...string[]];

describe('formatTlogProof (c2sp.org/tlog-proof)', () => {
  it('writes the 360-byte §3.4 proof with the published SHA-256', () => {
    const text = formatTlogProof({
      index: 5,
      path: PATH_5_8,
      signedCheckpoint: MLOPS_AUDIT.checkpointNote,
    });
    expect(text).toBe(PROOF);
    expect(Buffer.byteLength(text)).toBe(360);
    expect(createHash('sha256').update(text).digest('hex')).toBe(MLOPS_TLOG_PROOF.sha256);
  });

  it('writes extra data as the second line and reads it back', () => {
    const extra = new TextEncoder().encode('model-v1.2.1');
    const text = formatTlogProof({
      index: 5n,
      path: PATH_5_8,
      signedCheckpoint: MLOPS_AUDIT.checkpointNote,
      extra,
    });
    expect(text.split('\n')[1]).toBe(`extra ${encodeBase64(extra)}`);
    expect(parseTlogProof(text).extra).toEqual(new Uint8Array(extra));
  });

  describe.each([
    ['the index is negative', { index: -1 }, 'index'],
    ['a path hash is 31 bytes', { path: [PATH_5_8[0]!.subarray(1)] }, 'path[0]'],
    ['the checkpoint does not end in LF', { signedCheckpoint: 'x' }, 'signedCheckpoint'],
  ])('when %s', (_, change, field) => {
    it('refuses with MALFORMED_PROOF', () => {
      const input = { index: 5, path: PATH_5_8, signedCheckpoint: MLOPS_AUDIT.checkpointNote };
      const error = failureOf(
        () => formatTlogProof({ ...input, ...change }),
        NoteVerificationError,
      );
      expect(error.details).toEqual({ reason: 'MALFORMED_PROOF', field });
    });
  });
});

describe('parseTlogProof (c2sp.org/tlog-proof)', () => {
  it('parses the §3.4 proof: index, path leaf sibling first, checkpoint verbatim', () => {
    const proof = parseTlogProof(new TextEncoder().encode(PROOF));
    expect(proof.index).toBe(5n);
    expect(proof.path.map(toHex)).toEqual(PATH_5_8.map(toHex));
    expect(proof.signedCheckpoint).toBe(MLOPS_AUDIT.checkpointNote);
    expect(proof).not.toHaveProperty('extra');
  });

  it('parses the c2sp.org example, whose elided signatures it carries without checking', () => {
    const proof = parseTlogProof(C2SP_TLOG_PROOF_EXAMPLE);
    expect(proof.index).toBe(73894n);
    expect(proof.path).toHaveLength(5);
    expect(encodeBase64(proof.extra!)).toBe('YWdlLXYxLjIuMS1kYXJ3aW4tYXJtNjQudGFyLmd6kYXJ3aW4tYXJ');
    expect(proof.signedCheckpoint.startsWith('example.com/fancylog\n109482\n')).toBe(true);
  });

  const tooLong = `${[HEADER, INDEX_LINE, ...Array<string>(65).fill(REST[0]!)].join('\n')}\n\n${MLOPS_AUDIT.checkpointNote}`;
  describe.each([
    ['the header is another version', PROOF.replace('@v1', '@v2'), 'header'],
    ['the index has a leading zero', PROOF.replace('index 5', 'index 05'), 'index'],
    ['the index is missing', PROOF.replace('index 5\n', ''), 'index'],
    ['the index line has two spaces', PROOF.replace('index 5', 'index  5'), 'index'],
    ['the index line ends in CR', PROOF.replace('index 5', 'index 5\r'), 'index'],
    ['extra comes after the index', PROOF.replace('index 5\n', 'index 5\nextra AAAA\n'), 'path[0]'],
    [
      'the extra data is not canonical base64',
      PROOF.replace('index 5\n', 'extra AAA\nindex 5\n'),
      'extra',
    ],
    [
      'a path hash is 31 bytes',
      PROOF.replace(REST[0]!, encodeBase64(PATH_5_8[0]!.subarray(1))),
      'path[0]',
    ],
    [
      'a path hash is URL-safe base64',
      PROOF.replace('yoVOoSjtBQtBs1/8', 'yoVOoSjtBQtBs1_8'),
      'path[1]',
    ],
    ['there are more than 64 path hashes', tooLong, 'path'],
    // The first blank line is then the checkpoint's own, so its origin is read as a path hash.
    ['no blank line precedes the checkpoint', PROOF.replace('\n\n', '\n'), 'path[3]'],
    ['there is no blank line at all', `${HEADER}\n${INDEX_LINE}\n`, 'text'],
    ['the checkpoint is missing', `${HEADER}\n${INDEX_LINE}\n\n`, 'signedCheckpoint'],
  ])('when %s', (_, text, field) => {
    it('refuses with MALFORMED_PROOF', () => {
      const error = failureOf(() => parseTlogProof(text), NoteVerificationError);
      expect(error.details).toEqual({ reason: 'MALFORMED_PROOF', field });
    });
  });
});

describe('verifyTlogProof (c2sp.org/tlog-proof "Verify")', () => {
  it('verifies the §3.4 proof for LEAF(d5) offline with the log vkey', () => {
    const verified = verifyTlogProof(PROOF, LEAF_5, MLOPS_AUDIT.vkey);
    expect(verified.index).toBe(5n);
    expect(verified.checkpoint.size).toBe(8n);
    expect(verified.note.signatures.map((s) => s.name)).toEqual([MLOPS_AUDIT.name]);
  });

  it('accepts a parsed NoteVerifier as the log key', () => {
    expect(() => verifyTlogProof(PROOF, LEAF_5, parseVerifierKey(MLOPS_AUDIT.vkey))).not.toThrow();
  });

  describe('when the leaf hash is of another entry', () => {
    it('refuses with ROOT_MISMATCH', () => {
      const other = hashLeaf(fromHex(LEAF_INPUTS_HEX[4]));
      const error = failureOf(
        () => verifyTlogProof(PROOF, other, MLOPS_AUDIT.vkey),
        MerkleVerificationError,
      );
      expect(error.reason).toBe('ROOT_MISMATCH');
    });
  });

  describe('when the index was changed', () => {
    it('refuses with ROOT_MISMATCH', () => {
      const error = failureOf(
        () => verifyTlogProof(PROOF.replace('index 5', 'index 4'), LEAF_5, MLOPS_AUDIT.vkey),
        MerkleVerificationError,
      );
      expect(error.reason).toBe('ROOT_MISMATCH');
    });
  });

  describe('when a path hash was removed', () => {
    it('refuses with WRONG_PROOF_LENGTH', () => {
      const error = failureOf(
        () => verifyTlogProof(PROOF.replace(`${REST[0]!}\n`, ''), LEAF_5, MLOPS_AUDIT.vkey),
        MerkleVerificationError,
      );
      expect(error.details).toEqual({ reason: 'WRONG_PROOF_LENGTH', expected: 3, actual: 2 });
    });
  });

  describe('when the leaf hash is 31 bytes', () => {
    it('refuses with BAD_HASH_LENGTH', () => {
      expect(
        failureOf(
          () => verifyTlogProof(PROOF, LEAF_5.subarray(1), MLOPS_AUDIT.vkey),
          MerkleVerificationError,
        ).reason,
      ).toBe('BAD_HASH_LENGTH');
    });
  });

  describe('when the checkpoint size was changed', () => {
    it('refuses with BAD_SIGNATURE before looking at the path', () => {
      const error = failureOf(
        () => verifyTlogProof(PROOF.replace('\n8\n', '\n9\n'), LEAF_5, MLOPS_AUDIT.vkey),
        NoteVerificationError,
      );
      expect(error.reason).toBe('BAD_SIGNATURE');
    });
  });

  describe('when another log key is trusted', () => {
    it('refuses with NO_TRUSTED_SIGNATURE', () => {
      expect(
        failureOf(() => verifyTlogProof(PROOF, LEAF_5, PETER_NEUMANN.vkey), NoteVerificationError)
          .reason,
      ).toBe('NO_TRUSTED_SIGNATURE');
    });
  });

  describe('when the expected origin differs', () => {
    it('refuses with ORIGIN_MISMATCH', () => {
      expect(
        failureOf(
          () => verifyTlogProof(PROOF, LEAF_5, MLOPS_AUDIT.vkey, 'example.com/other-log'),
          NoteVerificationError,
        ).reason,
      ).toBe('ORIGIN_MISMATCH');
    });
  });
});
