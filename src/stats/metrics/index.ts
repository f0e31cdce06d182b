/**
 * Performance and fairness metrics: pure functions, no IO. Formulas and conventions follow
 * `shared/reference/statistics.md` §6 (sklearn 1.9.1) and §7 (Fairlearn, AIF360, four-fifths,
 * NYC LL144); values are checked against the §9.4 toy set.
 *
 * Conventions of the whole module:
 * - Labels are 0/1 or booleans; 1/true is the positive class. Predictions from scores are
 *   `score >= threshold` (default 0.5).
 * - Malformed input (empty, unequal lengths, non-binary labels, non-finite numbers,
 *   probabilities outside [0, 1]) throws `ValidationError` with every issue coded.
 * - A metric that is undefined for well-formed data returns NaN: ROC AUC and KS with one class,
 *   average precision without positives, precision/recall/F1 and parity ratios at 0/0 (the
 *   latter can be set to 0 or 1 through `zeroDivision`, as sklearn's `zero_division`). Reports
 *   list such metrics in `undefinedMetrics`. NaN is not JSON: map it before canonical JSON.
 */
export type { BinaryLabel, ZeroDivision } from './inputs.js';
export {
  accuracy,
  confusionMatrix,
  f1Score,
  falsePositiveRate,
  precision,
  predictFromScores,
  recall,
  selectionRate,
} from './confusion.js';
export type { ConfusionMatrix, ZeroDivisionOptions } from './confusion.js';
export {
  averagePrecision,
  averagePrecisionOfCurve,
  binaryCurve,
  ksStatistic,
  precisionRecallAucTrapezoid,
  rocAuc,
  rocAucOfCurve,
  rocCurve,
} from './ranking.js';
export type { BinaryCurve, RocCurve } from './ranking.js';
export { fastBinaryCurve } from './fast-binary-curve.js';
export {
  brierTerms,
  logLossTerms,
  rankScores,
  reliabilityRows,
  weightedBinaryCurve,
  weightedConfusion,
  weightedMean,
  weightedRegressionMetrics,
  weightedReliabilityTable,
} from './weighted.js';
export type { ReliabilityRows, ScoreRanking, WeightedRegressionMetrics } from './weighted.js';
export {
  brierScore,
  eceOfTable,
  expectedCalibrationError,
  LOG_LOSS_EPS,
  logLoss,
  reliabilityTable,
} from './calibration.js';
export type {
  CalibrationBinRule,
  CalibrationForm,
  CalibrationOptions,
  ReliabilityBin,
  ReliabilityTable,
} from './calibration.js';
export { classificationReport } from './classification-report.js';
export type {
  BinaryClassificationData,
  ClassificationReport,
  ClassificationReportOptions,
  ScoreMetrics,
} from './classification-report.js';
export {
  MAPE_EPSILON,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  regressionReport,
  rootMeanSquaredError,
} from './regression.js';
export type { R2Options, RegressionData, RegressionReport } from './regression.js';
export {
  attributeCombinations,
  classificationBySegment,
  INTERSECTION_SEPARATOR,
  regressionBySegment,
  segmentKeys,
  segmentRows,
  UNKNOWN_VALUE,
} from './segments.js';
export type {
  AttributeValue,
  GroupAttributes,
  Segment,
  SegmentOptions,
  SegmentResult,
} from './segments.js';
export { ratesByGroup } from './group-rates.js';
export type { GroupedRates, GroupRates, GroupRatesOptions } from './group-rates.js';
export { aif360Disparities, fairlearnDisparities, fourFifthsRule } from './fairness.js';
export type {
  Aif360Disparities,
  Aif360Options,
  FairlearnDisparities,
  FairlearnMethod,
  OddsAggregate,
} from './fairness.js';
export { impactRatios } from './four-fifths.js';
export type { ImpactRatio, ImpactRatioTable, OutcomeCount } from './four-fifths.js';
export { LL144_SMALL_CATEGORY_SHARE, ll144BiasAudit, ll144ImpactRatios, median } from './ll144.js';
export type {
  Ll144Audit,
  Ll144AuditAttributes,
  Ll144Category,
  Ll144Data,
  Ll144Form,
  Ll144Options,
  Ll144Status,
  Ll144Table,
} from './ll144.js';
