/**
 * Probabilistic metrics (statistics.md §6): log loss, Brier score, and expected calibration
 * error with its reliability table. Scores must be probabilities of the positive class in [0, 1].
 */
import { invalid, requireSameLength, toBinary, toFinite } from './inputs.js';
import type { BinaryLabel } from './inputs.js';

/**
 * The clipping bound of `logLoss`: float64 machine epsilon, 2⁻⁵² ≈ 2.22e-16, as sklearn ≥ 1.5
 * (`np.finfo(y_pred.dtype).eps`; the older default was 1e-15 and the `eps` argument is gone
 * in 1.9.1).
 */
export const LOG_LOSS_EPS = Number.EPSILON;

/**
 * Mean negative log-likelihood, natural log: −(1/N) Σ ln qᵢ, where qᵢ = p for a positive and
 * 1 − p for a negative (sklearn's two-column form of a 1-D `y_pred`), clipped to [ε, 1 − ε]
 * with ε = `LOG_LOSS_EPS`. A confident wrong answer therefore costs −ln ε ≈ 36.04, not ∞.
 */
export function logLoss(labels: ArrayLike<BinaryLabel>, probabilities: ArrayLike<number>): number {
  requireSameLength({ labels, probabilities });
  const y = toBinary(labels, 'labels');
  const p = toFinite(probabilities, 'probabilities', true);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += logLossTerm(y[i] ?? 0, p[i] ?? 0);
  return sum / y.length;
}

/** One row's log-loss term −ln q, q = p (label 1) or 1 − p (label 0), clipped to [ε, 1 − ε]. */
export function logLossTerm(label: number, probability: number): number {
  const q = label === 1 ? probability : 1 - probability;
  return -Math.log(Math.min(1 - LOG_LOSS_EPS, Math.max(LOG_LOSS_EPS, q)));
}

/** Brier score: mean (p − y)² (sklearn `brier_score_loss`, binary, not halved). */
export function brierScore(
  labels: ArrayLike<BinaryLabel>,
  probabilities: ArrayLike<number>,
): number {
  requireSameLength({ labels, probabilities });
  const y = toBinary(labels, 'labels');
  const p = toFinite(probabilities, 'probabilities', true);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += ((p[i] ?? 0) - (y[i] ?? 0)) ** 2;
  return sum / y.length;
}

/**
 * Which bin a value on the edge between two bins belongs to. Edges are eⱼ = j·(1/M) (numpy
 * `linspace(0, 1, M+1)`).
 *
 * - `'right-closed'` (default): bins (eⱼ, eⱼ₊₁], the first [0, e₁] — sklearn
 *   `calibration_curve(strategy='uniform')`, which uses `searchsorted(edges[1:-1], p)`.
 * - `'floor'`: bin min(⌊M·p⌋, M − 1), i.e. [eⱼ, eⱼ₊₁) with the last closed.
 *
 * On the §9.4 toy set they give ECE 0.1175 and 0.1275: record the rule with the value.
 */
export type CalibrationBinRule = 'right-closed' | 'floor';

/**
 * - `'binary'` (default): reliability of P(y = 1); per bin conf = mean p, observed = mean y.
 * - `'top-label'` (Guo et al. 2017): conf = max(p, 1 − p), observed = share where
 *   ŷ = [p ≥ 0.5] equals y.
 */
export type CalibrationForm = 'binary' | 'top-label';

export interface CalibrationOptions {
  /** Number of equal-width bins on [0, 1]; default 10. */
  readonly bins?: number;
  readonly binRule?: CalibrationBinRule;
  readonly form?: CalibrationForm;
}

export interface ReliabilityBin {
  readonly lower: number;
  readonly upper: number;
  readonly count: number;
  /** Mean confidence in the bin (mean p, or mean max(p, 1 − p) for top-label); NaN if empty. */
  readonly meanPredicted: number;
  /** Share of positives (or of correct predictions for top-label); NaN if empty. */
  readonly observedRate: number;
}

export interface ReliabilityTable {
  readonly bins: readonly ReliabilityBin[];
  readonly binRule: CalibrationBinRule;
  readonly form: CalibrationForm;
  readonly n: number;
}

/** The M + 1 bin edges j/M on [0, 1] (the last exactly 1, as numpy `linspace`). */
export function calibrationEdges(m: number): Float64Array {
  const step = 1 / m;
  return Float64Array.from({ length: m + 1 }, (_, j) => (j === m ? 1 : j * step));
}

