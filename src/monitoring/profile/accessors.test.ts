import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import {
  cdf,
  distinctCount,
  frequencies,
  getColumn,
  histogram,
  moments,
  quantile,
  rankError,
} from './accessors.js';
import { hllStandardError } from './hll.js';
import { rankErrorBound } from './kll.js';
import { ProfileBuilder, profileRows } from './profile-builder.js';
import { seededRandom } from './random.js';

describe('column profile accessors', () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
  const column = getColumn(profileRows(values.map((x) => ({ x }))), 'x');

  it('reads exact moments: mean, sample and population variance, skewness', () => {
    expect(moments(column)).toEqual({
      count: 10,
      mean: 3.9,
      variance: expect.closeTo(6.1, 12) as number,
      populationVariance: expect.closeTo(5.49, 12) as number,
      skewness: expect.closeTo(0.6800647393157, 12) as number, // numpy: mean(((x − x̄)/σ)³)
    });
  });

  it('gives an exact right-continuous ECDF while the sketch is exact', () => {
    expect(cdf(column, 0.5)).toEqual({ value: 0, error: 0 });
    expect(cdf(column, 1)).toEqual({ value: 0.2, error: 0 });
    expect(cdf(column, 4.5)).toEqual({ value: 0.6, error: 0 });
    expect(cdf(column, 9)).toEqual({ value: 1, error: 0 });
    expect(rankError(column)).toBe(0);
  });

  it('reports the KLL bound once the sketch has compacted', () => {
    const random = seededRandom(2);
    const big = getColumn(
      profileRows(Array.from({ length: 50_000 }, () => ({ x: random() }))),
      'x',
    );
    expect(rankError(big)).toBe(rankErrorBound(200));
    const f = cdf(big, 0.3);
    expect(f.error).toBe(rankErrorBound(200));
    expect(Math.abs(f.value - 0.3)).toBeLessThan(f.error + 0.01);
    expect(quantile(big, 0)).toBe(moments(big).count > 0 ? big.numeric!.min : NaN);
    expect(quantile(big, 1)).toBe(big.numeric!.max);
  });

  it('refuses q outside [0, 1] and columns without numbers', () => {
    expect(() => quantile(column, 1.5)).toThrow(ValidationError);
    const text = getColumn(profileRows([{ c: 'a' }]), 'c');
    expect(() => quantile(text, 0.5)).toThrow(/column 'c' has no finite numeric values/);
    expect(() => histogram(column)).toThrow(/has no bins: build its profile against a reference/);
  });

  it('folds under- and overflow into the end bins with openEnds (textbook PSI ends)', () => {
    const reference = profileRows(values.map((x) => ({ x })));
    const current = profileRows(
      [0, 1, 3, 9, 10, 12].map((x) => ({ x })),
      {
        reference,
        binRule: { edges: [1, 3, 9] },
      },
    );
    const x = getColumn(current, 'x');
    expect(histogram(x)).toEqual({
      rule: 'edges',
      edges: [1, 3, 9],
      counts: [1, 2],
      underflow: 1,
      overflow: 2,
    });
    expect(histogram(x, { openEnds: true }).counts).toEqual([2, 4]);
  });

  it('counts categories exactly, booleans as true/false, below the capacity', () => {
    const rows = [
      { c: 'a', b: true },
      { c: 'b', b: false },
      { c: 'a', b: true },
      { c: '', b: null },
    ];
    const profile = profileRows(rows);
    expect(frequencies(getColumn(profile, 'c'))).toEqual({
      values: { a: 2, b: 1 },
      other: 0,
      exact: true,
      maxError: 0,
    });
    expect(frequencies(getColumn(profile, 'b')).values).toEqual({ true: 2, false: 1 });
    expect(distinctCount(getColumn(profile, 'c'))).toEqual({
      estimate: 2,
      exact: true,
      standardError: 0,
    });
  });

  it('keeps a value named __proto__ as data', () => {
    const f = frequencies(getColumn(profileRows([{ c: '__proto__' }]), 'c'));
    expect(Object.keys(f.values)).toEqual(['__proto__']);
    expect(f.values.__proto__).toBe(1);
  });

  it('switches to Misra–Gries and HyperLogLog past the capacity, with their bounds', () => {
    const builder = new ProfileBuilder({ frequencyCapacity: 50 });
    // 3000 values v0..v2999 plus 'hot' on every 7th row: 3001 distinct, 'hot' 2858 times.
    for (let i = 0; i < 20_000; i++) builder.addRow({ c: i % 7 === 0 ? 'hot' : `v${i % 3000}` });
    const c = getColumn(builder.finish(), 'c');
    const f = frequencies(c);
    expect(f.exact).toBe(false);
    expect(f.other).toBeGreaterThan(0);
    expect(f.values.hot).toBeLessThanOrEqual(2858);
    expect(f.values.hot).toBeGreaterThanOrEqual(2858 - f.maxError);
    expect(f.maxError).toBe(f.other / 26);
    const d = distinctCount(c);
    expect(d).toMatchObject({ exact: false, standardError: hllStandardError(12) });
    expect(Math.abs(d.estimate / 3001 - 1)).toBeLessThan(3 * d.standardError);
  });
});

describe('column types and missing values', () => {
  it('infers numeric, categorical, boolean, mixed and empty from the kinds seen', () => {
    const profile = profileRows([
      { n: 1, c: 'a', b: true, m: 1, e: null },
      { n: 2.5, c: 'b', b: false, m: 'x', e: undefined },
      { n: Number.NaN, c: '', b: null, m: false, e: '' },
    ]);
    expect(profile.columns.map((c) => [c.name, c.type, c.missing, c.kinds])).toEqual([
      ['n', 'numeric', 1, { numeric: 2, boolean: 0, string: 0 }],
      ['c', 'categorical', 1, { numeric: 0, boolean: 0, string: 2 }],
      ['b', 'boolean', 1, { numeric: 0, boolean: 2, string: 0 }],
      ['m', 'mixed', 0, { numeric: 1, boolean: 1, string: 1 }],
      ['e', 'empty', 3, { numeric: 0, boolean: 0, string: 0 }],
    ]);
  });

  it('keeps ±∞ out of the moments, sketch and bins, and counts them', () => {
    const x = getColumn(profileRows([{ x: 1 }, { x: Infinity }, { x: -Infinity }, { x: 3 }]), 'x');
    expect(x.numeric).toMatchObject({ count: 2, infinite: 2, min: 1, max: 3, mean: 2 });
    expect(x.kinds.numeric).toBe(4);
  });

  it('classifies text rows like CSV cells', () => {
    const builder = new ProfileBuilder();
    builder.addTextRow({ a: '1e3', b: 'TRUE', c: 'NaN', d: 'inf' });
    builder.addTextRow({ a: '-.5', b: 'False', c: null, d: 'hello' });
    const p = builder.finish();
    expect(getColumn(p, 'a').numeric).toMatchObject({ min: -0.5, max: 1000 });
    expect(getColumn(p, 'b').type).toBe('boolean');
    expect(getColumn(p, 'c')).toMatchObject({ type: 'empty', missing: 2 });
    expect(getColumn(p, 'd')).toMatchObject({ type: 'mixed', numeric: { infinite: 1 } });
  });

  it('refuses options out of range', () => {
    expect(() => new ProfileBuilder({ hllPrecision: 30 })).toThrow(
      /hllPrecision must be an integer in 4\.\.18/,
    );
    expect(() => new ProfileBuilder({ quantileK: 2 })).toThrow(/quantileK/);
  });
});
