/**
 * Moment and characteristic-function tests as scipy 1.17.1 computes them (statistics.md §4.1):
 * the pooled-variance t-test (`ttest_ind`, Evidently `t_test`) and the Epps–Singleton test
 * (`epps_singleton_2samp`, Evidently `es`).
 */
import { ValidationError } from '../../lib/index.js';
import { chiSquareSf, studentTSf, symmetricPseudoInverse } from '../special/index.js';
import { quantileSorted } from './binning.js';
import type { PValueResult } from './categorical-tests.js';
import {
  compensatedSum,
  finiteValues,
  sortedSample,
  squaredDeviations,
  type NumericSample,
} from './sample.js';

function degenerate(message: string): ValidationError {
  return new ValidationError(message, [{ code: 'degenerate_sample', path: [], message }]);
}

/** Mean and Σ(x − mean)², two compensated passes, no temporary array. */
function meanAndSquares(values: Float64Array): [mean: number, squares: number] {
  const mean = compensatedSum(values) / values.length;
  return [mean, squaredDeviations(values, mean)];
}

/**
 * Two-sided Student t-test with pooled variance, df = n + m − 2. When both samples are constant
 * the statistic is defined here (scipy gives NaN): equal means → t = 0, p = 1; else t = ±∞, p = 0.
 */
export function tTest(reference: NumericSample, current: NumericSample): PValueResult {
  const a = finiteValues(reference, 'reference');
  const b = finiteValues(current, 'current');
  const n1 = a.length;
  const n2 = b.length;
  const dof = n1 + n2 - 2;
  if (dof < 1) throw degenerate('the t-test needs at least three values in total');
  const [m1, s1] = meanAndSquares(a);
  const [m2, s2] = meanAndSquares(b);
  const pooledVariance = (s1 + s2) / dof;
  const denominator = Math.sqrt(pooledVariance * (1 / n1 + 1 / n2));
  if (denominator === 0) {
    return m1 === m2
      ? { statistic: 0, pValue: 1, dof }
      : { statistic: m1 > m2 ? Infinity : -Infinity, pValue: 0, dof };
  }
  const t = (m1 - m2) / denominator;
  return { statistic: t, pValue: Math.min(1, 2 * studentTSf(Math.abs(t), dof)), dof };
}

/**
 * Epps–Singleton test on the empirical characteristic function at t = (0.4, 0.8) scaled by the
 * semi-IQR of the pooled sample: W = n·ḡᵀ Σ⁺ ḡ ~ χ²(rank Σ⁺), with scipy's small-sample
 * correction when max(n, m) < 25. Needs ≥ 5 values per side and a pooled IQR > 0 (scipy cannot
 * evaluate it either: Evidently notes it raises), else ValidationError.
 */
export function eppsSingleton(
  reference: NumericSample,
  current: NumericSample,
  points: readonly number[] = [0.4, 0.8],
): PValueResult {
  const x = finiteValues(reference, 'reference');
  const y = finiteValues(current, 'current');
  const nx = x.length;
  const ny = y.length;
  if (nx < 5 || ny < 5) throw degenerate('Epps–Singleton needs at least 5 values per sample');
  const all = new Float64Array(nx + ny);
  all.set(x);
  all.set(y, nx);
  const pooled = sortedSample(all).values;
  const sigma = (quantileSorted(pooled, 0.75) - quantileSorted(pooled, 0.25)) / 2;
  if (!(sigma > 0)) throw degenerate('Epps–Singleton needs a pooled interquartile range > 0');
  const ts = points.map((t) => t / sigma);
  const dim = 2 * ts.length;
  const features = (v: number, out: Float64Array) => {
    ts.forEach((t, i) => {
      out[i] = Math.cos(t * v);
      out[ts.length + i] = Math.sin(t * v);
    });
  };
  const n = nx + ny;
  const moments = (values: Float64Array): [mean: Float64Array, covariance: Float64Array] => {
    const g = new Float64Array(dim);
    const rows = Array.from(values, (v) => {
      const row = new Float64Array(dim);
      features(v, row);
      return row;
    });
    for (let i = 0; i < dim; i++) g[i] = compensatedSum(rows.map((row) => row[i]!)) / values.length;
    const covariance = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        const products = rows.map((row) => (row[i]! - g[i]!) * (row[j]! - g[j]!));
        covariance[i * dim + j] = compensatedSum(products) / values.length;
      }
    }
    return [g, covariance];
  };
  const [gx, cx] = moments(x);
  const [gy, cy] = moments(y);
  const estimate = Array.from({ length: dim }, (_, i) =>
    Array.from(
      { length: dim },
      (_, j) => (n / nx) * cx[i * dim + j]! + (n / ny) * cy[i * dim + j]!,
    ),
  );
  const { inverse, rank } = symmetricPseudoInverse(estimate);
  const diff = Array.from(gx, (v, i) => v - gy[i]!);
  let w = 0;
  for (let i = 0; i < dim; i++)
    for (let j = 0; j < dim; j++) w += diff[i]! * inverse[i]![j]! * diff[j]!;
  w *= n;
  if (Math.max(nx, ny) < 25) {
    w *= 1 / (1 + Math.pow(n, -0.45) + 10.1 * (Math.pow(nx, -1.7) + Math.pow(ny, -1.7)));
  }
  return { statistic: w, pValue: chiSquareSf(w, rank), dof: rank };
}
