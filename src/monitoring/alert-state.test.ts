import { describe, expect, it } from 'vitest';
import { alertTransitions, judgedBy, type Breach } from './alert-state.js';

const breach = (key: string): Breach => ({ key, kind: 'drift', summary: key, details: {} });

describe('alert transitions', () => {
  it('fires new keys once, counts repeats, resolves what cleared', () => {
    const result = alertTransitions(
      [
        { id: 'a1', key: 'drift:dataset' },
        { id: 'a2', key: 'performance:roc_auc' },
      ],
      [breach('drift:dataset'), breach('drift:column:income'), breach('drift:column:income')],
      true,
    );
    expect(result.fire.map((b) => b.key)).toEqual(['drift:column:income']);
    expect(result.repeat.map((r) => r.alert.id)).toEqual(['a1']);
    expect(result.resolve.map((a) => a.id)).toEqual(['a2']);
  });

  it('leaves an alert open when the run had no value for its rule (outcomes not arrived)', () => {
    const open = [
      { id: 'p', key: 'performance:roc_auc' },
      { id: 'b', key: 'performance:brier' },
      { id: 'f', key: 'fairness:tpr_difference:age_band+sex' },
      { id: 's', key: 'fairness:selection_rate_ratio:age_band' },
      { id: 'd', key: 'drift:dataset' },
    ];
    // A new window: decisions but no outcome yet, so no ROC AUC and no TPR difference.
    const judged = judgedBy({
      performance: { brier: 0.05 },
      fairness: [
        { metric: 'tpr_difference', attributes: ['age_band', 'sex'], value: null },
        { metric: 'selection_rate_ratio', attributes: ['age_band'], value: 0.9 },
      ],
    });
    expect(alertTransitions(open, [], true, judged).resolve.map((a) => a.id)).toEqual([
      'b',
      's',
      'd',
    ]);
    expect(judged('performance:accuracy')).toBe(false);
    expect(judged('fairness:fpr_difference:sex')).toBe(false);
  });

  it('neither resolves nor fires from a run without enough data', () => {
    const result = alertTransitions([{ id: 'a1', key: 'drift:dataset' }], [], false);
    expect(result).toEqual({ fire: [], repeat: [], resolve: [] });
  });
});
