import { isSignatureVerificationError } from '../signature-verification-error.js';

/**
 * The `reason` a call fails with, for `expect(thrownReason(...)).toBe('...')`. Anything else is
 * described so that a failing assertion shows what happened instead.
 */
export function thrownReason(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return summarise(error);
  }
  return 'no error';
}

/** {@link thrownReason} for async calls. */
export async function rejectedReason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return summarise(error);
  }
  return 'no error';
}

function summarise(error: unknown): string {
  if (isSignatureVerificationError(error)) return error.reason;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
