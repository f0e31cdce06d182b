import { describe, expect, it } from 'vitest';
import { failureOf, fromHex } from '../__fixtures__/failure-of.js';
import {
  ENOCH_ROOT,
  EXAMPLE_FOO,
  MLOPS_AUDIT,
  PETER_NEUMANN,
} from '../__fixtures__/signed-note-vectors.js';
import { encodeBase64 } from '../merkle/index.js';
import { NoteVerificationError, type NoteFailureReason } from './note-verification-error.js';
import { ed25519Signer, parseSignerKey } from './signer-key.js';
import { MAX_NOTE_SIGNATURES, signNote, verifyNote } from './signed-note.js';
import { parseVerifierKey } from './verifier-key.js';

const peter = parseVerifierKey(PETER_NEUMANN.vkey);
const enoch = parseVerifierKey(ENOCH_ROOT.vkey);
const peterNote = `${PETER_NEUMANN.text}\n${PETER_NEUMANN.signatureLine}`;
const bothNote = `${PETER_NEUMANN.text}\n${PETER_NEUMANN.signatureLine}${ENOCH_ROOT.signatureLine}`;
const mlops = ed25519Signer(MLOPS_AUDIT.name, fromHex(MLOPS_AUDIT.seedHex));
const mlopsVerifier = parseVerifierKey(MLOPS_AUDIT.vkey);

/** A well-formed signature line for an arbitrary name and key ID, which no test key signed. */
function foreignLine(name: string, id: number): string {
  const bytes = new Uint8Array(68).fill(7);
  new DataView(bytes.buffer).setUint32(0, id);
  return `\u2014 ${name} ${encodeBase64(bytes)}\n`;
}

describe('signNote (c2sp.org/signed-note)', () => {
  it('reproduces the Go PeterNeumann note byte for byte (Ed25519 is deterministic)', () => {
    expect(signNote(PETER_NEUMANN.text, [parseSignerKey(PETER_NEUMANN.skey)])).toBe(peterNote);
  });

  it('writes one line per signer, in order, after a blank line', () => {
    const other = ed25519Signer('example.com/witness', new Uint8Array(32).fill(1));
    const note = signNote('hello\n', [mlops, other]);
    expect(note.split('\n').slice(0, 2)).toEqual(['hello', '']);
    expect(note.match(/^\u2014 .*$/gmu)?.map((l) => l.split(' ')[1])).toEqual([
      MLOPS_AUDIT.name,
      'example.com/witness',
    ]);
  });

  it('signs text that contains empty lines, which then ends at the last blank line', () => {
    const text = 'first\n\nthird\n\n';
    const verified = verifyNote(signNote(text, [mlops]), [mlopsVerifier]);
    expect(verified.text).toBe(text);
  });

  it('keeps a leading byte order mark as signed bytes', () => {
    const text = '\ufeffbom\n';
    expect(verifyNote(signNote(text, [mlops]), [mlopsVerifier]).text).toBe(text);
  });

  describe.each<[string, string, NoteFailureReason]>([
    ['the text does not end in LF', 'no newline', 'MISSING_FINAL_NEWLINE'],
    ['the text is empty', '', 'MISSING_FINAL_NEWLINE'],
    ['the text has CRLF line ends', 'a\r\nb\r\n', 'CONTROL_CHARACTER'],
    ['the text has a tab', 'a\tb\n', 'CONTROL_CHARACTER'],
    ['the text has a lone surrogate', 'a\ud800\n', 'INVALID_UTF8'],
  ])('when %s', (_, text, reason) => {
    it(`refuses to sign with ${reason}`, () => {
      expect(failureOf(() => signNote(text, [mlops]), NoteVerificationError).reason).toBe(reason);
    });
  });

  describe('when the same key is given twice', () => {
    it('refuses with DUPLICATE_SIGNER', () => {
      const error = failureOf(() => signNote('x\n', [mlops, mlops]), NoteVerificationError);
      expect(error.details).toEqual({
        reason: 'DUPLICATE_SIGNER',
        signer: `${MLOPS_AUDIT.name}+e1894262`,
      });
    });
  });

  describe('when there is no signer', () => {
    it('refuses with MALFORMED_NOTE', () => {
      expect(failureOf(() => signNote('x\n', []), NoteVerificationError).reason).toBe(
        'MALFORMED_NOTE',
      );
    });
  });
});

