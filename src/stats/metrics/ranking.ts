/**
 * Ranking metrics over scores (statistics.md §6): ROC curve and AUC, average precision, the
 * trapezoidal PR area, and the KS statistic between the score distributions of the two classes.
 * Scores may be any finite numbers (probabilities or decision values); ties are grouped into one
 * threshold, as sklearn's `_binary_clf_curve` does. A metric that needs both classes returns NaN
 * when one is missing (sklearn ≥ 1.7 does the same for `roc_auc_score`).
 */
import { requireSameLength, toBinary, toFinite } from './inputs.js';
import type { BinaryLabel } from './inputs.js';

/**
 * Cumulative counts at each distinct score, in decreasing order: at `thresholds[i]`, `tps[i]`
 * positives and `fps[i]` negatives score `>= thresholds[i]`. Arrays or typed arrays (the
 * weighted and fast curves fill Float64Arrays).
 */
export interface BinaryCurve {
  readonly thresholds: ArrayLike<number>;
  readonly tps: ArrayLike<number>;
  readonly fps: ArrayLike<number>;
  readonly positives: number;
  readonly negatives: number;
}

/** The ROC curve at every distinct threshold (sklearn `roc_curve(drop_intermediate=False)`). */
export interface RocCurve {
  /** Decreasing; the first is +Infinity for the (0, 0) point, as sklearn ≥ 1.3. */
  readonly thresholds: readonly number[];
  readonly fpr: readonly number[];
  readonly tpr: readonly number[];
}

/** Curve counts over validated arrays (internal building block of every ranking metric). */
export function binaryCurve(y: Uint8Array, s: Float64Array): BinaryCurve {
  const order = Array.from({ length: s.length }, (_, i) => i).sort(
    (a, b) => (s[b] ?? 0) - (s[a] ?? 0),
  );
  const thresholds: number[] = [];
  const tps: number[] = [];
  const fps: number[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0;
    if (y[i] === 1) tp++;
    else fp++;
    const next = order[k + 1];
    // Close a threshold only after the last of a run of tied scores.
    if (next === undefined || s[next] !== s[i]) {
      thresholds.push(s[i] ?? 0);
      tps.push(tp);
      fps.push(fp);
    }
  }
  return { thresholds, tps, fps, positives: tp, negatives: fp };
}

function curveOf(labels: ArrayLike<BinaryLabel>, scores: ArrayLike<number>): BinaryCurve {
  requireSameLength({ labels, scores });
  return binaryCurve(toBinary(labels, 'labels'), toFinite(scores, 'scores'));
}

/** ROC points; FPR (or TPR) is NaN throughout when there is no negative (or positive). */
export function rocCurve(labels: ArrayLike<BinaryLabel>, scores: ArrayLike<number>): RocCurve {
  const c = curveOf(labels, scores);
  const rate = (count: number, total: number) => (total === 0 ? Number.NaN : count / total);
  return {
    thresholds: [Number.POSITIVE_INFINITY, ...Array.from(c.thresholds)],
    fpr: [0, ...Array.from(c.fps)].map((v) => rate(v, c.negatives)),
    tpr: [0, ...Array.from(c.tps)].map((v) => rate(v, c.positives)),
  };
}

/**
 * ROC AUC: trapezoidal area under the ROC curve through every distinct threshold (sklearn
 * `roc_auc_score` = `auc(roc_curve(...))`). A tied positive/negative pair contributes ½, so this
 * equals the Mann–Whitney form `(Σ ranks₊ − n₊(n₊+1)/2)/(n₊n₋)` with average ranks.
 * Computed as Σ ΔFP·(TPᵢ + TPᵢ₋₁) in integers, divided once by 2·n₊·n₋: exact up to
 * n ≈ 1.3·10⁸ rows, so it can differ from sklearn's float trapezoid only in the last ulp.
 * NaN when either class is absent.
 */
export function rocAuc(labels: ArrayLike<BinaryLabel>, scores: ArrayLike<number>): number {
  return rocAucOfCurve(curveOf(labels, scores));
}

