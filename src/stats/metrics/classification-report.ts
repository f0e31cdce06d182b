/**
 * Every binary-classification metric of this module for one data set, in one pass over
 * validated arrays. The per-segment and fairness code call `reportFromArrays` on subsets.
 */
import { eceOfTable, logLoss, brierScore, reliabilityTable } from './calibration.js';
import type { CalibrationOptions, ReliabilityTable } from './calibration.js';
import { accuracy, countConfusion, f1Score, precision, recall } from './confusion.js';
import type { ConfusionMatrix } from './confusion.js';
import {
  checkZeroDivision,
  invalid,
  requireSameLength,
  thresholdScores,
  toBinary,
  toFinite,
} from './inputs.js';
import type { BinaryLabel, ZeroDivision } from './inputs.js';
import {
  averagePrecisionOfCurve,
  binaryCurve,
  ksStatisticOfCurve,
  rocAucOfCurve,
} from './ranking.js';

/**
 * Outcomes with scores, predictions, or both. With scores only, predictions are
 * `score >= threshold` (default 0.5). With predictions given, `threshold` is not used.
 */
export interface BinaryClassificationData {
  readonly labels: ArrayLike<BinaryLabel>;
  /** Probabilities of the positive class in [0, 1]. */
  readonly scores?: ArrayLike<number>;
  readonly predictions?: ArrayLike<BinaryLabel>;
  readonly threshold?: number;
}

export interface ClassificationReportOptions {
  readonly zeroDivision?: ZeroDivision;
  readonly calibration?: CalibrationOptions;
}

/** Metrics that need scores; absent (`null`) when only predictions were given. */
export interface ScoreMetrics {
  readonly rocAuc: number;
  /** sklearn `average_precision_score` (step-wise PR AUC). */
  readonly averagePrecision: number;
  readonly logLoss: number;
  readonly brierScore: number;
  readonly expectedCalibrationError: number;
  readonly reliability: ReliabilityTable;
  readonly ksStatistic: number;
}

export interface ClassificationReport {
  readonly n: number;
  readonly positives: number;
  readonly negatives: number;
  /** The threshold that produced the predictions, or null when predictions were given. */
  readonly threshold: number | null;
  readonly confusion: ConfusionMatrix;
  readonly accuracy: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly scores: ScoreMetrics | null;
  /**
   * Names of the metrics above that are undefined for this data (0/0): NaN, or the
   * `zeroDivision` replacement for precision, recall and F1.
   */
  readonly undefinedMetrics: readonly string[];
}

/** Validated 0/1 labels, 0/1 predictions and (optionally) probabilities. */
export interface ValidatedClassification {
  readonly y: Uint8Array;
  readonly yHat: Uint8Array;
  readonly p: Float64Array | null;
  readonly threshold: number | null;
}

/** Validates `data` once, deriving predictions from scores when they are not given. */
export function validateClassification(data: BinaryClassificationData): ValidatedClassification {
  const { labels, scores, predictions } = data;
  if (scores === undefined && predictions === undefined) {
    invalid('missing_field', ['predictions'], 'give scores, predictions, or both');
  }
  requireSameLength({
    labels,
    ...(scores === undefined ? {} : { scores }),
    ...(predictions === undefined ? {} : { predictions }),
  });
  const y = toBinary(labels, 'labels');
  const p = scores === undefined ? null : toFinite(scores, 'scores', true);
  if (predictions !== undefined) {
    return { y, yHat: toBinary(predictions, 'predictions'), p, threshold: null };
  }
  const threshold = data.threshold ?? 0.5;
  return { y, yHat: thresholdScores(p ?? new Float64Array(), threshold), p, threshold };
}

/** The report of `classificationReport` over already-validated arrays. */
export function reportFromArrays(
  v: ValidatedClassification,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const confusion = countConfusion(v.y, v.yHat);
  const positives = confusion.tp + confusion.fn;
  const threshold = {
    accuracy: accuracy(confusion),
    precision: precision(confusion, { zeroDivision }),
    recall: recall(confusion, { zeroDivision }),
    f1: f1Score(confusion, { zeroDivision }),
  };
  // Flagged from the denominators, so a metric replaced by zeroDivision 0 or 1 is still listed.
  const undefinedMetrics: string[] = [];
  if (confusion.tp + confusion.fp === 0) undefinedMetrics.push('precision');
  if (positives === 0) undefinedMetrics.push('recall');
  if (confusion.tp + confusion.fp + confusion.fn === 0) undefinedMetrics.push('f1');
  let scores: ScoreMetrics | null = null;
  if (v.p !== null) {
    const curve = binaryCurve(v.y, v.p);
    const reliability = reliabilityTable(v.y, v.p, options.calibration);
    scores = {
      rocAuc: rocAucOfCurve(curve),
      averagePrecision: averagePrecisionOfCurve(curve),
      logLoss: logLoss(v.y, v.p),
      brierScore: brierScore(v.y, v.p),
      expectedCalibrationError: eceOfTable(reliability),
      reliability,
      ksStatistic: ksStatisticOfCurve(curve),
    };
    for (const name of ['rocAuc', 'averagePrecision', 'ksStatistic'] as const) {
      if (Number.isNaN(scores[name])) undefinedMetrics.push(name);
    }
  }
  return {
    n: v.y.length,
    positives,
    negatives: v.y.length - positives,
    threshold: v.threshold,
    confusion,
    ...threshold,
    scores,
    undefinedMetrics,
  };
}

/**
 * Confusion matrix, accuracy, precision, recall, F1 and, when scores are given, ROC AUC, average
 * precision, log loss, Brier score, ECE with its reliability table, and the KS statistic.
 * Undefined metrics are NaN (or `zeroDivision` for the threshold ratios) and listed in
 * `undefinedMetrics`.
 */
export function classificationReport(
  data: BinaryClassificationData,
  options: ClassificationReportOptions = {},
): ClassificationReport {
  return reportFromArrays(validateClassification(data), options);
}
