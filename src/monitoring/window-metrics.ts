import {
  classificationReport,
  fairlearnDisparities,
  ratesByGroup,
  regressionReport,
} from '../stats/metrics/index.js';
import type { WindowPrediction, WindowResults } from './evaluate-window.js';
import type { MonitorConfig, PerformanceMetricName } from './schemas.js';

/*
 * Performance and fairness of a window's stored predictions, for monitor runs. The metric code
 * is src/stats/metrics (sklearn, Fairlearn conventions); this file maps a monitor's configuration
 * onto it and turns undefined values (0/0) into null.
 */

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function isPositive(value: unknown, positive: MonitorConfig['positiveLabel']): boolean {
  return value === positive || (typeof value === 'string' && String(positive) === value);
}

/** Whether an outcome has been joined to the prediction. */
export function isLabelled(row: WindowPrediction): boolean {
  return row.label !== null && row.label !== undefined;
}

/** Whether the record carries a decision: a prediction, or a score to threshold. */
export function hasDecision(row: WindowPrediction): boolean {
  return (row.prediction !== null && row.prediction !== undefined) || row.score !== null;
}

/**
 * The decision as 1 (positive) or 0: the prediction sent with the record when there is one (the
 * decision actually made), else the score against the monitor's threshold.
 */
function decisionOf(row: WindowPrediction, config: MonitorConfig): 0 | 1 {
  if (row.prediction !== null && row.prediction !== undefined) {
    return isPositive(row.prediction, config.positiveLabel) ? 1 : 0;
  }
  return row.score !== null && row.score >= config.threshold ? 1 : 0;
}

export function performance(
  rows: readonly WindowPrediction[],
  config: MonitorConfig,
): Record<string, number | null> {
  const wanted = new Set<PerformanceMetricName>(config.performance.map((p) => p.metric));
  if (wanted.size === 0 || rows.length === 0) return {};
  const out: Record<string, number | null> = {};
  const regression = ['rmse', 'mae', 'mape', 'r2'].some((m) =>
    wanted.has(m as PerformanceMetricName),
  );
  if (regression) {
    const usable = rows.filter(
      (r) => typeof r.label === 'number' && (typeof r.prediction === 'number' || r.score !== null),
    );
    if (usable.length > 0) {
      const report = regressionReport({
        actual: usable.map((r) => r.label as number),
        predicted: usable.map((r) =>
          typeof r.prediction === 'number' ? r.prediction : (r.score as number),
        ),
      });
      Object.assign(out, {
        rmse: finite(report.rmse),
        mae: finite(report.mae),
        mape: finite(report.mape),
        r2: finite(report.r2),
      });
    }
  }
  const classification = [...wanted].some((m) => !['rmse', 'mae', 'mape', 'r2'].includes(m));
  if (classification) {
    const labels = rows.map((r) => (isPositive(r.label, config.positiveLabel) ? 1 : 0));
    const scores = rows.every((r) => r.score !== null)
      ? rows.map((r) => r.score as number)
      : undefined;
    const predictions =
      scores === undefined
        ? rows.map((r) => (isPositive(r.prediction, config.positiveLabel) ? 1 : 0))
        : undefined;
    const report = classificationReport({
      labels,
      ...(scores === undefined ? {} : { scores, threshold: config.threshold }),
      ...(predictions === undefined ? {} : { predictions }),
    });
    Object.assign(out, {
      accuracy: finite(report.accuracy),
      precision: finite(report.precision),
      recall: finite(report.recall),
      f1: finite(report.f1),
      roc_auc: report.scores === null ? null : finite(report.scores.rocAuc),
      pr_auc: report.scores === null ? null : finite(report.scores.averagePrecision),
      log_loss: report.scores === null ? null : finite(report.scores.logLoss),
      brier: report.scores === null ? null : finite(report.scores.brierScore),
      ece: report.scores === null ? null : finite(report.scores.expectedCalibrationError),
    });
  }
  return Object.fromEntries(
    Object.entries(out).filter(([k]) => wanted.has(k as PerformanceMetricName)),
  );
}

