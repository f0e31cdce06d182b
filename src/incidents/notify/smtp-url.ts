import { isIP } from 'node:net';
import { ValidationError } from '../../lib/index.js';

/** Where and how to connect, parsed from `smtp://` or `smtps://` URLs. */
export interface SmtpTarget {
  /** `smtps:` is TLS from the first byte (RFC 8314 §3.3, "implicit TLS"). */
  secure: boolean;
  /** Without IPv6 brackets. */
  host: string;
  port: number;
  credentials?: { user: string; password: string };
}

/** RFC 5321 §4.5.4 and RFC 8314 §7.3: the registered ports when the URL gives none. */
const DEFAULT_PORTS = { 'smtp:': 25, 'smtps:': 465 } as const;

/**
 * Parses `smtp://[user:pass@]host[:port]` or `smtps://...`. User and password are
 * percent-decoded. Messages never repeat the URL, which may hold a password.
 */
export function parseSmtpUrl(url: string): SmtpTarget {
  const invalid = (message: string) =>
    new ValidationError(`invalid SMTP URL: ${message}`, [
      { code: 'INVALID_URL', path: ['url'], message },
    ]);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('not a URL; use smtp://host:port or smtps://host:port');
  }
  if (parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') {
    throw invalid(`the scheme must be smtp or smtps, not ${parsed.protocol.slice(0, -1)}`);
  }
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw invalid('no host');
  if ((parsed.pathname !== '' && parsed.pathname !== '/') || parsed.search || parsed.hash) {
    throw invalid('a path, query or fragment means nothing to SMTP');
  }
  const port = parsed.port === '' ? DEFAULT_PORTS[parsed.protocol] : Number(parsed.port);
  if (port === 0) throw invalid('port 0');
  const target: SmtpTarget = { secure: parsed.protocol === 'smtps:', host, port };
  if (parsed.username === '' && parsed.password === '') return target;
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(parsed.username);
    password = decodeURIComponent(parsed.password);
  } catch {
    throw invalid('the user or password is not valid percent-encoding');
  }
  // RFC 4616 §2: NUL separates the fields of a PLAIN message, so it cannot be inside one.
  if (user === '' || user.includes('\0') || password.includes('\0')) {
    throw invalid('the user must be non-empty and neither user nor password may contain NUL');
  }
  return { ...target, credentials: { user, password } };
}

/** Whether `host` is this machine, where a clear-text connection never crosses a network. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1' || /^::ffff:127\./i.test(host);
}
