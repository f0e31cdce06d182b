/**
 * The bias audit: for each protected attribute and each intersection of attributes (up to
 * `maxIntersectionDepth`), per-group rates (classification) or errors (regression), the
 * disparities between groups, and the NYC LL144 impact-ratio table. Every number comes from
 * stats/metrics (`ratesByGroup`, `fairlearnDisparities`, `aif360Disparities`, `fourFifthsRule`,
 * `ll144ImpactRatios`, `regressionBySegment`); this file only slices and names.
 *
 * Unknown groups (a null, '' or 'unknown' value in any of the slice's attributes) are reported
 * with their rates but left out of the disparities, as pandas' groupby drops missing keys under
 * Fairlearn and LL144 leaves the unknown category out of impact ratios.
 */
import {
  aif360Disparities,
  attributeCombinations,
  fairlearnDisparities,
  fourFifthsRule,
  INTERSECTION_SEPARATOR,
  ll144ImpactRatios,
  ratesByGroup,
  regressionBySegment,
  segmentRows,
} from '../../stats/metrics/index.js';
import type {
  GroupAttributes,
  GroupedRates,
  Ll144Table,
  Segment,
} from '../../stats/metrics/index.js';
import type { Report } from './progress.js';
import type {
  ClassificationDisparities,
  ClassificationGroup,
  EvaluationTask,
  FairnessResult,
  FairnessSlice,
  Ll144Result,
  ProtectedAttribute,
  RegressionDisparities,
  RegressionGroup,
} from './types.js';

export interface FairnessInput {
  task: EvaluationTask;
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
  attributes: readonly ProtectedAttribute[];
  maxIntersectionDepth: number;
  /** See `EvaluationOptions.favourableOutcome`; default 'positive'. */
  favourableOutcome?: 'positive' | 'negative';
}

/** The name a slice is reported under (see `FairnessSlice.name`). */
export function sliceName(combination: readonly string[], attributeCount: number): string {
  if (combination.length === 1) return combination[0] ?? '';
  if (combination.length === 2 && attributeCount === 2) return 'intersectional';
  return combination.join(INTERSECTION_SEPARATOR);
}

function rowsOf(attributes: readonly ProtectedAttribute[], n: number): GroupAttributes[] {
  return Array.from({ length: n }, (_, i) => {
    const row: Record<string, string | null> = {};
    for (const a of attributes) row[a.name] = a.values[i] ?? null;
    return row;
  });
}

function ll144Result(table: Ll144Table): Ll144Result {
  return {
    form: table.form,
    attributes: [...table.attributes],
    totalRows: table.totalRows,
    median: table.median,
    smallCategoryShare: table.smallCategoryShare,
    categories: table.categories.map((c) => ({
      group: c.key,
      values: { ...c.values },
      status: c.status,
      n: c.n,
      shareOfData: c.shareOfData,
      favourable: c.favourable,
      rate: c.rate,
      impactRatio: c.impactRatio,
      belowFourFifths: c.belowFourFifths,
    })),
    unknownCount: table.unknownCount,
    excludedCount: table.excludedCount,
    reference: table.reference,
    highestRate: table.highestRate,
  };
}

/** Disparities over the known groups of `rates` (see the module comment). */
export function classificationDisparities(
  rates: GroupedRates,
  unknownKeys: ReadonlySet<string>,
): ClassificationDisparities {
  const known: GroupedRates = {
    ...rates,
    groups: rates.groups.filter((g) => !unknownKeys.has(g.group)),
  };
  const fairlearn = fairlearnDisparities(known);
  const fourFifths = fourFifthsRule(known);
  const privileged = fourFifths.reference;
  // AIF360 needs both sides: the most selected known group against the others pooled.
  const disparateImpact =
    privileged !== null && known.groups.length >= 2
      ? aif360Disparities(known, { privileged: [privileged] }).disparateImpact
      : Number.NaN;
  return {
    demographic_parity_difference: fairlearn.demographicParityDifference,
    demographic_parity_ratio: fairlearn.demographicParityRatio,
    equalized_odds_difference: fairlearn.equalizedOddsDifference.worstCase,
    equal_opportunity_difference: fairlearn.equalOpportunityDifference,
    disparate_impact_ratio: disparateImpact,
    privileged_group: privileged,
    four_fifths: {
      reference: fourFifths.reference,
      any_below: fourFifths.ratios.some((r) => r.belowFourFifths),
      ratios: fourFifths.ratios.map((r) => ({
        group: r.key,
        selection_rate: r.rate,
        impact_ratio: r.impactRatio,
        below_four_fifths: r.belowFourFifths,
      })),
    },
    excluded_groups: rates.groups.filter((g) => unknownKeys.has(g.group)).map((g) => g.group),
  };
}

