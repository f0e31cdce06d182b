import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import { forEachResample, percentileInterval } from './bootstrap.js';
import { compareModels } from './compare.js';
import { classificationKernel } from './metric-kernel.js';
import type { ComparisonResult, MetricComparison } from './types.js';

function data(n: number) {
  const random = new SeededRandom(31);
  const labels = Float64Array.from({ length: n }, () => (random.next() < 0.5 ? 1 : 0));
  const weak = Float64Array.from(labels, (y) => Math.min(1, 0.1 * y + 0.9 * random.next()));
  const strong = Float64Array.from(labels, (y) => Math.min(1, 0.5 * y + 0.5 * random.next()));
  return { labels, weak, strong };
}

function metric(result: ComparisonResult, name: string): MetricComparison {
  const found = (result.metrics as Record<string, MetricComparison | undefined>)[name];
  if (found === undefined) throw new Error(`no ${name}`);
  return found;
}

describe('compareModels', () => {
  const { labels, weak, strong } = data(800);
  const run = (scoresA: Float64Array, scoresB: Float64Array, seed = 2) =>
    compareModels({
      task: 'binary-classification',
      labels,
      seed,
      scoresA,
      scoresB,
      options: { bootstrapResamples: 100 },
    });

  it('gives a paired interval of b − a that excludes 0 for a clearly better challenger', async () => {
    const result = await run(weak, strong);
    const auc = metric(result, 'roc_auc');
    expect(auc.difference).toBeCloseTo(auc.b! - auc.a!, 15);
    expect(auc.difference!).toBeGreaterThan(0.2);
    expect(auc.ciLower!).toBeGreaterThan(0);
    expect(auc.excludesZero).toBe(true);
    expect(auc.ciLower!).toBeLessThanOrEqual(auc.difference!);
    expect(auc.ciUpper!).toBeGreaterThanOrEqual(auc.difference!);
  });

  it('gives exactly 0 for identical models: the resamples are paired', async () => {
    const result = await run(weak, weak);
    for (const m of Object.values<MetricComparison>(result.metrics)) {
      expect([m.difference, m.ciLower, m.ciUpper, m.excludesZero]).toEqual([0, 0, 0, false]);
    }
  });

  it('takes the interval over the per-resample differences of the same resamples', async () => {
    const result = await run(weak, strong, 9);
    const a = classificationKernel(labels, weak, 0.5, 10);
    const b = classificationKernel(labels, strong, 0.5, 10);
    const differences = new Float64Array(100);
    forEachResample(9, labels.length, 100, (w, r) => {
      differences[r] = b.evaluate(w)[4]! - a.evaluate(w)[4]!;
    });
    const expected = percentileInterval(differences, 0.95);
    const auc = metric(result, 'roc_auc');
    expect([auc.ciLower, auc.ciUpper]).toEqual([expected.lower, expected.upper]);
  });

  it('is byte-identical across runs and lists regression metrics for a regression task', async () => {
    expect(JSON.stringify(await run(weak, strong))).toBe(JSON.stringify(await run(weak, strong)));
    const result = await compareModels({
      task: 'regression',
      labels: Float64Array.from([1, 2, 3, 4, 5, 6]),
      seed: 1,
      scoresA: Float64Array.from([1.5, 2.5, 2, 4.5, 5, 7]),
      scoresB: Float64Array.from([1, 2.1, 3, 4, 5.2, 6]),
      options: { bootstrapResamples: 30 },
    });
    expect(Object.keys(result.metrics)).toEqual(['rmse', 'mae', 'mape', 'r2']);
    expect(metric(result, 'rmse').difference!).toBeLessThan(0);
  });
});
