import type {
  AlertView,
  MonitorRun,
  MonitorView,
  RunDistributions,
} from '../../../../src/client/index.js';

/** Pure shaping of monitors, runs, alerts and distributions for the monitoring pages. */

export type ColumnDistribution = RunDistributions['columns'][number];
type DriftResult = NonNullable<MonitorRun['results']['drift']>['columns'][number];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// ---- formatting ----------------------------------------------------------------------------

const dayMonth = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  timeZone: 'UTC',
});
const dayMonthYear = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
const hourMinute = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZone: 'UTC',
});
const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 3 });
const compactFormat = new Intl.NumberFormat('en-GB', {
  notation: 'compact',
  maximumFractionDigits: 1,
});

/** A window as people say it: "13 Nov 2026" for a UTC day, else with its hours. */
export function formatWindow(start: string | number, end?: string | number): string {
  const s = new Date(start);
  const e = end === undefined ? undefined : new Date(end);
  const wholeDay =
    s.getUTCHours() === 0 &&
    s.getUTCMinutes() === 0 &&
    (e === undefined || e.getTime() - s.getTime() === DAY);
  if (wholeDay) return dayMonthYear.format(s);
  const to = e === undefined ? '' : `–${hourMinute.format(e)}`;
  return `${dayMonthYear.format(s)} ${hourMinute.format(s)}${to} UTC`;
}

/** A short axis label for a window start: "13 Nov", or "13 Nov 06:00" for sub-day windows. */
export function formatWindowTick(at: number, windowMs: number): string {
  const d = new Date(at);
  return windowMs >= DAY || (d.getUTCHours() === 0 && d.getUTCMinutes() === 0)
    ? dayMonth.format(d)
    : `${dayMonth.format(d)} ${hourMinute.format(d)}`;
}

/** "daily", "hourly", "every 6 hours", "weekly"... */
export function describeWindow(seconds: number): string {
  if (seconds === 86_400) return 'daily';
  if (seconds === 3_600) return 'hourly';
  if (seconds === 7 * 86_400) return 'weekly';
  if (seconds % 86_400 === 0) return `every ${seconds / 86_400} days`;
  if (seconds % 3_600 === 0) return `every ${seconds / 3_600} hours`;
  return `every ${Math.round(seconds / 60)} minutes`;
}

const upTo = (digits: number) =>
  new Intl.NumberFormat('en-GB', { maximumFractionDigits: digits, useGrouping: true });
const twoDigits = upTo(2);
const threeDigits = upTo(3);
const twoSignificant = new Intl.NumberFormat('en-GB', { maximumSignificantDigits: 2 });

/** A drift statistic: more digits for small values, few for large (8.23, 0.018, 0.0047, 0.2). */
export function formatStatistic(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return numberFormat.format(Math.round(value));
  if (abs >= 1) return twoDigits.format(value);
  if (abs >= 0.01) return threeDigits.format(value);
  return twoSignificant.format(value);
}

