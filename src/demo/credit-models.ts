import type { CreditApplication, EmploymentStatus } from './credit-applications.js';

/**
 * The two demo credit-risk models, trained for real on the synthetic applications: a
 * standardised logistic regression (gradient descent) and gradient-boosted decision stumps
 * (second-order boosting on log-loss, histogram splits). Small and dependency-free; parameters
 * are rounded before evaluation so that the stored artifacts reproduce the recorded metrics.
 */

/** Employment statuses encoded as one-hot columns; `employed` is the reference level. */
export const ONE_HOT_STATUSES: readonly EmploymentStatus[] = [
  'self-employed',
  'unemployed',
  'retired',
  'student',
];

/** Model features, in the order of every feature vector. */
export const FEATURE_NAMES: readonly string[] = [
  'age',
  'log_income',
  'debt_to_income',
  'credit_history_months',
  'log_loan_amount',
  ...ONE_HOT_STATUSES.map((s) => `employment_status=${s}`),
];

/** The feature vector of one application (log transforms applied, one-hot statuses). */
export function encodeFeatures(a: CreditApplication): number[] {
  return [
    a.age,
    Math.log(Math.max(a.income, 1)),
    a.debtToIncome,
    a.creditHistoryMonths,
    Math.log(a.loanAmount),
    ...ONE_HOT_STATUSES.map((s) => (a.employmentStatus === s ? 1 : 0)),
  ];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
/** Six decimals: enough for the metrics, short enough to read in the artifact. */
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function meanLogLoss(margins: readonly number[], y: readonly boolean[]): number {
  let sum = 0;
  margins.forEach((m, i) => {
    // log(1 + e^m) - y*m, written to stay finite for large |m|.
    const softplus = m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m));
    sum += softplus - (y[i] === true ? m : 0);
  });
  return sum / margins.length;
}

/** Feature vectors and outcomes, row-aligned. */
export interface TrainingSet {
  x: number[][];
  y: boolean[];
}

// ---- logistic regression ----

/** Hyper-parameters, recorded as the run's params. */
export interface LogisticRegressionOptions {
  epochs: number;
  learningRate: number;
  l2: number;
}

/** What model.json and preprocessing.json of 1.0.0 carry: scaler and weights. */
export interface LogisticRegressionModel {
  means: number[];
  stds: number[];
  coefficients: number[];
  intercept: number;
}

/** Mean log-loss after each epoch or round: the run's stepped loss curves. */
export interface TrainingHistory {
  trainLoss: number[];
  validationLoss: number[];
}

/** Probability of default for one encoded application. */
export function predictLogistic(model: LogisticRegressionModel, x: readonly number[]): number {
  let z = model.intercept;
  model.coefficients.forEach((w, j) => {
    z += (w * ((x[j] ?? 0) - (model.means[j] ?? 0))) / (model.stds[j] ?? 1);
  });
  return sigmoid(z);
}

/**
 * Full-batch gradient descent on L2-regularised log-loss. Every feature (indicators included) is
 * standardised first, which keeps the problem well conditioned so a few dozen epochs converge.
 */
export function fitLogisticRegression(
  train: TrainingSet,
  validation: TrainingSet,
  options: LogisticRegressionOptions,
): { model: LogisticRegressionModel; history: TrainingHistory } {
  const n = train.x.length;
  const d = FEATURE_NAMES.length;
  const means = new Array<number>(d).fill(0);
  const stds = new Array<number>(d).fill(1);
  for (let j = 0; j < d; j++) {
    const column = train.x.map((row) => row[j] ?? 0);
    const mean = column.reduce((s, v) => s + v, 0) / n;
    const variance = column.reduce((s, v) => s + (v - mean) ** 2, 0) / n;
    means[j] = round6(mean);
    stds[j] = round6(Math.sqrt(variance) || 1);
  }
  const scaled = train.x.map((row) => row.map((v, j) => (v - (means[j] ?? 0)) / (stds[j] ?? 1)));
  const weights = new Array<number>(d).fill(0);
  let intercept = 0;
  const history: TrainingHistory = { trainLoss: [], validationLoss: [] };
  const current = (): LogisticRegressionModel => ({
    means,
    stds,
    coefficients: weights,
    intercept,
  });
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const gradient = new Array<number>(d).fill(0);
    let gradientIntercept = 0;
    const margins: number[] = [];
    scaled.forEach((row, i) => {
      const margin = row.reduce((z, v, j) => z + v * (weights[j] ?? 0), intercept);
      margins.push(margin);
      const error = sigmoid(margin) - (train.y[i] === true ? 1 : 0);
      gradientIntercept += error;
      row.forEach((v, j) => {
        gradient[j] = (gradient[j] ?? 0) + error * v;
      });
    });
    for (let j = 0; j < d; j++) {
      weights[j] =
        (weights[j] ?? 0) -
        options.learningRate * ((gradient[j] ?? 0) / n + options.l2 * (weights[j] ?? 0));
    }
    intercept -= (options.learningRate * gradientIntercept) / n;
    history.trainLoss.push(meanLogLoss(margins, train.y));
    history.validationLoss.push(
      meanLogLoss(
        validation.x.map((x) => logit(predictLogistic(current(), x))),
        validation.y,
      ),
    );
  }
  return {
    model: { means, stds, coefficients: weights.map(round6), intercept: round6(intercept) },
    history,
  };
}

const logit = (p: number) => Math.log(p / (1 - p));

// ---- gradient-boosted stumps ----

