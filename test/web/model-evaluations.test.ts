import { describe, expect, it } from 'vitest';
import type { EvaluationView } from '../../src/client/index.js';
import {
  biasHeadlines,
  comparisonRows,
  comparisonVerdict,
  fairnessTables,
  flipShares,
  lowerIsBetter,
  orderEvaluations,
  qualityRows,
  robustnessRows,
} from '../../web/src/pages/model/evaluation-data.js';

type Summary = EvaluationView['summary'];
const summary = (over: Partial<Summary>): Pick<EvaluationView, 'summary'> => ({
  summary: {
    rows: 1055,
    columns: [],
    kinds: [],
    metrics: {},
    kindMetrics: {},
    quality: [],
    fairness: [],
    ...over,
  },
});

describe('evaluations on the model version page', () => {
  it('knows which quality metrics are better smaller', () => {
    expect(lowerIsBetter('log_loss')).toBe(true);
    expect(lowerIsBetter('ece_difference')).toBe(true);
    expect(lowerIsBetter('roc_auc')).toBe(false);
    const rows = qualityRows(
      summary({
        quality: [
          { name: 'roc_auc', value: 0.813, lower: 0.75, upper: 0.867 },
          { name: 'brier', value: 0.048, lower: null, upper: null },
        ],
      }),
    );
    expect(rows.map((r) => [r.name, r.better])).toEqual([
      ['roc_auc', 'higher'],
      ['brier', 'lower'],
    ]);
  });

  it('pivots the bias audit by attribute and flags groups under four fifths', () => {
    const entry = (metric: string, group: string, value: number) => ({
      metric,
      attribute: 'age_band',
      group,
      value,
    });
    const [table] = fairnessTables(
      summary({
        fairness: [
          entry('tpr', '50+', 0.97),
          entry('selection_rate', '50+', 0.96),
          entry('impact_ratio', '50+', 1),
          entry('selection_rate', '21-24', 0.67),
          entry('impact_ratio', '21-24', 0.694),
        ],
      }),
    );
    expect(table!.attribute).toBe('age_band');
    expect(table!.metrics).toEqual(['selection_rate', 'impact_ratio', 'tpr']);
    expect(table!.groups.map((g) => [g.group, g.flagged])).toEqual([
      ['21-24', true],
      ['50+', false],
    ]);
  });

  it('reads champion / challenger differences, their significance and direction', () => {
    const evaluation = summary({
      kindMetrics: {
        comparison: {
          roc_auc_baseline: 0.811,
          roc_auc_challenger: 0.813,
          ece_baseline: 0.02,
          ece_challenger: 0.01,
        },
      },
      quality: [
        { name: 'roc_auc_difference', value: 0.0023, lower: -0.017, upper: 0.024 },
        { name: 'ece_difference', value: -0.01, lower: -0.015, upper: -0.002 },
      ],
    });
    const rows = comparisonRows(evaluation);
    expect(rows).toEqual([
      {
        metric: 'roc_auc',
        baseline: 0.811,
        challenger: 0.813,
        difference: 0.0023,
        lower: -0.017,
        upper: 0.024,
        significant: false,
        improved: true,
      },
      {
        metric: 'ece',
        baseline: 0.02,
        challenger: 0.01,
        difference: -0.01,
        lower: -0.015,
        upper: -0.002,
        significant: true,
        improved: true,
      },
    ]);
    expect(comparisonVerdict(rows, '1.0.0')).toBe('Significantly better than 1.0.0 on ece.');
    expect(comparisonVerdict([rows[0]!], '1.0.0')).toBe(
      'No difference from 1.0.0 is statistically significant: every interval includes zero.',
    );
  });

  it('reads the bias headlines and robustness in order', () => {
    const evaluation = summary({
      kindMetrics: {
        'bias-audit': { max_equalized_odds_difference: 0.43, min_impact_ratio: 0.69 },
        robustness: {
          noise_0_5_flip_rate: 0.047,
          noise_0_1_flip_rate: 0.012,
          noise_0_1_metric_drop: 0.007,
          flip_share_within_1_std: 0.23,
          flip_share_within_0_25_std: 0.04,
        },
      },
    });
    expect(biasHeadlines(evaluation).map((h) => h.key)).toEqual([
      'min_impact_ratio',
      'max_equalized_odds_difference',
    ]);
    expect(robustnessRows(evaluation)).toEqual([
      { scale: 0.1, flipRate: 0.012, metricDrop: 0.007 },
      { scale: 0.5, flipRate: 0.047, metricDrop: undefined },
    ]);
    expect(flipShares(evaluation)).toEqual([
      { within: 0.25, share: 0.04 },
      { within: 1, share: 0.23 },
    ]);
  });

  it('lists the version’s own evaluations before comparisons, newest first', () => {
    const ordered = orderEvaluations([
      { kind: 'comparison', createdAt: '2026-10-26T17:25:00.000Z' },
      { kind: 'validation', createdAt: '2026-10-20T00:00:00.000Z' },
      { kind: 'validation', createdAt: '2026-10-26T17:05:00.000Z' },
    ]);
    expect(ordered.map((e) => `${e.kind}@${e.createdAt.slice(0, 10)}`)).toEqual([
      'validation@2026-10-26',
      'validation@2026-10-20',
      'comparison@2026-10-26',
    ]);
  });
});
