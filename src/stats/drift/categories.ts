/**
 * Category frequency tables: the union of categories of both samples (Evidently, statistics.md
 * §3.15: "union of categories", so a category new in the current data is kept), from raw values or
 * from count maps (profile mode). null, undefined and NaN are missing values and are dropped.
 */
import { ValidationError } from '../../lib/index.js';
import { emptySampleError, type SampleRole } from './sample.js';

export type Category = string | number | boolean;

/** Raw categorical values; null, undefined and NaN are dropped. */
export type CategoricalSample = ArrayLike<Category | null | undefined>;

/** Counts per category, as a profile stores them. */
export type CategoryCounts = ReadonlyMap<Category, number> | Readonly<Record<string, number>>;

/** Reference and current counts over the union of their categories. */
export interface CategoryTable {
  /** Categories in first-seen order (reference first). */
  keys: Category[];
  reference: Float64Array;
  current: Float64Array;
  referenceTotal: number;
  currentTotal: number;
}

function isMissing(value: Category | null | undefined): value is null | undefined {
  return (
    value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value))
  );
}

/** Small non-negative integer codes (label-encoded columns) are counted in an array. */
const DENSE_CODES = 1024;

function countValues(sample: CategoricalSample, role: SampleRole): Map<Category, number> {
  const counts = new Map<Category, number>();
  const dense = new Float64Array(DENSE_CODES);
  for (let i = 0; i < sample.length; i++) {
    const value = sample[i];
    if (typeof value === 'number' && (value | 0) === value && value >= 0 && value < DENSE_CODES) {
      dense[value]!++;
    } else if (!isMissing(value)) {
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
  }
  dense.forEach((count, code) => {
    if (count > 0) counts.set(code, count);
  });
  if (counts.size === 0) throw emptySampleError(role);
  return counts;
}

function isCountMap(counts: CategoryCounts): counts is ReadonlyMap<Category, number> {
  return counts instanceof Map;
}

/** The (category, count) pairs of stored counts, whichever shape they come in. */
export function countEntries(counts: CategoryCounts): [Category, number][] {
  return isCountMap(counts) ? [...counts.entries()] : Object.entries(counts);
}

function countsToMap(counts: CategoryCounts, role: SampleRole): Map<Category, number> {
  const map = new Map<Category, number>();
  const issues = [];
  for (const [key, count] of countEntries(counts)) {
    if (!(Number.isFinite(count) && count >= 0)) {
      const message = `the count of category ${String(key)} must be a finite number ≥ 0`;
      issues.push({ code: 'invalid_count', path: [role, String(key)], message });
    } else if (count > 0) {
      map.set(key, count);
    }
  }
  if (issues.length > 0) throw new ValidationError('invalid category counts', issues);
  if (map.size === 0) throw emptySampleError(role);
  return map;
}

function tableOf(reference: Map<Category, number>, current: Map<Category, number>): CategoryTable {
  const keys = [...new Set([...reference.keys(), ...current.keys()])];
  const ref = Float64Array.from(keys, (key) => reference.get(key) ?? 0);
  const cur = Float64Array.from(keys, (key) => current.get(key) ?? 0);
  let referenceTotal = 0;
  let currentTotal = 0;
  for (let i = 0; i < keys.length; i++) {
    referenceTotal += ref[i]!;
    currentTotal += cur[i]!;
  }
  return { keys, reference: ref, current: cur, referenceTotal, currentTotal };
}

/** Counts both samples over the union of their categories. */
export function categoryTable(
  reference: CategoricalSample,
  current: CategoricalSample,
): CategoryTable {
  return tableOf(countValues(reference, 'reference'), countValues(current, 'current'));
}

/** The same table from stored counts (profile mode); zero counts are ignored. */
export function categoryTableFromCounts(
  reference: CategoryCounts,
  current: CategoryCounts,
): CategoryTable {
  return tableOf(countsToMap(reference, 'reference'), countsToMap(current, 'current'));
}

/** Proportions count/total for both sides of a table. */
export function tableProportions(table: CategoryTable): [ref: Float64Array, cur: Float64Array] {
  return [
    table.reference.map((c) => c / table.referenceTotal),
    table.current.map((c) => c / table.currentTotal),
  ];
}

function codePointCompare(a: string, b: string): number {
  const left = [...a];
  const right = [...b];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const d = left[i]!.codePointAt(0)! - right[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return left.length - right.length;
}

/**
 * Python's `sorted` order for one kind of key: numbers and booleans numerically, strings by code
 * point. Python refuses to compare numbers with strings; here numbers sort first.
 */
export function compareCategories(a: Category, b: Category): number {
  const aText = typeof a === 'string';
  const bText = typeof b === 'string';
  if (aText && bText) return codePointCompare(a, b);
  if (aText !== bText) return aText ? 1 : -1;
  return Number(a) - Number(b);
}
