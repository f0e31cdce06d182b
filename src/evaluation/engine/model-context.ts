/**
 * What the model-based stages (robustness, flip search, permutation importance) share: the
 * matrix and its units, the batched scorer, the model's own scores on the unperturbed data, and
 * the primary metric (ROC AUC for classification, RMSE for regression).
 */
import { fastBinaryCurve, rocAucOfCurve, rootMeanSquaredError } from '../../stats/metrics/index.js';
import { featureUnits } from './feature-units.js';
import type { FeatureUnit } from './feature-units.js';
import { ScoringBatcher } from './scoring-batcher.js';
import type { EvaluationModel, EvaluationTask } from './types.js';

export interface ModelContext {
  task: EvaluationTask;
  labels: Float64Array;
  threshold: number;
  seed: number;
  rows: number;
  width: number;
  matrix: Float32Array;
  featureNames: string[];
  units: FeatureUnit[];
  batcher: ScoringBatcher;
  /** The scorer's output on the unperturbed matrix. */
  baseline: Float64Array;
  /** The primary metric of some scores of these rows. */
  primary(scores: Float64Array): number;
}

/** The primary metric: ROC AUC (classification, stats `fastBinaryCurve` + `rocAucOfCurve`) or RMSE. */
export function primaryMetric(
  task: EvaluationTask,
  labels: Float64Array,
): (scores: Float64Array) => number {
  if (task === 'regression') {
    return (scores) => rootMeanSquaredError({ actual: labels, predicted: scores });
  }
  const y = Uint8Array.from(labels);
  return (scores) => rocAucOfCurve(fastBinaryCurve(y, scores));
}

export async function modelContext(
  input: {
    task: EvaluationTask;
    labels: Float64Array;
    threshold: number;
    seed: number;
    model: EvaluationModel;
  },
  batcher?: ScoringBatcher,
): Promise<ModelContext> {
  const { task, labels, model } = input;
  const width = model.features.length;
  const rows = labels.length;
  const scoring = batcher ?? new ScoringBatcher(model.scorer, width, task);
  return {
    task,
    labels,
    threshold: input.threshold,
    seed: input.seed,
    rows,
    width,
    matrix: model.matrix,
    featureNames: model.features.map((f) => f.name),
    units: featureUnits(model.features),
    batcher: scoring,
    baseline: await scoring.scoreMatrix(model.matrix, rows),
    primary: primaryMetric(task, labels),
  };
}