describe('verifyNote (c2sp.org/signed-note; standards.md §2.3)', () => {
  it('verifies the c2sp.org example note with its verifier key', () => {
    const verified = verifyNote(EXAMPLE_FOO.note, [parseVerifierKey(EXAMPLE_FOO.vkey)]);
    expect(verified.text).toBe(EXAMPLE_FOO.text);
    expect(verified.signatures.map((s) => [s.name, s.keyId])).toEqual([
      ['example.com/foo', 0x530d903a],
    ]);
    expect(verified.signatures[0]!.signature).toHaveLength(64);
  });

  it('verifies the Go note given as bytes', () => {
    expect(verifyNote(new TextEncoder().encode(peterNote), [peter]).text).toBe(PETER_NEUMANN.text);
  });

  it('verifies a note signed by two keys with either key alone, keeping the other unverified', () => {
    const byPeter = verifyNote(bothNote, [peter]);
    expect(byPeter.signatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(byPeter.unverifiedSignatures.map((s) => s.name)).toEqual(['EnochRoot']);
    const byEnoch = verifyNote(bothNote, [enoch]);
    expect(byEnoch.signatures.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(byEnoch.unverifiedSignatures.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(verifyNote(bothNote, [enoch, peter]).signatures).toHaveLength(2);
  });

  it(`reads up to ${MAX_NOTE_SIGNATURES} signature lines`, () => {
    const others = Array.from({ length: MAX_NOTE_SIGNATURES - 1 }, (_, i) =>
      foreignLine(`witness${i}.example`, i),
    );
    const note = `${PETER_NEUMANN.text}\n${others.join('')}${PETER_NEUMANN.signatureLine}`;
    const verified = verifyNote(note, [peter]);
    expect(verified.unverifiedSignatures).toHaveLength(MAX_NOTE_SIGNATURES - 1);
  });

  const tampered = peterNote.replace('cryptography', 'cryptographY');
  const badSignature = peterNote.replace('x08go/', 'x08go+');
  const cases: [string, string | Uint8Array, NoteFailureReason][] = [
    ['the note has CRLF line ends', peterNote.replaceAll('\n', '\r\n'), 'CONTROL_CHARACTER'],
    ['the text has a tab', peterNote.replace('If you', 'If\tyou'), 'CONTROL_CHARACTER'],
    ['the note has a NUL byte', `\u0000${peterNote}`, 'CONTROL_CHARACTER'],
    ['the final newline is missing', peterNote.slice(0, -1), 'MISSING_FINAL_NEWLINE'],
    [
      'the bytes are not UTF-8',
      Uint8Array.of(0xff, ...new TextEncoder().encode(peterNote)),
      'INVALID_UTF8',
    ],
    ['the string has a lone surrogate', `\udc00${peterNote}`, 'INVALID_UTF8'],
    ['no blank line precedes the signatures', peterNote.replace('\n\n', '\n'), 'MALFORMED_NOTE'],
    ['there are no signature lines', `${PETER_NEUMANN.text}\n`, 'MALFORMED_NOTE'],
    ['the note is empty', '', 'MISSING_FINAL_NEWLINE'],
    [
      'a line uses "--" for the em dash',
      peterNote.replace('\u2014 ', '-- '),
      'MALFORMED_SIGNATURE_LINE',
    ],
    [
      'a line has two spaces after the dash',
      peterNote.replace('\u2014 ', '\u2014  '),
      'MALFORMED_SIGNATURE_LINE',
    ],
    ['a line has no signature', peterNote.replace(/ x08go.*$/mu, ''), 'MALFORMED_SIGNATURE_LINE'],
    [
      'the signature is not canonical base64',
      peterNote.replace('AM=\n', 'AM\n'),
      'MALFORMED_SIGNATURE_LINE',
    ],
    [
      'the signature is URL-safe base64',
      peterNote.replace('x08go/', 'x08go_'),
      'MALFORMED_SIGNATURE_LINE',
    ],
    [
      'the signature is four bytes',
      peterNote.replace(/x08go.*$/mu, 'x08gow=='),
      'MALFORMED_SIGNATURE_LINE',
    ],
    [
      'an unknown line is malformed',
      `${peterNote}\u2014 bad+name AAAAAAA=\n`,
      'MALFORMED_SIGNATURE_LINE',
    ],
    ['the text was tampered with', tampered, 'BAD_SIGNATURE'],
    ['the signature was tampered with', badSignature, 'BAD_SIGNATURE'],
    [
      'a second line for the known key fails',
      `${peterNote}${PETER_NEUMANN.signatureLine.replace('x08go/', 'x08go+')}`,
      'BAD_SIGNATURE',
    ],
    [
      'only an unknown key signed',
      `${PETER_NEUMANN.text}\n${ENOCH_ROOT.signatureLine}`,
      'NO_TRUSTED_SIGNATURE',
    ],
    [
      'the line has the right name but another key ID',
      `${PETER_NEUMANN.text}\n${foreignLine('PeterNeumann', 0x530d903a)}`,
      'NO_TRUSTED_SIGNATURE',
    ],
    [
      'the line has the right key ID but another name',
      peterNote.replace('\u2014 PeterNeumann', '\u2014 PeterNeuman'),
      'NO_TRUSTED_SIGNATURE',
    ],
    [
      `there are ${MAX_NOTE_SIGNATURES + 1} signature lines`,
      `${PETER_NEUMANN.text}\n${Array.from({ length: MAX_NOTE_SIGNATURES }, (_, i) => foreignLine(`w${i}`, i)).join('')}${PETER_NEUMANN.signatureLine}`,
      'TOO_MANY_SIGNATURES',
    ],
  ];

  for (const [when, note, reason] of cases) {
    describe(`when ${when}`, () => {
      it(`refuses the note with ${reason}`, () => {
        const error = failureOf(() => verifyNote(note, [peter]), NoteVerificationError);
        expect(error.code).toBe('INTEGRITY_ERROR');
        expect(error.reason).toBe(reason);
      });
    });
  }

  describe('when no verifier is configured', () => {
    it('refuses with NO_TRUSTED_SIGNATURE, listing who signed', () => {
      const error = failureOf(() => verifyNote(bothNote, []), NoteVerificationError);
      expect(error.details).toEqual({
        reason: 'NO_TRUSTED_SIGNATURE',
        signers: ['PeterNeumann+c74f20a3', 'EnochRoot+af0cfe78'],
      });
    });
  });
});
