/**
 * Input checks shared by every metric. Inputs are treated as untrusted (they come from uploaded
 * evaluation files): each check reports every problem it finds, up to a cap, as a coded issue.
 * Malformed input throws `ValidationError`; a metric that is merely undefined for well-formed
 * data (0/0) returns NaN instead (see `ZeroDivision`).
 */
import { ValidationError } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';

/** A binary outcome or prediction: 1/true is the positive class, 0/false the negative. */
export type BinaryLabel = number | boolean;

/**
 * What a ratio returns when its denominator is zero (precision with no predicted positives,
 * recall with no actual positives, a parity ratio whose largest rate is 0, ...).
 *
 * - `'nan'` (default everywhere in this module): NaN, as sklearn's `zero_division=np.nan`. The
 *   metric is visibly undefined; reports also list it in `undefinedMetrics`.
 * - `0` or `1`: that number, as sklearn's `zero_division=0|1`. `0` reproduces sklearn's default
 *   `'warn'` values (which return 0 and emit a warning; there is no warning channel here).
 */
export type ZeroDivision = 'nan' | 0 | 1;

/** The number of issues collected before a check stops looking. */
const MAX_ISSUES = 20;

class IssueList {
  readonly issues: Issue[] = [];

  add(code: string, path: (string | number)[], message: string): void {
    if (this.issues.length < MAX_ISSUES) this.issues.push({ code, path, message });
  }

  throwIfAny(message: string): void {
    if (this.issues.length > 0) throw new ValidationError(message, this.issues);
  }
}

/** Throws a `ValidationError` with one issue. */
export function invalid(code: string, path: (string | number)[], message: string): never {
  throw new ValidationError(message, [{ code, path, message }]);
}

/** Binary labels as 0/1 bytes; rejects anything other than 0, 1, true, false. */
export function toBinary(values: ArrayLike<BinaryLabel>, field: string): Uint8Array {
  const out = new Uint8Array(values.length);
  const issues = new IssueList();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v === 1 || v === true) out[i] = 1;
    else if (v !== 0 && v !== false) {
      issues.add('invalid_label', [field, i], `${field}[${i}] must be 0, 1, true or false`);
    }
  }
  issues.throwIfAny(`${field} must be binary labels`);
  return out;
}

/** Finite numbers (NaN and ±Infinity rejected); with `unitInterval`, also within [0, 1]. */
export function toFinite(
  values: ArrayLike<number>,
  field: string,
  unitInterval = false,
): Float64Array {
  const out = new Float64Array(values.length);
  const issues = new IssueList();
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      issues.add('not_finite', [field, i], `${field}[${i}] must be a finite number`);
    } else if (unitInterval && (v < 0 || v > 1)) {
      issues.add('out_of_range', [field, i], `${field}[${i}] must be a probability in [0, 1]`);
    } else {
      out[i] = v;
    }
  }
  issues.throwIfAny(`${field} must be finite numbers${unitInterval ? ' in [0, 1]' : ''}`);
  return out;
}

/** Requires a non-empty first array and every other array of the same length. */
export function requireSameLength(arrays: Record<string, ArrayLike<unknown>>): number {
  const entries = Object.entries(arrays);
  const [firstName, first] = entries[0] ?? invalid('empty', [], 'no input arrays');
  if (first.length === 0) invalid('empty', [firstName], `${firstName} is empty`);
  const issues = new IssueList();
  for (const [name, array] of entries.slice(1)) {
    if (array.length !== first.length) {
      issues.add(
        'length_mismatch',
        [name],
        `${name} has ${array.length} values but ${firstName} has ${first.length}`,
      );
    }
  }
  issues.throwIfAny('input arrays must have equal lengths');
  return first.length;
}

/** num/den, or the `zeroDivision` value when den is 0. */
export function divide(num: number, den: number, zeroDivision: ZeroDivision = 'nan'): number {
  if (den === 0) return zeroDivision === 'nan' ? Number.NaN : zeroDivision;
  return num / den;
}

/** The `zeroDivision` option, defaulted and checked (it may come from untyped callers). */
export function checkZeroDivision(value: unknown): ZeroDivision {
  if (value === undefined) return 'nan';
  if (value === 'nan' || value === 0 || value === 1) return value;
  return invalid('invalid_option', ['zeroDivision'], "zeroDivision must be 'nan', 0 or 1");
}

/** Predictions from scores: positive when `score >= threshold` (the §9.4 convention). */
export function thresholdScores(scores: Float64Array, threshold: number): Uint8Array {
  if (!Number.isFinite(threshold)) {
    invalid('invalid_option', ['threshold'], 'threshold must be a finite number');
  }
  return Uint8Array.from(scores, (s) => (s >= threshold ? 1 : 0));
}

/** Largest and smallest of the non-NaN values (pandas `skipna`); NaN when none is defined. */
export function definedExtremes(values: readonly number[]): { min: number; max: number } {
  let min = Number.NaN;
  let max = Number.NaN;
  for (const v of values) {
    if (Number.isNaN(v)) continue;
    if (!(v >= min)) min = v;
    if (!(v <= max)) max = v;
  }
  return { min, max };
}
