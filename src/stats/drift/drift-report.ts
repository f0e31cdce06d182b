/**
 * Per-column drift results and dataset drift (statistics.md §4.1): each column gets Evidently's
 * default test unless overridden; the dataset drifts when the share of drifted columns is at least
 * `driftShare` (0.5 by default). One share function serves every caller (pitfall "inconsistent
 * dataset drift", evidently #676, #1052).
 */
import { ValidationError } from '../../lib/index.js';
import {
  categoryTable,
  countEntries,
  type CategoricalSample,
  type Category,
} from './categories.js';
import {
  DRIFT_TESTS,
  chooseTest,
  isDrift,
  type ColumnType,
  type DriftDecision,
  type DriftTestName,
  type TestOverride,
} from './choose-test.js';
import type { CategoryProfile, HistogramProfile } from './profile.js';
import {
  runCategoryProfile,
  runExactCategorical,
  runExactNumerical,
  runHistogramProfile,
  type TestOutcome,
} from './run-drift-test.js';
import { countDistinctSorted, sortedSample, type NumericSample } from './sample.js';

interface ColumnBase extends TestOverride {
  column: string;
}

/** One column to test: raw samples (exact mode) or a profile (profile mode). */
export type ColumnInput = ColumnBase &
  (
    | { type: 'numerical'; mode: 'exact'; reference: NumericSample; current: NumericSample }
    | {
        type: 'categorical';
        mode: 'exact';
        reference: CategoricalSample;
        current: CategoricalSample;
      }
    | { type: 'numerical'; mode: 'profile'; profile: HistogramProfile }
    | { type: 'categorical'; mode: 'profile'; profile: CategoryProfile }
  );

export interface ColumnDriftResult {
  column: string;
  type: ColumnType;
  test: DriftTestName;
  statistic: number;
  pValue?: number;
  threshold: number;
  decision: DriftDecision;
  drifted: boolean;
  mode: 'exact' | 'profile';
  /** Profile mode: bound on |statistic − exact-mode statistic| (0 when exact on the bins). */
  error?: number;
  referenceSize: number;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

function finish(
  input: ColumnInput,
  choice: ReturnType<typeof chooseTest>,
  outcome: TestOutcome,
  referenceSize: number,
): ColumnDriftResult {
  const usesP = choice.decision.startsWith('p');
  const value = usesP ? outcome.pValue! : outcome.statistic;
  const result: ColumnDriftResult = {
    column: input.column,
    type: input.type,
    test: choice.test,
    statistic: outcome.statistic,
    threshold: choice.threshold,
    decision: choice.decision,
    drifted: isDrift(choice.decision, value, choice.threshold),
    mode: input.mode,
    referenceSize,
  };
  if (outcome.pValue !== undefined) result.pValue = outcome.pValue;
  if (outcome.error !== undefined) result.error = outcome.error;
  return result;
}

function override(input: ColumnInput): TestOverride {
  const picked: TestOverride = {};
  if (input.test !== undefined) picked.test = input.test;
  if (input.threshold !== undefined) picked.threshold = input.threshold;
  return picked;
}

/** Tests one column with its default (or overridden) test and threshold. */
export function columnDrift(input: ColumnInput): ColumnDriftResult {
  if (input.mode === 'exact' && input.type === 'numerical') {
    const reference = sortedSample(input.reference, 'reference');
    const current = sortedSample(input.current, 'current');
    const pooled = new Float64Array(reference.values.length + current.values.length);
    pooled.set(reference.values);
    pooled.set(current.values, reference.values.length);
    const facts = {
      type: input.type,
      referenceSize: reference.values.length,
      distinctValues: countDistinctSorted(pooled.sort()),
    };
    const choice = chooseTest(facts, override(input));
    return finish(
      input,
      choice,
      runExactNumerical(choice.test, reference, current),
      facts.referenceSize,
    );
  }
  if (input.mode === 'exact') {
    const table = categoryTable(input.reference, input.current);
    const facts = {
      type: input.type,
      referenceSize: table.referenceTotal,
      distinctValues: table.keys.length,
    };
    const choice = chooseTest(facts, override(input));
    const outcome = runExactCategorical(choice.test, input.reference, input.current);
    return finish(input, choice, outcome, facts.referenceSize);
  }
  if (input.type === 'numerical') {
    const { profile } = input;
    // A histogram stands for a continuous column unless the profile says how many values it has.
    const facts = {
      type: input.type,
      referenceSize: sum(profile.reference),
      distinctValues: profile.distinctValues ?? Number.POSITIVE_INFINITY,
    };
    const choice = chooseTest(facts, override(input));
    if (!DRIFT_TESTS[choice.test].profile) throw profileOnly(choice.test);
    return finish(input, choice, runHistogramProfile(choice.test, profile), facts.referenceSize);
  }
  const counts = (side: CategoryProfile['reference']) =>
    sum(countEntries(side).map(([, count]) => count));
  const facts = {
    type: input.type,
    referenceSize: counts(input.profile.reference),
    distinctValues: new Set([...keysOf(input.profile.reference), ...keysOf(input.profile.current)])
      .size,
  };
  const choice = chooseTest(facts, override(input));
  return finish(input, choice, runCategoryProfile(choice.test, input.profile), facts.referenceSize);
}

function keysOf(counts: CategoryProfile['reference']): Category[] {
  return countEntries(counts)
    .filter(([, count]) => count > 0)
    .map(([key]) => key);
}

function profileOnly(test: DriftTestName): ValidationError {
  const message = `test '${test}' needs raw samples; it cannot run on a profile`;
  return new ValidationError(message, [{ code: 'unsupported_test', path: ['test'], message }]);
}

export interface DatasetDriftOptions {
  /** Dataset drift when drifted/tested ≥ this (Evidently `drift_share`, default 0.5). */
  driftShare?: number;
}

export interface DatasetDriftReport {
  columns: ColumnDriftResult[];
  driftedColumns: number;
  testedColumns: number;
  /** driftedColumns / testedColumns. */
  share: number;
  driftShare: number;
  datasetDrifted: boolean;
}

/** Dataset drift from per-column results: share of drifted columns ≥ driftShare. */
export function datasetDriftFromResults(
  columns: ColumnDriftResult[],
  options: DatasetDriftOptions = {},
): DatasetDriftReport {
  const driftShare = options.driftShare ?? 0.5;
  if (!(driftShare >= 0 && driftShare <= 1)) {
    const message = 'driftShare must be between 0 and 1';
    throw new ValidationError(message, [{ code: 'invalid_option', path: ['driftShare'], message }]);
  }
  if (columns.length === 0) {
    const message = 'dataset drift needs at least one column';
    throw new ValidationError(message, [{ code: 'invalid_option', path: ['columns'], message }]);
  }
  const driftedColumns = columns.filter((c) => c.drifted).length;
  const share = driftedColumns / columns.length;
  return {
    columns,
    driftedColumns,
    testedColumns: columns.length,
    share,
    driftShare,
    datasetDrifted: share >= driftShare,
  };
}

/** Tests every column and decides dataset drift. */
export function datasetDrift(
  inputs: readonly ColumnInput[],
  options: DatasetDriftOptions = {},
): DatasetDriftReport {
  return datasetDriftFromResults(inputs.map(columnDrift), options);
}
