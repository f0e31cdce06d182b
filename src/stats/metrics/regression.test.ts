import { describe, expect, it } from 'vitest';
import { expectPublished, expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_REGRESSION } from './__fixtures__/toy-set.js';
import {
  MAPE_EPSILON,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  regressionReport,
  rootMeanSquaredError,
} from './regression.js';

describe('regression metrics on the §9.4 toy set', () => {
  it('gives MAE 0.428571428571, MSE 0.225714285714, RMSE 0.475093975666, R² 0.960378304793', () => {
    expectPublished(meanAbsoluteError(TOY_REGRESSION), '0.428571428571');
    expectPublished(meanSquaredError(TOY_REGRESSION), '0.225714285714');
    expectPublished(rootMeanSquaredError(TOY_REGRESSION), '0.475093975666');
    expectPublished(r2Score(TOY_REGRESSION), '0.960378304793');
    // Closed forms: Σ|e| = 3, Σe² = 1.58 over 7 rows.
    expectRelClose(meanAbsoluteError(TOY_REGRESSION), 3 / 7);
    expectRelClose(meanSquaredError(TOY_REGRESSION), 1.58 / 7);
    expectRelClose(rootMeanSquaredError(TOY_REGRESSION), Math.sqrt(1.58 / 7));
  });

  it('gives MAPE ≈ 1.93e14 because one target is 0 (its error 0.3 is divided by ε)', () => {
    // The reference gives 3 significant digits; the exact value is the sum below over 7 rows.
    const terms = [0.5 / 3, 0.5 / 0.5, 0.1 / 2, 0.8 / 7, 0.3 / 4.2, 0.3 / MAPE_EPSILON, 0.5 / 1.5];
    const mape = meanAbsolutePercentageError(TOY_REGRESSION);
    expectRelClose(mape, terms.reduce((a, b) => a + b, 0) / 7, 1e-12);
    expectRelClose(mape, 1.93e14, 1e-3);
  });

  it('gives MAPE 0.355102040816 (a fraction, not a percentage) with y₆ = 1.2 instead of 0', () => {
    const actual = TOY_REGRESSION.actual.map((v) => (v === 0 ? 1.2 : v));
    const data = { actual, predicted: TOY_REGRESSION.predicted };
    expectPublished(meanAbsolutePercentageError(data), '0.355102040816');
  });

  it('reports all five in one call', () => {
    const r = regressionReport(TOY_REGRESSION);
    expect(r.n).toBe(7);
    expectPublished(r.mae, '0.428571428571');
    expectPublished(r.mse, '0.225714285714');
    expectPublished(r.rmse, '0.475093975666');
    expectPublished(r.r2, '0.960378304793');
    expect(r.mape).toBe(meanAbsolutePercentageError(TOY_REGRESSION));
    expect(r.constantTarget).toBe(false);
  });
});

describe('R² edge cases', () => {
  it('with a constant target gives 1 for a perfect fit and 0 otherwise (sklearn force_finite)', () => {
    expect(r2Score({ actual: [2, 2, 2], predicted: [2, 2, 2] })).toBe(1);
    expect(r2Score({ actual: [2, 2, 2], predicted: [2, 3, 2] })).toBe(0);
    expect(regressionReport({ actual: [2, 2], predicted: [1, 2] }).constantTarget).toBe(true);
  });

  it('with forceFinite false gives NaN (perfect) or −Infinity', () => {
    expect(r2Score({ actual: [2, 2], predicted: [2, 2] }, { forceFinite: false })).toBeNaN();
    expect(r2Score({ actual: [2, 2], predicted: [2, 1] }, { forceFinite: false })).toBe(-Infinity);
  });

  it('detects a constant target whose float mean is off by one ulp (0.1 × 3)', () => {
    // mean([0.1, 0.1, 0.1]) = 0.10000000000000002, so SS_tot ≈ 6e-34, not 0.
    expect(r2Score({ actual: [0.1, 0.1, 0.1], predicted: [0.1, 0.1, 0.2] })).toBe(0);
  });

  it('is NaN for a single row', () => {
    expect(r2Score({ actual: [1], predicted: [1] })).toBeNaN();
  });

  it('is negative when worse than predicting the mean', () => {
    // SS_res = 4 + 4 = 8; SS_tot = 1 + 1 = 2 → 1 − 4 = −3.
    expect(r2Score({ actual: [0, 2], predicted: [2, 0] })).toBe(-3);
  });
});

describe('when the input is malformed', () => {
  it('rejects non-finite values and unequal lengths', () => {
    expect(
      issueCodes(() => meanAbsoluteError({ actual: [1, Number.NaN], predicted: [1, 2] })),
    ).toEqual(['not_finite']);
    expect(issueCodes(() => meanSquaredError({ actual: [1, 2], predicted: [1] }))).toEqual([
      'length_mismatch',
    ]);
    expect(issueCodes(() => r2Score({ actual: [], predicted: [] }))).toEqual(['empty']);
  });
});
