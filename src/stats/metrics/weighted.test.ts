import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/seeded-random.js';
import { expectRelClose } from './__fixtures__/assertions.js';
import { TOY_LABELS, TOY_REGRESSION, TOY_SCORES } from './__fixtures__/toy-set.js';
import { brierScore, eceOfTable, logLoss, reliabilityTable } from './calibration.js';
import { confusionMatrix, predictFromScores } from './confusion.js';
import { fastBinaryCurve } from './fast-binary-curve.js';
import {
  averagePrecision,
  averagePrecisionOfCurve,
  binaryCurve,
  rocAuc,
  rocAucOfCurve,
} from './ranking.js';
import type { BinaryCurve } from './ranking.js';
import { regressionReport } from './regression.js';
import {
  brierTerms,
  logLossTerms,
  rankScores,
  reliabilityRows,
  weightedBinaryCurve,
  weightedConfusion,
  weightedMean,
  weightedRegressionMetrics,
  weightedReliabilityTable,
} from './weighted.js';

/** A curve with plain arrays, to compare typed-array curves with `binaryCurve`'s. */
function plain(curve: BinaryCurve) {
  return {
    thresholds: Array.from(curve.thresholds),
    tps: Array.from(curve.tps),
    fps: Array.from(curve.fps),
    positives: curve.positives,
    negatives: curve.negatives,
  };
}

/** Scores on a coarse grid so that ties (within and across classes) are frequent. */
function tiedData(n: number, seed: number) {
  const random = new SeededRandom(seed);
  const y = Uint8Array.from({ length: n }, () => (random.next() < 0.4 ? 1 : 0));
  const p = Float64Array.from(y, (yi) => Math.round((0.3 * yi + 0.7 * random.next()) * 20) / 20);
  return { y, p };
}

function randomWeights(n: number, seed: number, max = 3): Uint32Array {
  const random = new SeededRandom(seed);
  return Uint32Array.from({ length: n }, () => Math.floor(random.next() * (max + 1)));
}

/** Row i repeated weights[i] times. */
function repeat<T extends Uint8Array | Float64Array>(values: T, weights: Uint32Array): T {
  const out: number[] = [];
  values.forEach((v, i) => {
    for (let k = 0; k < (weights[i] ?? 0); k++) out.push(v);
  });
  return (values instanceof Uint8Array ? Uint8Array.from(out) : Float64Array.from(out)) as T;
}

describe('weighted classification metrics', () => {
  it('equal the unweighted functions bit for bit with unit weights (§9.4 toy set)', () => {
    const y = Uint8Array.from(TOY_LABELS);
    const p = Float64Array.from(TOY_SCORES);
    const ones = new Uint32Array(y.length).fill(1);
    const curve = weightedBinaryCurve(y, p, rankScores(p), ones);
    expect(plain(curve)).toEqual(binaryCurve(y, p));
    expect(rocAucOfCurve(curve)).toBe(0.865);
    expect(weightedConfusion(y, predictFromScores(p), ones)).toEqual(
      confusionMatrix(y, predictFromScores(p)),
    );
    expect(weightedMean(logLossTerms(y, p), ones)).toBe(logLoss(y, p));
    expect(weightedMean(brierTerms(y, p), ones)).toBe(brierScore(y, p));
    expect(weightedReliabilityTable(reliabilityRows(y, p), ones)).toEqual(reliabilityTable(y, p));
    expect(
      eceOfTable(weightedReliabilityTable(reliabilityRows(y, p, { binRule: 'floor' }), ones)),
    ).toBe(eceOfTable(reliabilityTable(y, p, { binRule: 'floor' })));
  });

  it.each([1, 2, 3, 4, 5])(
    'equal the metrics of the explicitly repeated rows (seed %i)',
    (seed) => {
      const { y, p } = tiedData(300, seed);
      const w = randomWeights(y.length, seed + 100);
      const ry = repeat(y, w);
      const rp = repeat(p, w);
      const curve = weightedBinaryCurve(y, p, rankScores(p), w);
      // The same curve, so ROC AUC and AP are exactly equal.
      expect(plain(curve)).toEqual(binaryCurve(ry, rp));
      expect(rocAucOfCurve(curve)).toBe(rocAuc(ry, rp));
      expect(averagePrecisionOfCurve(curve)).toBe(averagePrecision(ry, rp));
      expect(weightedConfusion(y, predictFromScores(p, 0.45), w)).toEqual(
        confusionMatrix(ry, predictFromScores(rp, 0.45)),
      );
      expectRelClose(weightedMean(logLossTerms(y, p), w), logLoss(ry, rp));
      expectRelClose(weightedMean(brierTerms(y, p), w), brierScore(ry, rp));
      const table = weightedReliabilityTable(reliabilityRows(y, p, { bins: 15 }), w);
      const explicit = reliabilityTable(ry, rp, { bins: 15 });
      expect(table.bins.map((b) => b.count)).toEqual(explicit.bins.map((b) => b.count));
      expectRelClose(eceOfTable(table), eceOfTable(explicit));
    },
  );

  it('skips a run of tied scores whose rows all have weight 0, as the resample lacks it', () => {
    const y = Uint8Array.from([1, 0, 1, 0]);
    const p = Float64Array.from([0.9, 0.9, 0.5, 0.2]);
    const curve = weightedBinaryCurve(y, p, rankScores(p), [0, 0, 2, 1]);
    expect(plain(curve)).toEqual({
      thresholds: [0.5, 0.2],
      tps: [2, 2],
      fps: [0, 1],
      positives: 2,
      negatives: 1,
    });
    expect(averagePrecisionOfCurve(curve)).toBe(1);
  });
});

