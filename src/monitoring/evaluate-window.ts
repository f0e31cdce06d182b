import {
  columnDrift,
  datasetDriftFromResults,
  type ColumnDriftResult,
  type ColumnInput,
  type DatasetDriftReport,
  type DriftTestName,
} from '../stats/drift/index.js';
import type { Breach } from './alert-state.js';
import {
  frequencies,
  histogram,
  moments,
  type ColumnProfile,
  type DatasetProfile,
} from './profile/index.js';
import type { MonitorConfig } from './schemas.js';
import { fairness, isLabelled, performance, performanceBySegment } from './window-metrics.js';

/** A stored prediction of the window: its decision, and its label once one has been joined. */
export interface WindowPrediction {
  score: number | null;
  /** The decision sent with the record (null when only a score was sent). */
  prediction: unknown;
  /** The outcome joined by id; null until it arrives. */
  label: unknown;
  segments: Record<string, string>;
}

/** The window's stored predictions as a run sees them. */
export interface WindowPredictions {
  /** Rows with a decision or an outcome; empty when no performance or fairness rule reads rows. */
  rows: readonly WindowPrediction[];
  /** Stored predictions with an outcome joined. */
  labelled: number;
  /** Stored predictions with a decision (a prediction or a score). */
  decisions: number;
}

export interface WindowResults {
  records: number;
  labelled: number;
  /**
   * Stored predictions with a decision (a prediction or a score), labelled or not: what
   * selection-rate fairness rules count. Absent from runs recorded before it was added.
   */
  decisions?: number;
  status: 'ok' | 'breach' | 'no-data';
  drift: DatasetDriftReport | null;
  /** Columns of the reference absent from the window's traffic. */
  missingColumns: string[];
  performance: Record<string, number | null>;
  /** The same metrics per segment attribute and group (groups with at least minRecords/10 rows). */
  performanceBySegment: Record<string, Record<string, Record<string, number | null>>>;
  fairness: {
    metric: string;
    attributes: string[];
    value: number | null;
    groups: Record<string, number | null>;
  }[];
  breaches: Breach[];
}

function driftInput(
  column: string,
  reference: ColumnProfile,
  current: ColumnProfile,
  config: MonitorConfig,
): ColumnInput | undefined {
  const override = config.drift.tests?.[column];
  const chosen =
    override === undefined
      ? {}
      : {
          test: override.test as DriftTestName,
          ...(override.threshold === undefined ? {} : { threshold: override.threshold }),
        };
  if (reference.numeric?.bins !== undefined && current.numeric?.bins !== undefined) {
    // On reference deciles, binned KS and Wasserstein carry errors as large as their thresholds;
    // PSI is exact on the bins, so it is the profile-mode default for numeric columns.
    const numericChoice = override === undefined ? { test: 'psi' as DriftTestName } : chosen;
    const ref = histogram(reference, { openEnds: true });
    const cur = histogram(current, { openEnds: true });
    const stats = moments(reference);
    const min = Math.min(reference.numeric.min ?? Infinity, current.numeric.min ?? Infinity);
    const max = Math.max(reference.numeric.max ?? -Infinity, current.numeric.max ?? -Infinity);
    return {
      column,
      type: 'numerical',
      mode: 'profile',
      profile: {
        edges: ref.edges,
        reference: ref.counts,
        current: cur.counts,
        referenceStd: Math.sqrt(stats.populationVariance),
        ...(Number.isFinite(min) && Number.isFinite(max) ? { range: { min, max } } : {}),
      },
      ...numericChoice,
    };
  }
  if (reference.categorical !== undefined && current.categorical !== undefined) {
    const ref = frequencies(reference);
    const cur = frequencies(current);
    return {
      column,
      type: 'categorical',
      mode: 'profile',
      profile: {
        reference: { ...ref.values, ...(ref.other > 0 ? { '(other)': ref.other } : {}) },
        current: { ...cur.values, ...(cur.other > 0 ? { '(other)': cur.other } : {}) },
      },
      ...chosen,
    };
  }
  return undefined;
}

