/**
 * Test data: a seeded tabular data set with numeric, categorical and one-hot columns, labels
 * drawn from a known logistic model, protected attributes, and JS scorers (logistic, linear)
 * standing in for an ONNX session.
 */
import { SeededRandom } from '../../../lib/index.js';
import type { FeatureSpec, Scorer } from '../types.js';

export interface LinearModel {
  weights: number[];
  bias: number;
}

/** The margin w·x + b of row `i` of a row-major matrix. */
export function margin(model: LinearModel, matrix: Float32Array, i: number): number {
  const width = model.weights.length;
  let m = model.bias;
  for (let j = 0; j < width; j++) m += (model.weights[j] ?? 0) * (matrix[i * width + j] ?? 0);
  return m;
}

/** sigmoid(w·x + b) per row; counts its calls and rows. */
export function logisticScorer(model: LinearModel): Scorer & { calls: number; rows: number } {
  const scorer = Object.assign(
    (features: Float32Array, rows: number) => {
      scorer.calls++;
      scorer.rows += rows;
      const out = new Float64Array(rows);
      for (let i = 0; i < rows; i++) out[i] = 1 / (1 + Math.exp(-margin(model, features, i)));
      return Promise.resolve(out);
    },
    { calls: 0, rows: 0 },
  );
  return scorer;
}

/** w·x + b per row (a regression model). */
export function linearScorer(model: LinearModel): Scorer {
  return (features, rows) =>
    Promise.resolve(Float64Array.from({ length: rows }, (_, i) => margin(model, features, i)));
}

export interface SyntheticData {
  features: FeatureSpec[];
  matrix: Float32Array;
  model: LinearModel;
  labels: Float64Array;
  /** Regression target: the margin plus noise. */
  target: Float64Array;
  sex: (string | null)[];
  race: (string | null)[];
}

/**
 * `rows` rows: `numeric` standard-normal-ish features, one categorical code in {0, 1, 2, 3}
 * ('region') and a three-column one-hot group ('channel'). Labels ~ Bernoulli(sigmoid(margin)).
 */
export function syntheticData(rows: number, numeric: number, seed: number): SyntheticData {
  const random = new SeededRandom(seed);
  const features: FeatureSpec[] = [
    ...Array.from({ length: numeric }, (_, j): FeatureSpec => ({ name: `x${j}`, type: 'numeric' })),
    { name: 'region', type: 'categorical' },
    ...['web', 'store', 'phone'].map((c): FeatureSpec => ({
      name: `channel_${c}`,
      type: 'numeric',
      oneHotGroup: 'channel',
    })),
  ];
  const width = features.length;
  const weights = features.map((_, j) =>
    j < numeric ? (j % 2 === 0 ? 1 : -0.5) / (1 + j / 4) : 0.3,
  );
  weights[numeric + 1] = 0.8;
  weights[numeric + 2] = -0.6;
  const model = { weights, bias: -0.2 };
  const matrix = new Float32Array(rows * width);
  const sex: (string | null)[] = [];
  const race: (string | null)[] = [];
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < numeric; j++) matrix[i * width + j] = random.normal() * (1 + j / 10);
    matrix[i * width + numeric] = Math.floor(random.next() * 4);
    matrix[i * width + numeric + 1 + Math.floor(random.next() * 3)] = 1;
    sex.push(random.next() < 0.5 ? 'F' : 'M');
    const r = random.next();
    race.push(r < 0.03 ? null : r < 0.5 ? 'Group A' : r < 0.8 ? 'Group B' : 'Group C');
  }
  const labels = new Float64Array(rows);
  const target = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    const m = margin(model, matrix, i);
    labels[i] = random.next() < 1 / (1 + Math.exp(-m)) ? 1 : 0;
    target[i] = m + 0.5 * random.normal();
  }
  return { features, matrix, model, labels, target, sex, race };
}