export function formatShare(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

// ---- drift over time -----------------------------------------------------------------------

export interface DriftColumnInfo {
  column: string;
  test: string;
  /** What is charted: the statistic (distances) or the p-value (hypothesis tests). */
  measure: 'statistic' | 'p-value';
  threshold: number;
  /** Higher is worse (statistic), or lower is worse (p-value). */
  direction: 'above' | 'below';
}

export interface DriftWindow {
  runId: string;
  start: number;
  end: number;
  status: MonitorRun['status'];
  records: number;
  share: number | null;
  datasetDrifted: boolean;
  drifted: string[];
  byColumn: Record<string, { value: number | null; drifted: boolean }>;
}

export interface DriftTimeline {
  windowMs: number;
  columns: DriftColumnInfo[];
  windows: DriftWindow[];
  /** Consecutive windows in which the dataset drifted, as spans around their points. */
  regions: { from: number; to: number; label: string }[];
  /** The dataset drifts when this share of columns drift (from the newest run). */
  datasetShare: number | null;
}

/** What a column's result is charted by: its p-value for p tests, else its statistic. */
export function measureOf(result: DriftResult): number | null {
  const value = result.decision.startsWith('p') ? result.pValue : result.statistic;
  return value === undefined || value === null || !Number.isFinite(value) ? null : value;
}

/** The newest run of each window, oldest window first (a window run twice keeps its last run). */
export function latestPerWindow(runs: readonly MonitorRun[]): MonitorRun[] {
  const byStart = new Map<string, MonitorRun>();
  for (const run of runs) {
    const seen = byStart.get(run.window.start);
    if (seen === undefined || seen.createdAt < run.createdAt) byStart.set(run.window.start, run);
  }
  return [...byStart.values()].sort((a, b) => a.window.start.localeCompare(b.window.start));
}

export function driftTimeline(runs: readonly MonitorRun[]): DriftTimeline {
  const ordered = latestPerWindow(runs);
  const newestWithDrift = [...ordered].reverse().find((r) => r.results.drift !== null);
  const columns: DriftColumnInfo[] = (newestWithDrift?.results.drift?.columns ?? []).map((c) => {
    const pTest = c.decision.startsWith('p');
    return {
      column: c.column,
      test: c.test,
      measure: pTest ? 'p-value' : 'statistic',
      threshold: c.threshold,
      direction: pTest ? 'below' : 'above',
    };
  });
  const first = ordered[0];
  const windowMs =
    first === undefined ? DAY : Date.parse(first.window.end) - Date.parse(first.window.start);
  const windows: DriftWindow[] = ordered.map((run) => {
    const drift = run.results.drift;
    const byColumn: DriftWindow['byColumn'] = {};
    for (const c of drift?.columns ?? []) {
      byColumn[c.column] = { value: measureOf(c), drifted: c.drifted };
    }
    return {
      runId: run.id,
      start: Date.parse(run.window.start),
      end: Date.parse(run.window.end),
      status: run.status,
      records: run.results.records,
      share: drift?.share ?? null,
      datasetDrifted: drift?.datasetDrifted ?? false,
      drifted: (drift?.columns ?? []).filter((c) => c.drifted).map((c) => c.column),
      byColumn,
    };
  });
  const regions: DriftTimeline['regions'] = [];
  let open: { from: number; last: number } | undefined;
  const close = () => {
    if (open !== undefined) {
      regions.push({
        from: open.from - windowMs / 2,
        to: open.last + windowMs / 2,
        label: 'dataset drift',
      });
    }
    open = undefined;
  };
  for (const w of windows) {
    if (!w.datasetDrifted) {
      close();
      continue;
    }
    if (open !== undefined && w.start - open.last <= windowMs) open.last = w.start;
    else {
      close();
      open = { from: w.start, last: w.start };
    }
  }
  close();
  return {
    windowMs,
    columns,
    windows,
    regions,
    datasetShare: newestWithDrift?.results.drift?.driftShare ?? null,
  };
}

/** The y axis name for the charted columns: "PSI", "p-value (KS)", or a general name. */
export function measureLabel(columns: readonly DriftColumnInfo[]): string {
  const tests = new Set(columns.map((c) => `${c.measure}:${c.test}`));
  if (tests.size !== 1 || columns[0] === undefined) return 'drift statistic';
  const c = columns[0];
  const name = testName(c.test);
  return c.measure === 'p-value' ? `p-value (${name})` : name;
}

const TEST_NAMES: Record<string, string> = {
  psi: 'PSI',
  ks: 'KS',
  wasserstein: 'Wasserstein',
  jensenshannon: 'Jensen–Shannon',
  chisquare: 'chi-square',
  z: 'Z-test',
  kl_div: 'KL divergence',
  hellinger: 'Hellinger',
};

export function testName(test: string): string {
  return TEST_NAMES[test] ?? test;
}

/** One threshold line when every charted column shares it, else none. */
export function sharedThreshold(columns: readonly DriftColumnInfo[]): number | undefined {
  const values = new Set(columns.map((c) => `${c.measure}:${c.threshold}`));
  return values.size === 1 ? columns[0]?.threshold : undefined;
}

/** Runs that breached, with how many windows in a row (for the summary sentence). */
export function breachSummary(timeline: DriftTimeline): {
  breached: number;
  total: number;
  first: number | undefined;
  last: number | undefined;
} {
  const breached = timeline.windows.filter((w) => w.datasetDrifted);
  return {
    breached: breached.length,
    total: timeline.windows.length,
    first: breached[0]?.start,
    last: breached[breached.length - 1]?.start,
  };
}

/**
 * The window a distribution is shown for: the one asked for, else the newest in which the column
 * drifted, else the newest.
 */
export function defaultRunFor(
  timeline: DriftTimeline,
  column: string,
  asked?: string,
): DriftWindow | undefined {
  if (asked !== undefined) {
    const found = timeline.windows.find((w) => w.runId === asked);
    if (found !== undefined) return found;
  }
  const drifted = [...timeline.windows].reverse().find((w) => w.byColumn[column]?.drifted === true);
  return drifted ?? timeline.windows[timeline.windows.length - 1];
}

// ---- reference against current distributions ------------------------------------------------

export interface DistributionBars {
  /** Full labels (table). */
  categories: string[];
  /** Short labels (axis). */
  tickLabels: string[];
  referenceCounts: number[];
  currentCounts: number[] | null;
  referenceShares: number[];
  currentShares: number[] | null;
  referenceTotal: number;
  currentTotal: number;
  /** Why a category stands out (values outside the reference range, unseen categories). */
  notes: (string | undefined)[];
}

function shares(counts: number[]): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  return counts.map((c) => (total === 0 ? 0 : c / total));
}

