/** The dashboard session cookie's name. */
export const SESSION_COOKIE = 'verity_session';

export interface SessionCookieOptions {
  /** Adds `Secure`: set it whenever the server is reached over HTTPS. */
  secure: boolean;
  maxAgeSeconds: number;
}

/**
 * A `Set-Cookie` value for a session (RFC 6265 §4.1): `HttpOnly` keeps it from scripts,
 * `SameSite=Strict` keeps other sites from sending it (the CSRF defence for cookie-authenticated
 * changes), `Path=/` covers the API and the dashboard.
 */
export function sessionCookie(secret: string, options: SessionCookieOptions): string {
  if (!/^[A-Za-z0-9_-]+$/.test(secret)) throw new Error('a session secret is base64url');
  const maxAge = Math.max(0, Math.floor(options.maxAgeSeconds));
  return cookieWith(secret, maxAge, options.secure);
}

/** A `Set-Cookie` value that removes the session cookie (sign-out). */
export function clearSessionCookie(options: { secure?: boolean } = {}): string {
  return cookieWith('', 0, options.secure ?? false);
}

function cookieWith(value: string, maxAge: number, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${value}`,
    'HttpOnly',
    'SameSite=Strict',
    'Path=/',
    `Max-Age=${maxAge}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

/**
 * Parses a `Cookie` request header (RFC 6265 §5.4) into name → value. The first occurrence of a
 * name wins; values in double quotes are unquoted; nothing is URL-decoded (Verity's own cookie
 * is base64url). The result has no prototype, so a cookie named `__proto__` is just a key.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (header === undefined || header.length > 16 * 1024) return cookies;
  for (const pair of header.split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    let value = pair.slice(eq + 1).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) {
      value = value.slice(1, -1);
    }
    if (name !== '' && !(name in cookies)) cookies[name] = value;
  }
  return cookies;
}
