import type { EvaluationView } from '../../../../src/client/index.js';

/*
 * Evaluations as the page shows them: quality with intervals, the bias audit by group, and the
 * champion / challenger differences. Pure (test/web/model-evaluations.test.ts).
 */

/** Quality metrics where a smaller number is better; every other one is better larger. */
const LOWER_IS_BETTER = new Set(['log_loss', 'brier', 'ece', 'rmse', 'mae', 'mape']);

export function lowerIsBetter(metric: string): boolean {
  return LOWER_IS_BETTER.has(metric.replace(/_difference$/, ''));
}

export interface QualityRow {
  name: string;
  value: number;
  lower: number | null;
  upper: number | null;
  better: 'higher' | 'lower';
}

export function qualityRows(evaluation: Pick<EvaluationView, 'summary'>): QualityRow[] {
  return evaluation.summary.quality.map((q) => ({
    name: q.name,
    value: q.value,
    lower: q.lower,
    upper: q.upper,
    better: lowerIsBetter(q.name) ? 'lower' : 'higher',
  }));
}

/** The four-fifths rule: a group selected at under 80% of the most selected group's rate. */
export const FOUR_FIFTHS = 0.8;

export interface FairnessGroupRow {
  group: string;
  values: Record<string, number>;
  /** Impact ratio under four fifths. */
  flagged: boolean;
}

export interface FairnessAttribute {
  attribute: string;
  metrics: string[];
  groups: FairnessGroupRow[];
}

const METRIC_ORDER = ['selection_rate', 'impact_ratio', 'tpr', 'fpr', 'precision', 'rmse', 'mae'];

/** The bias audit pivoted: one table per protected attribute, a row per group, a column per metric. */
export function fairnessTables(evaluation: Pick<EvaluationView, 'summary'>): FairnessAttribute[] {
  const byAttribute = new Map<string, Map<string, Record<string, number>>>();
  for (const entry of evaluation.summary.fairness) {
    const groups = byAttribute.get(entry.attribute) ?? new Map<string, Record<string, number>>();
    const values = groups.get(entry.group) ?? {};
    values[entry.metric] = entry.value;
    groups.set(entry.group, values);
    byAttribute.set(entry.attribute, groups);
  }
  const rank = (m: string) => {
    const i = METRIC_ORDER.indexOf(m);
    return i === -1 ? METRIC_ORDER.length : i;
  };
  return [...byAttribute.entries()].map(([attribute, groups]) => {
    const metrics = [...new Set([...groups.values()].flatMap((v) => Object.keys(v)))].sort(
      (a, b) => rank(a) - rank(b) || a.localeCompare(b),
    );
    return {
      attribute,
      metrics,
      groups: [...groups.entries()]
        .map(([group, values]) => ({
          group,
          values,
          flagged: values.impact_ratio !== undefined && values.impact_ratio < FOUR_FIFTHS,
        }))
        .sort((a, b) => a.group.localeCompare(b.group, 'en', { numeric: true })),
    };
  });
}

export interface ComparisonRow {
  metric: string;
  baseline: number | undefined;
  challenger: number | undefined;
  difference: number;
  lower: number | null;
  upper: number | null;
  /** The interval excludes zero. */
  significant: boolean;
  /** The challenger is better on this metric (whether or not significantly). */
  improved: boolean;
}

/** Champion / challenger: both values and the difference (challenger − baseline) per metric. */
export function comparisonRows(evaluation: Pick<EvaluationView, 'summary'>): ComparisonRow[] {
  const flat = evaluation.summary.kindMetrics.comparison ?? {};
  const rows: ComparisonRow[] = [];
  for (const q of evaluation.summary.quality) {
    if (!q.name.endsWith('_difference')) continue;
    const metric = q.name.slice(0, -'_difference'.length);
    const significant = q.lower !== null && q.upper !== null && (q.lower > 0 || q.upper < 0);
    const lower = lowerIsBetter(metric);
    rows.push({
      metric,
      baseline: flat[`${metric}_baseline`],
      challenger: flat[`${metric}_challenger`],
      difference: q.value,
      lower: q.lower,
      upper: q.upper,
      significant,
      improved: lower ? q.value < 0 : q.value > 0,
    });
  }
  return rows;
}

