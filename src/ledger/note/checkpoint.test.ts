import { describe, expect, it } from 'vitest';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { ROOTS } from '../__fixtures__/rfc6962-vectors.js';
import {
  BEHIND_THE_SOFA_CHECKPOINT,
  MLOPS_AUDIT,
  PETER_NEUMANN,
} from '../__fixtures__/signed-note-vectors.js';
import { decodeBase64Strict, EMPTY_ROOT, encodeBase64, hashLeaf } from '../merkle/index.js';
import {
  formatCheckpoint,
  parseCheckpoint,
  signCheckpoint,
  verifyCheckpoint,
} from './checkpoint.js';
import { NoteVerificationError, type NoteFailureReason } from './note-verification-error.js';
import { ed25519Signer, parseSignerKey } from './signer-key.js';
import { formatVerifierKey } from './verifier-key.js';
import { signNote } from './signed-note.js';

const ROOT8 = fromHex(ROOTS[8]!);
const log = parseSignerKey(MLOPS_AUDIT.skey);
const witness = ed25519Signer('witness.example', new Uint8Array(32).fill(9));

describe('formatCheckpoint (c2sp.org/tlog-checkpoint)', () => {
  it('writes the §3.2 checkpoint text of the 8-leaf tree', () => {
    const text = formatCheckpoint({ origin: MLOPS_AUDIT.name, size: 8, rootHash: ROOT8 });
    expect(text).toBe(MLOPS_AUDIT.checkpointText);
    expect(new TextEncoder().encode(text)).toHaveLength(71);
  });

  it('writes the empty-tree checkpoint with the base64 of SHA-256("")', () => {
    expect(formatCheckpoint({ origin: MLOPS_AUDIT.name, size: 0n, rootHash: EMPTY_ROOT })).toBe(
      `${MLOPS_AUDIT.name}\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n`,
    );
  });

  it('matches Go tlog.FormatTree for N=123456789012 and RecordHash("hello world")', () => {
    const rootHash = hashLeaf(new TextEncoder().encode('hello world'));
    expect(
      formatCheckpoint({ origin: 'go.sum database tree', size: 123456789012n, rootHash }),
    ).toBe('go.sum database tree\n123456789012\nTszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=\n');
  });

  it('writes the largest uint64 size and extension lines', () => {
    const text = formatCheckpoint({
      origin: 'o',
      size: 2n ** 64n - 1n,
      rootHash: ROOT8,
      extensions: ['ext one'],
    });
    expect(text).toBe(`o\n18446744073709551615\n${encodeBase64(ROOT8)}\next one\n`);
    expect(parseCheckpoint(text).extensions).toEqual(['ext one']);
  });

  describe.each<[string, Parameters<typeof formatCheckpoint>[0], string]>([
    ['the origin is empty', { origin: '', size: 1, rootHash: ROOT8 }, 'origin'],
    ['the origin has a newline', { origin: 'a\nb', size: 1, rootHash: ROOT8 }, 'origin'],
    ['the size is negative', { origin: 'o', size: -1, rootHash: ROOT8 }, 'size'],
    ['the size is 2^64', { origin: 'o', size: 2n ** 64n, rootHash: ROOT8 }, 'size'],
    ['the root is 31 bytes', { origin: 'o', size: 1, rootHash: ROOT8.subarray(1) }, 'rootHash'],
    [
      'an extension is empty',
      { origin: 'o', size: 1, rootHash: ROOT8, extensions: [''] },
      'extensions[0]',
    ],
  ])('when %s', (_, input, field) => {
    it('refuses with MALFORMED_CHECKPOINT', () => {
      const error = failureOf(() => formatCheckpoint(input), NoteVerificationError);
      expect(error.details).toEqual({ reason: 'MALFORMED_CHECKPOINT', field });
    });
  });
});

