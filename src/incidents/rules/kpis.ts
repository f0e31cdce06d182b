/**
 * Incident response KPIs: time to detect, acknowledge and resolve, per severity and overall.
 */
import type { Issue } from '../../lib/index.js';
import { isSeverity, SEVERITIES } from './severity.js';
import type { Severity } from './severity.js';
import { MINUTE_MS, readInstant, throwIfIssues } from './time.js';
import type { Instant } from './time.js';

/** The timestamps of one incident that the KPIs use. */
export interface IncidentTimes {
  severity: Severity;
  /** When the problem began; often only known after investigation. */
  onsetAt: Instant | null;
  /** When monitoring or a person first noticed it. */
  detectedAt: Instant | null;
  openedAt: Instant;
  acknowledgedAt: Instant | null;
  resolvedAt: Instant | null;
  /** Exercises are left out of every KPI. */
  drill?: boolean;
}

/** Summary of one duration, in minutes (fractional; not rounded). Null when `n` is 0. */
export interface DurationSummary {
  n: number;
  mean: number | null;
  /** The middle value; the mean of the two middle values when `n` is even. */
  median: number | null;
  /** Nearest rank: the ⌈0.9·n⌉-th smallest value (1-based), an observed value, never interpolated. */
  p90: number | null;
}

export interface KpiGroup {
  /** Incidents counted (drills excluded), whatever timestamps they have. */
  count: number;
  /** detectedAt − onsetAt, over incidents with both. */
  timeToDetect: DurationSummary;
  /** acknowledgedAt − openedAt, over incidents with an acknowledgement. */
  timeToAcknowledge: DurationSummary;
  /** resolvedAt − openedAt, over incidents with a resolution. */
  timeToResolve: DurationSummary;
}

export interface IncidentKpis {
  overall: KpiGroup;
  bySeverity: Record<Severity, KpiGroup>;
  /** Drills left out. */
  drills: number;
}

/**
 * KPIs over `incidents`. Drills are excluded everywhere; an incident missing a timestamp is left
 * out of that metric only. A negative duration (resolved before opened, detected before onset) is
 * a data error and throws `ValidationError` (`negative_duration`), with every invalid time listed.
 */
export function incidentKpis(incidents: readonly IncidentTimes[]): IncidentKpis {
  const issues: Issue[] = [];
  type Samples = { count: number; detect: number[]; ack: number[]; resolve: number[] };
  const empty = (): Samples => ({ count: 0, detect: [], ack: [], resolve: [] });
  const overall = empty();
  const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, empty()])) as Record<
    Severity,
    Samples
  >;
  let drills = 0;

  incidents.forEach((incident, i) => {
    if (incident.drill === true) {
      drills++;
      return;
    }
    if (!isSeverity(incident.severity)) {
      issues.push({
        code: 'unknown_severity',
        path: [i, 'severity'],
        message: `${i}.severity: '${String(incident.severity)}' is not a severity`,
      });
    }
    const time = (key: keyof IncidentTimes, optional: boolean): number | null => {
      const value = incident[key];
      if (optional && value === null) return null;
      return readInstant(value, [i, key], issues);
    };
    const onset = time('onsetAt', true);
    const detected = time('detectedAt', true);
    const opened = time('openedAt', false);
    const acknowledged = time('acknowledgedAt', true);
    const resolved = time('resolvedAt', true);

    const span = (
      from: number | null,
      to: number | null,
      key: keyof IncidentTimes,
      after: string,
    ) => {
      if (from === null || to === null) return null;
      if (to < from) {
        issues.push({
          code: 'negative_duration',
          path: [i, key],
          message: `${i}.${key} is before ${after}`,
        });
        return null;
      }
      return (to - from) / MINUTE_MS;
    };
    const detect = span(onset, detected, 'detectedAt', 'onsetAt');
    const ack = span(opened, acknowledged, 'acknowledgedAt', 'openedAt');
    const resolve = span(opened, resolved, 'resolvedAt', 'openedAt');
    if (!isSeverity(incident.severity)) return;
    for (const group of [overall, bySeverity[incident.severity]]) {
      group.count++;
      if (detect !== null) group.detect.push(detect);
      if (ack !== null) group.ack.push(ack);
      if (resolve !== null) group.resolve.push(resolve);
    }
  });
  throwIfIssues('invalid incident times', issues);

  const summarise = (s: Samples): KpiGroup => ({
    count: s.count,
    timeToDetect: durationSummary(s.detect),
    timeToAcknowledge: durationSummary(s.ack),
    timeToResolve: durationSummary(s.resolve),
  });
  return {
    overall: summarise(overall),
    bySeverity: Object.fromEntries(
      SEVERITIES.map((sev) => [sev, summarise(bySeverity[sev])]),
    ) as Record<Severity, KpiGroup>,
    drills,
  };
}

/** n, mean, median and nearest-rank p90 of `minutes`. */
export function durationSummary(minutes: readonly number[]): DurationSummary {
  const n = minutes.length;
  if (n === 0) return { n: 0, mean: null, median: null, p90: null };
  const sorted = [...minutes].sort((a, b) => a - b);
  const mid = n >> 1;
  const median =
    n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
  return {
    n,
    mean: sorted.reduce((sum, x) => sum + x, 0) / n,
    median,
    // Nearest rank ⌈0.9·n⌉, computed as ⌈9n/10⌉ on integers so no floating-point product can
    // push an exact rank up by one.
    p90: sorted[Math.ceil((9 * n) / 10) - 1] ?? 0,
  };
}
