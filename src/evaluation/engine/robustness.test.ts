import { describe, expect, it } from 'vitest';
import { rocAuc } from '../../stats/metrics/index.js';
import { columnStds, perturbationJobs, perturbationResults } from './robustness.js';
import { modelContext } from './model-context.js';
import { ScoringBatcher } from './scoring-batcher.js';
import type { EvaluationTask, FeatureSpec, Scorer } from './types.js';

// Four rows: x numeric, c categorical {0, 1}, and a one-hot group 'g' of two columns.
const FEATURES: FeatureSpec[] = [
  { name: 'x', type: 'numeric' },
  { name: 'c', type: 'categorical' },
  { name: 'g_a', type: 'numeric', oneHotGroup: 'g' },
  { name: 'g_b', type: 'numeric', oneHotGroup: 'g' },
];
// prettier-ignore
const MATRIX = Float32Array.from([
  -2, 0, 1, 0,
  -1, 1, 0, 1,
   1, 0, 0, 1,
   3, 1, 1, 0,
]);

/** sigmoid of a margin computed from one row (x, c, g_a, g_b). */
function scorerOf(
  margin: (row: Float32Array) => number,
  task: EvaluationTask = 'binary-classification',
): Scorer & { seen: Float32Array[] } {
  const seen: Float32Array[] = [];
  const scorer = (features: Float32Array, rows: number) => {
    seen.push(features.slice());
    return Promise.resolve(
      Float64Array.from({ length: rows }, (_, i) => {
        const m = margin(features.subarray(i * 4, i * 4 + 4));
        return task === 'regression' ? m : 1 / (1 + Math.exp(-m));
      }),
    );
  };
  return Object.assign(scorer, { seen });
}

async function context(
  scorer: Scorer,
  labels: number[],
  task: EvaluationTask = 'binary-classification',
) {
  return modelContext({
    task,
    labels: Float64Array.from(labels),
    threshold: 0.5,
    seed: 9,
    model: { features: FEATURES, matrix: MATRIX, scorer },
  });
}

function entry(
  results: Awaited<ReturnType<typeof perturbationResults>>,
  kind: string,
  feature: string | null,
) {
  const found = results.perturbations.find((p) => p.kind === kind && p.feature === feature);
  if (found === undefined) throw new Error(`no ${kind} of ${feature}`);
  return found;
}

describe('feature dropout', () => {
  it('sets a numeric feature to its median: x → 0 makes every score 0.5, flipping rows 0 and 1', async () => {
    const ctx = await context(
      scorerOf((r) => r[0]!),
      [0, 0, 1, 1],
    );
    const results = await perturbationResults(ctx, []);
    const dropout = entry(results, 'feature-dropout', 'x');
    expect(dropout.flipRate).toBe(0.5);
    expect(dropout.value).toBe(0.5); // all scores tied
    expect(dropout.change).toBe(-0.5); // baseline AUC 1
    expect(dropout.meanAbsolutePredictionChange).toBeNull();
    // The model ignores c and g: dropping them changes nothing.
    expect(entry(results, 'feature-dropout', 'c').flipRate).toBe(0);
    expect(entry(results, 'feature-dropout', 'g').flipRate).toBe(0);
  });

  it('sets a categorical feature or one-hot group to its most frequent category (lowest on a tie)', async () => {
    const byC = await perturbationResults(
      await context(
        scorerOf((r) => 4 * r[1]! - 2),
        [0, 1, 0, 1],
      ),
      [],
    );
    expect(entry(byC, 'feature-dropout', 'c').flipRate).toBe(0.5); // c → 0: rows 1 and 3 flip
    const byG = await perturbationResults(
      await context(
        scorerOf((r) => 2 * r[3]! - 1),
        [0, 1, 1, 0],
      ),
      [],
    );
    expect(entry(byG, 'feature-dropout', 'g').flipRate).toBe(0.5); // g → g_a: rows 1 and 2 flip
  });

  it('reports the mean absolute prediction change for regression: mean |x| = 1.75', async () => {
    const ctx = await context(
      scorerOf((r) => r[0]!, 'regression'),
      [-2, -1, 1, 3],
      'regression',
    );
    const dropout = entry(await perturbationResults(ctx, []), 'feature-dropout', 'x');
    expect(dropout.meanAbsolutePredictionChange).toBe(1.75);
    expect(dropout.flipRate).toBeNull();
    expect(dropout.value).toBeCloseTo(Math.sqrt((4 + 1 + 1 + 9) / 4), 15); // RMSE of predicting 0
    expect(dropout.change).toBeCloseTo(Math.sqrt(15 / 4), 15); // baseline RMSE 0
  });
});