function spread(values: readonly number[]): number {
  const defined = values.filter((v) => !Number.isNaN(v));
  return defined.length === 0 ? Number.NaN : Math.max(...defined) - Math.min(...defined);
}

function classificationSlice(
  input: FairnessInput,
  rows: readonly GroupAttributes[],
  segments: readonly Segment[],
  combination: readonly string[],
): Pick<FairnessSlice, 'groups' | 'disparities' | 'll144'> {
  const keys = new Array<string>(input.labels.length);
  for (const s of segments) for (const i of s.indices) keys[i] = s.key;
  // Selection is the favourable decision: with `negative`, decisions and labels are both read
  // for the negative class (score < threshold selects; the "positive" label is y = 0).
  const flip = input.favourableOutcome === 'negative' ? 1 : 0;
  const selected = Uint8Array.from(input.scores, (s) => (s >= input.threshold ? 1 : 0) ^ flip);
  const labels = flip === 1 ? Float64Array.from(input.labels, (y) => 1 - y) : input.labels;
  const rates = ratesByGroup({ labels, predictions: selected }, keys);
  const unknownKeys = new Set(segments.filter((s) => s.unknown).map((s) => s.key));
  // ratesByGroup and segmentRows both sort groups by key (code-unit order): same order.
  const groups = rates.groups.map((g, k): ClassificationGroup => {
    const segment = segments[k];
    return {
      group: g.group,
      values: { ...segment?.values },
      unknown: segment?.unknown ?? false,
      n: g.n,
      selection_rate: g.selectionRate,
      tpr: g.truePositiveRate,
      fpr: g.falsePositiveRate,
      precision: g.precision,
    };
  });
  return {
    groups,
    disparities: classificationDisparities(rates, unknownKeys),
    ll144: ll144Result(ll144ImpactRatios({ rows, selected }, combination)),
  };
}

function regressionSlice(
  input: FairnessInput,
  rows: readonly GroupAttributes[],
  combination: readonly string[],
): Pick<FairnessSlice, 'groups' | 'disparities' | 'll144'> {
  const bySegment = regressionBySegment(
    { actual: input.labels, predicted: input.scores },
    rows,
    combination,
  );
  const groups = bySegment.map((s): RegressionGroup => ({
    group: s.key,
    values: { ...s.values },
    unknown: s.unknown,
    n: s.n,
    rmse: s.metrics.rmse,
    mae: s.metrics.mae,
  }));
  const known = bySegment.filter((s) => !s.unknown);
  const disparities: RegressionDisparities = {
    rmse_difference: spread(known.map((s) => s.metrics.rmse)),
    mae_difference: spread(known.map((s) => s.metrics.mae)),
    excluded_groups: bySegment.filter((s) => s.unknown).map((s) => s.key),
  };
  return {
    groups,
    disparities,
    ll144: ll144Result(ll144ImpactRatios({ rows, scores: input.scores }, combination)),
  };
}

/** The audit of every attribute and intersection, singles first (stats `attributeCombinations`). */
export function fairnessAudit(input: FairnessInput, report: Report = () => {}): FairnessResult {
  const names = input.attributes.map((a) => a.name);
  const rows = rowsOf(input.attributes, input.labels.length);
  const combinations = attributeCombinations(names, input.maxIntersectionDepth);
  const slices = combinations.map((combination, c): FairnessSlice => {
    const parts =
      input.task === 'binary-classification'
        ? classificationSlice(input, rows, segmentRows(rows, combination), combination)
        : regressionSlice(input, rows, combination);
    report(c + 1);
    return {
      name: sliceName(combination, names.length),
      attributes: [...combination],
      key: combination.join(INTERSECTION_SEPARATOR),
      ...parts,
    };
  });
  return { slices };
}

/** Number of slices `fairnessAudit` produces (for progress totals). */
export function sliceCount(attributes: number, maxDepth: number): number {
  let total = 0;
  let choose = 1;
  for (let k = 1; k <= Math.min(attributes, maxDepth); k++) {
    choose = (choose * (attributes - k + 1)) / k;
    total += choose;
  }
  return total;
}
