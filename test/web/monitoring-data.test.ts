import { describe, expect, it } from 'vitest';
import type { AlertView, MonitorRun } from '../../src/client/index.js';
import {
  alertActions,
  alertsOf,
  breachSummary,
  defaultRunFor,
  describeWindow,
  distributionBars,
  driftStatus,
  driftTimeline,
  formatShare,
  formatStatistic,
  formatWindow,
  formatWindowTick,
  labelledTotals,
  fairnessSeries,
  latestFairness,
  latestPerWindow,
  measureLabel,
  outsideShare,
  performanceSeries,
  sharedThreshold,
  type ColumnDistribution,
} from '../../web/src/pages/monitoring/monitoring-data.js';
import { namespaceOfRef } from '../../web/src/lib/models.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 3);

/** A daily run of a two-column monitor; income drifts on the days listed. */
function run(
  day: number,
  options: { drifted?: boolean; createdAt?: string; labelled?: number } = {},
): MonitorRun {
  const drifted = options.drifted === true;
  const start = new Date(START + day * DAY).toISOString();
  const end = new Date(START + (day + 1) * DAY).toISOString();
  const column = (name: string, statistic: number, isDrifted: boolean) => ({
    column: name,
    type: 'numerical' as const,
    test: 'psi' as const,
    statistic,
    threshold: 0.2,
    decision: 'score>=threshold' as const,
    drifted: isDrifted,
    mode: 'profile' as const,
    error: 0,
    referenceSize: 5274,
  });
  return {
    id: `run-${day}`,
    monitor: 'production-traffic',
    model: 'credit-risk',
    environment: 'production',
    window: { start, end },
    status: drifted ? 'breach' : 'ok',
    digest: 'sha256:0',
    results: {
      records: 1500,
      labelled: options.labelled ?? 0,
      status: drifted ? 'breach' : 'ok',
      drift: {
        columns: [column('age', 0.005, false), column('income', drifted ? 8.2 : 0.01, drifted)],
        driftedColumns: drifted ? 1 : 0,
        testedColumns: 2,
        share: drifted ? 0.5 : 0,
        driftShare: 0.15,
        datasetDrifted: drifted,
      },
      missingColumns: [],
      performance: options.labelled ? { accuracy: 0.9, roc_auc: 0.8 } : {},
      performanceBySegment: {},
      fairness: [],
      breaches: drifted
        ? [{ key: 'drift:dataset', kind: 'drift', summary: '1 of 2 columns drifted', details: {} }]
        : [],
    },
    alerts: { fired: [], repeated: [], resolved: [] },
    actions: [],
    createdAt: options.createdAt ?? new Date(START + (day + 1) * DAY + 300_000).toISOString(),
    createdBy: 'verity',
  };
}

// 10 days; income drifts on days 3 to 5 and on day 8; newest first, as the API lists them.
const RUNS = Array.from({ length: 10 }, (_, day) =>
  run(day, { drifted: [3, 4, 5, 8].includes(day) }),
).reverse();

