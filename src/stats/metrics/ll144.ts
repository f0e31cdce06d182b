/**
 * NYC Local Law 144 bias-audit impact ratios (DCWP rules 6 RCNY §5-301; regulations.md §7.1,
 * statistics.md §7.2).
 *
 * - Selection-rate form: selection rate = selected / total in a category; impact ratio = that
 *   rate / the rate of the most selected category.
 * - Scoring-rate form (tools that output a score): scoring rate = share of a category scoring
 *   strictly ABOVE the median score of the sample; impact ratio = that rate / the highest
 *   scoring rate. "Above" as strictly greater is the common reading; tie handling is
 *   unverified in the primary text.
 * - Categories: sex, race/ethnicity and their intersection, each combination a category.
 * - Unknown category (attribute missing or declared unknown): its count is reported, it is not
 *   a category of the impact-ratio calculation.
 * - Small categories: the rule lets an auditor exclude a category holding under 2 % of the audit
 *   data from the impact-ratio calculation; its count and rate are still reported, and the audit
 *   summary must give the justification. Applied by default at 2 % (`smallCategoryShare`), share
 *   taken over all audit rows including unknowns; set 0 to keep every category.
 * - LL144 sets no pass/fail line; `belowFourFifths` is the customary UGESP flag (< 0.8).
 */
import { impactRatios } from './four-fifths.js';
import { invalid, requireSameLength, toBinary, toFinite } from './inputs.js';
import type { BinaryLabel } from './inputs.js';
import { segmentRows } from './segments.js';
import type { GroupAttributes, SegmentOptions } from './segments.js';

/** The 2 % small-category threshold of 6 RCNY §5-301. */
export const LL144_SMALL_CATEGORY_SHARE = 0.02;

export interface Ll144Data {
  readonly rows: readonly GroupAttributes[];
  /** Selection-rate form: 1/true when the row was selected (advanced, hired, promoted). */
  readonly selected?: ArrayLike<BinaryLabel>;
  /** Scoring-rate form: the tool's score for each row, on any finite scale. */
  readonly scores?: ArrayLike<number>;
}

export interface Ll144Options extends SegmentOptions {
  /** Categories with a share of rows below this are excluded from ratios; default 0.02. */
  readonly smallCategoryShare?: number;
  /**
   * Rows whose scores define the median (scoring-rate form): `'all'` (default, every assessed
   * row, unknown categories included) or `'known'`. The rule says "the sample"; unverified.
   */
  readonly medianOver?: 'all' | 'known';
}

export type Ll144Form = 'selection-rate' | 'scoring-rate';

/** `included` in ratios, `excluded-small` (under the share threshold), or `unknown`. */
export type Ll144Status = 'included' | 'excluded-small' | 'unknown';

export interface Ll144Category {
  readonly key: string;
  readonly values: Readonly<Record<string, string>>;
  readonly status: Ll144Status;
  /** Rows in the category (the "number of applicants"). */
  readonly n: number;
  readonly shareOfData: number;
  /** Selected rows, or rows scoring above the median. */
  readonly favourable: number;
  /** Selection rate or scoring rate. */
  readonly rate: number;
  /** rate / highest included rate; null unless included; NaN when every included rate is 0. */
  readonly impactRatio: number | null;
  readonly belowFourFifths: boolean | null;
}

export interface Ll144Table {
  readonly form: Ll144Form;
  readonly attributes: readonly string[];
  readonly totalRows: number;
  /** The sample median score (scoring-rate form), else null. */
  readonly median: number | null;
  readonly smallCategoryShare: number;
  readonly categories: readonly Ll144Category[];
  /** Rows in an unknown category: reported, not used in the calculation. */
  readonly unknownCount: number;
  /** Rows in categories excluded as small. */
  readonly excludedCount: number;
  /** The included category with the highest rate (the impact-ratio denominator). */
  readonly reference: string | null;
  readonly highestRate: number;
}