/** `rocAuc` of a computed curve (shared with the reports, which build the curve once). */
export function rocAucOfCurve(c: BinaryCurve): number {
  if (c.positives === 0 || c.negatives === 0) return Number.NaN;
  let twiceArea = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let i = 0; i < c.thresholds.length; i++) {
    const tp = c.tps[i] ?? 0;
    const fp = c.fps[i] ?? 0;
    twiceArea += (fp - prevFp) * (tp + prevTp);
    prevTp = tp;
    prevFp = fp;
  }
  return twiceArea / (2 * c.positives * c.negatives);
}

/**
 * Average precision, sklearn `average_precision_score`: AP = Σₙ (Rₙ − Rₙ₋₁)·Pₙ over distinct
 * thresholds in decreasing order, R₀ = 0 — a step function, no interpolation. This is the "PR
 * AUC" this module emits. NaN when there is no positive (sklearn instead sets recall to 1, warns
 * and returns 0).
 */
export function averagePrecision(
  labels: ArrayLike<BinaryLabel>,
  scores: ArrayLike<number>,
): number {
  return averagePrecisionOfCurve(curveOf(labels, scores));
}

/** `averagePrecision` of a computed curve. */
export function averagePrecisionOfCurve(c: BinaryCurve): number {
  if (c.positives === 0) return Number.NaN;
  let sum = 0;
  let prevRecall = 0;
  for (let i = 0; i < c.thresholds.length; i++) {
    const tp = c.tps[i] ?? 0;
    const recallHere = tp / c.positives;
    sum += (recallHere - prevRecall) * (tp / (tp + (c.fps[i] ?? 0)));
    prevRecall = recallHere;
  }
  return sum;
}

/**
 * Trapezoidal area under the precision–recall curve, sklearn `auc(recall, precision)` over
 * `precision_recall_curve` (whose last point is recall 0, precision 1). Linear interpolation
 * makes it optimistic; it is NOT average precision and is given for comparison only (§6).
 * NaN when there is no positive.
 */
export function precisionRecallAucTrapezoid(
  labels: ArrayLike<BinaryLabel>,
  scores: ArrayLike<number>,
): number {
  const c = curveOf(labels, scores);
  if (c.positives === 0) return Number.NaN;
  let area = 0;
  let prevRecall = 0;
  let prevPrecision = 1;
  for (let i = 0; i < c.thresholds.length; i++) {
    const tp = c.tps[i] ?? 0;
    const r = tp / c.positives;
    const p = tp / (tp + (c.fps[i] ?? 0));
    area += ((r - prevRecall) * (p + prevPrecision)) / 2;
    prevRecall = r;
    prevPrecision = p;
  }
  return area;
}

/**
 * Kolmogorov–Smirnov statistic between the scores of positives and of negatives:
 * D = maxₜ |F₋(t) − F₊(t)| over distinct scores t, with right-continuous ECDFs F(t) = #{≤ t}/n.
 * Same value as scipy `ks_2samp(scores[y=1], scores[y=0]).statistic`. NaN when a class is absent.
 */
export function ksStatistic(labels: ArrayLike<BinaryLabel>, scores: ArrayLike<number>): number {
  return ksStatisticOfCurve(curveOf(labels, scores));
}

/** `ksStatistic` of a computed curve. */
export function ksStatisticOfCurve(c: BinaryCurve): number {
  if (c.positives === 0 || c.negatives === 0) return Number.NaN;
  // #{≤ t} at each distinct score t equals the total minus #{≥ next higher score}; walking the
  // decreasing thresholds, the counts strictly above thresholds[i] are tps[i-1] and fps[i-1].
  let best = 0;
  for (let i = 0; i < c.thresholds.length; i++) {
    const aboveTp = i === 0 ? 0 : (c.tps[i - 1] ?? 0);
    const aboveFp = i === 0 ? 0 : (c.fps[i - 1] ?? 0);
    const fPos = (c.positives - aboveTp) / c.positives;
    const fNeg = (c.negatives - aboveFp) / c.negatives;
    best = Math.max(best, Math.abs(fNeg - fPos));
  }
  return best;
}