describe('category swap', () => {
  it('moves every row to the other category when two are observed: every decision flips', async () => {
    const byC = await perturbationResults(
      await context(
        scorerOf((r) => 4 * r[1]! - 2),
        [0, 1, 0, 1],
      ),
      [],
    );
    const swapC = entry(byC, 'category-swap', 'c');
    expect(swapC.flipRate).toBe(1);
    expect(swapC.value).toBe(0);
    expect(swapC.change).toBe(-1);
    const byG = await perturbationResults(
      await context(
        scorerOf((r) => 2 * r[3]! - 1),
        [0, 1, 1, 0],
      ),
      [],
    );
    expect(entry(byG, 'category-swap', 'g').flipRate).toBe(1);
  });

  it('writes a valid one-hot row and never keeps the original category', async () => {
    const ctx = await context(
      scorerOf(() => 0),
      [0, 1, 1, 0],
    );
    const job = perturbationJobs(ctx, []).jobs.find(
      (j) => j.kind === 'category-swap' && j.feature === 'g',
    )!;
    const block = new Float32Array(MATRIX.length);
    job.write(block);
    for (let i = 0; i < 4; i++) {
      expect(block[i * 4 + 2]! + block[i * 4 + 3]!).toBe(1);
      expect(block[i * 4 + 2]).toBe(1 - MATRIX[i * 4 + 2]!);
      expect(block[i * 4]).toBe(MATRIX[i * 4]); // other columns untouched
    }
  });

  it('is skipped for a category observed alone, and noise is skipped without numeric features', async () => {
    const features: FeatureSpec[] = [{ name: 'k', type: 'categorical' }];
    const ctx = await modelContext({
      task: 'binary-classification',
      labels: Float64Array.from([0, 1]),
      threshold: 0.5,
      seed: 1,
      model: { features, matrix: Float32Array.from([2, 2]), scorer: scorerOf(() => 0) },
    });
    const results = await perturbationResults(ctx, [0.1]);
    expect(results.skipped).toEqual([
      { kind: 'gaussian-noise', feature: null, reason: 'the model has no numeric feature' },
      { kind: 'category-swap', feature: 'k', reason: 'only one category is observed' },
    ]);
    expect(results.perturbations.map((p) => p.kind)).toEqual(['feature-dropout']);
  });
});

describe('gaussian noise', () => {
  it('adds scale × std × z to numeric columns only, with the same z for every scale', async () => {
    const ctx = await context(
      scorerOf((r) => r[0]!),
      [0, 0, 1, 1],
    );
    const std = columnStds(ctx)[0]!;
    expect(std).toBeCloseTo(
      Math.sqrt(((-2 - 0.25) ** 2 + 1.25 ** 2 + 0.75 ** 2 + 2.75 ** 2) / 4),
      12,
    );
    const jobs = perturbationJobs(ctx, [0.1, 0.5]).jobs.filter((j) => j.kind === 'gaussian-noise');
    const blocks = jobs.map((job) => {
      const block = new Float32Array(MATRIX.length);
      job.write(block);
      return block;
    });
    for (let i = 0; i < 4; i++) {
      const z1 = (blocks[0]![i * 4]! - MATRIX[i * 4]!) / (0.1 * std);
      const z2 = (blocks[1]![i * 4]! - MATRIX[i * 4]!) / (0.5 * std);
      expect(z1).toBeCloseTo(z2, 4); // float32 storage
      for (const j of [1, 2, 3]) expect(blocks[0]![i * 4 + j]).toBe(MATRIX[i * 4 + j]);
    }
  });

  it('reports the flip rate of the noised rows the scorer saw', async () => {
    const scorer = scorerOf((r) => r[0]! - 0.9);
    const ctx = await context(scorer, [0, 0, 1, 1]);
    const results = await perturbationResults(ctx, [0.5]);
    const noise = entry(results, 'gaussian-noise', null);
    // The four perturbed rows of the noise job are the first block of the call after the baseline.
    const seen = scorer.seen[1]!.subarray(0, 16);
    const flips = [0, 1, 2, 3].filter(
      (i) => seen[i * 4]! - 0.9 >= 0 !== MATRIX[i * 4]! - 0.9 >= 0,
    ).length;
    expect(noise.flipRate).toBe(flips / 4);
    const noisedScores = [0, 1, 2, 3].map((i) => 1 / (1 + Math.exp(-(seen[i * 4]! - 0.9))));
    expect(noise.value).toBe(rocAuc([0, 0, 1, 1], noisedScores));
    expect(noise.scale).toBe(0.5);
  });

  it('gives the same results whether jobs share a scorer call or not', async () => {
    const labels = Float64Array.from([0, 0, 1, 1]);
    const run = async (targetRows: number) => {
      const scorer = scorerOf((r) => r[0]! - 0.9 + r[1]!);
      const batcher = new ScoringBatcher(scorer, 4, 'binary-classification', targetRows);
      const ctx = await modelContext(
        {
          task: 'binary-classification',
          labels,
          threshold: 0.5,
          seed: 9,
          model: { features: FEATURES, matrix: MATRIX, scorer },
        },
        batcher,
      );
      return { results: await perturbationResults(ctx, [0.25, 1]), calls: batcher.calls };
    };
    const packed = await run(10_000);
    const single = await run(4);
    expect(single.results).toEqual(packed.results);
    expect(packed.calls).toBe(2); // the baseline, then every perturbation in one call
    expect(single.calls).toBe(1 + packed.results.perturbations.length);
  });
});
