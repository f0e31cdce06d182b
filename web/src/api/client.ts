import { ApiError, HttpTransport, VerityClient } from '../../../src/client/index.js';

export { ApiError };

/**
 * The dashboard talks to the same REST API as the CLI, through the same typed client. It is
 * signed in by the HttpOnly session cookie the browser sends by itself; every change carries the
 * CSRF header that a cross-site form cannot set.
 */
const options = { baseUrl: window.location.origin, headers: { 'x-verity-csrf': '1' } };
export const api = new VerityClient(options);
/** For the few routes the typed client has no method for. */
const transport = new HttpTransport(options);

/** Listeners told when an answer says the session is gone (expired, revoked, user disabled). */
const signedOutListeners = new Set<() => void>();

export function onSignedOut(listener: () => void): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

export function reportError(error: unknown): void {
  if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
    for (const listener of signedOutListeners) listener();
  }
}

/** A short sentence for an error, with its stable code. */
export function describeError(error: unknown): { code: string; message: string } {
  if (error instanceof ApiError) return { code: error.code, message: error.message };
  if (error instanceof Error) return { code: 'NETWORK', message: error.message };
  return { code: 'UNKNOWN', message: String(error) };
}

/** GET a path under /api/v1 that the typed client has no method for, as JSON. */
export function getJson<T>(path: string): Promise<T> {
  return transport.json<T>('GET', path);
}

/** A JSON change under /api/v1 that the typed client has no method for. */
export function sendJson<T>(
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  path: string,
  body?: unknown,
): Promise<T> {
  return transport.json<T>(method, path, body, true);
}

/** URL of a download under /api/v1 (the session cookie authorises it). */
export function apiUrl(path: string): string {
  return `/api/v1${path}`;
}

/** Encodes one path segment (a model `namespace/name` keeps its slash encoded). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
