/**
 * Input handling shared by every drift statistic: drop NaN and ±∞ first (statistics.md §2,
 * Evidently's rule), refuse a sample that is then empty, and sort once. A `SortedSample` can be
 * built once for a reference and reused against every current window (§3.16: the sorted
 * reference can be cached).
 */
import { ValidationError } from '../../lib/index.js';
import { sortFinite } from './sort-float64.js';

/** Which side of the comparison a sample is, for error paths. */
export type SampleRole = 'reference' | 'current';

/** A cleaned (finite values only), ascending sample. Build with {@link sortedSample}. */
export interface SortedSample {
  readonly kind: 'sorted-sample';
  /** Finite values in ascending order; never empty. */
  readonly values: Float64Array;
}

/** Raw numbers, or a sample already cleaned and sorted. */
export type NumericSample = ArrayLike<number> | SortedSample;

export function isSortedSample(sample: NumericSample): sample is SortedSample {
  return (sample as Partial<SortedSample>).kind === 'sorted-sample';
}

/** The error every statistic throws for a sample with no finite value. */
export function emptySampleError(role: SampleRole): ValidationError {
  const message = `the ${role} sample has no finite values (NaN and ±Infinity are dropped)`;
  return new ValidationError(message, [{ code: 'empty_sample', path: [role], message }]);
}

/** The finite values of a sample, in input order (a copy); throws if none remain. */
export function finiteValues(sample: NumericSample, role: SampleRole): Float64Array {
  if (isSortedSample(sample)) return sample.values;
  const out = new Float64Array(sample.length);
  let size = 0;
  for (let i = 0; i < sample.length; i++) {
    const value = sample[i]!;
    if (Number.isFinite(value)) out[size++] = value;
  }
  if (size === 0) throw emptySampleError(role);
  return size === out.length ? out : out.slice(0, size);
}

/** Size and extent of the finite values of a sample, found without copying it. */
export interface FiniteSummary {
  /** The sample itself; readers must skip non-finite entries (comparisons do so naturally). */
  values: ArrayLike<number>;
  size: number;
  min: number;
  max: number;
}

/** One pass over a sample: how many finite values, smallest and largest; throws if none. */
export function finiteSummary(sample: NumericSample, role: SampleRole): FiniteSummary {
  if (isSortedSample(sample)) {
    const values = sample.values;
    return { values, size: values.length, min: values[0]!, max: values[values.length - 1]! };
  }
  let size = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i]!;
    if (!Number.isFinite(v)) continue;
    size++;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (size === 0) throw emptySampleError(role);
  return { values: sample, size, min, max };
}

/** Cleans and sorts a sample (see sort-float64.ts for the sort). */
export function sortedSample(sample: NumericSample, role: SampleRole = 'reference'): SortedSample {
  if (isSortedSample(sample)) return sample;
  const values = sortFinite(sample);
  if (values.length === 0) throw emptySampleError(role);
  return { kind: 'sorted-sample', values };
}

/** Neumaier-compensated sum: the error does not grow with n, so 1M-term sums stay exact to ~1 ulp. */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    const t = sum + value;
    compensation += Math.abs(sum) >= Math.abs(value) ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** `Float64Array.from(values, f)` as a plain loop (V8's mapping `from` is ~10× slower). */
export function mapToFloat64(
  values: ArrayLike<number>,
  f: (value: number, index: number) => number,
): Float64Array {
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = f(values[i]!, i);
  return out;
}

/** A running Neumaier-compensated sum. */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(value: number): void {
    const t = this.sum + value;
    this.compensation +=
      Math.abs(this.sum) >= Math.abs(value) ? this.sum - t + value : value - t + this.sum;
    this.sum = t;
  }

  value(): number {
    return this.sum + this.compensation;
  }
}

/** Arithmetic mean (numpy `mean`). */
export function mean(values: ArrayLike<number>): number {
  return compensatedSum(values) / values.length;
}

/** Σ(x − centre)², compensated. */
export function squaredDeviations(values: ArrayLike<number>, centre: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const d = values[i]! - centre;
    const value = d * d;
    const t = sum + value;
    compensation += sum >= value ? sum - t + value : value - t + sum;
    sum = t;
  }
  return sum + compensation;
}

/** Population standard deviation, ddof 0 (numpy `std`): what Evidently normalizes W1 by. */
export function populationStd(values: ArrayLike<number>): number {
  return Math.sqrt(squaredDeviations(values, mean(values)) / values.length);
}

/** Number of distinct values of a sorted array. */
export function countDistinctSorted(values: Float64Array): number {
  let count = values.length > 0 ? 1 : 0;
  for (let i = 1; i < values.length; i++) if (values[i] !== values[i - 1]) count++;
  return count;
}
