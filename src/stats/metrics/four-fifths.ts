/**
 * Impact ratios and the four-fifths rule (statistics.md §7.2; UGESP 29 CFR §1607.4(D)): a
 * group's favourable-outcome rate divided by the highest group rate, flagged when below 4/5.
 */
import { invalid } from './inputs.js';

/** Favourable outcomes (selections, scores above the median, ...) out of a group's total. */
export interface OutcomeCount {
  readonly key: string;
  readonly favourable: number;
  readonly total: number;
}

export interface ImpactRatio {
  readonly key: string;
  readonly rate: number;
  /** rate / highest rate; NaN when every rate is 0 (no group is selected at all). */
  readonly impactRatio: number;
  /** impactRatio < 0.8, decided exactly on the counts (see `impactRatios`). */
  readonly belowFourFifths: boolean;
}

export interface ImpactRatioTable {
  readonly ratios: readonly ImpactRatio[];
  /** Key of the group with the highest rate (the first in input order on a tie); null if empty. */
  readonly reference: string | null;
  readonly highestRate: number;
}

/**
 * Impact ratio of each group against the highest rate among `counts`. The flag is decided on
 * the integer counts (5·a·N < 4·A·n, in BigInt), so a ratio exactly on the line — 0.4/0.5 in
 * the §9.4 scoring-rate example — is never flagged by a rounding error. Groups with total 0
 * are not allowed (a category with no rows does not exist).
 */
export function impactRatios(counts: readonly OutcomeCount[]): ImpactRatioTable {
  let best: OutcomeCount | null = null;
  for (const [i, c] of counts.entries()) {
    const valid =
      Number.isSafeInteger(c.total) && c.total > 0 && Number.isSafeInteger(c.favourable);
    if (!valid || c.favourable < 0 || c.favourable > c.total) {
      invalid(
        'invalid_count',
        ['counts', i],
        `group ${c.key}: need integers 0 <= favourable <= total, total > 0`,
      );
    }
    if (
      best === null ||
      BigInt(c.favourable) * BigInt(best.total) > BigInt(best.favourable) * BigInt(c.total)
    ) {
      best = c;
    }
  }
  if (best === null) return { ratios: [], reference: null, highestRate: Number.NaN };
  const top = best;
  const highestRate = top.favourable / top.total;
  const ratios = counts.map((c): ImpactRatio => {
    const rate = c.favourable / c.total;
    if (top.favourable === 0) {
      return { key: c.key, rate, impactRatio: Number.NaN, belowFourFifths: false };
    }
    const below =
      5n * BigInt(c.favourable) * BigInt(top.total) < 4n * BigInt(top.favourable) * BigInt(c.total);
    return { key: c.key, rate, impactRatio: rate / highestRate, belowFourFifths: below };
  });
  return { ratios, reference: top.key, highestRate };
}
