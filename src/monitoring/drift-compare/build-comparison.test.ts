import { describe, expect, it } from 'vitest';
import { seededRandom } from '../profile/index.js';
import { columnDrift } from '../../stats/drift/index.js';
import { buildDriftComparison } from './build-comparison.js';
import { columnDataFromRows, type CellValue, type ColumnData } from './column-data.js';

function data(columns: Record<string, readonly CellValue[]>): ColumnData {
  const length = Math.max(...Object.values(columns).map((c) => c.length));
  return columnDataFromRows(
    Array.from({ length }, (_, i) =>
      Object.fromEntries(Object.entries(columns).map(([k, v]) => [k, v[i] ?? null])),
    ),
  );
}

function sample(n: number, seed: number, shift = 0): number[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => Math.round((random() * 100 + shift) * 100) / 100);
}

function tested(report: ReturnType<typeof buildDriftComparison>, column: string) {
  const found = report.columns.find((c) => c.column === column);
  if (found?.status !== 'tested') throw new Error(`${column} was not tested`);
  return found;
}

describe('buildDriftComparison', () => {
  it('types a column numerical only when it is numeric in both files', () => {
    const reference = data({ a: [1, 2, 3, 4, 5, 6], b: [1, 2, 1, 2, 1, 2] });
    const current = data({ a: [4, 5, 6, 7, 8, 9], b: [1, 'two', 1, 2, 1, 2] });
    const report = buildDriftComparison(reference, current);
    expect(tested(report, 'a').type).toBe('numerical');
    expect(tested(report, 'b').type).toBe('categorical');
    // The ECDFs of 1..6 and 4..9 differ most (by 1/2) between 3 and 4.
    expect(tested(report, 'a').result.statistic).toBe(0.5);
  });

  it("picks Evidently's default test per column from type, size and distinct values", () => {
    const small = { num: sample(200, 1), cat: sample(200, 2).map((v) => `c${Math.floor(v / 30)}`) };
    const bool = sample(200, 3).map((v) => v < 50);
    const report = buildDriftComparison(
      data({ ...small, flag: bool }),
      data({ num: sample(200, 4), cat: small.cat.slice(0, 150), flag: bool.slice(50) }),
    );
    expect(tested(report, 'num').result.test).toBe('ks');
    expect(tested(report, 'cat').result.test).toBe('chisquare');
    expect(tested(report, 'flag').result.test).toBe('z');

    const large = buildDriftComparison(
      data({ num: sample(1500, 5), cat: sample(1500, 6).map((v) => `c${Math.floor(v / 30)}`) }),
      data({ num: sample(500, 7), cat: ['c0', 'c1'] }),
    );
    expect(tested(large, 'num').result.test).toBe('wasserstein');
    expect(tested(large, 'cat').result.test).toBe('jensenshannon');
  });

  it('gives the same result as columnDrift on the same samples', () => {
    const ref = sample(300, 8);
    const cur = sample(300, 9, 5);
    const report = buildDriftComparison(data({ x: ref }), data({ x: cur }));
    const direct = columnDrift({
      column: 'x',
      type: 'numerical',
      mode: 'exact',
      reference: ref,
      current: cur,
    });
    expect(tested(report, 'x').result).toEqual(direct);
  });

  it('applies test and threshold overrides', () => {
    const report = buildDriftComparison(
      data({ x: sample(300, 10), y: sample(300, 11) }),
      data({ x: sample(300, 12, 30), y: sample(300, 13) }),
      { tests: { x: 'psi' }, thresholds: { y: 0.99 } },
    );
    const x = tested(report, 'x').result;
    expect([x.test, x.threshold, x.decision]).toEqual(['psi', 0.1, 'score>=threshold']);
    expect(x.drifted).toBe(true);
    const y = tested(report, 'y').result;
    expect([y.test, y.threshold]).toEqual(['ks', 0.99]);
  });

  it('reports columns present in one file only without testing them', () => {
    const report = buildDriftComparison(
      data({ a: [1, 2, 3], old: ['x', 'y', 'z'] }),
      data({ a: [1, 2, 3], new: [1, 2, 3] }),
    );
    expect(report.columns.map((c) => [c.column, c.status])).toEqual([
      ['a', 'tested'],
      ['old', 'reference-only'],
      ['new', 'current-only'],
    ]);
    expect(report.dataset.testedColumns).toBe(1);
  });

  it('counts missing cells and skips a column with no value on one side', () => {
    const report = buildDriftComparison(
      data({ a: [1, null, 3, 4], gone: [1, 2, 3, 4] }),
      data({ a: [1, 2, null, null], gone: [null, null, null, null] }),
    );
    const a = tested(report, 'a');
    expect([a.reference, a.current]).toEqual([
      { values: 3, missing: 1 },
      { values: 2, missing: 2 },
    ]);
    expect(report.columns[1]).toMatchObject({ column: 'gone', status: 'empty' });
  });

  it('decides dataset drift with the drift share', () => {
    const ref = data({ a: sample(300, 14), b: sample(300, 15), c: sample(300, 16) });
    const cur = data({ a: sample(300, 17, 40), b: sample(300, 18), c: sample(300, 19) });
    const lenient = buildDriftComparison(ref, cur);
    expect(lenient.dataset).toMatchObject({ driftedColumns: 1, testedColumns: 3 });
    expect(lenient.dataset.datasetDrifted).toBe(false);
    expect(buildDriftComparison(ref, cur, { driftShare: 0.3 }).dataset.datasetDrifted).toBe(true);
  });

  it('builds histogram shares on Sturges edges over both samples', () => {
    const report = buildDriftComparison(
      data({ x: [0, 1, 2, 3, 4, 5, 6] }),
      data({ x: [1, 8, 8, 8, 8, 8, 8] }),
    );
    const d = tested(report, 'x').distribution;
    if (d.kind !== 'histogram') throw new Error('expected a histogram');
    // 14 values: width 8 / (log2 14 + 1) = 1.6 → ceil(5) = 5 bins over [0, 8].
    expect(d.edges.map((e) => Number(e.toFixed(12)))).toEqual([0, 1.6, 3.2, 4.8, 6.4, 8]);
    expect(d.reference.map((s) => s * 7)).toEqual([2, 2, 1, 2, 0]);
    expect(d.current.map((s) => s * 7)).toEqual([1, 0, 0, 0, 6]);
  });

  it('draws the most frequent categories and pools the rest as other', () => {
    const ref = ['a', 'a', 'a', 'b', 'b', 'c', 'd', 'e'];
    const report = buildDriftComparison(data({ k: ref }), data({ k: ref }), { maxCategories: 2 });
    const d = tested(report, 'k').distribution;
    expect(d).toEqual({
      kind: 'categories',
      categories: ['a', 'b', 'other'],
      reference: [3 / 8, 2 / 8, 3 / 8],
      current: [3 / 8, 2 / 8, 3 / 8],
      otherCategories: 3,
    });
  });

  describe('when the options name columns that are not there', () => {
    it('refuses an unknown column, listing every problem', () => {
      const run = () =>
        buildDriftComparison(data({ a: [1, 2] }), data({ a: [1, 2] }), {
          columns: ['a', 'nope'],
          thresholds: { ghost: 0.1 },
        });
      expect(run).toThrow(/column 'nope' is in neither file; threshold given for column 'ghost'/);
    });

    it('refuses a test that does not apply to the column type, naming the column', () => {
      const run = () =>
        buildDriftComparison(data({ k: ['a', 'b'] }), data({ k: ['a', 'b'] }), {
          tests: { k: 'ks' },
        });
      expect(run).toThrow("column 'k': test 'ks' does not apply to categorical columns");
    });
  });

  it('tests only the selected columns', () => {
    const report = buildDriftComparison(data({ a: [1, 2], b: [3, 4] }), data({ a: [1], b: [3] }), {
      columns: ['b'],
    });
    expect(report.columns.map((c) => c.column)).toEqual(['b']);
  });
});