function outside(
  value: number | null,
  bound: { min?: number | undefined; max?: number | undefined },
): boolean {
  if (value === null) return false;
  return (
    (bound.min !== undefined && value < bound.min) || (bound.max !== undefined && value > bound.max)
  );
}

function describeBound(bound: { min?: number | undefined; max?: number | undefined }): string {
  return [
    bound.min === undefined ? '' : `≥ ${bound.min}`,
    bound.max === undefined ? '' : `≤ ${bound.max}`,
  ]
    .filter((s) => s !== '')
    .join(' and ');
}

/**
 * Judges one window: drift of each monitored column against the reference (profile mode, with the
 * binning error stated), dataset drift, performance on the labelled predictions, fairness (rules on
 * selection rates over every decision, rules on error rates over the labelled ones), and the
 * breaches of the monitor's thresholds. A window with fewer records than `minRecords` is
 * `no-data` and breaches nothing.
 */
export function evaluateWindow(
  reference: DatasetProfile,
  window: DatasetProfile | undefined,
  predictions: WindowPredictions,
  config: MonitorConfig,
  columns: readonly string[],
): WindowResults {
  const records = window?.rowCount ?? 0;
  const labelled = predictions.rows.filter(isLabelled);
  const base = {
    records,
    labelled: predictions.labelled,
    decisions: predictions.decisions,
    missingColumns: [] as string[],
    performance: {},
    performanceBySegment: {},
    fairness: [],
    breaches: [],
  };
  if (window === undefined || records < config.minRecords)
    return { ...base, status: 'no-data', drift: null };
  const results: ColumnDriftResult[] = [];
  const missingColumns: string[] = [];
  for (const column of columns) {
    const ref = reference.columns.find((c) => c.name === column);
    const cur = window.columns.find((c) => c.name === column);
    const input =
      ref === undefined || cur === undefined ? undefined : driftInput(column, ref, cur, config);
    if (input === undefined) missingColumns.push(column);
    else results.push(columnDrift(input));
  }
  const drift =
    results.length === 0
      ? null
      : datasetDriftFromResults(results, { driftShare: config.drift.datasetShare });
  const breaches: Breach[] = [];
  if (drift?.datasetDrifted === true) {
    breaches.push({
      key: 'drift:dataset',
      kind: 'drift',
      summary: `${drift.driftedColumns} of ${drift.testedColumns} columns drifted (share ${drift.share.toFixed(2)} ≥ ${drift.driftShare})`,
      details: {
        drifted: results.filter((r) => r.drifted).map((r) => r.column),
        share: drift.share,
      },
    });
  }
  if (config.drift.alertPerColumn) {
    for (const r of results.filter((c) => c.drifted)) {
      breaches.push({
        key: `drift:column:${r.column}`,
        kind: 'drift',
        summary: `${r.column} drifted (${r.test} ${r.statistic.toPrecision(4)})`,
        details: { ...r },
      });
    }
  }
  const perf = labelled.length >= config.minRecords ? performance(labelled, config) : {};
  for (const rule of config.performance) {
    const value = perf[rule.metric] ?? null;
    if (outside(value, rule)) {
      breaches.push({
        key: `performance:${rule.metric}`,
        kind: 'performance',
        summary: `${rule.metric} ${value?.toFixed(4) ?? ''} is outside ${describeBound(rule)}`,
        details: { metric: rule.metric, value, min: rule.min ?? null, max: rule.max ?? null },
      });
    }
  }
  const fair = fairness(predictions.rows, config);
  for (const [i, rule] of config.fairness.entries()) {
    const value = fair[i]?.value ?? null;
    if (outside(value, rule)) {
      breaches.push({
        key: `fairness:${rule.metric}:${rule.attributes.join('+')}`,
        kind: 'fairness',
        summary: `${rule.metric} by ${rule.attributes.join(' × ')} is ${value?.toFixed(4) ?? ''}, outside ${describeBound(rule)}`,
        details: { ...fair[i] },
      });
    }
  }
  return {
    ...base,
    status: breaches.length > 0 ? 'breach' : 'ok',
    drift,
    missingColumns,
    performance: perf,
    performanceBySegment:
      labelled.length >= config.minRecords ? performanceBySegment(labelled, config) : {},
    fairness: fair,
    breaches,
  };
}
