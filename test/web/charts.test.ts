import { describe, expect, it } from 'vitest';
import {
  bandScale,
  extent,
  formatTick,
  linearScale,
  logScale,
  logTicks,
  niceStep,
  niceTicks,
  prefersLog,
  timeTicks,
  zeroBasedTicks,
} from '../../web/src/components/charts/scales.js';

const DAY = 86_400_000;

describe('chart scales', () => {
  it('finds the extent of finite values', () => {
    expect(extent([3, -1, Number.NaN, 7])).toEqual([-1, 7]);
    expect(extent([Number.POSITIVE_INFINITY])).toBeUndefined();
    expect(extent([])).toBeUndefined();
  });

  it('maps a domain linearly onto a range, inverted for y axes', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect(x(0)).toBe(100);
    expect(x(5)).toBe(150);
    expect(x(10)).toBe(200);
    const y = linearScale([0, 1], [300, 0]);
    expect(y(0.25)).toBe(225);
    expect(linearScale([3, 3], [0, 10])(3)).toBe(5);
    expect(x.domain).toEqual([0, 10]);
  });

  it('maps logarithmically and keeps zero and negative values at the bottom', () => {
    const y = logScale([0.001, 10], [400, 0]);
    expect(y(0.001)).toBeCloseTo(400);
    expect(y(0.01)).toBeCloseTo(300);
    expect(y(10)).toBeCloseTo(0);
    expect(y(0)).toBeCloseTo(400);
    expect(y(-1)).toBeCloseTo(400);
    expect(y(0.0001)).toBeCloseTo(400);
    expect(() => logScale([0, 1], [0, 1])).toThrow(RangeError);
  });

  it('picks round steps and ticks that cover the data', () => {
    expect(niceStep(10, 5)).toBe(2);
    expect(niceStep(1, 4)).toBe(0.25);
    expect(niceStep(0.3, 5)).toBe(0.1);
    expect(niceTicks(0, 8.23)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(niceTicks(0, 1, 4)).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(niceTicks(0.12, 0.27, 3)).toEqual([0.1, 0.15, 0.2, 0.25, 0.3]);
    expect(niceTicks(0, 0.3, 3)).toEqual([0, 0.1, 0.2, 0.3]);
    expect(niceTicks(5, 5)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(niceTicks(0, 0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN, 1)).toEqual([0, 1]);
    expect(zeroBasedTicks(0.63, 4)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(zeroBasedTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('gives powers of ten for a log axis and says when one reads better', () => {
    expect(logTicks(0.0007, 8.2)).toEqual([0.0001, 0.001, 0.01, 0.1, 1, 10]);
    expect(logTicks(0.2, 0.2)).toEqual([0.1, 1]);
    expect(logTicks(1, 1)).toEqual([1, 10]);
    expect(prefersLog([0.001, 0.01, 8.2])).toBe(true);
    expect(prefersLog([0.01, 0.2])).toBe(false);
    expect(prefersLog([0, 0, 5])).toBe(false);
  });

  it('places time ticks on UTC days, then on Mondays for longer spans', () => {
    const start = Date.UTC(2026, 10, 3);
    const days = timeTicks(start, start + 6 * DAY, 7);
    expect(days).toHaveLength(7);
    expect(days.every((t) => t % DAY === 0)).toBe(true);
    const weeks = timeTicks(start, start + 27 * DAY, 6);
    expect(weeks.length).toBeLessThanOrEqual(6);
    expect(weeks.every((t) => new Date(t).getUTCDay() === 1)).toBe(true);
    expect(weeks[0]).toBeGreaterThanOrEqual(start);
    const hours = timeTicks(start, start + 12 * 3_600_000, 7);
    expect(hours[1]! - hours[0]!).toBe(2 * 3_600_000);
    expect(timeTicks(start, start)).toEqual([start]);
    expect(timeTicks(start + 1, start)).toEqual([]);
  });

  it('lays out bands with padding and centres', () => {
    const band = bandScale(4, [0, 400], 0.2);
    expect(band.bandwidth).toBe(80);
    expect(band.start(0)).toBe(10);
    expect(band.center(3)).toBe(350);
    expect(bandScale(0, [0, 100]).bandwidth).toBe(0);
  });

  it('labels ticks compactly for large numbers and plainly otherwise', () => {
    expect(formatTick(0)).toBe('0');
    expect(formatTick(0.2)).toBe('0.2');
    expect(formatTick(0.001)).toBe('0.001');
    expect(formatTick(2500)).toBe('2,500');
    expect(formatTick(239_100)).toBe('239.1k');
    expect(formatTick(20_000)).toBe('20k');
  });
});
