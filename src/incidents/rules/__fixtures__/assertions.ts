/** Test helpers: the issues of a thrown `ValidationError`, and instants by minute offset. */
import { expect } from 'vitest';
import { ValidationError } from '../../../lib/index.js';
import type { Issue } from '../../../lib/index.js';

/** Runs `fn`, which must throw a `ValidationError`, and returns its issues. */
export function validationIssues(fn: () => unknown): Issue[] {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    expect(error.code).toBe('VALIDATION_ERROR');
    return (error.details.issues ?? []) as Issue[];
  }
  return expect.fail('expected a ValidationError, but nothing was thrown');
}

/** The issue codes of the `ValidationError` that `fn` throws. */
export function issueCodes(fn: () => unknown): string[] {
  return validationIssues(fn).map((issue) => issue.code);
}

/** `base` plus whole (or fractional) minutes, as a Date. */
export function minutesAfter(base: string, minutes: number): Date {
  return new Date(Date.parse(base) + minutes * 60_000);
}
