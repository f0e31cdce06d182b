import { describe, expect, it } from 'vitest';
import { expectPublished, expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_LABELS, TOY_SCORES } from './__fixtures__/toy-set.js';
import { classificationReport } from './classification-report.js';
import { predictFromScores } from './confusion.js';

describe('classificationReport on the §9.4 toy set', () => {
  const report = classificationReport({ labels: TOY_LABELS, scores: TOY_SCORES });

  it('derives predictions at threshold 0.5 and reports the threshold metrics', () => {
    expect(report.threshold).toBe(0.5);
    expect(report.confusion).toEqual({ tp: 6, fp: 1, tn: 9, fn: 4 });
    expect(report).toMatchObject({
      n: 20,
      positives: 10,
      negatives: 10,
      accuracy: 0.75,
      recall: 0.6,
    });
    expectPublished(report.precision, '0.857142857143');
    expectPublished(report.f1, '0.705882352941');
    expect(report.undefinedMetrics).toEqual([]);
  });

  it('reports every score metric with the published values', () => {
    const s = report.scores;
    expect(s).not.toBeNull();
    if (s === null) return;
    expectRelClose(s.rocAuc, 0.865);
    expectRelClose(s.averagePrecision, 0.8679501054501054);
    expectPublished(s.logLoss, '0.472254401514');
    expectRelClose(s.brierScore, 0.157125);
    expectRelClose(s.expectedCalibrationError, 0.1175);
    expect(s.ksStatistic).toBe(0.5);
    expect(s.reliability.bins.reduce((n, b) => n + b.count, 0)).toBe(20);
  });

  it('passes calibration options through', () => {
    const floor = classificationReport(
      { labels: TOY_LABELS, scores: TOY_SCORES },
      { calibration: { binRule: 'floor' } },
    );
    expectRelClose(floor.scores?.expectedCalibrationError ?? Number.NaN, 0.1275);
  });

  it('uses given predictions instead of thresholding, and omits score metrics without scores', () => {
    const fromPredictions = classificationReport({
      labels: TOY_LABELS,
      predictions: predictFromScores(TOY_SCORES),
    });
    expect(fromPredictions.threshold).toBeNull();
    expect(fromPredictions.scores).toBeNull();
    expect(fromPredictions.confusion).toEqual(report.confusion);
    const otherThreshold = classificationReport({
      labels: TOY_LABELS,
      scores: TOY_SCORES,
      threshold: 0.3,
    });
    // p ≥ 0.3 catches every positive and the negatives 0.3, 0.3, 0.35, 0.4, 0.45, 0.6.
    expect(otherThreshold.confusion).toEqual({ tp: 10, fp: 6, tn: 4, fn: 0 });
  });
});

describe('when metrics are undefined for the data', () => {
  it('lists them, NaN by default', () => {
    const r = classificationReport({ labels: [0, 0, 0], scores: [0.1, 0.2, 0.3] });
    expect(r.precision).toBeNaN();
    expect(r.recall).toBeNaN();
    expect(r.f1).toBeNaN();
    expect(r.scores?.rocAuc).toBeNaN();
    expect(r.undefinedMetrics).toEqual([
      'precision',
      'recall',
      'f1',
      'rocAuc',
      'averagePrecision',
      'ksStatistic',
    ]);
  });

  it('still lists them when zeroDivision replaces the value with 0 (the flag beside sklearn numbers)', () => {
    const r = classificationReport({ labels: [1, 0], predictions: [0, 0] }, { zeroDivision: 0 });
    expect(r.precision).toBe(0);
    expect(r.f1).toBe(0);
    expect(r.undefinedMetrics).toEqual(['precision']);
  });

  it('defines log loss, Brier and ECE for a single class', () => {
    const r = classificationReport({ labels: [1, 1], scores: [0.5, 1] });
    expectRelClose(r.scores?.logLoss ?? 0, (Math.LN2 - Math.log(1 - 2 ** -52)) / 2);
    expect(r.scores?.brierScore).toBe(0.125);
  });
});

describe('when the input is malformed', () => {
  it('needs scores or predictions', () => {
    expect(issueCodes(() => classificationReport({ labels: [0, 1] }))).toEqual(['missing_field']);
  });

  it('reports every length mismatch', () => {
    expect(
      issueCodes(() => classificationReport({ labels: [0, 1], scores: [0.1], predictions: [1] })),
    ).toEqual(['length_mismatch', 'length_mismatch']);
  });

  it('caps the number of issues it lists', () => {
    const labels = Array.from({ length: 100 }, () => 7);
    expect(issueCodes(() => classificationReport({ labels, predictions: labels }))).toHaveLength(
      20,
    );
  });
});
