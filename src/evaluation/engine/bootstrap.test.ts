import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import { classificationReport, regressionReport } from '../../stats/metrics/index.js';
import { forEachResample, percentileInterval, quantileOfSorted } from './bootstrap.js';
import { classificationKernel, regressionKernel } from './metric-kernel.js';

/** |a − b| ≤ 1e-12·max(1, |b|), NaN only against NaN. */
function expectClose(a: number, b: number): void {
  if (Number.isNaN(b)) expect(a).toBeNaN();
  else expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
}

/** Row i repeated weights[i] times, in row order. */
function expand(values: Float64Array, weights: Uint32Array): Float64Array {
  const out: number[] = [];
  values.forEach((v, i) => {
    for (let k = 0; k < (weights[i] ?? 0); k++) out.push(v);
  });
  return Float64Array.from(out);
}

function classificationData(n: number, seed: number) {
  const random = new SeededRandom(seed);
  const labels = Float64Array.from({ length: n }, () => (random.next() < 0.3 ? 1 : 0));
  // Two-decimal scores: many ties, within and across classes.
  const scores = Float64Array.from(
    labels,
    (y) => Math.round((0.25 * y + 0.75 * random.next()) * 100) / 100,
  );
  return { labels, scores };
}

describe('forEachResample', () => {
  it('draws n rows with replacement per resample, reproducibly from the seed', () => {
    const seen: number[][] = [];
    forEachResample(3, 50, 4, (w) => {
      expect(w.reduce((s, v) => s + v, 0)).toBe(50);
      seen.push([...w]);
    });
    const again: number[][] = [];
    forEachResample(3, 50, 4, (w) => again.push([...w]));
    const other: number[][] = [];
    forEachResample(4, 50, 4, (w) => other.push([...w]));
    expect(again).toEqual(seen);
    expect(other).not.toEqual(seen);
    expect(new Set(seen.map((w) => w.join())).size).toBe(4);
  });
});

describe('weighted bootstrap metrics', () => {
  it.each([11, 12, 13])(
    'equal classificationReport on the explicitly resampled rows, to 1e-12 (seed %i)',
    (seed) => {
      const { labels, scores } = classificationData(400, seed);
      const kernel = classificationKernel(labels, scores, 0.4, 10);
      let checked = 0;
      forEachResample(seed, labels.length, 25, (weights) => {
        const y = expand(labels, weights);
        const p = expand(scores, weights);
        const report = classificationReport({ labels: y, scores: p, threshold: 0.4 });
        const s = report.scores;
        const expected = [
          report.accuracy,
          report.precision,
          report.recall,
          report.f1,
          s?.rocAuc ?? 0,
          s?.averagePrecision ?? 0,
          s?.logLoss ?? 0,
          s?.brierScore ?? 0,
          s?.expectedCalibrationError ?? 0,
        ];
        const got = kernel.evaluate(weights);
        expected.forEach((value, m) => expectClose(got[m] ?? Number.NaN, value));
        // Counts-based metrics and the curve are exact, not merely close.
        expect(got[0]).toBe(report.accuracy);
        expect(got[4]).toBe(s?.rocAuc);
        expect(got[5]).toBe(s?.averagePrecision);
        checked++;
      });
      expect(checked).toBe(25);
    },
  );

  it.each([21, 22])(
    'equal regressionReport on the explicitly resampled rows, to 1e-12 (seed %i)',
    (seed) => {
      const random = new SeededRandom(seed);
      const labels = Float64Array.from({ length: 300 }, () => 2 + 10 * random.next());
      const predictions = Float64Array.from(labels, (y) => y + random.normal());
      const kernel = regressionKernel(labels, predictions);
      forEachResample(seed, labels.length, 25, (weights) => {
        const r = regressionReport({
          actual: expand(labels, weights),
          predicted: expand(predictions, weights),
        });
        const got = kernel.evaluate(weights);
        [r.rmse, r.mae, r.mape, r.r2].forEach((value, m) =>
          expectClose(got[m] ?? Number.NaN, value),
        );
      });
    },
  );

  it('give the unresampled metrics with unit weights', () => {
    const { labels, scores } = classificationData(200, 5);
    const report = classificationReport({ labels, scores });
    const got = classificationKernel(labels, scores, 0.5, 10).evaluate(
      new Uint32Array(200).fill(1),
    );
    expect([...got]).toEqual([
      report.accuracy,
      report.precision,
      report.recall,
      report.f1,
      report.scores?.rocAuc,
      report.scores?.averagePrecision,
      report.scores?.logLoss,
      report.scores?.brierScore,
      report.scores?.expectedCalibrationError,
    ]);
  });

  it('report NaN for a metric undefined in a resample (one class only)', () => {
    const labels = Float64Array.from([1, 0, 1]);
    const scores = Float64Array.from([0.9, 0.2, 0.6]);
    const got = classificationKernel(labels, scores, 0.5, 10).evaluate([2, 0, 1]);
    expect(got[4]).toBeNaN(); // roc_auc with no negative
    expect(got[0]).toBe(1);
  });
});

describe('percentileInterval', () => {
  it('uses numpy linear percentiles: 1..10 at 95 % gives [1.225, 9.775]', () => {
    const values = Float64Array.from([7, 1, 10, 3, 2, 9, 5, 4, 8, 6]);
    const interval = percentileInterval(values, 0.95);
    expect(interval.lower).toBeCloseTo(1.225, 12);
    expect(interval.upper).toBeCloseTo(9.775, 12);
    expect(interval.defined).toBe(10);
  });

  it('skips undefined resamples and counts the defined ones', () => {
    const interval = percentileInterval(Float64Array.from([Number.NaN, 2, 4, Number.NaN]), 0.5);
    expect(interval).toEqual({ lower: 2.5, upper: 3.5, defined: 2 });
    expect(percentileInterval(Float64Array.from([Number.NaN]), 0.9).lower).toBeNaN();
  });

  it('gives the single value for one sample', () => {
    expect(quantileOfSorted(Float64Array.from([4]), 0.975)).toBe(4);
  });
});
