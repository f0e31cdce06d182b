import { describe, expect, it } from 'vitest';
import { clearSessionCookie, parseCookies, sessionCookie } from './cookies.js';

const SECRET = 'q'.repeat(43);

describe('session cookies', () => {
  it('sets an HttpOnly, SameSite=Strict cookie for the whole site', () => {
    expect(sessionCookie(SECRET, { secure: false, maxAgeSeconds: 43_200 })).toBe(
      `verity_session=${SECRET}; HttpOnly; SameSite=Strict; Path=/; Max-Age=43200`,
    );
  });

  it('adds Secure when configured', () => {
    expect(sessionCookie(SECRET, { secure: true, maxAgeSeconds: 60 })).toBe(
      `verity_session=${SECRET}; HttpOnly; SameSite=Strict; Path=/; Max-Age=60; Secure`,
    );
  });

  it('refuses a value that could inject attributes', () => {
    expect(() =>
      sessionCookie('abc; Domain=evil.example', { secure: false, maxAgeSeconds: 1 }),
    ).toThrow();
  });

  it('clears the cookie with an empty value and Max-Age=0', () => {
    expect(clearSessionCookie()).toBe(
      'verity_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0',
    );
    expect(clearSessionCookie({ secure: true })).toMatch(/; Secure$/);
  });
});

describe('parseCookies', () => {
  it('reads name=value pairs separated by semicolons', () => {
    expect({ ...parseCookies('a=1; verity_session=abc;b="quoted"') }).toEqual({
      a: '1',
      verity_session: 'abc',
      b: 'quoted',
    });
  });

  it('keeps the first of repeated names', () => {
    expect(parseCookies('verity_session=first; verity_session=second').verity_session).toBe(
      'first',
    );
  });

  it('ignores pairs without a name or "=", and an absent header', () => {
    expect({ ...parseCookies('=x; novalue; ; c=3') }).toEqual({ c: '3' });
    expect({ ...parseCookies(undefined) }).toEqual({});
  });

  it('treats __proto__ as an ordinary name', () => {
    const cookies = parseCookies('__proto__=x; constructor=y');
    expect(cookies.__proto__).toBe('x');
    expect(Object.getPrototypeOf(cookies)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
