/**
 * Weighted forms of the performance metrics, for the bootstrap. A resample drawn with
 * replacement is the original rows with integer multiplicities (row i drawn wᵢ times), so a
 * metric of the resample is the weighted metric of the original rows: O(n) per resample over a
 * ranking sorted once, instead of materialising and re-sorting n rows each time.
 *
 * With integer weights each function equals its unweighted counterpart on the explicitly
 * repeated rows: exactly for counts, ROC AUC and average precision (the same curve is built),
 * and to rounding for means (only the summation order differs). With unit weights the results
 * are bit-identical to the unweighted functions. Inputs are validated typed arrays (these are
 * building blocks, like `binaryCurve`); weights must be non-negative and finite.
 */
import {
  binIndex,
  calibrationEdges,
  logLossTerm,
  reliabilityConfidence,
  reliabilityFromSums,
  reliabilityHit,
  resolveCalibrationOptions,
} from './calibration.js';
import type {
  CalibrationBinRule,
  CalibrationForm,
  CalibrationOptions,
  ReliabilityTable,
} from './calibration.js';
import type { ConfusionMatrix } from './confusion.js';
import type { BinaryCurve } from './ranking.js';
import { absolutePercentageError } from './regression.js';

/** Rows sorted once by decreasing score, with the runs of tied scores marked. */
export interface ScoreRanking {
  /** Row indices by decreasing score; tied rows keep row order (stable, as `binaryCurve`). */
  readonly order: Uint32Array;
  /** The end (exclusive) in `order` of each run of equal scores, increasing. */
  readonly runEnds: Uint32Array;
}

/** The ranking every weighted curve of `scores` is built on. */
export function rankScores(scores: Float64Array): ScoreRanking {
  const sorted = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => (scores[b] ?? 0) - (scores[a] ?? 0),
  );
  const order = Uint32Array.from(sorted);
  const ends: number[] = [];
  for (let k = 0; k < order.length; k++) {
    const next = order[k + 1];
    if (next === undefined || scores[next] !== scores[order[k] ?? 0]) ends.push(k + 1);
  }
  return { order, runEnds: Uint32Array.from(ends) };
}

/**
 * `binaryCurve` of the rows repeated by `weights`. A run of tied scores whose rows all have
 * weight 0 is absent from the resample, so it makes no threshold, exactly as in the explicit
 * resample (this matters for average precision, whose terms are taken per threshold).
 */
export function weightedBinaryCurve(
  y: Uint8Array,
  scores: Float64Array,
  ranking: ScoreRanking,
  weights: ArrayLike<number>,
): BinaryCurve {
  const { order, runEnds } = ranking;
  const thresholds = new Float64Array(runEnds.length);
  const tps = new Float64Array(runEnds.length);
  const fps = new Float64Array(runEnds.length);
  let points = 0;
  let tp = 0;
  let fp = 0;
  let start = 0;
  for (let r = 0; r < runEnds.length; r++) {
    const end = runEnds[r] ?? 0;
    let pos = 0;
    let neg = 0;
    for (let k = start; k < end; k++) {
      const i = order[k] ?? 0;
      if (y[i] === 1) pos += weights[i] ?? 0;
      else neg += weights[i] ?? 0;
    }
    if (pos + neg > 0) {
      tp += pos;
      fp += neg;
      thresholds[points] = scores[order[end - 1] ?? 0] ?? 0;
      tps[points] = tp;
      fps[points] = fp;
      points++;
    }
    start = end;
  }
  return {
    thresholds: thresholds.subarray(0, points),
    tps: tps.subarray(0, points),
    fps: fps.subarray(0, points),
    positives: tp,
    negatives: fp,
  };
}

/** Confusion counts with each row counted `weights[i]` times. */
export function weightedConfusion(
  y: Uint8Array,
  yHat: Uint8Array,
  weights: ArrayLike<number>,
): ConfusionMatrix {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (let i = 0; i < y.length; i++) {
    const w = weights[i] ?? 0;
    if (yHat[i] === 1) {
      if (y[i] === 1) tp += w;
      else fp += w;
    } else if (y[i] === 1) fn += w;
    else tn += w;
  }
  return { tp, fp, tn, fn };
}

/** Σ wᵢ·vᵢ / Σ wᵢ (NaN when every weight is 0). */
export function weightedMean(values: Float64Array, weights: ArrayLike<number>): number {
  let sum = 0;
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    const w = weights[i] ?? 0;
    sum += w * (values[i] ?? 0);
    total += w;
  }
  return total === 0 ? Number.NaN : sum / total;
}