function full(value: number): string {
  return numberFormat.format(value);
}

function short(value: number): string {
  return Math.abs(value) >= 10_000 ? compactFormat.format(value) : numberFormat.format(value);
}

/**
 * Bars for one column: numeric columns in the reference's bins, with values below or above the
 * reference range and missing values as bars of their own when there are any; categorical
 * columns by category, the reference's most frequent first.
 */
export function distributionBars(d: ColumnDistribution): DistributionBars {
  const categories: string[] = [];
  const tickLabels: string[] = [];
  const ref: number[] = [];
  const cur: number[] = [];
  const notes: (string | undefined)[] = [];
  const add = (label: string, tick: string, r: number, c: number, note?: string) => {
    categories.push(label);
    tickLabels.push(tick);
    ref.push(r);
    cur.push(c);
    notes.push(note);
  };
  if (d.type === 'numeric') {
    const edges = d.edges;
    const current = d.current;
    if (d.reference.underflow + (current?.underflow ?? 0) > 0) {
      add(
        `below ${full(edges[0]!)}`,
        `< ${short(edges[0]!)}`,
        d.reference.underflow,
        current?.underflow ?? 0,
        'outside the reference range',
      );
    }
    for (let i = 0; i < edges.length - 1; i++) {
      const last = i === edges.length - 2;
      add(
        `${full(edges[i]!)} to ${last ? '' : 'under '}${full(edges[i + 1]!)}`,
        `${short(edges[i]!)}–${short(edges[i + 1]!)}`,
        d.reference.counts[i] ?? 0,
        current?.counts[i] ?? 0,
      );
    }
    if (d.reference.overflow + (current?.overflow ?? 0) > 0) {
      add(
        `above ${full(edges[edges.length - 1]!)}`,
        `> ${short(edges[edges.length - 1]!)}`,
        d.reference.overflow,
        current?.overflow ?? 0,
        'outside the reference range',
      );
    }
  } else {
    const refValues = d.reference.values;
    const curValues = d.current?.values ?? {};
    const known = Object.keys(refValues).sort(
      (a, b) => (refValues[b] ?? 0) - (refValues[a] ?? 0) || a.localeCompare(b),
    );
    for (const value of known) add(value, value, refValues[value] ?? 0, curValues[value] ?? 0);
    const unseen = Object.keys(curValues)
      .filter((v) => refValues[v] === undefined)
      .sort((a, b) => (curValues[b] ?? 0) - (curValues[a] ?? 0) || a.localeCompare(b));
    for (const value of unseen) {
      add(value, value, 0, curValues[value] ?? 0, 'not in the reference');
    }
    if (d.reference.other + (d.current?.other ?? 0) > 0) {
      add('other values', 'other', d.reference.other, d.current?.other ?? 0);
    }
  }
  if (d.reference.missing + (d.current?.missing ?? 0) > 0) {
    add('missing', 'missing', d.reference.missing, d.current?.missing ?? 0);
  }
  const hasCurrent = d.current !== null;
  return {
    categories,
    tickLabels,
    referenceCounts: ref,
    currentCounts: hasCurrent ? cur : null,
    referenceShares: shares(ref),
    currentShares: hasCurrent ? shares(cur) : null,
    referenceTotal: ref.reduce((a, b) => a + b, 0),
    currentTotal: hasCurrent ? cur.reduce((a, b) => a + b, 0) : 0,
    notes,
  };
}

