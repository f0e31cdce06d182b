import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import { DEFAULT_OPTIONS } from './evaluation-options.js';
import { qualityOf } from './quality.js';
import type { MetricEstimate, QualityResult, ResolvedOptions } from './types.js';

// statistics.md §9.4 toy set.
const TOY_LABELS = Float64Array.from([0, 0, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 0, 0]);
const TOY_SCORES = Float64Array.from([
  0.1, 0.4, 0.35, 0.8, 0.2, 0.9, 0.6, 0.55, 0.7, 0.3, 0.65, 0.05, 0.45, 0.95, 0.4, 0.3, 0.45, 0.3,
  0.15, 0.35,
]);

function options(overrides: Partial<ResolvedOptions> = {}): ResolvedOptions {
  return { ...DEFAULT_OPTIONS, noiseScales: [...DEFAULT_OPTIONS.noiseScales], ...overrides };
}

function data(n: number) {
  const random = new SeededRandom(99);
  const labels = Float64Array.from({ length: n }, () => (random.next() < 0.4 ? 1 : 0));
  const scores = Float64Array.from(labels, (y) =>
    Math.min(1, Math.max(0, 0.3 * y + 0.7 * random.next())),
  );
  return { labels, scores };
}

function run(
  seed: number,
  n = 500,
  task: 'binary-classification' | 'regression' = 'binary-classification',
) {
  const { labels, scores } = data(n);
  return qualityOf({ task, labels, scores, threshold: 0.5, seed, options: options() });
}

function classification(q: QualityResult) {
  if (q.task !== 'binary-classification') throw new Error('expected a classification result');
  return q.metrics;
}

describe('qualityOf (classification)', () => {
  it('gives the §9.4 point values, counts and confusion matrix', () => {
    const q = qualityOf({
      task: 'binary-classification',
      labels: TOY_LABELS,
      scores: TOY_SCORES,
      threshold: 0.5,
      seed: 1,
      options: options({ bootstrapResamples: 0 }),
    });
    if (q.task !== 'binary-classification') throw new Error('task');
    expect([q.n, q.positives, q.negatives, q.threshold]).toEqual([20, 10, 10, 0.5]);
    expect(q.confusion).toEqual({ tp: 6, fp: 1, tn: 9, fn: 4 });
    expect(q.metrics.accuracy.value).toBe(0.75);
    expect(q.metrics.roc_auc.value).toBe(0.865);
    expect(q.metrics.pr_auc.value).toBeCloseTo(0.8679501054501054, 15);
    expect(q.metrics.brier.value).toBeCloseTo(0.157125, 15);
    expect(q.metrics.log_loss.value).toBeCloseTo(0.472254401514, 12);
    expect(q.metrics.ece.value).toBeCloseTo(0.1175, 15); // right-closed bins
    // No resamples: no intervals (null, not undefined metrics).
    expect(q.metrics.f1).toEqual({
      value: 12 / 17,
      ciLower: null,
      ciUpper: null,
      definedResamples: 0,
    });
  });

  it('gives intervals that contain the point estimate for every metric', () => {
    const q = run(7);
    for (const [name, m] of Object.entries<MetricEstimate>(q.metrics)) {
      expect(m.definedResamples, name).toBe(200);
      expect(m.ciLower!, name).toBeLessThanOrEqual(m.value!);
      expect(m.ciUpper!, name).toBeGreaterThanOrEqual(m.value!);
      expect(m.ciUpper! - m.ciLower!, name).toBeGreaterThan(0);
    }
  });

  it('reproduces its intervals with the same seed and moves them with another', () => {
    expect(run(7)).toEqual(run(7));
    const a = classification(run(7)).roc_auc;
    const b = classification(run(8)).roc_auc;
    expect(b.value).toBe(a.value);
    expect(b.ciLower).not.toBe(a.ciLower);
  });

  it('narrows the interval with more rows', () => {
    const small = classification(run(3, 200)).roc_auc;
    const large = classification(run(3, 5000)).roc_auc;
    expect(large.ciUpper! - large.ciLower!).toBeLessThan((small.ciUpper! - small.ciLower!) / 2);
  });
});

describe('qualityOf (regression)', () => {
  it('gives the §9.4 regression values with intervals around them', () => {
    const labels = Float64Array.from([3, -0.5, 2, 7, 4.2, 1.2, 1.5]);
    const scores = Float64Array.from([2.5, 0, 2.1, 7.8, 3.9, 0.3, 1.0]);
    const q = qualityOf({
      task: 'regression',
      labels,
      scores,
      threshold: 0.5,
      seed: 2,
      options: options(),
    });
    if (q.task !== 'regression') throw new Error('expected a regression result');
    expect(q.metrics.mape.value).toBeCloseTo(0.355102040816, 12);
    for (const m of Object.values(q.metrics)) {
      expect(m.ciLower!).toBeLessThanOrEqual(m.value!);
      expect(m.ciUpper!).toBeGreaterThanOrEqual(m.value!);
    }
  });
});
