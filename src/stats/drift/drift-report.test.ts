import { describe, expect, it } from 'vitest';
import { expectClose } from '../special/__fixtures__/expect-close.js';
import { CASES } from './__fixtures__/generator.js';
import { NUMERICAL as EXPECTED } from './__fixtures__/statistics-vectors.js';
import { validationIssues } from './__fixtures__/validation-issues.js';
import {
  columnDrift,
  datasetDrift,
  datasetDriftFromResults,
  histogramProfile,
  linspace,
  type ColumnDriftResult,
} from './index.js';

describe('per-column verdicts (statistics.md §9.2 "Evidently’s default verdicts")', () => {
  it('case S: n_ref = 200 → KS, p = 0.88, no drift', () => {
    const result = columnDrift({ column: 's', type: 'numerical', mode: 'exact', ...CASES.S });
    expect(result).toMatchObject({ test: 'ks', threshold: 0.05, drifted: false, mode: 'exact' });
    expectClose(result.pValue!, EXPECTED.ksPValueAuto.S);
    expect(result.error).toBeUndefined();
  });

  it('case L: n_ref > 1000 → normed Wasserstein 0.082 < 0.1, no drift (KS would flag it)', () => {
    const result = columnDrift({ column: 'l', type: 'numerical', mode: 'exact', ...CASES.L });
    expect(result).toMatchObject({ test: 'wasserstein', drifted: false, referenceSize: 20000 });
    expectClose(result.statistic, EXPECTED.w1Normed.L);
    expect(result.pValue).toBeUndefined();
    const ks = columnDrift({
      column: 'l',
      type: 'numerical',
      mode: 'exact',
      test: 'ks',
      ...CASES.L,
    });
    expect(ks.drifted).toBe(true);
  });

  it('case L2: normed Wasserstein 0.1038 ≥ 0.1 → drift', () => {
    const result = columnDrift({ column: 'l2', type: 'numerical', mode: 'exact', ...CASES.L2 });
    expect(result).toMatchObject({ test: 'wasserstein', drifted: true });
  });

  it('a categorical column with ≤ 1000 reference rows gets chi-square', () => {
    const result = columnDrift({
      column: 'colour',
      type: 'categorical',
      mode: 'exact',
      reference: ['red', 'blue', 'green', 'red', null],
      current: ['red', 'red', 'red', 'blue', 'green'],
    });
    expect(result).toMatchObject({ test: 'chisquare', referenceSize: 4, drifted: false });
  });

  it('a numerical column with few values is tested as categories (Z-test for two values)', () => {
    const result = columnDrift({
      column: 'flag',
      type: 'numerical',
      mode: 'exact',
      reference: [0, 1, 0, 0, 1],
      current: [1, 1, 1, 0, 1],
    });
    expect(result.test).toBe('z');
  });

  it('profile mode reports the binned statistic with its error', () => {
    const { reference, current } = CASES.L;
    const inner = linspace(0, 10, 101).slice(1, -1);
    const profile = histogramProfile(reference, current, [-Infinity, ...inner, Infinity]);
    const result = columnDrift({ column: 'l', type: 'numerical', mode: 'profile', profile });
    expect(result).toMatchObject({ test: 'wasserstein', mode: 'profile', drifted: false });
    expect(Math.abs(result.statistic - EXPECTED.w1Normed.L)).toBeLessThanOrEqual(result.error!);
  });

  it('profile mode refuses a test that needs raw samples', () => {
    const profile = { edges: [0, 1, 2], reference: [1, 1], current: [1, 1] };
    const issues = validationIssues(() =>
      columnDrift({ column: 'x', type: 'numerical', mode: 'profile', profile, test: 'anderson' }),
    );
    expect(issues).toMatchObject([{ code: 'unsupported_test' }]);
  });
});

describe('dataset drift', () => {
  const verdict = (drifted: boolean): ColumnDriftResult => ({
    column: 'c',
    type: 'numerical',
    test: 'ks',
    statistic: 0,
    threshold: 0.05,
    decision: 'p<=threshold',
    drifted,
    mode: 'exact',
    referenceSize: 10,
  });

  it('drifts when the share of drifted columns reaches 0.5 (share ≥ drift_share)', () => {
    expect(datasetDriftFromResults([verdict(true), verdict(false)])).toMatchObject({
      driftedColumns: 1,
      testedColumns: 2,
      share: 0.5,
      datasetDrifted: true,
    });
    const three = [verdict(true), verdict(false), verdict(false)];
    expect(datasetDriftFromResults(three).datasetDrifted).toBe(false);
  });

  it('takes a configurable share', () => {
    const three = [verdict(true), verdict(false), verdict(false)];
    expect(datasetDriftFromResults(three, { driftShare: 0.3 }).datasetDrifted).toBe(true);
  });

  it('tests every column of a dataset', () => {
    const report = datasetDrift([
      { column: 's', type: 'numerical', mode: 'exact', ...CASES.S },
      { column: 'l2', type: 'numerical', mode: 'exact', ...CASES.L2 },
    ]);
    expect(report.columns.map((c) => [c.column, c.drifted])).toEqual([
      ['s', false],
      ['l2', true],
    ]);
    expect(report).toMatchObject({ share: 0.5, datasetDrifted: true });
  });

  it('refuses an empty dataset and a share outside [0, 1]', () => {
    expect(validationIssues(() => datasetDriftFromResults([]))).toMatchObject([
      { code: 'invalid_option' },
    ]);
    const issues = validationIssues(() =>
      datasetDriftFromResults([verdict(true)], { driftShare: 2 }),
    );
    expect(issues).toMatchObject([{ code: 'invalid_option', path: ['driftShare'] }]);
  });
});