/** The bin of `value` among `edges` under `rule` (see `CalibrationBinRule`). */
export function binIndex(value: number, edges: Float64Array, rule: CalibrationBinRule): number {
  const m = edges.length - 1;
  if (rule === 'floor') return Math.min(Math.floor(value * m), m - 1);
  // Number of inner edges strictly below value (binary search, numpy searchsorted side='left').
  let lo = 1;
  let hi = m;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((edges[mid] ?? 0) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** `CalibrationOptions` with their defaults (10 bins, right-closed, binary), checked. */
export function resolveCalibrationOptions(
  options: CalibrationOptions,
): Required<CalibrationOptions> {
  const bins = options.bins ?? 10;
  const binRule = options.binRule ?? 'right-closed';
  const form = options.form ?? 'binary';
  if (!Number.isInteger(bins) || bins < 1) {
    invalid('invalid_option', ['bins'], 'bins must be a positive integer');
  }
  if (binRule !== 'right-closed' && binRule !== 'floor') {
    invalid('invalid_option', ['binRule'], "binRule must be 'right-closed' or 'floor'");
  }
  if (form !== 'binary' && form !== 'top-label') {
    invalid('invalid_option', ['form'], "form must be 'binary' or 'top-label'");
  }
  return { bins, binRule, form };
}

/** A row's confidence under `form`: p, or max(p, 1 − p) for top-label. */
export function reliabilityConfidence(probability: number, form: CalibrationForm): number {
  return form === 'binary' ? probability : Math.max(probability, 1 - probability);
}

/** A row's observed outcome under `form`: the label, or 1 when ŷ = [p ≥ 0.5] is correct. */
export function reliabilityHit(label: number, probability: number, form: CalibrationForm): number {
  return form === 'binary' ? label : Number((probability >= 0.5 ? 1 : 0) === label);
}

/** Per-bin count, mean confidence and observed rate (the data of a reliability diagram). */
export function reliabilityTable(
  labels: ArrayLike<BinaryLabel>,
  probabilities: ArrayLike<number>,
  options: CalibrationOptions = {},
): ReliabilityTable {
  const { bins: m, binRule, form } = resolveCalibrationOptions(options);
  requireSameLength({ labels, probabilities });
  const y = toBinary(labels, 'labels');
  const p = toFinite(probabilities, 'probabilities', true);
  const edges = calibrationEdges(m);
  const counts = new Float64Array(m);
  const confSums = new Float64Array(m);
  const hitSums = new Float64Array(m);
  for (let i = 0; i < y.length; i++) {
    const pi = p[i] ?? 0;
    const yi = y[i] ?? 0;
    const conf = reliabilityConfidence(pi, form);
    const hit = reliabilityHit(yi, pi, form);
    const b = binIndex(conf, edges, binRule);
    counts[b] = (counts[b] ?? 0) + 1;
    confSums[b] = (confSums[b] ?? 0) + conf;
    hitSums[b] = (hitSums[b] ?? 0) + hit;
  }
  return reliabilityFromSums({ edges, counts, confSums, hitSums, binRule, form, n: y.length });
}

/** Per-bin totals of a reliability table: counts, and sums of confidence and of hits. */
export interface ReliabilitySums {
  readonly edges: Float64Array;
  readonly counts: Float64Array;
  readonly confSums: Float64Array;
  readonly hitSums: Float64Array;
  readonly binRule: CalibrationBinRule;
  readonly form: CalibrationForm;
  readonly n: number;
}

/** The reliability table of per-bin totals (means are NaN in empty bins). */
export function reliabilityFromSums(sums: ReliabilitySums): ReliabilityTable {
  const { edges, counts, confSums, hitSums } = sums;
  const bins = Array.from({ length: counts.length }, (_, b): ReliabilityBin => {
    const count = counts[b] ?? 0;
    return {
      lower: edges[b] ?? 0,
      upper: edges[b + 1] ?? 1,
      count,
      meanPredicted: count === 0 ? Number.NaN : (confSums[b] ?? 0) / count,
      observedRate: count === 0 ? Number.NaN : (hitSums[b] ?? 0) / count,
    };
  });
  return { bins, binRule: sums.binRule, form: sums.form, n: sums.n };
}

/**
 * Expected calibration error: Σ_b (|B_b|/N)·|observed_b − meanPredicted_b| over non-empty bins of
 * `reliabilityTable` (defaults: 10 equal-width bins, `'right-closed'`, `'binary'` form).
 */
export function expectedCalibrationError(
  labels: ArrayLike<BinaryLabel>,
  probabilities: ArrayLike<number>,
  options: CalibrationOptions = {},
): number {
  return eceOfTable(reliabilityTable(labels, probabilities, options));
}

/** ECE of a computed reliability table. */
export function eceOfTable(table: ReliabilityTable): number {
  let sum = 0;
  for (const bin of table.bins) {
    if (bin.count > 0)
      sum += (bin.count / table.n) * Math.abs(bin.observedRate - bin.meanPredicted);
  }
  return sum;
}
