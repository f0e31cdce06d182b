/**
 * Test helper: `expectClose(actual, expected, rel)` passes when |actual − expected| ≤ rel·|expected|
 * (default 1e-9, the tolerance statistics.md §9 asks for). An expected value of exactly 0 cannot be
 * matched relatively, so it is compared with an absolute `zeroTolerance` (default 1e-15); ±∞ and
 * NaN must match exactly. Where a looser tolerance is justified, the caller passes `absolute` and
 * says why next to the call.
 */
import { expect } from 'vitest';

export interface CloseOptions {
  /** Also accept |actual − expected| ≤ absolute (for values dominated by rounding, see caller). */
  absolute?: number;
  /** Absolute tolerance used when expected is exactly 0 (default 1e-15). */
  zeroTolerance?: number;
}

/** Relative error |a − e|/|e| (absolute when e = 0; 0 when both are equal, including ±∞). */
export function relativeError(actual: number, expected: number): number {
  if (Object.is(actual, expected) || actual === expected) return 0;
  if (Number.isNaN(actual) && Number.isNaN(expected)) return 0;
  if (expected === 0) return Math.abs(actual);
  return Math.abs(actual - expected) / Math.abs(expected);
}

export function expectClose(
  actual: number,
  expected: number,
  rel = 1e-9,
  options: CloseOptions = {},
): void {
  if (!Number.isFinite(expected)) {
    expect(actual).toBe(expected);
    return;
  }
  const difference = Math.abs(actual - expected);
  const allowed = Math.max(
    expected === 0 ? (options.zeroTolerance ?? 1e-15) : rel * Math.abs(expected),
    options.absolute ?? 0,
  );
  if (!(difference <= allowed)) {
    const error = relativeError(actual, expected);
    expect.fail(
      `expected ${actual} to be within ${allowed} of ${expected} (relative error ${error})`,
    );
  }
}