describe('monitoring: drift timeline', () => {
  const timeline = driftTimeline(RUNS);

  it('orders windows oldest first with each column’s statistic and drift flag', () => {
    expect(timeline.windows).toHaveLength(10);
    expect(timeline.windows[0]!.start).toBe(START);
    expect(timeline.windowMs).toBe(DAY);
    expect(timeline.columns.map((c) => c.column)).toEqual(['age', 'income']);
    expect(timeline.windows[3]!.byColumn.income).toEqual({ value: 8.2, drifted: true });
    expect(timeline.windows[2]!.byColumn.income).toEqual({ value: 0.01, drifted: false });
    expect(timeline.windows[3]!.drifted).toEqual(['income']);
    expect(timeline.datasetShare).toBe(0.15);
  });

  it('merges consecutive breached windows into shaded regions around their points', () => {
    expect(timeline.regions).toEqual([
      { from: START + 3 * DAY - DAY / 2, to: START + 5 * DAY + DAY / 2, label: 'dataset drift' },
      { from: START + 8 * DAY - DAY / 2, to: START + 8 * DAY + DAY / 2, label: 'dataset drift' },
    ]);
    expect(breachSummary(timeline)).toEqual({
      breached: 4,
      total: 10,
      first: START + 3 * DAY,
      last: START + 8 * DAY,
    });
  });

  it('keeps the newest run of a window run twice', () => {
    const again = run(9, { drifted: true, createdAt: new Date(START + 20 * DAY).toISOString() });
    const latest = latestPerWindow([...RUNS, again]);
    expect(latest).toHaveLength(10);
    expect(latest[9]!.status).toBe('breach');
  });

  it('names the measure and the shared threshold', () => {
    expect(measureLabel(timeline.columns)).toBe('PSI');
    expect(sharedThreshold(timeline.columns)).toBe(0.2);
    const mixed = [...timeline.columns, { ...timeline.columns[0]!, column: 'x', threshold: 0.1 }];
    expect(sharedThreshold(mixed)).toBeUndefined();
    const ks = [{ ...timeline.columns[0]!, test: 'ks', measure: 'p-value' as const }];
    expect(measureLabel(ks)).toBe('p-value (KS)');
    expect(measureLabel([...ks, ...timeline.columns])).toBe('drift statistic');
  });

  it('shows the distribution of the newest drifted window unless one is asked for', () => {
    expect(defaultRunFor(timeline, 'income')?.runId).toBe('run-8');
    expect(defaultRunFor(timeline, 'age')?.runId).toBe('run-9');
    expect(defaultRunFor(timeline, 'income', 'run-4')?.runId).toBe('run-4');
    expect(defaultRunFor(timeline, 'income', 'missing')?.runId).toBe('run-8');
  });

  it('says the latest drift status in words', () => {
    expect(driftStatus(RUNS[0])).toEqual({
      label: 'no drift',
      tone: 'good',
      detail: '0 of 2 columns drifted',
    });
    expect(driftStatus(run(1, { drifted: true }))).toEqual({
      label: 'drift',
      tone: 'bad',
      detail: '1 of 2 columns drifted: income',
    });
    expect(driftStatus(undefined).label).toBe('not run yet');
  });
});

describe('monitoring: distributions', () => {
  const income: ColumnDistribution = {
    column: 'income',
    type: 'numeric',
    edges: [3100, 20300, 239100],
    reference: { counts: [50, 50], underflow: 0, overflow: 0, missing: 0 },
    current: { counts: [75, 0], underflow: 25, overflow: 0, missing: 0 },
    summary: {
      reference: { count: 100, mean: 56925, min: 3100, max: 239100 },
      current: { count: 100, mean: 4746, min: 396, max: 18308 },
    },
  };

  it('adds a bar for values below the reference range and shares per bin', () => {
    const bars = distributionBars(income);
    expect(bars.categories).toEqual(['below 3,100', '3,100 to under 20,300', '20,300 to 239,100']);
    expect(bars.tickLabels).toEqual(['< 3,100', '3,100–20.3k', '20.3k–239.1k']);
    expect(bars.referenceShares).toEqual([0, 0.5, 0.5]);
    expect(bars.currentShares).toEqual([0.25, 0.75, 0]);
    expect(bars.notes).toEqual(['outside the reference range', undefined, undefined]);
    expect(outsideShare(bars)).toBe(0.25);
  });

  it('orders categories by the reference, then unseen ones, then other and missing', () => {
    const bars = distributionBars({
      column: 'employment_status',
      type: 'categorical',
      reference: { values: { student: 10, employed: 70, retired: 20 }, other: 0, missing: 0 },
      current: { values: { employed: 60, gig: 30, student: 5 }, other: 2, missing: 3 },
    });
    expect(bars.categories).toEqual([
      'employed',
      'retired',
      'student',
      'gig',
      'other values',
      'missing',
    ]);
    expect(bars.currentCounts).toEqual([60, 0, 5, 30, 2, 3]);
    expect(bars.notes[3]).toBe('not in the reference');
    expect(bars.currentTotal).toBe(100);
  });

  it('has no current side when the window carried no values', () => {
    const bars = distributionBars({ ...income, current: null });
    expect(bars.currentShares).toBeNull();
    expect(bars.categories).toHaveLength(2);
    expect(outsideShare(bars)).toBe(0);
  });
});

