import { describe, expect, it } from 'vitest';
import type { WindowPrediction } from './evaluate-window.js';
import { monitorConfigSchema } from './schemas.js';
import { fairness, hasDecision, isLabelled } from './window-metrics.js';

const config = (extra: Record<string, unknown> = {}) =>
  monitorConfigSchema.parse({
    minRecords: 10,
    positiveLabel: 'approved',
    fairness: [
      { metric: 'selection_rate_ratio', attributes: ['band'], min: 0.8 },
      { metric: 'selection_rate_difference', attributes: ['band'], max: 0.1 },
      { metric: 'tpr_difference', attributes: ['band'], max: 0.1 },
    ],
    ...extra,
  });

/** `approved` of `n` decisions in `band`, optionally with outcomes. */
function decisions(
  band: string,
  n: number,
  approved: number,
  label?: (i: number) => string,
): WindowPrediction[] {
  return Array.from({ length: n }, (_, i) => ({
    score: null,
    prediction: i < approved ? 'approved' : 'declined',
    label: label === undefined ? null : label(i),
    segments: { band },
  }));
}

describe('fairness over a window', () => {
  it('judges selection rates on every decision, before any outcome is known', () => {
    // Band a: 6 of 10 approved; band b: 3 of 10. Ratio 0.3 / 0.6, difference 0.6 - 0.3.
    const rows = [...decisions('a', 10, 6), ...decisions('b', 10, 3)];
    const [ratio, difference, tpr] = fairness(rows, config());
    expect(ratio).toEqual({
      metric: 'selection_rate_ratio',
      attributes: ['band'],
      value: 0.5,
      groups: { a: 0.6, b: 0.3 },
    });
    expect(difference?.value).toBeCloseTo(0.3, 12);
    // Error rates need outcomes: no value, so no breach, until labels arrive.
    expect(tpr).toMatchObject({ metric: 'tpr_difference', value: null, groups: {} });
  });

  it('judges error rates on the labelled predictions only', () => {
    // Outcomes for every row of band a and b: positives are the even rows. Band a approves
    // rows 0-5 (positives 0, 2, 4 of 0, 2, 4, 6, 8: TPR 3/5); band b approves rows 0-2
    // (positives 0, 2: TPR 2/5). 10 unlabelled decisions in band c are left out of TPR.
    const even = (i: number) => (i % 2 === 0 ? 'approved' : 'declined');
    const rows = [
      ...decisions('a', 10, 6, even),
      ...decisions('b', 10, 3, even),
      ...decisions('c', 10, 10),
    ];
    const [ratio, , tpr] = fairness(rows, config());
    expect(ratio?.groups).toEqual({ a: 0.6, b: 0.3, c: 1 });
    expect(tpr?.groups).toEqual({ a: 0.6, b: 0.4 });
    expect(tpr?.value).toBeCloseTo(0.2, 12);
  });

  it('takes the decision sent with a record over its thresholded score', () => {
    const rows: WindowPrediction[] = Array.from({ length: 20 }, (_, i) => ({
      score: 0.9,
      prediction: i < 10 ? 'declined' : null,
      label: null,
      segments: { band: i < 10 ? 'a' : 'b' },
    }));
    // Band a sent declines (0 of 10); band b sent only scores, 0.9 >= 0.5: all selected.
    expect(fairness(rows, config())[0]?.groups).toEqual({ a: 0, b: 1 });
  });

  it('gives no value below minRecords rows, and skips rows without the attribute', () => {
    const rows = [
      ...decisions('a', 5, 5),
      ...decisions('b', 4, 1),
      { score: 0.2, prediction: null, label: null, segments: {} },
    ];
    expect(fairness(rows, config())[0]).toMatchObject({ value: null, groups: {} });
    expect(fairness(rows, config({ minRecords: 9 }))[0]?.value).toBe(0.25);
  });

  it('tells labelled and decided rows apart', () => {
    const row = { score: null, prediction: null, label: null, segments: {} };
    expect([hasDecision(row), isLabelled(row)]).toEqual([false, false]);
    expect(hasDecision({ ...row, score: 0 })).toBe(true);
    expect(hasDecision({ ...row, prediction: false })).toBe(true);
    expect(isLabelled({ ...row, label: 0 })).toBe(true);
  });
});
