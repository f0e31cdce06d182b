/**
 * The evaluation engine: a pure computation of a model's pre-deployment evaluation from data in
 * memory (quality with bootstrap intervals, bias audit, calibration, robustness, minimal-flip
 * search, permutation importance) and of a paired champion/challenger comparison. No IO, no
 * clock; every random draw comes from the input seed, so equal inputs give byte-identical JSON.
 * Metric formulas are those of stats/metrics (statistics.md §6–§7), shared, not re-implemented.
 */
export { evaluateModel } from './evaluate-model.js';
export { compareModels } from './compare.js';
export { DEFAULT_OPTIONS } from './evaluation-options.js';
export { EVALUATION_ISSUE_CODES } from './issues.js';
export type { EvaluationIssueCode } from './issues.js';
export { EVALUATION_STAGES } from './progress.js';
export { CLASSIFICATION_METRICS, REGRESSION_METRICS } from './types.js';
export type {
  BootstrapSettings,
  CalibrationBin,
  CalibrationResult,
  ClassificationDisparities,
  ClassificationGroup,
  ClassificationMetricName,
  ClassificationQuality,
  ComparisonInput,
  ComparisonResult,
  ConfusionCounts,
  EvaluationInput,
  EvaluationModel,
  EvaluationOptions,
  EvaluationResult,
  EvaluationTask,
  FairnessResult,
  FairnessSlice,
  FeatureImportance,
  FeatureSpec,
  FlipRow,
  FlipSearchResult,
  FourFifthsEntry,
  ImportanceResult,
  Ll144CategoryResult,
  Ll144Result,
  MetricComparison,
  MetricEstimate,
  PerturbationKind,
  PerturbationResult,
  ProgressCallback,
  ProtectedAttribute,
  QualityResult,
  RegressionDisparities,
  RegressionGroup,
  RegressionMetricName,
  RegressionQuality,
  ResolvedOptions,
  RobustnessResult,
  Scorer,
  SkippedPerturbation,
} from './types.js';
