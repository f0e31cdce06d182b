/** numpy's binning rules, checked against numpy 2.4.6 on values placed on and next to edges. */
import { describe, expect, it } from 'vitest';
import { doaneEdges, histogramCounts, linspace, sturgesEdges } from './index.js';
import { sortFinite } from './sort-float64.js';

/** The double next to x towards ±∞ (numpy `nextafter`). */
function nextAfter(x: number, direction: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigInt64(0);
  view.setBigInt64(0, bits + BigInt((x >= 0 ? 1 : -1) * direction));
  return view.getFloat64(0);
}

describe('numpy bin rules', () => {
  const edges = linspace(0.1, 1.7, 12);
  const values = [
    ...edges,
    ...edges.map((e) => nextAfter(e, -1)),
    ...edges.map((e) => nextAfter(e, 1)),
    0.05,
    2.0,
  ];

  it('linspace reproduces numpy point for point', () => {
    expect(edges).toEqual([
      0.1, 0.24545454545454545, 0.3909090909090909, 0.5363636363636364, 0.6818181818181818,
      0.8272727272727273, 0.9727272727272727, 1.1181818181818182, 1.2636363636363637,
      1.4090909090909092, 1.5545454545454547, 1.7,
    ]);
  });

  it('counts [e_j, e_{j+1}) with the last bin closed and out-of-range values dropped', () => {
    expect(Array.from(histogramCounts(values, edges))).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 4]);
  });

  it('counts on equally spaced edges with ±∞ ends (a guessed index, corrected)', () => {
    const open = [-Infinity, ...edges.slice(1, -1), Infinity];
    expect(Array.from(histogramCounts(values, open))).toEqual([5, 3, 3, 3, 3, 3, 3, 3, 3, 3, 6]);
  });

  it('counts on uneven and infinite edges by binary search, with the same rule', () => {
    const uneven = [-Infinity, 0.3, 0.31, 0.9, Infinity];
    expect(Array.from(histogramCounts(values, uneven))).toEqual([7, 0, 12, 19]);
  });

  it('sturges and doane edges match numpy, including the constant-sample ±0.5 rule', () => {
    const expected = [
      0.05, 0.32857142857142857, 0.6071428571428572, 0.8857142857142858, 1.1642857142857144,
      1.4428571428571428, 1.7214285714285715, 2.0,
    ];
    expect(sturgesEdges(values)).toEqual(expected);
    expect(doaneEdges(values)).toEqual(expected);
    expect(sturgesEdges([3, 3, 3])).toEqual([2.5, 3.5]);
    expect(doaneEdges([1, 2])).toEqual([1, 2]);
  });
});

describe('sortFinite', () => {
  it('orders exactly as Float64Array.prototype.sort, −0 before +0, subnormals and extremes', () => {
    const special = [0, -0, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1, -1];
    const values = Float64Array.from({ length: 50_000 }, (_, i) => {
      const x = ((i * 0.6180339887498949) % 1) - 0.5;
      return i % 97 === 0 ? special[i % special.length]! : x * 10 ** ((i % 40) - 20);
    });
    const expected = values.slice().sort();
    const actual = sortFinite(values);
    expect(actual.every((v, i) => Object.is(v, expected[i]))).toBe(true);
  });

  it('drops NaN and ±∞ on both paths (radix from 4096 values, built-in below)', () => {
    for (const size of [10, 10_000]) {
      const values = Float64Array.from({ length: size }, (_, i) => size - i);
      values[3] = Number.NaN;
      values[5] = Infinity;
      values[7] = -Infinity;
      const sorted = sortFinite(values);
      expect(sorted.length).toBe(size - 3);
      expect(sorted[0]).toBe(1);
      expect(Number.isNaN(values[3])).toBe(true); // the input is left alone
    }
  });
});
