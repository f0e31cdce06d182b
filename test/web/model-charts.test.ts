import { describe, expect, it } from 'vitest';
import {
  extent,
  linePath,
  linearScale,
  niceTicks,
  tickLabel,
} from '../../web/src/pages/model/chart-scale.js';

describe('chart scales', () => {
  it('maps a domain onto a range, inverted for y axes', () => {
    const x = linearScale([0, 10], [50, 150]);
    expect(x(0)).toBe(50);
    expect(x(5)).toBe(100);
    const y = linearScale([0, 1], [200, 0]);
    expect(y(0.25)).toBe(150);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
  });

  it('picks round ticks covering the data', () => {
    expect(niceTicks(0, 80, 6)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(0.1865, 0.2572, 5)).toEqual([0.18, 0.2, 0.22, 0.24, 0.26]);
    expect(niceTicks(-0.0173, 0.0419, 6)).toEqual([-0.02, -0.01, 0, 0.01, 0.02, 0.03, 0.04, 0.05]);
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    const flat = niceTicks(5, 5, 4);
    expect(flat[0]).toBeLessThan(5);
    expect(flat.at(-1)).toBeGreaterThan(5);
    expect(niceTicks(Number.NaN, 1)).toEqual([]);
  });

  it('finds the extent of finite values', () => {
    expect(extent([3, -1, Number.NaN, 7])).toEqual([-1, 7]);
    expect(extent([])).toBeUndefined();
  });

  it('writes paths and short tick labels', () => {
    expect(
      linePath([
        { x: 0, y: 1 },
        { x: 2.25, y: 3 },
      ]),
    ).toBe('M0.0 1.0 L2.3 3.0');
    expect(tickLabel(0.25)).toBe('0.25');
    expect(tickLabel(1500)).toBe('1.5k');
    expect(tickLabel(20000)).toBe('20k');
    expect(tickLabel(0.1 + 0.2)).toBe('0.3');
  });
});