const MAX_SEGMENT_ATTRIBUTES = 8;
const MAX_SEGMENT_GROUPS = 50;

/** Performance per group of each segment attribute seen in the labelled rows. */
export function performanceBySegment(
  rows: readonly WindowPrediction[],
  config: MonitorConfig,
): WindowResults['performanceBySegment'] {
  if (config.performance.length === 0) return {};
  const attributes = [...new Set(rows.flatMap((r) => Object.keys(r.segments)))]
    .sort()
    .slice(0, MAX_SEGMENT_ATTRIBUTES);
  const smallest = Math.max(1, Math.ceil(config.minRecords / 10));
  const out: WindowResults['performanceBySegment'] = {};
  for (const attribute of attributes) {
    const groups = new Map<string, WindowPrediction[]>();
    for (const row of rows) {
      const group = row.segments[attribute];
      if (group === undefined) continue;
      let list = groups.get(group);
      if (list === undefined) groups.set(group, (list = []));
      list.push(row);
    }
    const byGroup: Record<string, Record<string, number | null>> = {};
    const sorted = [...groups].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [group, list] of sorted.slice(0, MAX_SEGMENT_GROUPS)) {
      if (list.length >= smallest) byGroup[group] = performance(list, config);
    }
    out[attribute] = byGroup;
  }
  return out;
}

/**
 * Each fairness rule of the monitor over the window. Rules on selection rates count every
 * decision, labelled or not (whom the model selected needs no outcome); rules on error rates
 * (TPR, FPR, equalized odds) count the labelled predictions only. A rule with fewer than
 * `minRecords` rows to judge has no value and breaches nothing.
 */
export function fairness(
  rows: readonly WindowPrediction[],
  config: MonitorConfig,
): WindowResults['fairness'] {
  const out: WindowResults['fairness'] = [];
  for (const rule of config.fairness) {
    const selection = rule.metric.startsWith('selection');
    const usable = rows.filter(
      (r) =>
        (selection ? hasDecision(r) : isLabelled(r) && hasDecision(r)) &&
        rule.attributes.every((a) => r.segments[a] !== undefined),
    );
    if (usable.length === 0 || usable.length < config.minRecords) {
      out.push({ metric: rule.metric, attributes: rule.attributes, value: null, groups: {} });
      continue;
    }
    // Selection rates do not read the labels; unlabelled rows count as negatives there.
    const labels = usable.map((r) => (isPositive(r.label, config.positiveLabel) ? 1 : 0));
    const predictions = usable.map((r) => decisionOf(r, config));
    const groups = usable.map((r) => rule.attributes.map((a) => r.segments[a]).join(' × '));
    const rates = ratesByGroup({ labels, predictions }, groups);
    const disparities = fairlearnDisparities(rates);
    const value =
      rule.metric === 'selection_rate_ratio'
        ? disparities.demographicParityRatio
        : rule.metric === 'selection_rate_difference'
          ? disparities.demographicParityDifference
          : rule.metric === 'tpr_difference'
            ? disparities.equalOpportunityDifference
            : rule.metric === 'fpr_difference'
              ? fprDifference(rates.groups.map((g) => g.falsePositiveRate))
              : disparities.equalizedOddsDifference.worstCase;
    out.push({
      metric: rule.metric,
      attributes: rule.attributes,
      value: finite(value),
      groups: Object.fromEntries(
        rates.groups.map((g) => [
          g.group,
          finite(
            rule.metric.startsWith('selection')
              ? g.selectionRate
              : rule.metric === 'fpr_difference'
                ? g.falsePositiveRate
                : g.truePositiveRate,
          ),
        ]),
      ),
    });
  }
  return out;
}

function fprDifference(values: number[]): number {
  const defined = values.filter((v) => Number.isFinite(v));
  return defined.length === 0 ? NaN : Math.max(...defined) - Math.min(...defined);
}
