import { describe, expect, it } from 'vitest';
import { expectPublished, expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_LABELS, TOY_SCORES } from './__fixtures__/toy-set.js';
import {
  brierScore,
  expectedCalibrationError,
  LOG_LOSS_EPS,
  logLoss,
  reliabilityTable,
} from './calibration.js';

describe('probabilistic metrics on the §9.4 toy set', () => {
  it('gives log loss 0.472254401514 and Brier 0.157125', () => {
    expectPublished(logLoss(TOY_LABELS, TOY_SCORES), '0.472254401514');
    expectRelClose(brierScore(TOY_LABELS, TOY_SCORES), 0.157125);
  });

  it('gives ECE 0.1175 with (lo,hi] bins (the default) and 0.1275 with floor bins', () => {
    expectRelClose(expectedCalibrationError(TOY_LABELS, TOY_SCORES), 0.1175);
    expectRelClose(
      expectedCalibrationError(TOY_LABELS, TOY_SCORES, { binRule: 'right-closed', bins: 10 }),
      0.1175,
    );
    expectRelClose(expectedCalibrationError(TOY_LABELS, TOY_SCORES, { binRule: 'floor' }), 0.1275);
  });

  it('gives top-label ECE 0.0775 with (lo,hi] bins', () => {
    expectRelClose(expectedCalibrationError(TOY_LABELS, TOY_SCORES, { form: 'top-label' }), 0.0775);
  });
});

describe('log loss clipping', () => {
  it('clips at float64 epsilon (sklearn ≥ 1.5), so a confident miss costs 52·ln 2, not ∞', () => {
    expect(LOG_LOSS_EPS).toBe(2 ** -52);
    expectRelClose(logLoss([1], [0]), 52 * Math.LN2, 1e-15);
    expectRelClose(logLoss([0], [1]), 52 * Math.LN2, 1e-15);
    // With the pre-1.5 eps = 1e-15 this would be −ln(1e-15) ≈ 34.54.
    expect(logLoss([1, 0], [0, 1])).toBeGreaterThan(36.04);
  });

  it('clips a perfect prediction to 1 − ε, giving −ln(1 − ε) ≈ 2.22e-16, not 0', () => {
    expect(logLoss([1, 0], [1, 0])).toBe(-Math.log(1 - 2 ** -52));
    expectRelClose(logLoss([1], [1]), 2 ** -52, 1e-12);
  });

  it('uses 1 − p for negatives: −(ln 0.8 + ln 0.6)/2 for y = [1, 0], p = [0.8, 0.4]', () => {
    expectRelClose(logLoss([1, 0], [0.8, 0.4]), -(Math.log(0.8) + Math.log(0.6)) / 2);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(issueCodes(() => logLoss([1, 0], [1.5, -0.1]))).toEqual([
      'out_of_range',
      'out_of_range',
    ]);
    expect(issueCodes(() => brierScore([1], [Number.NaN]))).toEqual(['not_finite']);
  });
});

describe('ECE bin edges', () => {
  // p = [0, 0.1, 0.3, 0.7, 1], y = [1, 0, 0, 1, 1].
  // (lo,hi] (numpy edges j·0.1): 0 and 0.1 → bin 0 [0, 0.1]; 0.3 → bin 2; 0.7 → bin 6; 1 → bin 9.
  //   bin 0: conf 0.05, observed 0.5 → (2/5)·0.45 = 0.18; bins 2 and 6: (1/5)·0.3 each; bin 9: 0.
  //   ECE = 0.18 + 0.06 + 0.06 = 0.30.
  // floor: 0 → 0, 0.1 → 1, 0.3 → 3, 0.7 → 7, 1 → min(10, 9) = 9, one row each:
  //   |1 − 0| + |0 − 0.1| + |0 − 0.3| + |1 − 0.7| + |1 − 1| = 1.7, ECE = 1.7/5 = 0.34.
  const p = [0, 0.1, 0.3, 0.7, 1];
  const y = [1, 0, 0, 1, 1];

  it('puts values on an edge in the lower bin with (lo,hi] and in the upper bin with floor', () => {
    expectRelClose(expectedCalibrationError(y, p), 0.3);
    expectRelClose(expectedCalibrationError(y, p, { binRule: 'floor' }), 0.34);
  });

  it('reports count, mean predicted and observed rate per bin, empty bins as NaN', () => {
    const table = reliabilityTable(y, p);
    expect(table.bins).toHaveLength(10);
    expect(table.bins.map((b) => b.count)).toEqual([2, 0, 1, 0, 0, 0, 1, 0, 0, 1]);
    expect(table.bins[0]).toEqual({
      lower: 0,
      upper: 0.1,
      count: 2,
      meanPredicted: 0.05,
      observedRate: 0.5,
    });
    expect(table.bins[1]?.meanPredicted).toBeNaN();
    expect(table.bins[9]).toMatchObject({
      lower: 0.9,
      upper: 1,
      meanPredicted: 1,
      observedRate: 1,
    });
    const floor = reliabilityTable(y, p, { binRule: 'floor' });
    expect(floor.bins.map((b) => b.count)).toEqual([1, 1, 0, 1, 0, 0, 0, 1, 0, 1]);
  });

  it('uses numpy linspace edges j·(1/M), so 0.3 sits under the edge 0.30000000000000004', () => {
    const table = reliabilityTable([1], [0.3]);
    expect(table.bins[2]?.upper).toBe(0.30000000000000004);
    expect(table.bins[2]?.count).toBe(1);
  });

  it('bins top-label confidences max(p, 1 − p); p = 0.5 predicts the positive class', () => {
    // conf: 0.9 (p 0.1, ŷ 0, y 0 correct), 0.5 (ŷ 1, y 0 wrong), 0.8 (p 0.8, ŷ 1, y 1 correct).
    // Bins (lo,hi]: 0.5 → bin 4, 0.8 → bin 7, 0.9 → bin 8.
    // ECE = (1/3)(|0 − 0.5| + |1 − 0.8| + |1 − 0.9|) = 0.8/3.
    const table = reliabilityTable([0, 0, 1], [0.1, 0.5, 0.8], { form: 'top-label' });
    expect(table.bins.map((b) => b.count)).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 1, 0]);
    expectRelClose(
      expectedCalibrationError([0, 0, 1], [0.1, 0.5, 0.8], { form: 'top-label' }),
      0.8 / 3,
    );
  });

  it('takes the number of bins as an option', () => {
    // 4 bins (lo,hi]: 0 and 0.1 → bin 0, 0.3 → bin 1, 0.7 → bin 2, 1 → bin 3.
    const table = reliabilityTable(y, p, { bins: 4 });
    expect(table.bins.map((b) => b.count)).toEqual([2, 1, 1, 1]);
  });

  it('rejects a bad bin count or rule', () => {
    expect(issueCodes(() => reliabilityTable(y, p, { bins: 0 }))).toEqual(['invalid_option']);
    expect(issueCodes(() => reliabilityTable(y, p, { bins: 2.5 }))).toEqual(['invalid_option']);
    const rule = { binRule: 'left' } as unknown as { binRule: 'floor' };
    expect(issueCodes(() => reliabilityTable(y, p, rule))).toEqual(['invalid_option']);
  });
});
