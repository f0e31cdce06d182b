import { scryptSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertPasswordPolicy,
  hashPassword,
  isPasswordHash,
  verifyDummyPassword,
  verifyPassword,
} from './passwords.js';

const GOOD = 'correct horse battery staple';

describe('password hashing', () => {
  it('stores scrypt$15$8$1$<16-byte salt>$<32-byte hash> in base64url', async () => {
    const stored = await hashPassword(GOOD);
    expect(stored).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    const [, , , , salt, hash] = stored.split('$');
    expect(Buffer.from(salt ?? '', 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash ?? '', 'base64url')).toHaveLength(32);
  });

  it('derives exactly scrypt(password, salt, N=2^15, r=8, p=1, 32 bytes)', async () => {
    const salt = Buffer.alloc(16, 7);
    const stored = await hashPassword(GOOD, (n) => Buffer.alloc(n, 7));
    const expected = scryptSync(GOOD, salt, 32, { N: 2 ** 15, r: 8, p: 1, maxmem: 64 * 1024 ** 2 });
    expect(stored).toBe(
      `scrypt$15$8$1$${salt.toString('base64url')}$${expected.toString('base64url')}`,
    );
  });

  it('uses a fresh salt each time', async () => {
    expect(await hashPassword(GOOD)).not.toBe(await hashPassword(GOOD));
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const stored = await hashPassword(GOOD);
    expect(await verifyPassword(GOOD, stored)).toBe(true);
    expect(await verifyPassword(`${GOOD}!`, stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('accepts the RFC 7914 §12 test vector (N=16384, r=8, p=1)', async () => {
    const hash = Buffer.from(
      '7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2' +
        'd5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887',
      'hex',
    );
    const stored = `scrypt$14$8$1$${Buffer.from('SodiumChloride').toString('base64url')}$${hash.toString('base64url')}`;
    expect(await verifyPassword('pleaseletmein', stored)).toBe(true);
    expect(await verifyPassword('pleaseletmeout', stored)).toBe(false);
  });

  it('matches composed and decomposed spellings of the same password (NFC)', async () => {
    const composed = 'pass-phrase-caf\u00e9';
    const decomposed = 'pass-phrase-cafe\u0301';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  describe('when the stored value is not a hash it can verify', () => {
    it.each([
      ['empty', ''],
      ['another scheme', '$2b$12$abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQ'],
      [
        'a cost that would exhaust memory',
        'scrypt$30$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ],
      ['a missing field', 'scrypt$15$8$1$AAAAAAAAAAAAAAAAAAAAAA'],
    ])('treats %s as a mismatch', async (_what, stored) => {
      expect(isPasswordHash(stored)).toBe(false);
      expect(await verifyPassword(GOOD, stored)).toBe(false);
    });
  });

  it('spends real scrypt work in the dummy check and always fails', async () => {
    await verifyDummyPassword(GOOD); // warm: the dummy hash is made once
    const start = process.hrtime.bigint();
    expect(await verifyDummyPassword(GOOD)).toBe(false);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    expect(ms).toBeGreaterThan(5);
  });
});

describe('the password policy', () => {
  it('refuses 11 characters and accepts 12, with VALIDATION_ERROR and an issue path', () => {
    expect(() => assertPasswordPolicy('a'.repeat(11))).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_ERROR',
        details: { issues: [expect.objectContaining({ path: ['password'], code: 'too_small' })] },
      }),
    );
    expect(() => assertPasswordPolicy('a'.repeat(12))).not.toThrow();
  });

  it('refuses more than 1024 characters', () => {
    expect(() => assertPasswordPolicy('a'.repeat(1024))).not.toThrow();
    expect(() => assertPasswordPolicy('a'.repeat(1025))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
  });

  it('counts characters, not UTF-16 units: 6 emoji are 6 characters', () => {
    expect(() => assertPasswordPolicy('\u{1F511}'.repeat(6))).toThrow(
      expect.objectContaining({ code: 'VALIDATION_ERROR' }),
    );
    expect(() => assertPasswordPolicy('\u{1F511}'.repeat(12))).not.toThrow();
  });

  it('is enforced by hashPassword itself', async () => {
    await expect(hashPassword('short')).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
  });
});
