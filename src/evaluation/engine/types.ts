/**
 * Inputs and results of the evaluation engine. Results are plain JSON: numbers are finite
 * doubles or null (a metric undefined for the data, listed by path in `undefinedMetrics`),
 * arrays keep a fixed order, and nothing depends on object-key or Map iteration surprises
 * (groups and features are arrays, never objects keyed by data values).
 */

/**
 * Runs the model: `features` is row-major, `rows` × (number of features). Returns one score per
 * row: the probability of the positive class, or the regression prediction. The engine reuses
 * the buffer between calls once the promise settles, so a scorer must not keep it.
 */
export type Scorer = (features: Float32Array, rows: number) => Promise<Float64Array>;

/**
 * One model input column. `categorical` columns hold numeric category codes; columns sharing a
 * `oneHotGroup` are the 0/1 indicators of one variable and are perturbed and permuted together.
 */
export interface FeatureSpec {
  name: string;
  type: 'numeric' | 'categorical';
  oneHotGroup?: string;
}

export type EvaluationTask = 'binary-classification' | 'regression';

/** Tuning of the evaluation; every field is optional and has a default (`ResolvedOptions`). */
export interface EvaluationOptions {
  /** Bootstrap resamples for quality intervals; default 200; 0 gives no intervals. */
  bootstrapResamples?: number | undefined;
  /** Two-sided confidence of the intervals; default 0.95. */
  confidence?: number | undefined;
  /** Shuffles per feature for permutation importance; default 5; 0 skips importance. */
  permutationRepeats?: number | undefined;
  /** Gaussian-noise scales in units of each feature's std; default [0.1, 0.25, 0.5]. */
  noiseScales?: number[] | undefined;
  /** Rows sampled for the minimal-flip search; default 100; 0 skips it. */
  flipSearchSample?: number | undefined;
  /** Equal-width calibration bins on [0, 1]; default 10. */
  calibrationBins?: number | undefined;
  /** Largest number of protected attributes intersected; default 2. */
  maxIntersectionDepth?: number | undefined;
  /**
   * Which decision the bias audit counts as selection (classification): `positive` (score ≥
   * threshold, e.g. hired) or `negative` (e.g. a default model, where approval is score <
   * threshold); with `negative` labels and decisions are both read for the favourable outcome,
   * as AIF360's favourable label. Default `positive`.
   */
  favourableOutcome?: 'positive' | 'negative' | undefined;
  /** Run the perturbations and the minimal-flip search (when the model can run); default true. */
  robustness?: boolean | undefined;
}

/** The options an evaluation actually used (recorded in the result). */
export interface ResolvedOptions {
  bootstrapResamples: number;
  confidence: number;
  permutationRepeats: number;
  noiseScales: number[];
  flipSearchSample: number;
  calibrationBins: number;
  maxIntersectionDepth: number;
  favourableOutcome: 'positive' | 'negative';
  robustness: boolean;
}

export interface ProtectedAttribute {
  name: string;
  /** One value per row; null (or '', 'unknown') is the unknown category. */
  values: (string | null)[];
}

export interface EvaluationModel {
  features: FeatureSpec[];
  /** Row-major, rows × features.length, finite. */
  matrix: Float32Array;
  scorer: Scorer;
}

export interface EvaluationInput {
  task: EvaluationTask;
  /** 0/1 for classification. */
  labels: Float64Array;
  /** The model's scores on the unperturbed data, or a user-supplied predictions column. */
  scores: Float64Array;
  /** Decision threshold: positive when score >= threshold; default 0.5. */
  threshold?: number | undefined;
  protectedAttributes?: ProtectedAttribute[] | undefined;
  /** Present when the model can be run; robustness and importance need it. */
  model?: EvaluationModel | undefined;
  /** Unsigned 32-bit integer seeding every random draw. */
  seed: number;
  options?: EvaluationOptions | undefined;
}

export interface ComparisonInput {
  task: EvaluationTask;
  labels: Float64Array;
  threshold?: number | undefined;
  seed: number;
  /** The baseline (champion). */
  scoresA: Float64Array;
  /** The challenger. */
  scoresB: Float64Array;
  /** Only `bootstrapResamples`, `confidence` and `calibrationBins` are used. */
  options?: EvaluationOptions | undefined;
}

