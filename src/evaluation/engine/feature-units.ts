/**
 * Model inputs as the units that are perturbed and permuted: a numeric feature, a categorical
 * feature (numeric codes), or a one-hot group (its 0/1 columns moved together, as one variable),
 * with the column statistics the perturbations need.
 */
import type { FeatureSpec } from './types.js';

export interface FeatureUnit {
  /** The feature's name, or the one-hot group's. */
  name: string;
  kind: 'numeric' | 'categorical' | 'one-hot';
  /** Column positions in the matrix, increasing. */
  columns: number[];
  columnNames: string[];
}

/** Units in model order (a one-hot group sits at its first column). */
export function featureUnits(features: readonly FeatureSpec[]): FeatureUnit[] {
  const units: FeatureUnit[] = [];
  const groups = new Map<string, FeatureUnit>();
  features.forEach((f, j) => {
    if (f.oneHotGroup !== undefined) {
      const existing = groups.get(f.oneHotGroup);
      if (existing !== undefined) {
        existing.columns.push(j);
        existing.columnNames.push(f.name);
        return;
      }
      const unit: FeatureUnit = {
        name: f.oneHotGroup,
        kind: 'one-hot',
        columns: [j],
        columnNames: [f.name],
      };
      groups.set(f.oneHotGroup, unit);
      units.push(unit);
      return;
    }
    units.push({ name: f.name, kind: f.type, columns: [j], columnNames: [f.name] });
  });
  return units;
}

/** One column of a row-major matrix as float64. */
export function column(matrix: Float32Array, rows: number, width: number, j: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = matrix[i * width + j] ?? 0;
  return out;
}

/** Population standard deviation (ddof = 0, two-pass). */
export function populationStd(values: Float64Array): number {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return Math.sqrt(ss / values.length);
}

/** The categories of a categorical feature or one-hot group, and each row's category. */
export interface CategoryLevels {
  /**
   * Distinct categories, ascending: the codes of a categorical feature, or the position of the
   * hot column within a one-hot group (−1: no column is hot).
   */
  levels: number[];
  /** Rows per level. */
  counts: number[];
  /** Each row's index into `levels`. */
  rowLevel: Uint32Array;
}

export function categoryLevels(
  unit: FeatureUnit,
  matrix: Float32Array,
  rows: number,
  width: number,
): CategoryLevels {
  const raw = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    if (unit.kind === 'one-hot') {
      raw[i] = unit.columns.findIndex((j) => matrix[i * width + j] === 1);
    } else {
      raw[i] = matrix[i * width + (unit.columns[0] ?? 0)] ?? 0;
    }
  }
  const levels = [...new Set(raw)].sort((a, b) => a - b);
  const index = new Map(levels.map((v, k) => [v, k]));
  const counts = levels.map(() => 0);
  const rowLevel = new Uint32Array(rows);
  for (let i = 0; i < rows; i++) {
    const k = index.get(raw[i] ?? 0) ?? 0;
    rowLevel[i] = k;
    counts[k] = (counts[k] ?? 0) + 1;
  }
  return { levels, counts, rowLevel };
}

/** The most frequent level (the lowest on a tie). */
export function modeLevel(levels: CategoryLevels): number {
  let best = 0;
  levels.counts.forEach((c, k) => {
    if (c > (levels.counts[best] ?? 0)) best = k;
  });
  return best;
}

/** Writes level `k` of `unit` into the row starting at `offset` of `target`. */
export function writeLevel(
  unit: FeatureUnit,
  levels: CategoryLevels,
  k: number,
  target: Float32Array,
  offset: number,
): void {
  const value = levels.levels[k] ?? 0;
  if (unit.kind !== 'one-hot') {
    target[offset + (unit.columns[0] ?? 0)] = value;
    return;
  }
  unit.columns.forEach((j, position) => {
    target[offset + j] = position === value ? 1 : 0;
  });
}
