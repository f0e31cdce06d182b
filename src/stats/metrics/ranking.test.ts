import { describe, expect, it } from 'vitest';
import { expectRelClose } from './__fixtures__/assertions.js';
import { TOY_LABELS, TOY_SCORES } from './__fixtures__/toy-set.js';
import {
  averagePrecision,
  ksStatistic,
  precisionRecallAucTrapezoid,
  rocAuc,
  rocCurve,
} from './ranking.js';

describe('ranking metrics on the §9.4 toy set', () => {
  it('gives ROC AUC 0.865', () => {
    expectRelClose(rocAuc(TOY_LABELS, TOY_SCORES), 0.865);
  });

  it('gives average precision 0.8679501054501054 (sklearn average_precision_score)', () => {
    expectRelClose(averagePrecision(TOY_LABELS, TOY_SCORES), 0.8679501054501054);
  });

  it('gives the different, trapezoidal PR area 0.878366772116772 (sklearn auc(recall, precision))', () => {
    expectRelClose(precisionRecallAucTrapezoid(TOY_LABELS, TOY_SCORES), 0.878366772116772);
  });

  it('gives KS 0.5', () => {
    // Sorted positives: .3 .35 .4 .45 .55 .65 .7 .8 .9 .95; negatives: .05 .1 .15 .2 .3 .3 .35
    // .4 .45 .6. At t = 0.3: F₋ = 6/10, F₊ = 1/10; the gap stays 0.5 up to t = 0.6 and is
    // never larger (t = 0.2: 0.4).
    expect(ksStatistic(TOY_LABELS, TOY_SCORES)).toBe(0.5);
  });
});

describe('ties in ROC AUC', () => {
  it('counts a tied positive/negative pair as one half', () => {
    // Pairs (pos, neg): (0.4, 0.1) 1, (0.4, 0.4) ½, (0.8, 0.1) 1, (0.8, 0.4) 1 → 3.5/4.
    // Trapezoid over thresholds 0.8, 0.4, 0.1: (TP, FP) = (1,0), (2,1), (2,2) → (0 + 3 + 4)/8.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toBe(0.875);
  });

  it('gives 0.5 when every score is tied, whatever the order of the rows', () => {
    expect(rocAuc([1, 0, 1, 0, 0], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(rocAuc([0, 0, 0, 1, 1], [0.3, 0.3, 0.3, 0.3, 0.3])).toBe(0.5);
  });

  it('groups tied scores into one ROC point, with +Infinity as the first threshold', () => {
    expect(rocCurve([0, 0, 1, 1], [0.1, 0.4, 0.4, 0.8])).toEqual({
      thresholds: [Infinity, 0.8, 0.4, 0.1],
      fpr: [0, 0, 0.5, 1],
      tpr: [0, 0.5, 1, 1],
    });
  });

  it('accepts decision values outside [0, 1] (ranking needs only an order)', () => {
    expect(rocAuc([0, 1, 0, 1], [-3, 2.5, 0, 10])).toBe(1);
  });
});

describe('ties in average precision', () => {
  it('evaluates precision once per distinct threshold (step-wise, no interpolation)', () => {
    // Thresholds 0.9: TP 1, FP 1 (P ½, R ⅓); 0.5: TP 2, FP 2 (P ½, R ⅔); 0.2: TP 3, FP 2 (P ⅗, R 1).
    // AP = ⅓·½ + ⅓·½ + ⅓·⅗ = 1.6/3. Ranking the tied rows one by one, positives first, would
    // give (1 + ⅔ + ⅗)/3 ≈ 0.756 instead.
    expectRelClose(averagePrecision([0, 1, 1, 0, 1], [0.9, 0.9, 0.5, 0.5, 0.2]), 1.6 / 3);
  });

  it('is 1 when every row is positive', () => {
    expect(averagePrecision([1, 1, 1], [0.2, 0.5, 0.5])).toBe(1);
  });
});

describe('when only one class is present', () => {
  it('returns NaN for ROC AUC (as sklearn ≥ 1.7) and for KS', () => {
    expect(rocAuc([1, 1, 1], [0.2, 0.4, 0.9])).toBeNaN();
    expect(rocAuc([false, false], [0.2, 0.4])).toBeNaN();
    expect(ksStatistic([1, 1], [0.2, 0.4])).toBeNaN();
  });

  it('returns NaN for average precision without positives (sklearn returns 0 with a warning)', () => {
    expect(averagePrecision([0, 0], [0.2, 0.4])).toBeNaN();
    expect(precisionRecallAucTrapezoid([0, 0], [0.2, 0.4])).toBeNaN();
  });

  it('marks the undefined rate of the ROC curve as NaN', () => {
    const curve = rocCurve([1, 1], [0.2, 0.4]);
    expect(curve.fpr.every(Number.isNaN)).toBe(true);
    expect(curve.tpr).toEqual([0, 0.5, 1]);
  });
});

describe('KS statistic', () => {
  it('is 1 for perfectly separated classes and 0 for identical score sets', () => {
    expect(ksStatistic([0, 0, 1, 1], [0.1, 0.2, 0.8, 0.9])).toBe(1);
    expect(ksStatistic([0, 1, 0, 1], [0.1, 0.1, 0.7, 0.7])).toBe(0);
  });
});
