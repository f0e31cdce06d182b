/**
 * Permutation feature importance, as sklearn's `permutation_importance`: for each feature (a
 * one-hot group is one unit, its columns moved by the same permutation), `repeats` times:
 * shuffle the rows of that column, score, and take importance = baseline − permuted metric.
 * The metric is ROC AUC for classification and −RMSE for regression (sklearn's
 * `neg_root_mean_squared_error`), so a larger importance always means a more important feature.
 * Mean and std (population, ddof = 0, as numpy) over the repeats; features sorted by mean,
 * descending, model order on ties, undefined means last.
 *
 * As in sklearn, every feature sees the same sequence of shuffles (sklearn seeds each column's
 * loop with one shared seed): repeat r applies the index array after r in-place Fisher–Yates
 * shuffles of 0..n−1 from the 'importance' stream to the original column.
 */
import type { ModelContext } from './model-context.js';
import type { Report } from './progress.js';
import { randomStream, shuffleInPlace } from './random-streams.js';
import type { FeatureImportance, ImportanceResult } from './types.js';

/** The row permutation of each repeat (see the module comment). */
export function importancePermutations(seed: number, rows: number, repeats: number): Uint32Array[] {
  const random = randomStream(seed, 'importance');
  const index = Uint32Array.from({ length: rows }, (_, i) => i);
  return Array.from({ length: repeats }, () => shuffleInPlace(random, index).slice());
}

function meanAndStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}

function byMeanDescending(a: FeatureImportance, b: FeatureImportance): number {
  const ka = a.mean === null || Number.isNaN(a.mean) ? Number.NEGATIVE_INFINITY : a.mean;
  const kb = b.mean === null || Number.isNaN(b.mean) ? Number.NEGATIVE_INFINITY : b.mean;
  return ka === kb ? 0 : kb > ka ? 1 : -1;
}

export async function permutationImportance(
  context: ModelContext,
  repeats: number,
  report: Report = () => {},
): Promise<ImportanceResult> {
  const { rows, width, matrix, units } = context;
  const sign = context.task === 'regression' ? -1 : 1;
  const score = (scores: Float64Array) => sign * context.primary(scores);
  const baseline = score(context.baseline);
  const permutations = importancePermutations(context.seed, rows, repeats);
  const values = units.map(() => new Float64Array(repeats));
  await context.batcher.scoreJobs(
    units.length * repeats,
    rows,
    (job, block) => {
      const unit = units[Math.floor(job / repeats)];
      const permutation = permutations[job % repeats];
      block.set(matrix);
      if (unit === undefined || permutation === undefined) return;
      for (const j of unit.columns) {
        for (let i = 0; i < rows; i++) {
          block[i * width + j] = matrix[(permutation[i] ?? 0) * width + j] ?? 0;
        }
      }
    },
    (job, scores) => {
      const series = values[Math.floor(job / repeats)];
      if (series !== undefined) series[job % repeats] = baseline - score(scores);
      report(job + 1);
    },
  );
  const features = units.map((unit, u): FeatureImportance => {
    const series = values[u] ?? new Float64Array();
    const { mean, std } = meanAndStd(series);
    return { feature: unit.name, columns: [...unit.columnNames], mean, std, values: [...series] };
  });
  return {
    metric: context.task === 'regression' ? 'neg_rmse' : 'roc_auc',
    baseline,
    repeats,
    features: features.sort(byMeanDescending),
  };
}
