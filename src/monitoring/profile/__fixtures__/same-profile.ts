/**
 * "The same profile" for profiles built along different paths (merged parts, file pieces): every
 * exactly mergeable part equal, HyperLogLog registers equal, moments equal up to rounding.
 */
import { expect } from 'vitest';
import { getColumn, moments } from '../accessors.js';
import type { ColumnProfile, DatasetProfile } from '../schema.js';

/** Every part of a column profile that merges exactly. */
export function exactParts(column: ColumnProfile): unknown {
  const { numeric, categorical } = column;
  return {
    type: column.type,
    count: column.count,
    missing: column.missing,
    kinds: column.kinds,
    numeric: numeric && {
      count: numeric.count,
      infinite: numeric.infinite,
      min: numeric.min,
      max: numeric.max,
      bins: numeric.bins,
      sketchN: numeric.sketch.n,
    },
    categorical: categorical && { count: categorical.count, items: categorical.items },
  };
}

export function expectSameProfile(merged: DatasetProfile, whole: DatasetProfile): void {
  expect(merged.rowCount).toBe(whole.rowCount);
  expect(merged.columns.map((c) => c.name).sort()).toEqual(whole.columns.map((c) => c.name).sort());
  for (const expected of whole.columns) {
    const actual = getColumn(merged, expected.name);
    expect(exactParts(actual), expected.name).toEqual(exactParts(expected));
    if (expected.categorical !== undefined) {
      // HyperLogLog merges are register-wise maxima: exactly the whole data's registers.
      expect(actual.categorical?.hll).toEqual(expected.categorical.hll);
    }
    if (expected.numeric !== undefined && expected.numeric.count > 1) {
      const a = moments(actual);
      const e = moments(expected);
      const scale = Math.abs(e.mean) + Math.sqrt(e.variance);
      expect(Math.abs(a.mean - e.mean), `${expected.name} mean`).toBeLessThanOrEqual(1e-12 * scale);
      const relative = e.variance === 0 ? a.variance : Math.abs(a.variance / e.variance - 1);
      expect(relative, `${expected.name} variance`).toBeLessThanOrEqual(1e-12);
      expect(Math.abs(a.skewness - e.skewness), `${expected.name} skew`).toBeLessThanOrEqual(1e-9);
    }
  }
}