/** The share of the current window that fell outside the reference range (numeric columns). */
export function outsideShare(bars: DistributionBars): number {
  if (bars.currentCounts === null || bars.currentTotal === 0) return 0;
  const outside = bars.currentCounts.reduce(
    (sum, c, i) => sum + (bars.notes[i] === undefined ? 0 : c),
    0,
  );
  return outside / bars.currentTotal;
}

// ---- performance and fairness ----------------------------------------------------------------

/** Labelled predictions against records over the runs' windows. */
export function labelledTotals(runs: readonly MonitorRun[]): { records: number; labelled: number } {
  return latestPerWindow(runs).reduce(
    (t, r) => ({
      records: t.records + r.results.records,
      labelled: t.labelled + r.results.labelled,
    }),
    { records: 0, labelled: 0 },
  );
}

/** Per metric, its value per window (null where the window had no labels for it). */
export function performanceSeries(
  runs: readonly MonitorRun[],
): { metric: string; points: { x: number; y: number | null; breached: boolean }[] }[] {
  const ordered = latestPerWindow(runs);
  const metrics = [...new Set(ordered.flatMap((r) => Object.keys(r.results.performance)))];
  return metrics.map((metric) => ({
    metric,
    points: ordered.map((r) => ({
      x: Date.parse(r.window.start),
      y: r.results.performance[metric] ?? null,
      breached: r.results.breaches.some((b) => b.key === `performance:${metric}`),
    })),
  }));
}

const METRIC_NAMES: Record<string, string> = {
  accuracy: 'Accuracy',
  precision: 'Precision',
  recall: 'Recall',
  f1: 'F1',
  roc_auc: 'ROC AUC',
  pr_auc: 'PR AUC',
  log_loss: 'Log loss',
  brier: 'Brier score',
  ece: 'Calibration error (ECE)',
  rmse: 'RMSE',
  mae: 'MAE',
  mape: 'MAPE',
  r2: 'R²',
  selection_rate_ratio: 'Selection rate ratio',
  selection_rate_difference: 'Selection rate difference',
  tpr_difference: 'True positive rate difference',
  fpr_difference: 'False positive rate difference',
  equalized_odds_difference: 'Equalized odds difference',
};

export function metricName(metric: string): string {
  return METRIC_NAMES[metric] ?? metric;
}

/** What each group's number is for a fairness metric. */
export function groupRateName(metric: string): string {
  if (metric.startsWith('selection')) return 'selection rate';
  if (metric === 'fpr_difference') return 'false positive rate';
  return 'true positive rate';
}

export interface FairnessView {
  metric: string;
  attributes: string[];
  value: number | null;
  /** Each group's rate and its ratio to the highest group's rate (disparate impact). */
  groups: { group: string; rate: number | null; ratio: number | null }[];
  window: { start: string; end: string };
  runId: string;
}

export interface FairnessRuleView {
  metric: string;
  attributes: string[];
  min?: number | undefined;
  max?: number | undefined;
}

/** The alert key a fairness rule breaches under (evaluate-window.ts). */
function fairnessKey(rule: FairnessRuleView): string {
  return `fairness:${rule.metric}:${rule.attributes.join('+')}`;
}

/**
 * Per fairness rule, its value in each window (null where the window had no value for it: too
 * few predictions with the attributes), and whether the window breached the rule.
 */
