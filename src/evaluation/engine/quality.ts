/**
 * Quality metrics with percentile-bootstrap intervals. Point estimates come from the stats
 * reports (`classificationReport`, `regressionReport`); intervals from the weighted kernel over
 * seeded resamples.
 */
import { classificationReport, regressionReport } from '../../stats/metrics/index.js';
import type { ClassificationReport } from '../../stats/metrics/index.js';
import { bootstrapSettings, percentileInterval, resampleKernels } from './bootstrap.js';
import { kernelFor } from './metric-kernel.js';
import type { Report } from './progress.js';
import type {
  ClassificationMetricName,
  EvaluationTask,
  MetricEstimate,
  QualityResult,
  RegressionMetricName,
  ResolvedOptions,
} from './types.js';

export interface QualityInput {
  task: EvaluationTask;
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
  seed: number;
  options: ResolvedOptions;
}

/** Point estimates of every quality metric of the task, by name (NaN when undefined). */
export interface PointMetrics {
  values: Record<string, number>;
  /** The classification report the values come from (null for regression). */
  report: ClassificationReport | null;
}

export function pointMetrics(input: Omit<QualityInput, 'seed'>): PointMetrics {
  if (input.task === 'regression') {
    const r = regressionReport({ actual: input.labels, predicted: input.scores });
    const values: Record<RegressionMetricName, number> = {
      rmse: r.rmse,
      mae: r.mae,
      mape: r.mape,
      r2: r.r2,
    };
    return { values, report: null };
  }
  const report = classificationReport(
    { labels: input.labels, scores: input.scores, threshold: input.threshold },
    { calibration: { bins: input.options.calibrationBins } },
  );
  const s = report.scores;
  const values: Record<ClassificationMetricName, number> = {
    accuracy: report.accuracy,
    precision: report.precision,
    recall: report.recall,
    f1: report.f1,
    roc_auc: s?.rocAuc ?? Number.NaN,
    pr_auc: s?.averagePrecision ?? Number.NaN,
    log_loss: s?.logLoss ?? Number.NaN,
    brier: s?.brierScore ?? Number.NaN,
    ece: s?.expectedCalibrationError ?? Number.NaN,
  };
  return { values, report };
}

/** Quality of `input.scores` against `input.labels`; `report` is told of each resample done. */
export function qualityOf(input: QualityInput, report: Report = () => {}): QualityResult {
  const { task, labels, scores, threshold, options } = input;
  const kernel = kernelFor(task, labels, scores, threshold, options.calibrationBins);
  const [series = []] = resampleKernels(
    [kernel],
    input.seed,
    labels.length,
    options.bootstrapResamples,
    report,
  );
  const points = pointMetrics(input);
  const metrics: Record<string, MetricEstimate> = {};
  kernel.names.forEach((name, m) => {
    const interval = percentileInterval(series[m] ?? new Float64Array(), options.confidence);
    const none = options.bootstrapResamples === 0;
    metrics[name] = {
      value: points.values[name] ?? Number.NaN,
      ciLower: none ? null : interval.lower,
      ciUpper: none ? null : interval.upper,
      definedResamples: interval.defined,
    };
  });
  const bootstrap = bootstrapSettings(options.bootstrapResamples, options.confidence);
  if (points.report === null) {
    return {
      task: 'regression',
      n: labels.length,
      metrics: metrics,
      bootstrap,
    };
  }
  const { tp, fp, tn, fn } = points.report.confusion;
  return {
    task: 'binary-classification',
    n: labels.length,
    positives: points.report.positives,
    negatives: points.report.negatives,
    threshold,
    confusion: { tp, fp, tn, fn },
    metrics: metrics,
    bootstrap,
  };
}