/** Called between units of work: `stage` is one of `EVALUATION_STAGES`. */
export type ProgressCallback = (stage: string, done: number, total: number) => void;

export const CLASSIFICATION_METRICS = [
  'accuracy',
  'precision',
  'recall',
  'f1',
  'roc_auc',
  'pr_auc',
  'log_loss',
  'brier',
  'ece',
] as const;
export type ClassificationMetricName = (typeof CLASSIFICATION_METRICS)[number];

export const REGRESSION_METRICS = ['rmse', 'mae', 'mape', 'r2'] as const;
export type RegressionMetricName = (typeof REGRESSION_METRICS)[number];

/** A point estimate with its percentile-bootstrap interval. */
export interface MetricEstimate {
  value: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Resamples in which the metric was defined (the interval is over these). */
  definedResamples: number;
}

export interface BootstrapSettings {
  method: 'percentile';
  resamples: number;
  confidence: number;
}

export interface ConfusionCounts {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

export interface ClassificationQuality {
  task: 'binary-classification';
  n: number;
  positives: number;
  negatives: number;
  threshold: number;
  confusion: ConfusionCounts;
  /** pr_auc is average precision (sklearn `average_precision_score`); ece uses the calibration bins. */
  metrics: Record<ClassificationMetricName, MetricEstimate>;
  bootstrap: BootstrapSettings;
}

export interface RegressionQuality {
  task: 'regression';
  n: number;
  /** mape is a fraction (0.1 = 10 %). */
  metrics: Record<RegressionMetricName, MetricEstimate>;
  bootstrap: BootstrapSettings;
}

export type QualityResult = ClassificationQuality | RegressionQuality;

export interface ClassificationGroup {
  /** The group's values joined with ' × ' (one value for a single attribute). */
  group: string;
  values: Record<string, string>;
  /** True when any of its attributes is unknown (such groups are left out of disparities). */
  unknown: boolean;
  n: number;
  selection_rate: number | null;
  tpr: number | null;
  fpr: number | null;
  precision: number | null;
}

export interface RegressionGroup {
  group: string;
  values: Record<string, string>;
  unknown: boolean;
  n: number;
  rmse: number | null;
  mae: number | null;
}

export interface FourFifthsEntry {
  group: string;
  selection_rate: number | null;
  impact_ratio: number | null;
  below_four_fifths: boolean;
}

/** Disparities between the known groups of one slice (Fairlearn between-groups, unsigned). */
export interface ClassificationDisparities {
  demographic_parity_difference: number | null;
  demographic_parity_ratio: number | null;
  /** Fairlearn worst case: max(TPR difference, FPR difference). */
  equalized_odds_difference: number | null;
  equal_opportunity_difference: number | null;
  /** AIF360 disparate impact: the other known groups pooled over `privileged_group`. */
  disparate_impact_ratio: number | null;
  /** The known group with the highest selection rate (the four-fifths reference). */
  privileged_group: string | null;
  four_fifths: { reference: string | null; any_below: boolean; ratios: FourFifthsEntry[] };
  /** Unknown groups, reported above but not used here. */
  excluded_groups: string[];
}

export interface RegressionDisparities {
  /** Largest minus smallest group RMSE among the known groups. */
  rmse_difference: number | null;
  mae_difference: number | null;
  excluded_groups: string[];
}

export interface Ll144CategoryResult {
  group: string;
  values: Record<string, string>;
  status: 'included' | 'excluded-small' | 'unknown';
  n: number;
  shareOfData: number;
  favourable: number;
  rate: number | null;
  impactRatio: number | null;
  belowFourFifths: boolean | null;
}

/** One NYC LL144 impact-ratio table (stats `ll144ImpactRatios`). */
export interface Ll144Result {
  form: 'selection-rate' | 'scoring-rate';
  attributes: string[];
  totalRows: number;
  median: number | null;
  smallCategoryShare: number;
  categories: Ll144CategoryResult[];
  unknownCount: number;
  excludedCount: number;
  reference: string | null;
  highestRate: number | null;
}

/** The audit of one attribute or one intersection of attributes. */
export interface FairnessSlice {
  /** The attribute's name; 'intersectional' for the intersection of exactly two attributes;
   * otherwise the attribute names joined with ' × '. */
  name: string;
  attributes: string[];
  /** The attribute names joined with ' × '. */
  key: string;
  groups: ClassificationGroup[] | RegressionGroup[];
  disparities: ClassificationDisparities | RegressionDisparities;
  ll144: Ll144Result;
}

export interface FairnessResult {
  slices: FairnessSlice[];
}

export interface CalibrationBin {
  lower: number;
  upper: number;
  count: number;
  meanScore: number | null;
  observedRate: number | null;
}

export interface CalibrationResult {
  binRule: 'right-closed';
  form: 'binary';
  n: number;
  ece: number | null;
  bins: CalibrationBin[];
}

export type PerturbationKind = 'gaussian-noise' | 'feature-dropout' | 'category-swap';

export interface PerturbationResult {
  kind: PerturbationKind;
  /** The feature or one-hot group perturbed; null for noise (every numeric feature). */
  feature: string | null;
  /** Noise scale in feature stds; null for other kinds. */
  scale: number | null;
  /** The primary metric (roc_auc or rmse) on the perturbed data. */
  value: number | null;
  /** value − baseline. */
  change: number | null;
  /** Classification: share of rows whose thresholded decision changed. */
  flipRate: number | null;
  /** Regression: mean |perturbed prediction − baseline prediction|. */
  meanAbsolutePredictionChange: number | null;
}

export interface SkippedPerturbation {
  kind: PerturbationKind;
  feature: string | null;
  reason: string;
}

export interface FlipRow {
  row: number;
  /** Smallest single-feature change (in that feature's std) that flips the decision. */
  distance: number | null;
  feature: string | null;
  direction: 'increase' | 'decrease' | null;
}

export interface FlipSearchResult {
  sampledRows: number;
  /** Numeric features with a positive std, in model order. */
  features: string[];
  maxDistance: number;
  gridStep: number;
  tolerance: number;
  rows: FlipRow[];
  summary: {
    withinStd: { std: number; share: number }[];
    /** Median distance over the rows that flip within `maxDistance`. */
    medianDistance: number | null;
    flippable: number;
    countByFeature: { feature: string; count: number }[];
  };
}

export interface RobustnessResult {
  metric: 'roc_auc' | 'rmse';
  baseline: {
    value: number | null;
    /** max |scorer(matrix) − scores|: large values mean the scores are not this model's. */
    maxAbsDifferenceFromScores: number;
  };
  perturbations: PerturbationResult[];
  skipped: SkippedPerturbation[];
  flipSearch: FlipSearchResult | null;
}

export interface FeatureImportance {
  /** The feature, or the one-hot group permuted as one unit. */
  feature: string;
  columns: string[];
  mean: number | null;
  /** Population std (ddof = 0, as numpy). */
  std: number | null;
  values: (number | null)[];
}

export interface ImportanceResult {
  /** Importance = baseline − permuted: roc_auc, or neg_rmse (−RMSE) for regression. */
  metric: 'roc_auc' | 'neg_rmse';
  baseline: number | null;
  repeats: number;
  /** Sorted by mean, descending (model order on ties). */
  features: FeatureImportance[];
}

export interface EvaluationResult {
  task: EvaluationTask;
  seed: number;
  threshold: number;
  options: ResolvedOptions;
  quality: QualityResult;
  fairness: FairnessResult | null;
  calibration: CalibrationResult | null;
  robustness: RobustnessResult | null;
  importance: ImportanceResult | null;
  /** Paths of every value above that is null because it is undefined for the data. */
  undefinedMetrics: string[];
}

export interface MetricComparison {
  a: number | null;
  b: number | null;
  /** b − a. */
  difference: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  excludesZero: boolean;
  definedResamples: number;
}

export interface ComparisonResult {
  task: EvaluationTask;
  seed: number;
  threshold: number;
  n: number;
  options: { bootstrapResamples: number; confidence: number; calibrationBins: number };
  bootstrap: BootstrapSettings;
  metrics:
    | Record<ClassificationMetricName, MetricComparison>
    | Record<RegressionMetricName, MetricComparison>;
  undefinedMetrics: string[];
}