describe('weightedRegressionMetrics', () => {
  it('equals regressionReport bit for bit with unit weights (§9.4)', () => {
    const y = Float64Array.from(TOY_REGRESSION.actual);
    const f = Float64Array.from(TOY_REGRESSION.predicted);
    const report = regressionReport({ actual: y, predicted: f });
    expect(weightedRegressionMetrics(y, f, new Uint32Array(y.length).fill(1))).toEqual({
      n: report.n,
      mae: report.mae,
      mse: report.mse,
      rmse: report.rmse,
      mape: report.mape,
      r2: report.r2,
    });
  });

  it.each([1, 2, 3])('equals regressionReport of the repeated rows (seed %i)', (seed) => {
    const random = new SeededRandom(seed);
    const y = Float64Array.from({ length: 200 }, () => 1 + 5 * random.next());
    const f = Float64Array.from(y, (v) => v + random.normal());
    const w = randomWeights(y.length, seed + 7);
    const got = weightedRegressionMetrics(y, f, w);
    const want = regressionReport({ actual: repeat(y, w), predicted: repeat(f, w) });
    expect(got.n).toBe(want.n);
    for (const key of ['mae', 'mse', 'rmse', 'mape', 'r2'] as const)
      expectRelClose(got[key], want[key]);
  });

  it('applies the constant-target rule to the rows with positive weight only', () => {
    const y = Float64Array.from([2, 2, 5]);
    const f = Float64Array.from([2, 2, 1]);
    expect(weightedRegressionMetrics(y, f, [1, 3, 0]).r2).toBe(1);
    expect(weightedRegressionMetrics(y, Float64Array.from([2, 3, 1]), [1, 3, 0]).r2).toBe(0);
    expect(weightedRegressionMetrics(y, f, [1, 0, 0]).r2).toBeNaN();
  });
});

describe('fastBinaryCurve', () => {
  it.each([1, 2, 3])('builds the same curve as binaryCurve, ties included (seed %i)', (seed) => {
    const { y, p } = tiedData(500, seed);
    expect(plain(fastBinaryCurve(y, p))).toEqual(binaryCurve(y, p));
  });

  it('handles a single class', () => {
    const y = Uint8Array.from([1, 1, 1]);
    const p = Float64Array.from([0.2, 0.7, 0.2]);
    expect(plain(fastBinaryCurve(y, p))).toEqual(binaryCurve(y, p));
    expect(rocAucOfCurve(fastBinaryCurve(y, p))).toBeNaN();
  });
});