/** A one-line reading of a comparison for the people deciding. */
export function comparisonVerdict(rows: ComparisonRow[], baseline: string): string {
  if (rows.length === 0) return 'No metric was compared.';
  const better = rows.filter((r) => r.significant && r.improved).map((r) => r.metric);
  const worse = rows.filter((r) => r.significant && !r.improved).map((r) => r.metric);
  if (better.length === 0 && worse.length === 0) {
    return `No difference from ${baseline} is statistically significant: every interval includes zero.`;
  }
  const parts = [
    better.length > 0 ? `significantly better than ${baseline} on ${better.join(', ')}` : '',
    worse.length > 0 ? `significantly worse on ${worse.join(', ')}` : '',
  ].filter((s) => s !== '');
  return `${parts.join('; ')}.`.replace(/^./, (c) => c.toUpperCase());
}

export interface LabelledNumber {
  key: string;
  label: string;
  value: number;
}

const BIAS_LABELS: Record<string, string> = {
  min_impact_ratio: 'Lowest impact ratio (LL144)',
  min_disparate_impact_ratio: 'Lowest disparate impact ratio',
  min_demographic_parity_ratio: 'Lowest demographic parity ratio',
  max_demographic_parity_difference: 'Largest demographic parity difference',
  max_equalized_odds_difference: 'Largest equalized odds difference',
  max_equal_opportunity_difference: 'Largest equal opportunity difference',
};

/** The bias audit's headline numbers, in a fixed order. */
export function biasHeadlines(evaluation: Pick<EvaluationView, 'summary'>): LabelledNumber[] {
  const flat = evaluation.summary.kindMetrics['bias-audit'] ?? {};
  return Object.keys(BIAS_LABELS)
    .filter((k) => flat[k] !== undefined)
    .map((key) => ({ key, label: BIAS_LABELS[key]!, value: flat[key]! }));
}

export interface RobustnessRow {
  scale: number;
  flipRate: number | undefined;
  metricDrop: number | undefined;
}

/** Decisions flipped and metric lost under Gaussian noise, by noise scale (in standard deviations). */
export function robustnessRows(evaluation: Pick<EvaluationView, 'summary'>): RobustnessRow[] {
  const flat = evaluation.summary.kindMetrics.robustness ?? {};
  const scales = new Set<number>();
  for (const key of Object.keys(flat)) {
    const m = /^noise_(\d+(?:_\d+)?)_(flip_rate|metric_drop)$/.exec(key);
    if (m !== null) scales.add(Number(m[1]!.replace('_', '.')));
  }
  return [...scales]
    .sort((a, b) => a - b)
    .map((scale) => {
      const token = String(scale).replace('.', '_');
      return {
        scale,
        flipRate: flat[`noise_${token}_flip_rate`],
        metricDrop: flat[`noise_${token}_metric_drop`],
      };
    });
}

/** Share of sampled rows whose decision flips within a distance (standard deviations). */
export function flipShares(
  evaluation: Pick<EvaluationView, 'summary'>,
): { within: number; share: number }[] {
  const flat = evaluation.summary.kindMetrics.robustness ?? {};
  const out: { within: number; share: number }[] = [];
  for (const [key, value] of Object.entries(flat)) {
    const m = /^flip_share_within_(\d+(?:_\d+)?)_std$/.exec(key);
    if (m !== null) out.push({ within: Number(m[1]!.replace('_', '.')), share: value });
  }
  return out.sort((a, b) => a.within - b.within);
}

/** Comparisons last: the version's own evaluations read first. Newest first within each. */
export function orderEvaluations<T extends Pick<EvaluationView, 'kind' | 'createdAt'>>(
  evaluations: T[],
): T[] {
  return [...evaluations].sort(
    (a, b) =>
      Number(a.kind === 'comparison') - Number(b.kind === 'comparison') ||
      b.createdAt.localeCompare(a.createdAt),
  );
}
