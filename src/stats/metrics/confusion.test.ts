import { describe, expect, it } from 'vitest';
import { expectPublished, issueCodes } from './__fixtures__/assertions.js';
import { TOY_LABELS, TOY_SCORES } from './__fixtures__/toy-set.js';
import {
  accuracy,
  confusionMatrix,
  f1Score,
  falsePositiveRate,
  precision,
  predictFromScores,
  recall,
  selectionRate,
} from './confusion.js';

describe('confusion matrix and threshold metrics on the §9.4 toy set', () => {
  const cm = confusionMatrix(TOY_LABELS, predictFromScores(TOY_SCORES));

  it('counts TP=6, FP=1, TN=9, FN=4 with ŷ = [p ≥ 0.5]', () => {
    expect(cm).toEqual({ tp: 6, fp: 1, tn: 9, fn: 4 });
  });

  it('gives accuracy 0.75, precision 6/7, recall 0.6, F1 12/17', () => {
    expect(accuracy(cm)).toBe(0.75);
    expectPublished(precision(cm), '0.857142857143');
    expect(precision(cm)).toBe(6 / 7);
    expect(recall(cm)).toBe(0.6);
    expectPublished(f1Score(cm), '0.705882352941');
    expect(f1Score(cm)).toBe(12 / 17);
    expect(falsePositiveRate(cm)).toBe(0.1);
    expect(selectionRate(cm)).toBe(0.35);
  });
});

describe('predictFromScores', () => {
  it('predicts positive at the threshold itself (score >= threshold)', () => {
    expect([...predictFromScores([0.49, 0.5, 0.51])]).toEqual([0, 1, 1]);
    expect([...predictFromScores([0.2, 0.3], 0.3)]).toEqual([0, 1]);
  });

  it('refuses a non-finite threshold', () => {
    expect(issueCodes(() => predictFromScores([0.1], Number.NaN))).toEqual(['invalid_option']);
  });
});

describe('when a ratio is 0/0 (zero division)', () => {
  // labels [1, 0], nothing predicted positive: TP=0, FP=0, FN=1, TN=1.
  const noPredictedPositive = confusionMatrix([1, 0], [0, 0]);
  // labels and predictions all negative: TP=FP=FN=0.
  const allTrueNegative = confusionMatrix([false, false], [false, false]);

  it('returns NaN by default, and 0 or 1 when zeroDivision says so', () => {
    expect(precision(noPredictedPositive)).toBeNaN();
    expect(precision(noPredictedPositive, { zeroDivision: 0 })).toBe(0);
    expect(precision(noPredictedPositive, { zeroDivision: 1 })).toBe(1);
    expect(recall(allTrueNegative)).toBeNaN();
    expect(recall(allTrueNegative, { zeroDivision: 0 })).toBe(0);
  });

  it('keeps F1 = 2TP/(2TP+FP+FN) defined (0) when only precision is undefined, as sklearn ≥ 1.3', () => {
    expect(f1Score(noPredictedPositive)).toBe(0);
    expect(f1Score(allTrueNegative)).toBeNaN();
    expect(f1Score(allTrueNegative, { zeroDivision: 1 })).toBe(1);
  });

  it('refuses an unknown zeroDivision value', () => {
    const options = { zeroDivision: 2 } as unknown as { zeroDivision: 0 };
    expect(issueCodes(() => precision(noPredictedPositive, options))).toEqual(['invalid_option']);
  });
});

describe('when the input is malformed', () => {
  it('rejects labels other than 0, 1, true, false, listing every bad position', () => {
    expect(issueCodes(() => confusionMatrix([0, 2, 1, -1], [0, 1, 1, 0]))).toEqual([
      'invalid_label',
      'invalid_label',
    ]);
  });

  it('rejects arrays of different lengths', () => {
    expect(issueCodes(() => confusionMatrix([0, 1], [0]))).toEqual(['length_mismatch']);
  });

  it('rejects empty input', () => {
    expect(issueCodes(() => confusionMatrix([], []))).toEqual(['empty']);
  });

  it('rejects non-finite scores', () => {
    expect(issueCodes(() => predictFromScores([0.1, Number.NaN, Infinity]))).toEqual([
      'not_finite',
      'not_finite',
    ]);
  });
});
