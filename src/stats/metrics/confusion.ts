/**
 * Binary confusion matrix and the threshold metrics built on it (statistics.md §6). Definitions
 * and the F1 form follow sklearn 1.9.1; undefined ratios follow `ZeroDivision`.
 */
import {
  checkZeroDivision,
  divide,
  requireSameLength,
  thresholdScores,
  toBinary,
  toFinite,
} from './inputs.js';
import type { BinaryLabel, ZeroDivision } from './inputs.js';

/** Counts of a binary classification; positive class = 1/true. */
export interface ConfusionMatrix {
  readonly tp: number;
  readonly fp: number;
  readonly tn: number;
  readonly fn: number;
}

export interface ZeroDivisionOptions {
  /** Value of a ratio whose denominator is 0; default `'nan'`. */
  readonly zeroDivision?: ZeroDivision;
}

/** Counts TP, FP, TN, FN of `predictions` against `labels` (both 0/1 or booleans). */
export function confusionMatrix(
  labels: ArrayLike<BinaryLabel>,
  predictions: ArrayLike<BinaryLabel>,
): ConfusionMatrix {
  requireSameLength({ labels, predictions });
  return countConfusion(toBinary(labels, 'labels'), toBinary(predictions, 'predictions'));
}

/** Confusion counts over validated 0/1 arrays, optionally restricted to `indices`. */
export function countConfusion(
  y: Uint8Array,
  yHat: Uint8Array,
  indices?: readonly number[],
): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  const n = indices?.length ?? y.length;
  for (let k = 0; k < n; k++) {
    const i = indices === undefined ? k : (indices[k] ?? 0);
    if (yHat[i] === 1) {
      if (y[i] === 1) tp++;
      else fp++;
    } else if (y[i] === 1) fn++;
    else tn++;
  }
  return { tp, fp, tn, fn };
}

/**
 * Binary predictions from scores: 1 when `score >= threshold` (default 0.5), as ŷ = [p ≥ 0.5]
 * in statistics.md §9.4. Scores may be any finite numbers.
 */
export function predictFromScores(scores: ArrayLike<number>, threshold = 0.5): Uint8Array {
  requireSameLength({ scores });
  return thresholdScores(toFinite(scores, 'scores'), threshold);
}

/** (TP+TN)/N. NaN only for an all-zero matrix. */
export function accuracy(cm: ConfusionMatrix): number {
  return divide(cm.tp + cm.tn, cm.tp + cm.fp + cm.tn + cm.fn);
}

/** TP/(TP+FP); `zeroDivision` when nothing was predicted positive. */
export function precision(cm: ConfusionMatrix, options: ZeroDivisionOptions = {}): number {
  return divide(cm.tp, cm.tp + cm.fp, checkZeroDivision(options.zeroDivision));
}

/** TP/(TP+FN), the true positive rate; `zeroDivision` when there is no actual positive. */
export function recall(cm: ConfusionMatrix, options: ZeroDivisionOptions = {}): number {
  return divide(cm.tp, cm.tp + cm.fn, checkZeroDivision(options.zeroDivision));
}

/** FP/(FP+TN); `zeroDivision` when there is no actual negative. */
export function falsePositiveRate(cm: ConfusionMatrix, options: ZeroDivisionOptions = {}): number {
  return divide(cm.fp, cm.fp + cm.tn, checkZeroDivision(options.zeroDivision));
}

/** (TP+FP)/N, the share predicted positive (fairness "selection rate"). */
export function selectionRate(cm: ConfusionMatrix, options: ZeroDivisionOptions = {}): number {
  return divide(
    cm.tp + cm.fp,
    cm.tp + cm.fp + cm.tn + cm.fn,
    checkZeroDivision(options.zeroDivision),
  );
}

/**
 * F1 = 2TP/(2TP+FP+FN), the form sklearn uses since 1.3. It equals 2PR/(P+R) when both are
 * defined, and is still defined (0) when precision alone is undefined but an actual positive
 * was missed. Only all-true-negative data (TP+FP+FN = 0) gives `zeroDivision`.
 */
export function f1Score(cm: ConfusionMatrix, options: ZeroDivisionOptions = {}): number {
  return divide(2 * cm.tp, 2 * cm.tp + cm.fp + cm.fn, checkZeroDivision(options.zeroDivision));
}
