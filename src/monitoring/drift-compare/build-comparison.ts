/**
 * The offline drift comparison of two files' columns: each column shared by both files is typed
 * (numerical when every non-missing cell is a number in both files, else categorical), tested
 * with Evidently's default test in exact mode unless overridden (`columnDrift`), and the dataset
 * drift decided from the tested columns (`datasetDriftFromResults`). Pure: no IO, no clock.
 */
import { ValidationError, VerityError, type Issue } from '../../lib/index.js';
import {
  columnDrift,
  datasetDriftFromResults,
  sortedSample,
  type Category,
  type ColumnDriftResult,
  type ColumnType,
  type DriftTestName,
  type TestOverride,
} from '../../stats/drift/index.js';
import type { ColumnData, ColumnValues } from './column-data.js';
import {
  categoryDistribution,
  histogramDistribution,
  MAX_CHART_CATEGORIES,
  type Distribution,
} from './distributions.js';

export interface DriftComparisonOptions {
  /** Only these columns (each must be in at least one file); default every column. */
  columns?: readonly string[];
  /** Test per column, overriding the default choice. */
  tests?: Readonly<Record<string, DriftTestName>>;
  /** Threshold per column, overriding the test's default. */
  thresholds?: Readonly<Record<string, number>>;
  /** Dataset drift when drifted/tested ≥ this; default 0.5. */
  driftShare?: number;
  /** Categories drawn per chart before the rest are pooled; default 20. */
  maxCategories?: number;
}

/** Cells of one column in one file: values used and missing cells. */
export interface SideCounts {
  values: number;
  missing: number;
}

export type ColumnComparison =
  | {
      column: string;
      status: 'tested';
      type: ColumnType;
      result: ColumnDriftResult;
      reference: SideCounts;
      current: SideCounts;
      distribution: Distribution;
    }
  | {
      /** In both files, but one side has no usable value (all missing, or only ±∞). */
      column: string;
      status: 'empty';
      type: ColumnType;
      reference: SideCounts;
      current: SideCounts;
    }
  | { column: string; status: 'reference-only' | 'current-only' };

export interface DriftComparison {
  reference: { rows: number; columns: number };
  current: { rows: number; columns: number };
  /** Reference columns in file order, then columns only in the current file. */
  columns: ColumnComparison[];
  dataset: {
    testedColumns: number;
    driftedColumns: number;
    share: number;
    driftShare: number;
    datasetDrifted: boolean;
  };
}

function validate(
  reference: ColumnData,
  current: ColumnData,
  options: DriftComparisonOptions,
): string[] {
  const all = [...new Set([...reference.names, ...current.names])];
  const known = new Set(all);
  const issues: Issue[] = [];
  for (const name of options.columns ?? []) {
    if (!known.has(name)) {
      const message = `column '${name}' is in neither file`;
      issues.push({ code: 'unknown_column', path: ['columns', name], message });
    }
  }
  const selected =
    options.columns === undefined ? all : all.filter((n) => options.columns!.includes(n));
  const chosen = new Set(selected);
  for (const key of ['tests', 'thresholds'] as const) {
    for (const name of Object.keys(options[key] ?? {})) {
      if (!chosen.has(name)) {
        const message = `${key === 'tests' ? 'test' : 'threshold'} given for column '${name}', which is not compared`;
        issues.push({ code: 'unknown_column', path: [key, name], message });
      }
    }
  }
  if (issues.length > 0) throw new ValidationError(issues.map((i) => i.message).join('; '), issues);
  return selected;
}

/** A numeric column compared with a categorical one is compared as categories (its numbers). */
function categories(values: ColumnValues): ArrayLike<Category> {
  return values.values;
}

function countFinite(values: Float64Array): number {
  let n = 0;
  for (const v of values) if (Number.isFinite(v)) n++;
  return n;
}

function compareColumn(
  column: string,
  ref: ColumnValues,
  cur: ColumnValues,
  options: DriftComparisonOptions,
): ColumnComparison {
  const override: TestOverride = {};
  const test = options.tests?.[column];
  const threshold = options.thresholds?.[column];
  if (test !== undefined) override.test = test;
  if (threshold !== undefined) override.threshold = threshold;
  // Numerical only when every non-missing cell of both files is a number.
  if (ref.kind === 'numeric' && cur.kind === 'numeric') {
    const type = 'numerical';
    const counts = (v: Float64Array, all: ColumnValues) => ({
      values: countFinite(v),
      missing: all.missing,
    });
    const reference = counts(ref.values, ref);
    const current = counts(cur.values, cur);
    if (reference.values === 0 || current.values === 0) {
      return { column, status: 'empty', type, reference, current };
    }
    const refSorted = sortedSample(ref.values, 'reference');
    const curSorted = sortedSample(cur.values, 'current');
    const result = withColumn(column, () =>
      columnDrift({
        column,
        type,
        mode: 'exact',
        reference: refSorted,
        current: curSorted,
        ...override,
      }),
    );
    const distribution = histogramDistribution(refSorted, curSorted);
    return { column, status: 'tested', type, result, reference, current, distribution };
  }
  const type = 'categorical';
  const refValues = categories(ref);
  const curValues = categories(cur);
  const reference = { values: refValues.length, missing: ref.missing };
  const current = { values: curValues.length, missing: cur.missing };
  if (reference.values === 0 || current.values === 0) {
    return { column, status: 'empty', type, reference, current };
  }
  const result = withColumn(column, () =>
    columnDrift({
      column,
      type,
      mode: 'exact',
      reference: refValues,
      current: curValues,
      ...override,
    }),
  );
  const max = options.maxCategories ?? MAX_CHART_CATEGORIES;
  const distribution = categoryDistribution(refValues, curValues, max);
  return { column, status: 'tested', type, result, reference, current, distribution };
}

/** Runs `test`, naming the column in any error (e.g. a test that does not apply to its type). */
function withColumn<T>(column: string, test: () => T): T {
  try {
    return test();
  } catch (error) {
    if (!(error instanceof VerityError)) throw error;
    const issues = (error.details.issues as Issue[] | undefined) ?? [];
    throw new ValidationError(
      `column '${column}': ${error.message}`,
      issues.map((issue) => ({ ...issue, path: ['column', column, ...issue.path] })),
    );
  }
}

/** Compares every selected column of two files and decides dataset drift. */
export function buildDriftComparison(
  reference: ColumnData,
  current: ColumnData,
  options: DriftComparisonOptions = {},
): DriftComparison {
  const selected = validate(reference, current, options);
  const columns = selected.map((column): ColumnComparison => {
    const ref = reference.columns.get(column);
    const cur = current.columns.get(column);
    if (ref === undefined) return { column, status: 'current-only' };
    if (cur === undefined) return { column, status: 'reference-only' };
    return compareColumn(column, ref, cur, options);
  });
  const results = columns.flatMap((c) => (c.status === 'tested' ? [c.result] : []));
  if (results.length === 0) {
    const message = 'no column could be tested: none is in both files with values on both sides';
    throw new ValidationError(message, [{ code: 'no_columns', path: ['columns'], message }]);
  }
  const drift = datasetDriftFromResults(
    results,
    options.driftShare === undefined ? {} : { driftShare: options.driftShare },
  );
  return {
    reference: { rows: reference.rows, columns: reference.names.length },
    current: { rows: current.rows, columns: current.names.length },
    columns,
    dataset: {
      testedColumns: drift.testedColumns,
      driftedColumns: drift.driftedColumns,
      share: drift.share,
      driftShare: drift.driftShare,
      datasetDrifted: drift.datasetDrifted,
    },
  };
}
