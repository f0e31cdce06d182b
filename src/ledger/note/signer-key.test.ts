import { describe, expect, it } from 'vitest';
import { failureOf, fromHex, toHex } from '../__fixtures__/failure-of.js';
import { MLOPS_AUDIT, PETER_NEUMANN } from '../__fixtures__/signed-note-vectors.js';
import { decodeBase64Strict } from '../merkle/index.js';
import { NoteVerificationError, type NoteFailureReason } from './note-verification-error.js';
import { ed25519Signer, formatSignerKey, parseSignerKey } from './signer-key.js';
import { formatVerifierKey } from './verifier-key.js';

const MLOPS_SEED = fromHex(MLOPS_AUDIT.seedHex);

describe('Ed25519 signers from a 32-byte seed (standards.md §2.2)', () => {
  it('derives the published public key, key ID and key strings of the local test key', () => {
    const signer = ed25519Signer(MLOPS_AUDIT.name, MLOPS_SEED);
    expect(toHex(signer.publicKey)).toBe(MLOPS_AUDIT.publicKeyHex);
    expect(signer.keyId).toBe(MLOPS_AUDIT.keyId);
    expect(formatVerifierKey(signer.name, signer.publicKey)).toBe(MLOPS_AUDIT.vkey);
    expect(formatSignerKey(MLOPS_AUDIT.name, MLOPS_SEED)).toBe(MLOPS_AUDIT.skey);
  });

  it('parses the Go PeterNeumann signer key into the key its vkey names', () => {
    const signer = parseSignerKey(PETER_NEUMANN.skey);
    expect(signer.name).toBe('PeterNeumann');
    expect(formatVerifierKey(signer.name, signer.publicKey)).toBe(PETER_NEUMANN.vkey);
    const seed = decodeBase64Strict(PETER_NEUMANN.skey.split('+').slice(4).join('+')).subarray(1);
    expect(formatSignerKey('PeterNeumann', seed)).toBe(PETER_NEUMANN.skey);
  });

  it('does not expose the seed on the signer object', () => {
    const signer = ed25519Signer(MLOPS_AUDIT.name, MLOPS_SEED);
    expect(JSON.stringify(signer)).not.toContain(MLOPS_AUDIT.seedHex);
    expect(Object.keys(signer).sort()).toEqual(['keyId', 'name', 'publicKey', 'sign']);
  });

  const fields = MLOPS_AUDIT.skey.split('+') as [string, string, string, string, string];
  describe.each<[string, string, NoteFailureReason]>([
    ['the PRIVATE+KEY prefix is missing', fields.slice(2).join('+'), 'MALFORMED_KEY'],
    ['a verifier key is given', MLOPS_AUDIT.vkey, 'MALFORMED_KEY'],
    [
      'the key ID belongs to another key',
      [...fields.slice(0, 3), 'c74f20a3', fields[4]].join('+'),
      'KEY_ID_MISMATCH',
    ],
    [
      'the seed is not canonical base64',
      [...fields.slice(0, 4), fields[4].slice(1)].join('+'),
      'MALFORMED_KEY',
    ],
  ])('when %s', (_, skey, reason) => {
    it(`refuses it with ${reason}`, () => {
      expect(failureOf(() => parseSignerKey(skey), NoteVerificationError).reason).toBe(reason);
    });
  });

  describe('when the seed is not 32 bytes', () => {
    it('refuses it with MALFORMED_KEY', () => {
      const error = failureOf(
        () => ed25519Signer(MLOPS_AUDIT.name, MLOPS_SEED.subarray(1)),
        NoteVerificationError,
      );
      expect(error.details).toEqual({ reason: 'MALFORMED_KEY', length: 31 });
    });
  });

  describe('when the name is not a valid key name', () => {
    it('refuses it with MALFORMED_KEY', () => {
      expect(
        failureOf(() => ed25519Signer('two words', MLOPS_SEED), NoteVerificationError).reason,
      ).toBe('MALFORMED_KEY');
    });
  });
});
