/** Test helpers: the issue codes (and paths) of the `ValidationError` a call must throw. */
import { expect } from 'vitest';
import { ValidationError } from '../../../lib/index.js';
import type { Issue } from '../../../lib/index.js';

function issuesOf(error: unknown): Issue[] {
  if (!(error instanceof ValidationError)) throw error;
  expect(error.code).toBe('VALIDATION_ERROR');
  return (error.details.issues ?? []) as Issue[];
}

/** Awaits `fn`, which must reject with a `ValidationError`, and returns its issues. */
export async function rejectedIssues(fn: () => Promise<unknown>): Promise<Issue[]> {
  try {
    await fn();
  } catch (error) {
    return issuesOf(error);
  }
  return expect.fail('expected a ValidationError, but nothing was thrown');
}

/** The issue codes of the `ValidationError` that `fn` rejects with. */
export async function rejectedCodes(fn: () => Promise<unknown>): Promise<string[]> {
  return (await rejectedIssues(fn)).map((issue) => issue.code);
}
