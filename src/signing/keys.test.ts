import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SPEC_P384_HINT, SPEC_P384_PUBLIC_KEY_PEM } from './__fixtures__/oms-spec-vectors.js';
import {
  exportPrivateKeyPem,
  exportPublicKeyPem,
  generateSigningKeyPair,
  importPrivateKeyPem,
  importPublicKeyPem,
  keyHint,
  signingKeyType,
} from './keys.js';

describe('keys', () => {
  it('generates P-256 by default and Ed25519 on request', () => {
    expect(signingKeyType(generateSigningKeyPair().publicKey)).toBe('ecdsa-p256');
    expect(signingKeyType(generateSigningKeyPair('ed25519').privateKey)).toBe('ed25519');
  });

  it('round-trips PKCS#8 private and SPKI public PEM', () => {
    const { privateKey, publicKey } = generateSigningKeyPair();
    const privatePem = exportPrivateKeyPem(privateKey);
    const publicPem = exportPublicKeyPem(publicKey);
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n[\s\S]*-----END PUBLIC KEY-----\n$/);
    expect(importPrivateKeyPem(privatePem).equals(privateKey)).toBe(true);
    expect(importPublicKeyPem(publicPem).equals(publicKey)).toBe(true);
    expect(exportPublicKeyPem(privateKey)).toBe(publicPem);
  });

  it('hints a key by the SHA-256 of its SPKI PEM text, final LF included (§7): the spec hint', () => {
    const key = importPublicKeyPem(SPEC_P384_PUBLIC_KEY_PEM);
    expect(keyHint(key)).toBe(SPEC_P384_HINT);
    expect(createHash('sha256').update(SPEC_P384_PUBLIC_KEY_PEM).digest('hex')).toBe(
      SPEC_P384_HINT,
    );
  });

  it('gives a private key the hint of its public half', () => {
    const { privateKey, publicKey } = generateSigningKeyPair();
    expect(keyHint(privateKey)).toBe(keyHint(publicKey));
  });

  describe('when a PEM is not what it should be', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const x25519 = generateKeyPairSync('x25519');
    const p256 = generateSigningKeyPair();
    it.each<[string, () => unknown]>([
      [
        'a private key given as public',
        () => importPublicKeyPem(exportPrivateKeyPem(p256.privateKey)),
      ],
      [
        'a public key given as private',
        () => importPrivateKeyPem(exportPublicKeyPem(p256.publicKey)),
      ],
      [
        'an RSA key',
        () => importPublicKeyPem(rsa.publicKey.export({ format: 'pem', type: 'spki' }) as string),
      ],
      [
        'an X25519 key',
        () =>
          importPublicKeyPem(x25519.publicKey.export({ format: 'pem', type: 'spki' }) as string),
      ],
      [
        'a SEC1 EC key',
        () =>
          importPrivateKeyPem(p256.privateKey.export({ format: 'pem', type: 'sec1' }) as string),
      ],
      [
        'garbage',
        () => importPublicKeyPem('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n'),
      ],
    ])('refuses %s with VALIDATION_ERROR', (_, read) => {
      expect(read).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    });
  });
});
