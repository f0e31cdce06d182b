import { VerityError } from '../../lib/index.js';

/**
 * Why a request is not authenticated: the closed set of `details.reason` values that an
 * UNAUTHENTICATED error carries, so clients and logs can tell the cases apart by code, not text.
 */
export type AuthFailureReason =
  | 'missing'
  | 'malformed'
  | 'unknown-token'
  | 'expired'
  | 'revoked'
  | 'user-disabled'
  | 'bad-signature'
  | 'wrong-audience'
  | 'wrong-issuer'
  | 'alg-not-allowed'
  | 'bad-password'
  | 'no-such-session'
  | 'jwks-unavailable';

export const AUTH_FAILURE_REASONS: readonly AuthFailureReason[] = [
  'missing',
  'malformed',
  'unknown-token',
  'expired',
  'revoked',
  'user-disabled',
  'bad-signature',
  'wrong-audience',
  'wrong-issuer',
  'alg-not-allowed',
  'bad-password',
  'no-such-session',
  'jwks-unavailable',
];

/** An UNAUTHENTICATED error whose `details.reason` is one of `AuthFailureReason`. */
export function authFailure(reason: AuthFailureReason, message: string): VerityError {
  return new VerityError('UNAUTHENTICATED', message, { reason });
}

/** The reason an UNAUTHENTICATED error carries, or undefined for any other error. */
export function authFailureReason(error: unknown): AuthFailureReason | undefined {
  if (!(error instanceof VerityError) || error.code !== 'UNAUTHENTICATED') return undefined;
  const reason = error.details.reason;
  return AUTH_FAILURE_REASONS.find((r) => r === reason);
}

/** What really went wrong in a refused sign-in: for the server's log, never for the client. */
export type LoginFailureCause =
  'malformed-name' | 'unknown-user' | 'no-password' | 'user-disabled' | 'wrong-password';

/**
 * A refused sign-in. The client sees one message and reason ('bad-password') whatever the cause,
 * so the answer does not reveal whether the user exists or is disabled; the cause (`failure`), user
 * name and client address are kept on the error (not in `details`, which the HTTP layer sends) so the
 * caller can log the failure. Failed sign-ins change no state and are not ledgered.
 */
export class LoginFailedError extends VerityError {
  readonly failure: LoginFailureCause;
  readonly userName: string;
  readonly clientAddress: string;

  constructor(failure: LoginFailureCause, userName: string, clientAddress: string) {
    super('UNAUTHENTICATED', 'wrong user name or password', { reason: 'bad-password' });
    this.failure = failure;
    this.userName = userName;
    this.clientAddress = clientAddress;
  }
}