describe('parseCheckpoint (c2sp.org/tlog-checkpoint client checks)', () => {
  it('parses the c2sp.org example checkpoint text', () => {
    const text = BEHIND_THE_SOFA_CHECKPOINT.slice(
      0,
      BEHIND_THE_SOFA_CHECKPOINT.indexOf('\n\n') + 1,
    );
    const checkpoint = parseCheckpoint(text);
    expect(checkpoint.origin).toBe('example.com/behind-the-sofa');
    expect(checkpoint.size).toBe(20852163n);
    expect(encodeBase64(checkpoint.rootHash)).toBe('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=');
    expect(checkpoint.extensions).toEqual([]);
  });

  it('parses a Rekor v1 style origin with spaces (the spec only says SHOULD)', () => {
    const text = `rekor.sigstore.dev - 1193050959916656506\n5\n${encodeBase64(ROOT8)}\n`;
    expect(parseCheckpoint(text).origin).toBe('rekor.sigstore.dev - 1193050959916656506');
  });

  const base = (size: string, root = encodeBase64(ROOT8)) => `o\n${size}\n${root}\n`;
  describe.each<[string, string, NoteFailureReason, string | undefined]>([
    ['the size has a leading zero', base('08'), 'MALFORMED_CHECKPOINT', 'size'],
    ['the size is negative', base('-1'), 'MALFORMED_CHECKPOINT', 'size'],
    ['the size has a plus sign', base('+8'), 'MALFORMED_CHECKPOINT', 'size'],
    ['the size is 2^64', base('18446744073709551616'), 'MALFORMED_CHECKPOINT', 'size'],
    ['the size is empty', base(''), 'MALFORMED_CHECKPOINT', 'size'],
    ['the size is hex', base('0x8'), 'MALFORMED_CHECKPOINT', 'size'],
    [
      'the root is 31 bytes',
      base('8', encodeBase64(ROOT8.subarray(1))),
      'MALFORMED_CHECKPOINT',
      'rootHash',
    ],
    ['the root is hex', base('8', toHex(ROOT8)), 'MALFORMED_CHECKPOINT', 'rootHash'],
    [
      'the root lacks padding',
      base('8', encodeBase64(ROOT8).slice(0, -1)),
      'MALFORMED_CHECKPOINT',
      'rootHash',
    ],
    ['the root line is missing', 'o\n8\n', 'MALFORMED_CHECKPOINT', 'rootHash'],
    ['the origin is empty', `\n8\n${encodeBase64(ROOT8)}\n`, 'MALFORMED_CHECKPOINT', 'origin'],
    ['an extension line is empty', `${base('8')}\n`, 'MALFORMED_CHECKPOINT', 'extensions[0]'],
    ['the last line has no LF', base('8').slice(0, -1), 'MALFORMED_CHECKPOINT', 'text'],
    ['lines end in CRLF', base('8').replaceAll('\n', '\r\n'), 'CONTROL_CHARACTER', undefined],
  ])('when %s', (_, text, reason, field) => {
    it(`refuses with ${reason}`, () => {
      const error = failureOf(() => parseCheckpoint(text), NoteVerificationError);
      expect(error.reason).toBe(reason);
      if (field !== undefined) expect(error.details).toMatchObject({ field });
    });
  });
});

