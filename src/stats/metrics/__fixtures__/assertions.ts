/** Test helpers: relative-tolerance comparison and the issue codes of a `ValidationError`. */
import { expect } from 'vitest';
import { ValidationError } from '../../../lib/index.js';

/** |actual − expected| ≤ rel·|expected| (exact equality when expected is 0). */
export function expectRelClose(actual: number, expected: number, rel = 1e-12): void {
  const tolerance = rel * Math.abs(expected);
  if (Math.abs(actual - expected) > tolerance) {
    expect.fail(`expected ${actual} to be within ${rel} (relative) of ${expected}`);
  }
}

/** Runs `fn`, which must throw a `ValidationError`, and returns its issue codes. */
export function issueCodes(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.code).toBe('VALIDATION_ERROR');
    const issues = (error.details.issues ?? []) as { code: string }[];
    return issues.map((issue) => issue.code);
  }
  return expect.fail('expected a ValidationError, but nothing was thrown');
}

/**
 * Matches a value published with a fixed number of decimals (e.g. '0.225714285714') to all of
 * them: |actual − published| ≤ half a unit in the last printed place.
 */
export function expectPublished(actual: number, published: string): void {
  const decimals = published.split('.')[1]?.length ?? 0;
  const tolerance = 0.5 * 10 ** -decimals * (1 + 1e-9);
  if (Math.abs(actual - Number(published)) > tolerance) {
    expect.fail(`expected ${actual} to round to ${published}`);
  }
}
