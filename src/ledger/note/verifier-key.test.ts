import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import {
  EXAMPLE_FOO,
  MLOPS_AUDIT,
  PETER_NEUMANN,
  SUM_GOLANG_VKEY,
} from '../__fixtures__/signed-note-vectors.js';
import { encodeBase64 } from '../merkle/index.js';
import { NoteVerificationError, type NoteFailureReason } from './note-verification-error.js';
import {
  ed25519Verifier,
  formatKeyId,
  formatVerifierKey,
  isValidKeyName,
  keyId,
  parseVerifierKey,
} from './verifier-key.js';

const MLOPS_PUBLIC_KEY = fromHex(MLOPS_AUDIT.publicKeyHex);

describe('keyId (c2sp.org/signed-note)', () => {
  it('is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || key), big-endian', () => {
    expect(formatKeyId(keyId(MLOPS_AUDIT.name, MLOPS_PUBLIC_KEY))).toBe('e1894262');
    const digest = createHash('sha256')
      .update(`${MLOPS_AUDIT.name}\n`)
      .update(Uint8Array.of(0x01, ...MLOPS_PUBLIC_KEY))
      .digest('hex');
    expect(digest.startsWith('e18942623e09c24b')).toBe(true);
  });

  it('depends on the name', () => {
    expect(keyId('example.com/other', MLOPS_PUBLIC_KEY)).not.toBe(MLOPS_AUDIT.keyId);
  });
});

describe('verifier keys (standards.md §2.2)', () => {
  it.each([
    ['c2sp.org example', EXAMPLE_FOO.vkey, 'example.com/foo', 0x530d903a],
    ['Go sumdb/note example', PETER_NEUMANN.vkey, 'PeterNeumann', 0xc74f20a3],
    ['sum.golang.org, whose base64 contains "+"', SUM_GOLANG_VKEY, 'sum.golang.org', 0x033de0ae],
    ['local test key', MLOPS_AUDIT.vkey, MLOPS_AUDIT.name, MLOPS_AUDIT.keyId],
  ])('parses the %s and formats it back byte for byte', (_, vkey, name, id) => {
    const verifier = parseVerifierKey(vkey);
    expect(verifier.name).toBe(name);
    expect(verifier.keyId).toBe(id);
    expect(formatVerifierKey(verifier.name, verifier.publicKey)).toBe(vkey);
  });

  it('formats the local test key from its raw public key', () => {
    expect(formatVerifierKey(MLOPS_AUDIT.name, MLOPS_PUBLIC_KEY)).toBe(MLOPS_AUDIT.vkey);
    expect(toHex(parseVerifierKey(MLOPS_AUDIT.vkey).publicKey)).toBe(MLOPS_AUDIT.publicKeyHex);
  });

  const [name, id, key] = MLOPS_AUDIT.vkey.split('+') as [string, string, string];
  const typed = (type: number, length = 32) =>
    encodeBase64(Uint8Array.of(type, ...MLOPS_PUBLIC_KEY.subarray(0, length)));

  describe.each<[string, string, NoteFailureReason]>([
    ['the key has no "+" at all', 'example.com', 'MALFORMED_KEY'],
    ['the key has only two fields', `${name}+${id}`, 'MALFORMED_KEY'],
    ['the name is empty', `+${id}+${key}`, 'MALFORMED_KEY'],
    ['the name has a space', `example .com+${id}+${key}`, 'MALFORMED_KEY'],
    ['the name has a non-breaking space', `example\u00a0com+${id}+${key}`, 'MALFORMED_KEY'],
    ['the key ID is upper-case hex', `${name}+${id.toUpperCase()}+${key}`, 'MALFORMED_KEY'],
    ['the key ID has 7 digits', `${name}+${id.slice(1)}+${key}`, 'MALFORMED_KEY'],
    ['the key is not canonical base64', `${name}+${id}+${key.slice(0, -1)}`, 'MALFORMED_KEY'],
    ['the key is URL-safe base64', PETER_NEUMANN.vkey.replace('/', '_'), 'MALFORMED_KEY'],
    ['the key is empty', `${name}+${id}+`, 'MALFORMED_KEY'],
    ['the type byte is not Ed25519', `${name}+${id}+${typed(0x02)}`, 'UNSUPPORTED_KEY_TYPE'],
    ['the Ed25519 key is 31 bytes', `${name}+${id}+${typed(0x01, 31)}`, 'MALFORMED_KEY'],
    ['the key ID belongs to another key', `${name}+530d903a+${key}`, 'KEY_ID_MISMATCH'],
    ['the name was changed', `example.com/mlops-audiT+${id}+${key}`, 'KEY_ID_MISMATCH'],
  ])('when %s', (_, vkey, reason) => {
    it(`refuses it with ${reason}`, () => {
      const error = failureOf(() => parseVerifierKey(vkey), NoteVerificationError);
      expect(error.code).toBe('INTEGRITY_ERROR');
      expect(error.reason).toBe(reason);
    });
  });

  describe('when a raw public key is not 32 bytes', () => {
    it('refuses it with MALFORMED_KEY', () => {
      const error = failureOf(
        () => ed25519Verifier(MLOPS_AUDIT.name, MLOPS_PUBLIC_KEY.subarray(1)),
        NoteVerificationError,
      );
      expect(error.details).toEqual({ reason: 'MALFORMED_KEY', length: 31 });
    });
  });
});

describe('isValidKeyName', () => {
  it('accepts schema-less URLs and other names without spaces or "+"', () => {
    expect(isValidKeyName('example.com/mlops-audit')).toBe(true);
    expect(isValidKeyName('PeterNeumann')).toBe(true);
    expect(isValidKeyName('café.example/log')).toBe(true);
  });

  it.each(['', 'a b', 'a+b', 'a\tb', 'a\u2003b', 'a\u3000b', 'a\u0085b', 'a\ud800b'])(
    'refuses %j',
    (name) => {
      expect(isValidKeyName(name)).toBe(false);
    },
  );
});
