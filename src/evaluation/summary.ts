import type { EvaluationSummary } from './api-schemas.js';
import type {
  ClassificationDisparities,
  ComparisonResult,
  EvaluationResult,
  MetricComparison,
  MetricEstimate,
  RegressionDisparities,
} from './engine/index.js';

/** A version as an evaluation records it. */
export interface EvaluatedModel {
  ref: string;
  format: string;
  scoredBy: 'onnx' | 'predictions';
  artifact: { path: string; digest: string } | null;
  features: string[];
}

interface Provenance {
  data: { file: string; digest: string; dataset: string | null; rows: number };
  label: string;
  verityVersion: string;
  runtime: string | null;
}

/** The stored result of `runEvaluation`: the engine's result with what was evaluated. */
export interface StoredEvaluation extends EvaluationResult, Provenance {
  schema: 'verity.evaluation/v1';
  model: EvaluatedModel;
  kind: string;
  protected: string[];
  predictions: string | null;
}

/** The stored result of `compareVersions`. */
export interface StoredComparison extends ComparisonResult, Provenance {
  schema: 'verity.comparison/v1';
  baseline: EvaluatedModel;
  challenger: EvaluatedModel;
  predictions: string[] | null;
}

/** `0.25` → `0_25`: a number inside a metric name CEL can select with a dot. */
const token = (n: number) => String(n).replace('.', '_').replace('-', 'minus_');

function put(target: Record<string, number>, key: string, value: number | null | undefined) {
  if (value !== null && value !== undefined && Number.isFinite(value)) target[key] = value;
}

function extreme(values: (number | null)[], pick: 'min' | 'max'): number | null {
  const defined = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (defined.length === 0) return null;
  return pick === 'min' ? Math.min(...defined) : Math.max(...defined);
}

function qualityMetrics(metrics: Record<string, MetricEstimate>) {
  const flat: Record<string, number> = {};
  const quality: EvaluationSummary['quality'] = [];
  for (const [name, m] of Object.entries(metrics)) {
    put(flat, name, m.value);
    put(flat, `${name}_ci_lower`, m.ciLower);
    put(flat, `${name}_ci_upper`, m.ciUpper);
    if (m.value !== null)
      quality.push({ name, value: m.value, lower: m.ciLower, upper: m.ciUpper });
  }
  return { flat, quality };
}

function isClassification(
  d: ClassificationDisparities | RegressionDisparities,
): d is ClassificationDisparities {
  return 'demographic_parity_difference' in d;
}

function fairnessOf(result: EvaluationResult) {
  const flat: Record<string, number> = {};
  const entries: EvaluationSummary['fairness'] = [];
  const slices = result.fairness?.slices ?? [];
  if (slices.length === 0) return { flat, entries };
  const impact: (number | null)[] = [];
  const dpDiff: (number | null)[] = [];
  const dpRatio: (number | null)[] = [];
  const eoDiff: (number | null)[] = [];
  const eopDiff: (number | null)[] = [];
  const diRatio: (number | null)[] = [];
  const rmseDiff: (number | null)[] = [];
  for (const slice of slices) {
    for (const group of slice.groups) {
      if (group.unknown) continue;
      const rates: Record<string, number | null> =
        'selection_rate' in group
          ? {
              selection_rate: group.selection_rate,
              tpr: group.tpr,
              fpr: group.fpr,
              precision: group.precision,
            }
          : { rmse: group.rmse, mae: group.mae };
      for (const [metric, value] of Object.entries(rates)) {
        if (value !== null)
          entries.push({ metric, attribute: slice.name, group: group.group, value });
      }
    }
    for (const category of slice.ll144.categories) {
      if (category.status !== 'included' || category.impactRatio === null) continue;
      impact.push(category.impactRatio);
      entries.push({
        metric: 'impact_ratio',
        attribute: slice.name,
        group: category.group,
        value: category.impactRatio,
      });
    }
    const d = slice.disparities;
    if (isClassification(d)) {
      dpDiff.push(d.demographic_parity_difference);
      dpRatio.push(d.demographic_parity_ratio);
      eoDiff.push(d.equalized_odds_difference);
      eopDiff.push(d.equal_opportunity_difference);
      diRatio.push(d.disparate_impact_ratio);
    } else {
      rmseDiff.push(d.rmse_difference);
    }
  }
  put(flat, 'min_impact_ratio', extreme(impact, 'min'));
  put(flat, 'max_demographic_parity_difference', extreme(dpDiff, 'max'));
  put(flat, 'min_demographic_parity_ratio', extreme(dpRatio, 'min'));
  put(flat, 'max_equalized_odds_difference', extreme(eoDiff, 'max'));
  put(flat, 'max_equal_opportunity_difference', extreme(eopDiff, 'max'));
  put(flat, 'min_disparate_impact_ratio', extreme(diRatio, 'min'));
  put(flat, 'max_rmse_difference', extreme(rmseDiff, 'max'));
  return { flat, entries };
}

