import { describe, expect, it } from 'vitest';
import { failureOf, toHex } from '../__fixtures__/failure-of.js';
import { decodeBase64Strict, decodeHex32, encodeBase64 } from './decode-base64-strict.js';
import { MerkleVerificationError } from './merkle-verification-error.js';

const ROOT8_BASE64 = 'XcnaeacGWamtVZy3Ad7ZoqudgjqtL0lgz+Nw7/RgQyg=';
const ROOT8_HEX = '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328';

describe('decodeBase64Strict (standards.md §1.7)', () => {
  it('decodes canonical standard base64 and round-trips', () => {
    expect(toHex(decodeBase64Strict(ROOT8_BASE64))).toBe(ROOT8_HEX);
    expect(encodeBase64(decodeBase64Strict(ROOT8_BASE64))).toBe(ROOT8_BASE64);
    expect(decodeBase64Strict('')).toHaveLength(0);
  });

  describe.each([
    ['the URL-safe alphabet', ROOT8_BASE64.replace('+', '-').replace('/', '_')],
    ['missing padding', ROOT8_BASE64.slice(0, -1)],
    ['extra padding', `${ROOT8_BASE64}=`],
    ['embedded whitespace', `${ROOT8_BASE64.slice(0, 8)} ${ROOT8_BASE64.slice(9)}`],
    ['a trailing newline', `${ROOT8_BASE64}\n`],
    ['characters Node would skip', `${ROOT8_BASE64.slice(0, -4)}!${ROOT8_BASE64.slice(-3)}`],
    ['padding in the middle', 'AA==AAAA'],
    ['non-zero padding bits', 'AB=='],
    ['three padding characters', 'A==='],
  ])('when the text has %s', (_, text) => {
    it('refuses it with BAD_ENCODING', () => {
      const error = failureOf(() => decodeBase64Strict(text, 'root'), MerkleVerificationError);
      expect(error.code).toBe('INTEGRITY_ERROR');
      expect(error.details).toEqual({ reason: 'BAD_ENCODING', field: 'root' });
    });
  });
});

describe('decodeHex32 (standards.md §1.7)', () => {
  it('decodes 64 lowercase hex digits', () => {
    expect(toHex(decodeHex32(ROOT8_HEX))).toBe(ROOT8_HEX);
  });

  describe.each([
    ['upper case', ROOT8_HEX.toUpperCase()],
    ['a 0x prefix', `0x${ROOT8_HEX.slice(2)}`],
    ['31 bytes', ROOT8_HEX.slice(2)],
    ['33 bytes', `${ROOT8_HEX}00`],
    ['surrounding whitespace', ` ${ROOT8_HEX}`],
    ['a non-hex digit', `${ROOT8_HEX.slice(0, -1)}g`],
  ])('when the text has %s', (_, text) => {
    it('refuses it with BAD_ENCODING', () => {
      expect(failureOf(() => decodeHex32(text), MerkleVerificationError).reason).toBe(
        'BAD_ENCODING',
      );
    });
  });
});
