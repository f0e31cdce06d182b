import { describe, expect, it } from 'vitest';
import {
  addressIssues,
  dotStuff,
  encodeWords,
  foldHeader,
  formatDate,
  formatMessage,
} from './mail-message.js';

describe('formatDate', () => {
  it('writes RFC 5322 date-time in UTC with a numeric zone', () => {
    expect(formatDate(new Date('2003-07-01T10:52:37Z'))).toBe('Tue, 01 Jul 2003 10:52:37 +0000');
    expect(formatDate(new Date('2026-12-31T23:59:59.999+01:00'))).toBe(
      'Thu, 31 Dec 2026 22:59:59 +0000',
    );
  });
});

describe('dotStuff', () => {
  it('doubles a leading dot on every line and on the first, and nothing else', () => {
    expect(dotStuff('.a\r\nb.\r\n.\r\n..c\r\nd . e')).toBe('..a\r\nb.\r\n..\r\n...c\r\nd . e');
  });
});

describe('foldHeader', () => {
  it('keeps short fields on one line', () => {
    expect(foldHeader('Subject', 'short')).toBe('Subject: short');
  });

  it('folds before spaces to stay within 78 characters, and unfolds to the same value', () => {
    const value = Array.from({ length: 30 }, (_, i) => `word${i}`).join(' ');
    const folded = foldHeader('Subject', value);
    const lines = folded.split('\r\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(78);
    for (const line of lines.slice(1)) expect(line.startsWith(' ')).toBe(true);
    expect(folded.replace(/\r\n/g, '')).toBe(`Subject: ${value}`);
  });

  it('leaves a word longer than the limit whole rather than breaking it', () => {
    const long = 'x'.repeat(100);
    expect(foldHeader('X-Long', `a ${long} b`).split('\r\n')).toEqual([
      'X-Long: a',
      ` ${long}`,
      ' b',
    ]);
  });
});

describe('encodeWords', () => {
  it('splits at character boundaries into words of at most 75 characters', () => {
    const text = '信用'.repeat(30);
    const words = encodeWords(text);
    expect(words.length).toBeGreaterThan(1);
    for (const word of words) {
      expect(word.length).toBeLessThanOrEqual(75);
      // Each word decodes on its own: no character is split between two words.
      const decoded = Buffer.from(word.slice(10, -2), 'base64').toString('utf8');
      expect(decoded).not.toContain('\ufffd');
    }
    expect(words.map((w) => Buffer.from(w.slice(10, -2), 'base64').toString('utf8')).join('')).toBe(
      text,
    );
  });
});

describe('formatMessage', () => {
  const base = {
    from: 'verity@example.com',
    date: new Date('2026-03-01T09:05:07Z'),
    messageId: '<id@example.com>',
  };

  it('switches to base64 for a line over 998 characters, even in ASCII', () => {
    const text = 'y'.repeat(1200);
    const formatted = formatMessage({
      ...base,
      message: { to: ['a@example.com'], subject: 's', text },
    });
    expect(formatted).toContain('Content-Transfer-Encoding: base64');
    const body = formatted.split('\r\n\r\n')[1]!;
    for (const line of body.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString()).toBe(text);
  });

  it('folds a long recipient list after commas', () => {
    const to = Array.from({ length: 8 }, (_, i) => `responder-${i}@example.com`);
    const formatted = formatMessage({ ...base, message: { to, subject: 's', text: 't' } });
    const field = /^To: .*(?:\r\n .*)*/m.exec(formatted)?.[0] ?? '';
    expect(field.replace(/\r\n/g, '')).toBe(`To: ${to.join(', ')}`);
    expect(field.split('\r\n').length).toBeGreaterThan(1);
  });
});

describe('addressIssues', () => {
  it.each([
    'ops@example.com',
    'first.last+tag@sub.example.co.uk',
    "o'brien@example.ie",
    'a@[192.0.2.1]',
  ])('accepts %s', (address) => {
    expect(addressIssues(address, ['to', 0])).toEqual([]);
  });

  it.each([
    'ops@',
    '@example.com',
    '.ops@example.com',
    'ops..x@example.com',
    '"quoted"@example.com',
    'ops@-example.com',
    'ops@example.com>',
    `${'l'.repeat(65)}@example.com`,
  ])('refuses %s', (address) => {
    expect(addressIssues(address, ['to', 0])).toMatchObject([{ code: 'INVALID_ADDRESS' }]);
  });
});