/** numpy `median`: the middle value, or the mean of the two middle values. */
export function median(values: ArrayLike<number>): number {
  const sorted = Float64Array.from(values).sort();
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function favourableFlags(
  data: Ll144Data,
  knownRows: (i: number) => boolean,
  medianOver: 'all' | 'known',
): { form: Ll144Form; flags: Uint8Array; median: number | null } {
  if ((data.selected === undefined) === (data.scores === undefined)) {
    invalid('invalid_input', ['selected'], 'give exactly one of selected or scores');
  }
  if (data.selected !== undefined) {
    requireSameLength({ rows: data.rows, selected: data.selected });
    return { form: 'selection-rate', flags: toBinary(data.selected, 'selected'), median: null };
  }
  requireSameLength({ rows: data.rows, scores: data.scores ?? [] });
  const scores = toFinite(data.scores ?? [], 'scores');
  const sample = medianOver === 'all' ? scores : scores.filter((_, i) => knownRows(i));
  const m = median(sample);
  return {
    form: 'scoring-rate',
    flags: Uint8Array.from(scores, (s) => (s > m ? 1 : 0)),
    median: m,
  };
}

/**
 * Impact ratios of the categories defined by `attributes` (one attribute, or several for their
 * intersection), in the selection-rate form when `data.selected` is given and the scoring-rate
 * form when `data.scores` is.
 */
export function ll144ImpactRatios(
  data: Ll144Data,
  attributes: readonly string[],
  options: Ll144Options = {},
): Ll144Table {
  const share = options.smallCategoryShare ?? LL144_SMALL_CATEGORY_SHARE;
  if (!(share >= 0 && share < 1)) {
    invalid('invalid_option', ['smallCategoryShare'], 'smallCategoryShare must be in [0, 1)');
  }
  const medianOver = options.medianOver ?? 'all';
  if (medianOver !== 'all' && medianOver !== 'known') {
    invalid('invalid_option', ['medianOver'], "medianOver must be 'all' or 'known'");
  }
  if (data.rows.length === 0) invalid('empty', ['rows'], 'rows is empty');
  const segments = segmentRows(data.rows, attributes, options);
  const unknownRow = new Uint8Array(data.rows.length);
  for (const s of segments) if (s.unknown) for (const i of s.indices) unknownRow[i] = 1;
  const { form, flags, median: m } = favourableFlags(data, (i) => unknownRow[i] === 0, medianOver);
  const total = data.rows.length;
  const counted = segments.map((s) => {
    const favourable = s.indices.reduce((sum, i) => sum + (flags[i] ?? 0), 0);
    const shareOfData = s.indices.length / total;
    const status: Ll144Status = s.unknown
      ? 'unknown'
      : shareOfData < share
        ? 'excluded-small'
        : 'included';
    return { segment: s, favourable, shareOfData, status };
  });
  const table = impactRatios(
    counted
      .filter((c) => c.status === 'included')
      .map((c) => ({
        key: c.segment.key,
        favourable: c.favourable,
        total: c.segment.indices.length,
      })),
  );
  const ratioOf = new Map(table.ratios.map((r) => [r.key, r]));
  const rowsWith = (status: Ll144Status) =>
    counted
      .filter((c) => c.status === status)
      .reduce((sum, c) => sum + c.segment.indices.length, 0);
  return {
    form,
    attributes: [...attributes],
    totalRows: total,
    median: m,
    smallCategoryShare: share,
    categories: counted.map((c): Ll144Category => {
      const ratio = ratioOf.get(c.segment.key);
      return {
        key: c.segment.key,
        values: c.segment.values,
        status: c.status,
        n: c.segment.indices.length,
        shareOfData: c.shareOfData,
        favourable: c.favourable,
        rate: c.favourable / c.segment.indices.length,
        impactRatio: ratio?.impactRatio ?? null,
        belowFourFifths: ratio?.belowFourFifths ?? null,
      };
    }),
    unknownCount: rowsWith('unknown'),
    excludedCount: rowsWith('excluded-small'),
    reference: table.reference,
    highestRate: table.highestRate,
  };
}

export interface Ll144AuditAttributes {
  /** Row attribute holding sex; default 'sex'. */
  readonly sex?: string;
  /** Row attribute holding race/ethnicity (EEO-1 categories); default 'race_ethnicity'. */
  readonly raceEthnicity?: string;
}

export interface Ll144Audit {
  readonly sex: Ll144Table;
  readonly raceEthnicity: Ll144Table;
  /** Every sex × race/ethnicity combination as one category. */
  readonly intersectional: Ll144Table;
}

/** The three tables an LL144 bias audit reports: sex, race/ethnicity, and their intersection. */
export function ll144BiasAudit(
  data: Ll144Data,
  attributes: Ll144AuditAttributes = {},
  options: Ll144Options = {},
): Ll144Audit {
  const sex = attributes.sex ?? 'sex';
  const race = attributes.raceEthnicity ?? 'race_ethnicity';
  return {
    sex: ll144ImpactRatios(data, [sex], options),
    raceEthnicity: ll144ImpactRatios(data, [race], options),
    intersectional: ll144ImpactRatios(data, [sex, race], options),
  };
}
