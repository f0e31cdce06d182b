import { logisticRegressionOnnx } from '../../src/evaluation/onnx/index.js';
import { SeededRandom } from '../../src/lib/seeded-random.js';

/**
 * A fixed, generated holdout set for evaluation tests: four numeric features, a three-level
 * region one-hot encoded (two indicator columns), two protected attributes, and a label drawn
 * from a known logistic model, so the model below is well specified on it.
 */
export const FEATURES = ['income', 'dti', 'age', 'tenure', 'region=north', 'region=south'];
export const WEIGHTS = [0.9, -1.4, 0.35, 0.25, 0.4, -0.3];
export const INTERCEPT = -0.2;
export const MEAN = [50, 0.35, 40, 6, 0, 0];
export const SCALE = [15, 0.15, 12, 4, 1, 1];

export interface HoldoutRow {
  x: number[];
  y: 0 | 1;
  sex: string;
  race: string;
  /** The weaker challenger's score column (a predictions-mode model). */
  other: number;
}

export function holdoutRows(n = 1500, seed = 20261201): HoldoutRow[] {
  const random = new SeededRandom(seed);
  const rows: HoldoutRow[] = [];
  for (let i = 0; i < n; i++) {
    const sex = random.next() < 0.48 ? 'F' : 'M';
    const race = random.pick([
      ['white', 0.55],
      ['black', 0.2],
      ['hispanic', 0.18],
      ['asian', 0.07],
    ] as const);
    const region = random.pick([
      ['north', 0.4],
      ['south', 0.35],
      ['west', 0.25],
    ] as const);
    const income = Math.round((50 + 15 * random.normal() + (sex === 'M' ? 3 : 0)) * 100) / 100;
    const dti =
      Math.round(Math.min(0.95, Math.max(0.01, 0.35 + 0.15 * random.normal())) * 1000) / 1000;
    const age = Math.round(40 + 12 * random.normal());
    const tenure = Math.round(Math.max(0, 6 + 4 * random.normal()));
    const x = [income, dti, age, tenure, region === 'north' ? 1 : 0, region === 'south' ? 1 : 0];
    const p = probability(x);
    const y = random.next() < p ? 1 : 0;
    const other =
      Math.round(Math.min(0.999, Math.max(0.001, p + 0.25 * random.normal())) * 1e6) / 1e6;
    rows.push({ x, y, sex, race, other });
  }
  return rows;
}

/** The model's probability in float64 (the ONNX model computes it in float32). */
export function probability(x: readonly number[]): number {
  let z = INTERCEPT;
  x.forEach((v, j) => {
    z += ((v - MEAN[j]!) / SCALE[j]!) * WEIGHTS[j]!;
  });
  return 1 / (1 + Math.exp(-z));
}

export function holdoutCsv(rows: readonly HoldoutRow[]): string {
  return [
    [...FEATURES, 'y', 'sex', 'race', 'other_score'].join(','),
    ...rows.map((r) => [...r.x, r.y, r.sex, r.race, r.other].join(',')),
  ].join('\n');
}

export function holdoutModel(weights = WEIGHTS): Uint8Array {
  return logisticRegressionOnnx({ weights, intercept: INTERCEPT, mean: MEAN, scale: SCALE });
}

export const INPUT_SCHEMA = {
  tensor: 'input',
  columns: FEATURES.map((name) =>
    name.startsWith('region=')
      ? { name, type: 'numeric', oneHotGroup: 'region' }
      : { name, type: 'numeric' },
  ),
};
export const OUTPUT_SCHEMA = {
  task: 'binary-classification',
  score: { output: 'probability' },
  threshold: 0.5,
};