/** Each row's `logLoss` term; `weightedMean` of them is the weighted log loss. */
export function logLossTerms(y: Uint8Array, p: Float64Array): Float64Array {
  return Float64Array.from(y, (yi, i) => logLossTerm(yi, p[i] ?? 0));
}

/** Each row's `brierScore` term (p − y)²; `weightedMean` of them is the weighted Brier score. */
export function brierTerms(y: Uint8Array, p: Float64Array): Float64Array {
  return Float64Array.from(y, (yi, i) => ((p[i] ?? 0) - yi) ** 2);
}

/** Each row's calibration bin, confidence and hit: computed once, summed per resample. */
export interface ReliabilityRows {
  readonly edges: Float64Array;
  readonly bin: Uint32Array;
  readonly confidence: Float64Array;
  readonly hit: Float64Array;
  readonly binRule: CalibrationBinRule;
  readonly form: CalibrationForm;
}

/** The per-row parts of `reliabilityTable` (same options and defaults). */
export function reliabilityRows(
  y: Uint8Array,
  p: Float64Array,
  options: CalibrationOptions = {},
): ReliabilityRows {
  const { bins, binRule, form } = resolveCalibrationOptions(options);
  const edges = calibrationEdges(bins);
  const confidence = Float64Array.from(p, (pi) => reliabilityConfidence(pi, form));
  const hit = Float64Array.from(y, (yi, i) => reliabilityHit(yi, p[i] ?? 0, form));
  const bin = Uint32Array.from(confidence, (c) => binIndex(c, edges, binRule));
  return { edges, bin, confidence, hit, binRule, form };
}

/** `reliabilityTable` of the rows repeated by `weights`; `eceOfTable` gives the weighted ECE. */
export function weightedReliabilityTable(
  rows: ReliabilityRows,
  weights: ArrayLike<number>,
): ReliabilityTable {
  const m = rows.edges.length - 1;
  const counts = new Float64Array(m);
  const confSums = new Float64Array(m);
  const hitSums = new Float64Array(m);
  let n = 0;
  for (let i = 0; i < rows.bin.length; i++) {
    const w = weights[i] ?? 0;
    const b = rows.bin[i] ?? 0;
    counts[b] = (counts[b] ?? 0) + w;
    confSums[b] = (confSums[b] ?? 0) + w * (rows.confidence[i] ?? 0);
    hitSums[b] = (hitSums[b] ?? 0) + w * (rows.hit[i] ?? 0);
    n += w;
  }
  return reliabilityFromSums({
    edges: rows.edges,
    counts,
    confSums,
    hitSums,
    binRule: rows.binRule,
    form: rows.form,
    n,
  });
}

/** The `RegressionReport` metrics of the rows repeated by `weights` (R² with `forceFinite`). */
export interface WeightedRegressionMetrics {
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mape: number;
  readonly r2: number;
}

/**
 * MAE, MSE, RMSE, MAPE and R² as `regressionReport` computes them (R² with its default
 * `forceFinite`: a constant target, judged on the rows of positive weight, gives 1 or 0; fewer
 * than two rows give NaN).
 */
export function weightedRegressionMetrics(
  y: Float64Array,
  yHat: Float64Array,
  weights: ArrayLike<number>,
): WeightedRegressionMetrics {
  let n = 0;
  let absSum = 0;
  let sqSum = 0;
  let apeSum = 0;
  let ySum = 0;
  let first = Number.NaN;
  let constant = true;
  for (let i = 0; i < y.length; i++) {
    const w = weights[i] ?? 0;
    if (w === 0) continue;
    const yi = y[i] ?? 0;
    const fi = yHat[i] ?? 0;
    n += w;
    absSum += w * Math.abs(fi - yi);
    sqSum += w * (yi - fi) ** 2;
    apeSum += w * absolutePercentageError(yi, fi);
    ySum += w * yi;
    if (Number.isNaN(first)) first = yi;
    else if (yi !== first) constant = false;
  }
  const mse = sqSum / n;
  let r2 = Number.NaN;
  if (n >= 2) {
    const mean = ySum / n;
    let ssTot = 0;
    for (let i = 0; i < y.length; i++) {
      const w = weights[i] ?? 0;
      if (w !== 0) ssTot += w * ((y[i] ?? 0) - mean) ** 2;
    }
    if (!constant) r2 = 1 - sqSum / ssTot;
    else r2 = sqSum === 0 ? 1 : 0;
  }
  return { n, mae: absSum / n, mse, rmse: Math.sqrt(mse), mape: apeSum / n, r2 };
}
