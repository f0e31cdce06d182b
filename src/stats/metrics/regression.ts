/**
 * Regression metrics with sklearn 1.9.1 conventions (statistics.md §6): MAE, MSE, RMSE, MAPE, R².
 * `actual` is y (targets), `predicted` is ŷ; both must be finite.
 */
import { requireSameLength, toFinite } from './inputs.js';

/**
 * The floor of |y| in MAPE's denominator: float64 machine epsilon (sklearn
 * `np.finfo(np.float64).eps`).
 */
export const MAPE_EPSILON = Number.EPSILON;

export interface RegressionData {
  readonly actual: ArrayLike<number>;
  readonly predicted: ArrayLike<number>;
}

export interface R2Options {
  /**
   * sklearn `force_finite` (default true): with a constant target (SS_tot = 0), R² is 1 for a
   * perfect prediction and 0 otherwise. With false, it is NaN (perfect) or −Infinity.
   */
  readonly forceFinite?: boolean;
}

export interface RegressionReport {
  readonly n: number;
  readonly mae: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mape: number;
  readonly r2: number;
  /** True when R² was defined by the constant-target rule rather than 1 − SS_res/SS_tot. */
  readonly constantTarget: boolean;
}

function validated(data: RegressionData): { y: Float64Array; yHat: Float64Array } {
  requireSameLength({ actual: data.actual, predicted: data.predicted });
  return { y: toFinite(data.actual, 'actual'), yHat: toFinite(data.predicted, 'predicted') };
}

function meanOf(n: number, term: (i: number) => number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += term(i);
  return sum / n;
}

/** Mean absolute error: mean |ŷ − y|. */
export function meanAbsoluteError(data: RegressionData): number {
  const { y, yHat } = validated(data);
  return meanOf(y.length, (i) => Math.abs((yHat[i] ?? 0) - (y[i] ?? 0)));
}

/** Mean squared error: mean (y − ŷ)². */
export function meanSquaredError(data: RegressionData): number {
  const { y, yHat } = validated(data);
  return meanOf(y.length, (i) => ((y[i] ?? 0) - (yHat[i] ?? 0)) ** 2);
}

/** Root mean squared error: √MSE (sklearn `root_mean_squared_error`). */
export function rootMeanSquaredError(data: RegressionData): number {
  return Math.sqrt(meanSquaredError(data));
}

/**
 * Mean absolute percentage error as a FRACTION (0.1 = 10 %, not ×100):
 * mean(|ŷ − y| / max(|y|, ε)) with ε = `MAPE_EPSILON`. A zero target is not skipped: it
 * contributes |ŷ|/ε, so one y = 0 with ŷ ≠ 0 gives values around 1e14–1e15, as sklearn does.
 */
export function meanAbsolutePercentageError(data: RegressionData): number {
  const { y, yHat } = validated(data);
  return meanOf(y.length, (i) => absolutePercentageError(y[i] ?? 0, yHat[i] ?? 0));
}

/** One row's MAPE term |ŷ − y| / max(|y|, ε), ε = `MAPE_EPSILON`. */
export function absolutePercentageError(actual: number, predicted: number): number {
  return Math.abs(predicted - actual) / Math.max(Math.abs(actual), MAPE_EPSILON);
}

/**
 * Coefficient of determination R² = 1 − SS_res/SS_tot, SS_res = Σ(y − ŷ)²,
 * SS_tot = Σ(y − ȳ)². Constant targets (every y equal) follow `R2Options.forceFinite`. NaN for
 * fewer than two rows (sklearn warns and returns NaN: R² is not well defined there).
 */
export function r2Score(data: RegressionData, options: R2Options = {}): number {
  const { y, yHat } = validated(data);
  return r2Parts(y, yHat, options.forceFinite ?? true).r2;
}

function r2Parts(
  y: Float64Array,
  yHat: Float64Array,
  forceFinite: boolean,
): { r2: number; constantTarget: boolean } {
  if (y.length < 2) return { r2: Number.NaN, constantTarget: false };
  const mean = meanOf(y.length, (i) => y[i] ?? 0);
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < y.length; i++) {
    ssRes += ((y[i] ?? 0) - (yHat[i] ?? 0)) ** 2;
    ssTot += ((y[i] ?? 0) - mean) ** 2;
  }
  // A constant target is detected by exact equality, not SS_tot = 0: the float mean of a constant
  // such as 0.1 (×3) is 0.10000000000000002, which leaves SS_tot ≈ 6e-34 and makes sklearn
  // return a huge negative R² instead of applying its constant-target rule.
  const constant = y.every((v) => v === y[0]);
  if (!constant) return { r2: 1 - ssRes / ssTot, constantTarget: false };
  if (forceFinite) return { r2: ssRes === 0 ? 1 : 0, constantTarget: true };
  return { r2: ssRes === 0 ? Number.NaN : Number.NEGATIVE_INFINITY, constantTarget: true };
}

/** MAE, MSE, RMSE, MAPE and R² of one data set. */
export function regressionReport(data: RegressionData, options: R2Options = {}): RegressionReport {
  const { y, yHat } = validated(data);
  const validData = { actual: y, predicted: yHat };
  const mse = meanSquaredError(validData);
  const { r2, constantTarget } = r2Parts(y, yHat, options.forceFinite ?? true);
  return {
    n: y.length,
    mae: meanAbsoluteError(validData),
    mse,
    rmse: Math.sqrt(mse),
    mape: meanAbsolutePercentageError(validData),
    r2,
    constantTarget,
  };
}