export function fairnessSeries(
  runs: readonly MonitorRun[],
  rules: readonly FairnessRuleView[],
): { rule: FairnessRuleView; points: { x: number; y: number | null; breached: boolean }[] }[] {
  const ordered = latestPerWindow(runs);
  return rules.map((rule) => {
    const by = rule.attributes.join('+');
    return {
      rule,
      points: ordered.map((r) => ({
        x: Date.parse(r.window.start),
        y:
          r.results.fairness.find((f) => f.metric === rule.metric && f.attributes.join('+') === by)
            ?.value ?? null,
        breached: r.results.breaches.some((b) => b.key === fairnessKey(rule)),
      })),
    };
  });
}

/** Fairness results of the newest run that has any, with each group's ratio to the best. */
export function latestFairness(runs: readonly MonitorRun[]): FairnessView[] {
  const ordered = latestPerWindow(runs).reverse();
  const run = ordered.find((r) => r.results.fairness.some((f) => Object.keys(f.groups).length > 0));
  if (run === undefined) return [];
  return run.results.fairness.map((f) => {
    const rates = Object.values(f.groups).filter((v): v is number => v !== null);
    const best = rates.length === 0 ? 0 : Math.max(...rates);
    return {
      metric: f.metric,
      attributes: f.attributes,
      value: f.value,
      groups: Object.entries(f.groups)
        .map(([group, rate]) => ({
          group,
          rate,
          ratio: rate === null || best === 0 ? null : rate / best,
        }))
        .sort((a, b) => a.group.localeCompare(b.group)),
      window: run.window,
      runId: run.id,
    };
  });
}

// ---- overview ----------------------------------------------------------------------------------

export interface MonitorSummary {
  monitor: MonitorView;
  /** Newest first. */
  recent: MonitorRun[];
  alertsFiring: number;
  alertsResolved: number;
}

/** The drift status of a monitor's newest run, in words and a tone. */
export function driftStatus(latest: MonitorRun | undefined): {
  label: string;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
  detail: string;
} {
  if (latest === undefined) return { label: 'not run yet', tone: 'neutral', detail: 'no runs' };
  if (latest.status === 'no-data') {
    return {
      label: 'no data',
      tone: 'warn',
      detail: `${latest.results.records} records, fewer than the minimum`,
    };
  }
  const drift = latest.results.drift;
  const drifted = (drift?.columns ?? []).filter((c) => c.drifted).map((c) => c.column);
  const of = `${drifted.length} of ${drift?.testedColumns ?? 0} columns drifted`;
  if (latest.status === 'breach') {
    return {
      label: drift?.datasetDrifted === true ? 'drift' : 'breach',
      tone: 'bad',
      detail:
        drifted.length > 0
          ? `${of}: ${drifted.join(', ')}`
          : (latest.results.breaches[0]?.summary ?? 'threshold breached'),
    };
  }
  return {
    label: 'no drift',
    tone: 'good',
    detail: drifted.length > 0 ? `${of}: ${drifted.join(', ')}` : of,
  };
}

/** Alerts of one monitor (the alerts route filters by model only). */
export function alertsOf(
  alerts: readonly AlertView[],
  model: string,
  monitor: string,
): AlertView[] {
  return alerts.filter((a) => a.model === model && a.monitor === monitor);
}

export interface AlertAction {
  kind: string;
  ok: boolean;
  detail: string;
  /** An incident the action opened (`incident INC-2026-002`). */
  incident?: string;
}

export function alertActions(alert: Pick<AlertView, 'actions'>): AlertAction[] {
  return alert.actions.flatMap((raw) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const a = raw as { kind?: unknown; ok?: unknown; detail?: unknown };
    const detail = typeof a.detail === 'string' ? a.detail : '';
    const incident = /\b((?:INC|DRILL)-\d{4}-\d+)\b/.exec(detail)?.[1];
    return [
      {
        kind: typeof a.kind === 'string' ? a.kind : 'action',
        ok: a.ok !== false,
        detail,
        ...(incident === undefined ? {} : { incident }),
      },
    ];
  });
}

export { DAY, HOUR };