describe('monitoring: performance, fairness, alerts and formats', () => {
  it('has performance series only when labels arrived', () => {
    expect(performanceSeries(RUNS)).toEqual([]);
    expect(labelledTotals(RUNS)).toEqual({ records: 15_000, labelled: 0 });
    const labelled = [run(0, { labelled: 200 }), run(1, {})];
    const series = performanceSeries(labelled);
    expect(series.map((s) => s.metric)).toEqual(['accuracy', 'roc_auc']);
    expect(series[0]!.points.map((p) => p.y)).toEqual([0.9, null]);
  });

  it('computes each group’s ratio to the highest selection rate', () => {
    const r = run(2);
    r.results.fairness = [
      {
        metric: 'selection_rate_ratio',
        attributes: ['age_band'],
        value: 0.6,
        groups: { '18-24': 0.3, '25-64': 0.5, '65+': null },
      },
    ];
    const [view] = latestFairness([r, run(1)]);
    expect(view?.groups).toEqual([
      { group: '18-24', rate: 0.3, ratio: 0.6 },
      { group: '25-64', rate: 0.5, ratio: 1 },
      { group: '65+', rate: null, ratio: null },
    ]);
    expect(latestFairness(RUNS)).toEqual([]);
  });

  it('follows each fairness rule over the windows, with the breached ones flagged', () => {
    const rule = { metric: 'selection_rate_ratio', attributes: ['age_band', 'sex'], min: 0.5 };
    const withValue = (day: number, value: number | null, breached: boolean) => {
      const r = run(day);
      r.results.fairness = [
        { metric: 'tpr_difference', attributes: ['age_band', 'sex'], value: 0.9, groups: {} },
        { metric: 'selection_rate_ratio', attributes: ['age_band'], value: 0.95, groups: {} },
        { metric: 'selection_rate_ratio', attributes: ['age_band', 'sex'], value, groups: {} },
      ];
      if (breached) {
        r.results.breaches = [
          {
            key: 'fairness:selection_rate_ratio:age_band+sex',
            kind: 'fairness',
            summary: '',
            details: {},
          },
        ];
      }
      return r;
    };
    // Newest first, a window run twice (its later run counts), one without a value.
    const runs = [
      withValue(2, 0.7, false),
      withValue(1, 0.4, true),
      withValue(1, 0.45, true),
      withValue(0, null, false),
    ];
    runs[2]!.createdAt = new Date(START + 2 * DAY).toISOString();
    runs[1]!.createdAt = new Date(START + 2 * DAY + 1000).toISOString();
    const [series] = fairnessSeries(runs, [rule]);
    expect(series?.rule).toBe(rule);
    expect(series?.points).toEqual([
      { x: START, y: null, breached: false },
      { x: START + DAY, y: 0.4, breached: true },
      { x: START + 2 * DAY, y: 0.7, breached: false },
    ]);
    expect(fairnessSeries(RUNS, [rule])[0]?.points.every((p) => p.y === null)).toBe(true);
    expect(fairnessSeries(RUNS, [])).toEqual([]);
  });

  it('reads alert actions and the incidents they opened', () => {
    const alert = {
      model: 'credit-risk',
      monitor: 'production-traffic',
      actions: [
        { ok: true, kind: 'incident', detail: 'incident INC-2026-002' },
        { ok: false, kind: 'rollback', detail: 'nothing to roll back to' },
        'junk',
      ],
    } as unknown as AlertView;
    expect(alertActions(alert)).toEqual([
      { kind: 'incident', ok: true, detail: 'incident INC-2026-002', incident: 'INC-2026-002' },
      { kind: 'rollback', ok: false, detail: 'nothing to roll back to' },
    ]);
    expect(alertsOf([alert], 'credit-risk', 'production-traffic')).toHaveLength(1);
    expect(alertsOf([alert], 'credit-risk', 'other')).toHaveLength(0);
  });

  it('formats windows, statistics and shares for people', () => {
    expect(formatWindow(START, START + DAY)).toBe('3 Nov 2026');
    expect(formatWindow(START + 6 * 3_600_000, START + 12 * 3_600_000)).toBe(
      '3 Nov 2026 06:00–12:00 UTC',
    );
    expect(formatWindowTick(START, DAY)).toBe('3 Nov');
    expect(formatWindowTick(START + 3_600_000, 3_600_000)).toBe('3 Nov 01:00');
    expect(describeWindow(86_400)).toBe('daily');
    expect(describeWindow(21_600)).toBe('every 6 hours');
    expect(formatStatistic(8.226883)).toBe('8.23');
    expect(formatStatistic(0.2)).toBe('0.2');
    expect(formatStatistic(0.01822)).toBe('0.018');
    expect(formatStatistic(0.0047158)).toBe('0.0047');
    expect(formatStatistic(null)).toBe('—');
    expect(formatShare(1 / 6)).toBe('16.7%');
    expect(namespaceOfRef('payments/fraud-screening')).toBe('payments');
    expect(namespaceOfRef('credit-risk')).toBe('default');
  });
});
