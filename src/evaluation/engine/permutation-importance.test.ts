import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import { rocAuc } from '../../stats/metrics/index.js';
import { linearScorer, logisticScorer, syntheticData } from './__fixtures__/synthetic.js';
import type { LinearModel } from './__fixtures__/synthetic.js';
import { modelContext } from './model-context.js';
import { permutationImportance } from './permutation-importance.js';
import { streamSeed } from './random-streams.js';
import type { EvaluationTask } from './types.js';

/**
 * sklearn's algorithm written out plainly: copy X, overwrite the unit's columns with the rows
 * of a shuffled index (the index shuffled in place once more per repeat, Fisher–Yates from the
 * end), score with a direct implementation, importance = baseline − permuted.
 */
function referenceImportance(
  task: EvaluationTask,
  model: LinearModel,
  matrix: Float32Array,
  labels: Float64Array,
  units: { name: string; columns: number[] }[],
  seed: number,
  repeats: number,
) {
  const rows = labels.length;
  const width = model.weights.length;
  const predict = (x: Float32Array) =>
    Array.from({ length: rows }, (_, i) => {
      let m = model.bias;
      for (let j = 0; j < width; j++) m += model.weights[j]! * x[i * width + j]!;
      return task === 'regression' ? m : 1 / (1 + Math.exp(-m));
    });
  const metric = (p: number[]) => {
    if (task !== 'regression') return rocAuc(labels, p);
    let ss = 0;
    p.forEach((v, i) => (ss += (labels[i]! - v) ** 2));
    return -Math.sqrt(ss / rows);
  };
  const baseline = metric(predict(matrix));
  return units.map((unit) => {
    const random = new SeededRandom(streamSeed(seed, 'importance'));
    const index = Array.from({ length: rows }, (_, i) => i);
    const values: number[] = [];
    for (let r = 0; r < repeats; r++) {
      for (let i = rows - 1; i > 0; i--) {
        const j = Math.floor(random.next() * (i + 1));
        [index[i], index[j]] = [index[j]!, index[i]!];
      }
      const x = matrix.slice();
      for (const c of unit.columns)
        for (let i = 0; i < rows; i++) x[i * width + c] = matrix[index[i]! * width + c]!;
      values.push(baseline - metric(predict(x)));
    }
    const mean = values.reduce((s, v) => s + v, 0) / repeats;
    const std = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / repeats);
    return { feature: unit.name, mean, std, values };
  });
}

describe('permutationImportance', () => {
  const data = syntheticData(400, 4, 3);
  const units = [
    { name: 'x0', columns: [0] },
    { name: 'x1', columns: [1] },
    { name: 'x2', columns: [2] },
    { name: 'x3', columns: [3] },
    { name: 'region', columns: [4] },
    { name: 'channel', columns: [5, 6, 7] },
  ];

  it.each(['binary-classification', 'regression'] as const)(
    'equals a direct implementation of sklearn permutation_importance (%s)',
    async (task) => {
      const labels = task === 'regression' ? data.target : data.labels;
      const scorer = task === 'regression' ? linearScorer(data.model) : logisticScorer(data.model);
      const ctx = await modelContext({
        task,
        labels,
        threshold: 0.5,
        seed: 21,
        model: { features: data.features, matrix: data.matrix, scorer },
      });
      const result = await permutationImportance(ctx, 5);
      const expected = referenceImportance(task, data.model, data.matrix, labels, units, 21, 5);
      expect(result.metric).toBe(task === 'regression' ? 'neg_rmse' : 'roc_auc');
      expect(result.repeats).toBe(5);
      const byName = new Map(result.features.map((f) => [f.feature, f]));
      for (const e of expected) {
        const got = byName.get(e.feature)!;
        expect(got.values).toHaveLength(5);
        got.values.forEach((v, r) => expect(v).toBeCloseTo(e.values[r]!, 12));
        expect(got.mean).toBeCloseTo(e.mean, 12);
        expect(got.std).toBeCloseTo(e.std, 12);
      }
      // Sorted by mean importance, descending.
      const means = result.features.map((f) => f.mean!);
      expect(means).toEqual([...means].sort((a, b) => b - a));
    },
  );

  it('permutes a one-hot group as one unit and names its columns', async () => {
    const ctx = await modelContext({
      task: 'binary-classification',
      labels: data.labels,
      threshold: 0.5,
      seed: 1,
      model: { features: data.features, matrix: data.matrix, scorer: logisticScorer(data.model) },
    });
    const result = await permutationImportance(ctx, 2);
    expect(result.features).toHaveLength(6);
    expect(result.features.find((f) => f.feature === 'channel')?.columns).toEqual([
      'channel_web',
      'channel_store',
      'channel_phone',
    ]);
  });

  it('gives zero importance to a feature the model ignores', async () => {
    const model = { weights: [...data.model.weights], bias: data.model.bias };
    model.weights[2] = 0;
    const ctx = await modelContext({
      task: 'binary-classification',
      labels: data.labels,
      threshold: 0.5,
      seed: 1,
      model: { features: data.features, matrix: data.matrix, scorer: logisticScorer(model) },
    });
    const x2 = (await permutationImportance(ctx, 3)).features.find((f) => f.feature === 'x2')!;
    expect(x2).toMatchObject({ mean: 0, std: 0, values: [0, 0, 0] });
  });
});
