/**
 * Mergeable monitoring profiles: pure code, no IO. Clients (or `profile-file/`) profile data close
 * to where it lives and send the profile; the server validates it (`datasetProfileSchema`) and
 * merges profiles per window. Design after whylogs and NannyML (statistics.md §5).
 *
 * ## A profile
 *
 * `DatasetProfile` is plain JSON (numbers, strings, arrays, objects), validated by
 * `datasetProfileSchema` (shape and consistency) and typed from it:
 *
 *     { "profileVersion": 1, "rowCount": 3, "columns": [
 *       { "name": "age", "type": "numeric", "count": 3, "missing": 1,
 *         "kinds": { "numeric": 2, "boolean": 0, "string": 0 },
 *         "numeric": { "count": 2, "infinite": 0, "min": 31, "max": 47, "mean": 39, "m2": 128,
 *           "m3": 0, "sketch": { "k": 200, "n": 2, "rng": 24301, "levels": [[31, 47]] },
 *           "bins": { "rule": "edges", "edges": [18, 30, 45, 90], "counts": [0, 1, 1],
 *             "underflow": 0, "overflow": 0 } } },
 *       { "name": "plan", "type": "categorical", "count": 3, "missing": 0,
 *         "kinds": { "numeric": 0, "boolean": 0, "string": 3 },
 *         "categorical": { "count": 3, "capacity": 1000, "items": [["pro", 2], ["free", 1]],
 *           "hll": { "precision": 12, "registers": "<base64 of 4096 bytes>" } } } ] }
 *
 * Columns appear in order of first appearance. Per column:
 *
 * - `count` (= rowCount), `missing` (null, undefined, NaN, '' and, in text cells, the missing
 *   tokens; rows without the column), `kinds` = counts of the other values by kind, and `type`,
 *   inferred from kinds alone: one kind → numeric / boolean / categorical, several → mixed,
 *   none → empty. Being a function of counts, the type merges exactly.
 * - `numeric` (numbers): `count` finite values, `infinite` (±∞, kept out of everything else),
 *   exact `min`/`max` (null without finite values), `mean`, `m2` = Σ(x−x̄)², `m3` = Σ(x−x̄)³
 *   (Welford updates, Chan/Pébay merges), a KLL `sketch` (level h holds items of weight 2^h), and
 *   `bins` when built against a reference: exact counts in the reference's edges.
 * - `categorical` (strings; booleans as 'true'/'false'): `count`, `capacity`, `items` = counters
 *   [value, count] by count desc then value, and a HyperLogLog `hll`.
 *
 * ## Error bounds
 *
 * | part | guarantee |
 * |---|---|
 * | counts, kinds, min/max, bin counts | exact, merges exact |
 * | mean, variance | exact up to floating rounding (tests: 1e-12 relative after merges) |
 * | quantile, cdf | numpy type 7 / exact ECDF while the sketch has not compacted (n ≤ k); then rank error ≤ 2.296/k^0.9723 at 99% confidence (k = 200: 1.33%; DataSketches' empirical fit for this KLL design; 2.446/k^0.9433 = 1.65% for a difference of two ranks). Tests: ≤ bound on 100k values, whole and merged |
 * | frequencies | exact while ≤ capacity distinct values (default 1000); then Misra–Gries: f̂ ≤ f ≤ f̂ + other/(⌊capacity/2⌋+1), every value above N/(⌊capacity/2⌋+1) listed |
 * | distinct count | exact while frequencies are; else HyperLogLog, relative standard error 1.04/√m (p = 12: 1.63%) |
 *
 * ## Reference bins
 *
 * `profileRows(rows, { reference, binRule })` counts each numeric column into the reference
 * column's bins; a reference column without bins gets edges fitted by `binRule` (bins.ts: numpy's
 * sturges / doane / fd, `{ quantiles: B }`, or `{ edges }`). Default `{ quantiles: 10 }`: the
 * reference deciles of textbook PSI (statistics.md §3.3(b)); `histogram(col, { openEnds: true })`
 * folds under/overflow into the end bins as its ±∞ ends. From a profile, Sturges and Doane edges
 * match numpy's to the last bits (they need n, min, max, σ, g₁, all kept exactly up to
 * rounding); fd and quantile edges use the sketch: numpy's exactly while it holds every value
 * (n ≤ k), else within its rank error. Once fitted, edges are fixed and counts into them exact.
 * For exact reference counts too, profile the reference a second time against its own first
 * profile (two passes over the reference). `fitBinEdges(binFitInputOf(values), rule)` gives
 * numpy's edges bit for bit from raw values.
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
