/**
 * Every quality metric of one task, evaluated for a vector of row weights. The sorted ranking,
 * per-row loss terms and calibration bins are built once; each call is O(n). The formulas are
 * the stats/metrics ones (weighted forms in stats `weighted.ts`), so a resample's metrics equal
 * those of `classificationReport` / `regressionReport` on the explicitly resampled rows.
 */
import {
  accuracy,
  averagePrecisionOfCurve,
  brierTerms,
  eceOfTable,
  f1Score,
  logLossTerms,
  precision,
  rankScores,
  recall,
  reliabilityRows,
  rocAucOfCurve,
  weightedBinaryCurve,
  weightedConfusion,
  weightedMean,
  weightedRegressionMetrics,
  weightedReliabilityTable,
} from '../../stats/metrics/index.js';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from './types.js';
import type { ClassificationMetricName, EvaluationTask, RegressionMetricName } from './types.js';

export interface MetricKernel {
  readonly names: readonly (ClassificationMetricName | RegressionMetricName)[];
  /** The metrics (in `names` order) of the rows weighted by `weights`; NaN when undefined. */
  evaluate(weights: ArrayLike<number>): Float64Array;
}

/** Inputs are validated: 0/1 labels and probabilities for classification. */
export function classificationKernel(
  labels: Float64Array,
  scores: Float64Array,
  threshold: number,
  calibrationBins: number,
): MetricKernel {
  const y = Uint8Array.from(labels);
  const yHat = Uint8Array.from(scores, (s) => (s >= threshold ? 1 : 0));
  const ranking = rankScores(scores);
  const logTerms = logLossTerms(y, scores);
  const squared = brierTerms(y, scores);
  const calibration = reliabilityRows(y, scores, { bins: calibrationBins });
  return {
    names: CLASSIFICATION_METRICS,
    evaluate(weights) {
      const cm = weightedConfusion(y, yHat, weights);
      const curve = weightedBinaryCurve(y, scores, ranking, weights);
      const values: Record<ClassificationMetricName, number> = {
        accuracy: accuracy(cm),
        precision: precision(cm),
        recall: recall(cm),
        f1: f1Score(cm),
        roc_auc: rocAucOfCurve(curve),
        pr_auc: averagePrecisionOfCurve(curve),
        log_loss: weightedMean(logTerms, weights),
        brier: weightedMean(squared, weights),
        ece: eceOfTable(weightedReliabilityTable(calibration, weights)),
      };
      return Float64Array.from(CLASSIFICATION_METRICS, (name) => values[name]);
    },
  };
}

export function regressionKernel(labels: Float64Array, predictions: Float64Array): MetricKernel {
  return {
    names: REGRESSION_METRICS,
    evaluate(weights) {
      const m = weightedRegressionMetrics(labels, predictions, weights);
      const values: Record<RegressionMetricName, number> = {
        rmse: m.rmse,
        mae: m.mae,
        mape: m.mape,
        r2: m.r2,
      };
      return Float64Array.from(REGRESSION_METRICS, (name) => values[name]);
    },
  };
}

export function kernelFor(
  task: EvaluationTask,
  labels: Float64Array,
  scores: Float64Array,
  threshold: number,
  calibrationBins: number,
): MetricKernel {
  return task === 'binary-classification'
    ? classificationKernel(labels, scores, threshold, calibrationBins)
    : regressionKernel(labels, scores);
}
