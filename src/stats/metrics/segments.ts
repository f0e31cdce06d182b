/**
 * Segments: rows grouped by the values of one attribute ({sex: 'F'}) or by the intersection of
 * several ({sex: 'F', age_band: '25-34'}), and metrics computed per segment.
 */
import { reportFromArrays, validateClassification } from './classification-report.js';
import type {
  BinaryClassificationData,
  ClassificationReport,
  ClassificationReportOptions,
} from './classification-report.js';
import { invalid, requireSameLength } from './inputs.js';
import { regressionReport } from './regression.js';
import type { R2Options, RegressionData, RegressionReport } from './regression.js';

export type AttributeValue = string | number | boolean | null | undefined;

/** The group attributes of one row, e.g. `{ sex: 'F', age_band: '25-34' }`. */
export type GroupAttributes = Readonly<Record<string, AttributeValue>>;

/** The value every unknown attribute value is reported as. */
export const UNKNOWN_VALUE = 'unknown';

/** Joins attribute values in an intersection key: `'F × Asian'`. */
export const INTERSECTION_SEPARATOR = ' × ';

export interface SegmentOptions {
  /**
   * Values that mean "unknown" besides null, undefined, '' and 'unknown' (e.g. 'Declined').
   * All of them are reported as one category, `UNKNOWN_VALUE`.
   */
  readonly unknownValues?: readonly string[];
}

export interface Segment {
  /** Attribute values in `attributes` order joined by `INTERSECTION_SEPARATOR`. */
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  /** True when any of the segment's attributes is unknown. */
  readonly unknown: boolean;
  /** Row positions, increasing. */
  readonly indices: readonly number[];
}

export interface SegmentResult<T> {
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  readonly unknown: boolean;
  readonly n: number;
  readonly metrics: T;
}

function valueOf(
  row: GroupAttributes | undefined,
  attribute: string,
  unknown: ReadonlySet<string>,
  at: number,
): string {
  const raw = row?.[attribute];
  if (raw === null || raw === undefined) return UNKNOWN_VALUE;
  if (typeof raw !== 'string' && typeof raw !== 'number' && typeof raw !== 'boolean') {
    invalid('invalid_attribute', ['rows', at, attribute], 'attribute values must be scalars');
  }
  const text = String(raw);
  return unknown.has(text) ? UNKNOWN_VALUE : text;
}

function checkAttributes(attributes: readonly string[]): void {
  if (attributes.length === 0) invalid('empty', ['attributes'], 'name at least one attribute');
  if (new Set(attributes).size !== attributes.length) {
    invalid('duplicate_attribute', ['attributes'], 'attributes must be distinct');
  }
}

/** Groups rows by their values of `attributes`; segments sorted by key (code-unit order). */
export function segmentRows(
  rows: readonly GroupAttributes[],
  attributes: readonly string[],
  options: SegmentOptions = {},
): Segment[] {
  checkAttributes(attributes);
  const unknown = new Set(['', UNKNOWN_VALUE, ...(options.unknownValues ?? [])]);
  const byKey = new Map<
    string,
    { values: Record<string, string>; unknown: boolean; indices: number[] }
  >();
  for (let i = 0; i < rows.length; i++) {
    const values: Record<string, string> = {};
    let isUnknown = false;
    for (const attribute of attributes) {
      const value = valueOf(rows[i], attribute, unknown, i);
      if (attributes.length > 1 && value.includes(INTERSECTION_SEPARATOR)) {
        invalid(
          'invalid_attribute',
          ['rows', i, attribute],
          `attribute values in an intersection must not contain '${INTERSECTION_SEPARATOR}'`,
        );
      }
      values[attribute] = value;
      isUnknown ||= value === UNKNOWN_VALUE;
    }
    const key = attributes.map((a) => values[a]).join(INTERSECTION_SEPARATOR);
    const entry = byKey.get(key) ?? { values, unknown: isUnknown, indices: [] };
    entry.indices.push(i);
    byKey.set(key, entry);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, entry]) => ({ key, ...entry }));
}

/** Each row's segment key for `attributes` (the group labels the fairness functions take). */
export function segmentKeys(
  rows: readonly GroupAttributes[],
  attributes: readonly string[],
  options: SegmentOptions = {},
): string[] {
  const keys = new Array<string>(rows.length);
  for (const segment of segmentRows(rows, attributes, options)) {
    for (const i of segment.indices) keys[i] = segment.key;
  }
  return keys;
}

/**
 * Every non-empty combination of `attributes` with at most `maxSize` members (default all),
 * singles first, then pairs, ..., each in the given attribute order: the single-attribute
 * segmentations and all their intersections.
 */
export function attributeCombinations(
  attributes: readonly string[],
  maxSize = attributes.length,
): string[][] {
  checkAttributes(attributes);
  const out: string[][] = [];
  const extend = (start: number, current: string[], size: number): void => {
    if (current.length === size) {
      out.push([...current]);
      return;
    }
    for (let i = start; i < attributes.length; i++) {
      extend(i + 1, [...current, attributes[i] ?? ''], size);
    }
  };
  for (let size = 1; size <= Math.min(maxSize, attributes.length); size++) extend(0, [], size);
  return out;
}

function pick<T extends Uint8Array | Float64Array>(array: T, indices: readonly number[]): T {
  const out = new (array.constructor as new (n: number) => T)(indices.length);
  indices.forEach((i, k) => (out[k] = array[i] ?? 0));
  return out;
}

/**
 * `classificationReport` for each segment of `rows` by `attributes` (one attribute, or several
 * for their intersection). `rows[i]` describes the i-th label.
 */
export function classificationBySegment(
  data: BinaryClassificationData,
  rows: readonly GroupAttributes[],
  attributes: readonly string[],
  options: ClassificationReportOptions & SegmentOptions = {},
): SegmentResult<ClassificationReport>[] {
  const v = validateClassification(data);
  requireSameLength({ labels: data.labels, rows });
  return segmentRows(rows, attributes, options).map((s) => ({
    key: s.key,
    values: s.values,
    unknown: s.unknown,
    n: s.indices.length,
    metrics: reportFromArrays(
      {
        y: pick(v.y, s.indices),
        yHat: pick(v.yHat, s.indices),
        p: v.p === null ? null : pick(v.p, s.indices),
        threshold: v.threshold,
      },
      options,
    ),
  }));
}

/** `regressionReport` for each segment of `rows` by `attributes`. */
export function regressionBySegment(
  data: RegressionData,
  rows: readonly GroupAttributes[],
  attributes: readonly string[],
  options: R2Options & SegmentOptions = {},
): SegmentResult<RegressionReport>[] {
  requireSameLength({ actual: data.actual, predicted: data.predicted, rows });
  return segmentRows(rows, attributes, options).map((s) => ({
    key: s.key,
    values: s.values,
    unknown: s.unknown,
    n: s.indices.length,
    metrics: regressionReport(
      {
        actual: s.indices.map((i) => data.actual[i] ?? Number.NaN),
        predicted: s.indices.map((i) => data.predicted[i] ?? Number.NaN),
      },
      options,
    ),
  }));
}
