/**
 * merge(a, b) = the profile of the rows of a followed by the rows of b: exact for counts, kinds,
 * missing, min/max, bin counts and frequencies while exact; mean/M2/M3 by Chan/Pébay up to
 * rounding; sketches by their own merges (KLL within its rank error, Misra–Gries within
 * other/(⌊capacity/2⌋+1), HyperLogLog exactly as the sketch of the union). Columns present in only
 * one profile are missing in every row of the other. Differing bin edges, or binned and unbinned
 * numeric values, are refused: the counts could not be exact.
 */
import { ValidationError } from '../../lib/index.js';
import { sortedItems } from './column-accumulator.js';
import { inferColumnType } from './column-type.js';
import { FrequentItems } from './frequent-items.js';
import { HyperLogLog } from './hll.js';
import { KllSketch } from './kll.js';
import { combineMoments } from './moments.js';
import type {
  BinsProfile,
  CategoricalProfile,
  ColumnProfile,
  DatasetProfile,
  NumericProfile,
} from './schema.js';

export function mergeProfiles(a: DatasetProfile, b: DatasetProfile): DatasetProfile {
  const byName = new Map(b.columns.map((c) => [c.name, c]));
  const columns = a.columns.map((column) => {
    const other = byName.get(column.name);
    byName.delete(column.name);
    return other === undefined ? absentIn(column, b.rowCount) : mergeColumns(column, other);
  });
  for (const other of byName.values()) columns.push(absentIn(other, a.rowCount));
  return { profileVersion: 1, rowCount: a.rowCount + b.rowCount, columns };
}

/** Merges any number of profiles left to right; at least one is needed. */
export function mergeAll(profiles: readonly DatasetProfile[]): DatasetProfile {
  const [first, ...rest] = profiles;
  if (first === undefined) throw new ValidationError('mergeAll needs at least one profile');
  return rest.reduce(mergeProfiles, first);
}

function absentIn(column: ColumnProfile, rows: number): ColumnProfile {
  return { ...column, count: column.count + rows, missing: column.missing + rows };
}

function mergeColumns(a: ColumnProfile, b: ColumnProfile): ColumnProfile {
  const kinds = {
    numeric: a.kinds.numeric + b.kinds.numeric,
    boolean: a.kinds.boolean + b.kinds.boolean,
    string: a.kinds.string + b.kinds.string,
  };
  const merged: ColumnProfile = {
    name: a.name,
    type: inferColumnType(kinds),
    count: a.count + b.count,
    missing: a.missing + b.missing,
    kinds,
  };
  const numeric = mergeOptional(a.numeric, b.numeric, (x, y) => mergeNumeric(a.name, x, y));
  if (numeric !== undefined) merged.numeric = numeric;
  const categorical = mergeOptional(a.categorical, b.categorical, (x, y) =>
    mergeCategorical(a.name, x, y),
  );
  if (categorical !== undefined) merged.categorical = categorical;
  return merged;
}

function mergeOptional<T>(
  a: T | undefined,
  b: T | undefined,
  merge: (a: T, b: T) => T,
): T | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return merge(a, b);
}

function mergeNumeric(column: string, a: NumericProfile, b: NumericProfile): NumericProfile {
  const moments = combineMoments(
    { count: a.count, mean: a.mean, m2: a.m2, m3: a.m3 },
    { count: b.count, mean: b.mean, m2: b.m2, m3: b.m3 },
  );
  const merged: NumericProfile = {
    count: a.count + b.count,
    infinite: a.infinite + b.infinite,
    min: a.min === null ? b.min : b.min === null ? a.min : Math.min(a.min, b.min),
    max: a.max === null ? b.max : b.max === null ? a.max : Math.max(a.max, b.max),
    mean: moments.mean,
    m2: moments.m2,
    m3: moments.m3,
    sketch: KllSketch.fromState(a.sketch).merge(KllSketch.fromState(b.sketch)).toState(),
  };
  const bins = mergeBins(column, a, b);
  if (bins !== undefined) merged.bins = bins;
  return merged;
}

function mergeBins(column: string, a: NumericProfile, b: NumericProfile): BinsProfile | undefined {
  const x = a.bins;
  const y = b.bins;
  if (x === undefined && y === undefined) return undefined;
  // A side without finite values has nothing to bin: the other side's bins stand.
  if (x === undefined && a.count === 0) return y;
  if (y === undefined && b.count === 0) return x;
  if (x === undefined || y === undefined) {
    throw new ValidationError(
      `cannot merge column '${column}': one profile counts it into reference bins and the other does not`,
      [{ code: 'bins_mismatch', path: [column], message: 'binned and unbinned numeric values' }],
    );
  }
  const same = x.edges.length === y.edges.length && x.edges.every((e, i) => e === y.edges[i]);
  if (!same) {
    throw new ValidationError(
      `cannot merge column '${column}': the profiles were built against different bin edges`,
      [{ code: 'bins_mismatch', path: [column], message: 'different bin edges' }],
    );
  }
  return {
    rule: x.rule,
    edges: [...x.edges],
    counts: x.counts.map((c, i) => c + y.counts[i]!),
    underflow: x.underflow + y.underflow,
    overflow: x.overflow + y.overflow,
  };
}

function mergeCategorical(
  column: string,
  a: CategoricalProfile,
  b: CategoricalProfile,
): CategoricalProfile {
  if (a.hll.precision !== b.hll.precision) {
    throw new ValidationError(
      `cannot merge column '${column}': HyperLogLog precisions differ (${a.hll.precision} and ${b.hll.precision})`,
      [{ code: 'precision_mismatch', path: [column], message: 'different HyperLogLog precisions' }],
    );
  }
  const items = FrequentItems.merge(frequentItemsOf(a), frequentItemsOf(b));
  const hll = HyperLogLog.fromBase64(a.hll.precision, a.hll.registers).merge(
    HyperLogLog.fromBase64(b.hll.precision, b.hll.registers),
  );
  return {
    count: a.count + b.count,
    capacity: items.capacity,
    items: sortedItems(items.counters),
    hll: { precision: hll.precision, registers: hll.toBase64() },
  };
}

function frequentItemsOf(profile: CategoricalProfile): FrequentItems {
  const items = new FrequentItems(profile.capacity);
  items.total = profile.count;
  for (const [value, count] of profile.items) items.restore(value, count);
  items.purged = items.tracked < items.total;
  return items;
}