/** Hyper-parameters, recorded as the run's params. */
export interface BoostingOptions {
  rounds: number;
  learningRate: number;
  /** Candidate split points per feature (quantiles of the training values). */
  bins: number;
  /** L2 penalty on leaf values (the lambda of second-order boosting). */
  l2: number;
}

/** A depth-1 tree: `left` when the feature value is <= threshold, else `right` (log-odds). */
export interface Stump {
  feature: number;
  threshold: number;
  left: number;
  right: number;
}

/** What model.json of 1.1.0 carries: a prior log-odds and additive stumps. */
export interface BoostedStumpsModel {
  baseScore: number;
  stumps: Stump[];
}

/** Probability of default for one encoded application. */
export function predictBoosted(model: BoostedStumpsModel, x: readonly number[]): number {
  let margin = model.baseScore;
  for (const s of model.stumps) margin += (x[s.feature] ?? 0) <= s.threshold ? s.left : s.right;
  return sigmoid(margin);
}

/** Split points of one feature: midpoints for few distinct values, else inner quantiles. */
function candidateThresholds(values: readonly number[], bins: number): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const distinct = [...new Set(sorted)];
  if (distinct.length <= bins) {
    return distinct.slice(1).map((v, i) => ((distinct[i] ?? v) + v) / 2);
  }
  const thresholds = new Set<number>();
  for (let k = 1; k < bins; k++) {
    const value = sorted[Math.floor((k * sorted.length) / bins)];
    if (value !== undefined && value < (distinct.at(-1) ?? value)) thresholds.add(value);
  }
  return [...thresholds].sort((a, b) => a - b);
}

/** Index of the first threshold >= value, i.e. the bin the value falls into. */
function binOf(thresholds: readonly number[], value: number): number {
  let low = 0;
  let high = thresholds.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if ((thresholds[mid] ?? Infinity) < value) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Each round fits one stump to the gradient and Hessian of log-loss (Newton boosting). */
export function fitBoostedStumps(
  train: TrainingSet,
  validation: TrainingSet,
  options: BoostingOptions,
): { model: BoostedStumpsModel; history: TrainingHistory } {
  const n = train.x.length;
  const d = FEATURE_NAMES.length;
  const thresholds = Array.from({ length: d }, (_, j) =>
    candidateThresholds(
      train.x.map((row) => row[j] ?? 0),
      options.bins,
    ),
  );
  const binned = train.x.map((row) => row.map((v, j) => binOf(thresholds[j] ?? [], v)));
  const prior = train.y.filter(Boolean).length / n;
  const baseScore = round6(Math.log(prior / (1 - prior)));
  const margins = new Array<number>(n).fill(baseScore);
  const validationMargins = new Array<number>(validation.x.length).fill(baseScore);
  const stumps: Stump[] = [];
  const history: TrainingHistory = { trainLoss: [], validationLoss: [] };
  const lambda = options.l2;
  for (let round = 0; round < options.rounds; round++) {
    const g = margins.map((m, i) => sigmoid(m) - (train.y[i] === true ? 1 : 0));
    const h = margins.map((m) => sigmoid(m) * (1 - sigmoid(m)));
    const gTotal = g.reduce((s, v) => s + v, 0);
    const hTotal = h.reduce((s, v) => s + v, 0);
    let best: { gain: number; feature: number; split: number; gLeft: number; hLeft: number } = {
      gain: 0,
      feature: -1,
      split: -1,
      gLeft: 0,
      hLeft: 0,
    };
    for (let j = 0; j < d; j++) {
      const cuts = thresholds[j] ?? [];
      const gBins = new Array<number>(cuts.length + 1).fill(0);
      const hBins = new Array<number>(cuts.length + 1).fill(0);
      binned.forEach((row, i) => {
        const b = row[j] ?? 0;
        gBins[b] = (gBins[b] ?? 0) + (g[i] ?? 0);
        hBins[b] = (hBins[b] ?? 0) + (h[i] ?? 0);
      });
      let gLeft = 0;
      let hLeft = 0;
      for (let k = 0; k < cuts.length; k++) {
        gLeft += gBins[k] ?? 0;
        hLeft += hBins[k] ?? 0;
        const gRight = gTotal - gLeft;
        const hRight = hTotal - hLeft;
        const gain =
          (gLeft * gLeft) / (hLeft + lambda) +
          (gRight * gRight) / (hRight + lambda) -
          (gTotal * gTotal) / (hTotal + lambda);
        if (gain > best.gain) best = { gain, feature: j, split: k, gLeft, hLeft };
      }
    }
    if (best.feature < 0) break;
    const stump: Stump = {
      feature: best.feature,
      threshold: thresholds[best.feature]?.[best.split] ?? 0,
      left: round6((-best.gLeft / (best.hLeft + lambda)) * options.learningRate),
      right: round6(
        (-(gTotal - best.gLeft) / (hTotal - best.hLeft + lambda)) * options.learningRate,
      ),
    };
    stumps.push(stump);
    const apply = (x: readonly number[]) =>
      (x[stump.feature] ?? 0) <= stump.threshold ? stump.left : stump.right;
    train.x.forEach((x, i) => {
      margins[i] = (margins[i] ?? 0) + apply(x);
    });
    validation.x.forEach((x, i) => {
      validationMargins[i] = (validationMargins[i] ?? 0) + apply(x);
    });
    history.trainLoss.push(meanLogLoss(margins, train.y));
    history.validationLoss.push(meanLogLoss(validationMargins, validation.y));
  }
  return { model: { baseScore, stumps }, history };
}