function robustnessOf(result: EvaluationResult): Record<string, number> {
  const flat: Record<string, number> = {};
  const r = result.robustness;
  if (r === null) return flat;
  const worse = (change: number | null) =>
    change === null ? null : r.metric === 'rmse' ? change : -change;
  put(
    flat,
    'robustness_max_flip_rate',
    extreme(
      r.perturbations.map((p) => p.flipRate),
      'max',
    ),
  );
  put(
    flat,
    'robustness_max_metric_drop',
    extreme(
      r.perturbations.map((p) => worse(p.change)),
      'max',
    ),
  );
  for (const p of r.perturbations) {
    if (p.kind !== 'gaussian-noise' || p.scale === null) continue;
    put(flat, `noise_${token(p.scale)}_flip_rate`, p.flipRate);
    put(flat, `noise_${token(p.scale)}_metric_drop`, worse(p.change));
  }
  const search = r.flipSearch;
  if (search !== null) {
    for (const w of search.summary.withinStd)
      put(flat, `flip_share_within_${token(w.std)}_std`, w.share);
    put(flat, 'flip_median_distance', search.summary.medianDistance);
  }
  return flat;
}

/** What one evaluation contributes to the gate context and the model card. */
export function summarizeEvaluation(result: StoredEvaluation): EvaluationSummary {
  const { flat: quality, quality: entries } = qualityMetrics(result.quality.metrics);
  const fairness = fairnessOf(result);
  const robustness = robustnessOf(result);
  const kinds = [result.kind];
  const kindMetrics: Record<string, Record<string, number>> = { [result.kind]: quality };
  if (result.fairness !== null && result.fairness.slices.length > 0) {
    kinds.push('bias-audit');
    kindMetrics['bias-audit'] = fairness.flat;
  }
  if (result.robustness !== null) {
    kinds.push('robustness');
    kindMetrics.robustness = robustness;
  }
  const columns = [
    ...result.model.features,
    ...(result.predictions === null ? [] : [result.predictions]),
    result.label,
    ...result.protected,
  ];
  return {
    rows: result.data.rows,
    columns: [...new Set(columns)],
    kinds,
    metrics: { rows: result.data.rows, ...quality, ...fairness.flat, ...robustness },
    kindMetrics,
    quality: entries,
    fairness: fairness.entries,
  };
}

/** A champion / challenger comparison: differences (challenger − baseline) with intervals. */
export function summarizeComparison(result: StoredComparison): EvaluationSummary {
  const flat: Record<string, number> = { rows: result.data.rows };
  const quality: EvaluationSummary['quality'] = [];
  for (const [name, m] of Object.entries(result.metrics as Record<string, MetricComparison>)) {
    put(flat, `${name}_baseline`, m.a);
    put(flat, `${name}_challenger`, m.b);
    put(flat, `${name}_difference`, m.difference);
    put(flat, `${name}_difference_ci_lower`, m.ciLower);
    put(flat, `${name}_difference_ci_upper`, m.ciUpper);
    if (m.difference !== null) {
      quality.push({
        name: `${name}_difference`,
        value: m.difference,
        lower: m.ciLower,
        upper: m.ciUpper,
      });
    }
  }
  const columns = [
    ...result.baseline.features,
    ...result.challenger.features,
    ...(result.predictions ?? []),
    result.label,
  ];
  return {
    rows: result.data.rows,
    columns: [...new Set(columns)],
    kinds: ['comparison'],
    metrics: flat,
    kindMetrics: { comparison: flat },
    quality,
    fairness: [],
  };
}
