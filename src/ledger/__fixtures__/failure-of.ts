/**
 * Test helpers: run a function that must fail and return its error, typed, so tests assert the
 * exact code and reason (sigstore-js `toThrowWithCode` style) rather than message text.
 */
type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export function failureOf<E extends Error>(fn: () => unknown, type: ErrorClass<E>): E {
  try {
    fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

export async function asyncFailureOf<E extends Error>(
  fn: () => Promise<unknown>,
  type: ErrorClass<E>,
): Promise<E> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a ${type.name}, but nothing was thrown`);
}

/** Lowercase hex of bytes, for readable assertions against published vectors. */
export function toHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** Bytes of a hex string (test data only; production code uses decodeHex32). */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}