describe('signCheckpoint and verifyCheckpoint', () => {
  it('reproduces the 193-byte §3.2 signed checkpoint byte for byte', () => {
    const note = signCheckpoint({ origin: MLOPS_AUDIT.name, size: 8, rootHash: ROOT8 }, log);
    expect(note).toBe(MLOPS_AUDIT.checkpointNote);
    expect(new TextEncoder().encode(note)).toHaveLength(193);
  });

  it('verifies the §3.2 signed checkpoint with the vkey string and returns its fields', () => {
    const { checkpoint, note } = verifyCheckpoint(MLOPS_AUDIT.checkpointNote, MLOPS_AUDIT.vkey);
    expect(checkpoint.origin).toBe(MLOPS_AUDIT.name);
    expect(checkpoint.size).toBe(8n);
    expect(toHex(checkpoint.rootHash)).toBe(ROOTS[8]);
    expect(note.signatures.map((s) => s.keyId)).toEqual([MLOPS_AUDIT.keyId]);
  });

  it('ignores a cosignature from an unknown witness and returns it unverified', () => {
    const cosigned = signNote(MLOPS_AUDIT.checkpointText, [log, witness]);
    const { note } = verifyCheckpoint(cosigned, MLOPS_AUDIT.vkey);
    expect(note.unverifiedSignatures.map((s) => s.name)).toEqual(['witness.example']);
  });

  it('checks the origin against an explicit expected origin (Rekor v1: origin differs from key name)', () => {
    const rekorLike = signNote(`${MLOPS_AUDIT.name} - 42\n8\n${encodeBase64(ROOT8)}\n`, [log]);
    const origin = `${MLOPS_AUDIT.name} - 42`;
    expect(verifyCheckpoint(rekorLike, MLOPS_AUDIT.vkey, origin).checkpoint.origin).toBe(origin);
  });

  describe('when the §3.2 key-less c2sp.org example is checked without its key', () => {
    it('refuses with NO_TRUSTED_SIGNATURE: the format parses but nothing vouches for it', () => {
      const error = failureOf(
        () => verifyCheckpoint(BEHIND_THE_SOFA_CHECKPOINT, MLOPS_AUDIT.vkey),
        NoteVerificationError,
      );
      expect(error.details).toEqual({
        reason: 'NO_TRUSTED_SIGNATURE',
        signers: ['example.com/behind-the-sofa+033de0ae'],
      });
    });
  });

  describe('when the size was changed after signing', () => {
    it('refuses with BAD_SIGNATURE', () => {
      const tampered = MLOPS_AUDIT.checkpointNote.replace('\n8\n', '\n9\n');
      expect(
        failureOf(() => verifyCheckpoint(tampered, MLOPS_AUDIT.vkey), NoteVerificationError).reason,
      ).toBe('BAD_SIGNATURE');
    });
  });

  describe('when it is verified with another log key', () => {
    it('refuses with NO_TRUSTED_SIGNATURE', () => {
      expect(
        failureOf(
          () => verifyCheckpoint(MLOPS_AUDIT.checkpointNote, PETER_NEUMANN.vkey),
          NoteVerificationError,
        ).reason,
      ).toBe('NO_TRUSTED_SIGNATURE');
    });
  });

  describe('when the origin is not the expected one', () => {
    it('refuses with ORIGIN_MISMATCH', () => {
      const error = failureOf(
        () => verifyCheckpoint(MLOPS_AUDIT.checkpointNote, MLOPS_AUDIT.vkey, 'example.com/other'),
        NoteVerificationError,
      );
      expect(error.details).toEqual({
        reason: 'ORIGIN_MISMATCH',
        expected: 'example.com/other',
        actual: MLOPS_AUDIT.name,
      });
    });
  });

  describe('when the log key signed text that is not a valid checkpoint', () => {
    it('refuses with MALFORMED_CHECKPOINT after verifying the signature', () => {
      const note = signNote(`${MLOPS_AUDIT.name}\n08\n${encodeBase64(ROOT8)}\n`, [log]);
      const error = failureOf(
        () => verifyCheckpoint(note, MLOPS_AUDIT.vkey),
        NoteVerificationError,
      );
      expect(error.details).toEqual({ reason: 'MALFORMED_CHECKPOINT', field: 'size' });
    });
  });

  describe('when the signer is not named after the origin', () => {
    it('refuses to sign with ORIGIN_MISMATCH', () => {
      const error = failureOf(
        () => signCheckpoint({ origin: 'example.com/other', size: 8, rootHash: ROOT8 }, log),
        NoteVerificationError,
      );
      expect(error.reason).toBe('ORIGIN_MISMATCH');
    });
  });

  it('lays out the signature line as key ID e1894262 plus a 64-byte signature in 92 characters', () => {
    const line = MLOPS_AUDIT.checkpointNote.split('\n').at(-2)!;
    const encoded = line.slice(`\u2014 ${MLOPS_AUDIT.name} `.length);
    expect(encoded).toHaveLength(92);
    const bytes = decodeBase64Strict(encoded);
    expect(toHex(bytes.subarray(0, 4))).toBe('e1894262');
    expect(bytes.subarray(4)).toHaveLength(64);
  });
});

describe('verifyCheckpoint with several log keys (a key rotation)', () => {
  const origin = 'rotation.example/log';
  const before = ed25519Signer(origin, Buffer.alloc(32, 21));
  const after = ed25519Signer(origin, Buffer.alloc(32, 22));
  const other = ed25519Signer('other.example/log', Buffer.alloc(32, 23));
  const keyOf = (s: typeof before) => formatVerifierKey(s.name, s.publicKey);
  const note = signCheckpoint({ origin, size: 8, rootHash: ROOT8 }, before);

  it('accepts a checkpoint signed by any of the keys, and reads its origin from that key', () => {
    const { checkpoint } = verifyCheckpoint(note, [keyOf(after), keyOf(before)]);
    expect(checkpoint).toMatchObject({ origin, size: 8n });
  });

  it('refuses it when none of the keys signed it, and when the signer is another log', () => {
    expect(
      failureOf(() => verifyCheckpoint(note, [keyOf(after)]), NoteVerificationError).reason,
    ).toBe('NO_TRUSTED_SIGNATURE');
    expect(failureOf(() => verifyCheckpoint(note, []), NoteVerificationError).reason).toBe(
      'NO_TRUSTED_SIGNATURE',
    );
    // Another log's key signing this log's checkpoint text: its origin is not the signer's name.
    const foreign = signNote(formatCheckpoint({ origin, size: 8, rootHash: ROOT8 }), [other]);
    expect(
      failureOf(
        () => verifyCheckpoint(foreign, [keyOf(after), keyOf(other)]),
        NoteVerificationError,
      ).reason,
    ).toBe('ORIGIN_MISMATCH');
  });
});
