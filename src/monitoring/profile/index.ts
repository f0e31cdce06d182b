/**
 * Mergeable monitoring profiles: pure code, no IO. Clients (or `profile-file/`) profile data close
 * to where it lives and send the profile; the server validates it (`datasetProfileSchema`) and
 * merges profiles per window. Design after whylogs and NannyML (statistics.md §5).
 *
 * ## A profile
 *
 * `DatasetProfile` is plain JSON: `{ profileVersion: 1, rowCount, columns: ColumnProfile[] }`,
 * columns in order of first appearance. Per column:
 *
 * - `count` (= rowCount), `missing` (null, undefined, NaN, '' and, in text, the missing tokens;
 *   rows without the column), `kinds` = { numeric, boolean, string } counts of the other values,
 *   and `type` inferred from kinds alone: one kind → numeric / boolean / categorical, several →
 *   mixed, none → empty. Being a function of counts, the type merges exactly.
 * - `numeric` (numbers): `count` finite values, `infinite` (±∞ are kept out of everything else),
 *   exact `min`/`max`, `mean` and `m2`/`m3` (Σ(x−x̄)², Σ(x−x̄)³: Welford updates, Chan/Pébay
 *   merges), a KLL quantile `sketch`, and `bins` when built against a reference: exact counts in
 *   the reference's edges, plus underflow and overflow.
 * - `categorical` (strings; booleans as 'true'/'false'): `count`, `capacity`, `items` = counters
 *   [value, count] by count desc, and a HyperLogLog `hll` (base64 registers).
 *
 * ## Error bounds
 *
 * | part | guarantee |
 * |---|---|
 * | counts, kinds, min/max, bin counts | exact, merges exact |
 * | mean, variance | exact up to floating rounding (tests: 1e-12 relative after merges) |
 * | quantile, cdf | numpy type 7 / exact ECDF while the sketch has not compacted (n ≤ ~k); then rank error ≤ 2.296/k^0.9723 at 99% confidence (k = 200: 1.33%; DataSketches' fit for KLL; 1.65% for differences of two ranks) |
 * | frequencies | exact while ≤ capacity distinct values (default 1000); then Misra–Gries: f̂ ≤ f ≤ f̂ + other/(⌊capacity/2⌋+1), every value above N/(⌊capacity/2⌋+1) listed |
 * | distinct count | exact while frequencies are; else HyperLogLog, relative standard error 1.04/√m (p = 12: 1.63%) |
 *
 * ## Reference bins
 *
 * `profileRows(rows, { reference, binRule })` counts each numeric column into the reference
 * column's bins; a reference column without bins gets edges fitted by `binRule` (bins.ts: numpy's
 * sturges / doane / fd, `{ quantiles: B }`, or `{ edges }`). Default `{ quantiles: 10 }`: the
 * reference deciles of textbook PSI (statistics.md §3.3(b)); `histogram(col, { openEnds: true })`
 * folds under/overflow into the end bins as its ±∞ ends. Sturges and Doane are exact from a
 * profile (they need n, min, max, σ, g₁); fd and quantile edges come from the sketch, exact for a
 * reference under ~k values. For exact edges of a large reference, profile it once, fit, and
 * profile it again against itself (two passes): the reference then carries exact counts too.
 *
 * ## Merge
 *
 * `mergeProfiles(a, b)` is the profile of a's rows then b's: see merge.ts. Profiles built
 * against different edges are refused (ValidationError). KLL merges are randomised but
 * deterministic: the coin state is part of the sketch.
 *
 * ## Determinism
 *
 * The same rows in the same order with the same options give the same profile, byte for byte.
 */
export {
  datasetProfileShapeSchema,
  columnProfileSchema,
  numericProfileSchema,
  categoricalProfileSchema,
  type DatasetProfile,
  type ColumnProfile,
  type ColumnType,
  type NumericProfile,
  type CategoricalProfile,
  type BinsProfile,
  type HllState,
} from './schema.js';
export { datasetProfileSchema, parseProfile } from './parse-profile.js';
export {
  ProfileBuilder,
  profileRows,
  PROFILE_DEFAULTS,
  type ProfileOptions,
} from './profile-builder.js';
export type { ColumnAccumulator } from './column-accumulator.js';
export type { Counter } from './frequent-items.js';
export { mergeProfiles, mergeAll } from './merge.js';
export {
  getColumn,
  quantile,
  cdf,
  rankError,
  histogram,
  frequencies,
  distinctCount,
  moments,
  referenceEdges,
  binFitInputOfColumn,
  type Histogram,
} from './accessors.js';
export {
  fitBinEdges,
  binFitInputOf,
  quantileSorted,
  DEFAULT_BIN_RULE,
  MAX_BINS,
  type BinRule,
  type BinRuleName,
  type BinFitInput,
} from './bins.js';
export { rankErrorBound, pmfErrorBound } from './kll.js';
export { hllStandardError } from './hll.js';
export { classifyText, DEFAULT_MISSING_TOKENS, type TextValue } from './text-value.js';
export { seededRandom } from './random.js';
