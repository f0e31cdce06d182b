/**
 * Group-fairness disparities in the two sign conventions users compare against
 * (statistics.md §7.1). The same data give opposite-looking numbers — demographic parity
 * difference 0.3 (Fairlearn) and statistical parity difference −0.3 (AIF360) on the §9.4 toy
 * set — so every result carries its `convention` and should be stored with it.
 *
 * - Fairlearn 0.15: unsigned, over ALL groups. `between_groups`: difference = max − min,
 *   ratio = min / max. `to_overall`: difference = max_g |m_g − m_overall|, ratio = min_g r_g
 *   with r_g = m_g / m_overall, inverted (1/r_g) when above 1. Groups whose rate is undefined
 *   (NaN) are skipped, as pandas' max/min do.
 * - AIF360: signed, unprivileged (u) versus privileged (p): difference = m_u − m_p (negative
 *   means the unprivileged group is worse off), ratio = m_u / m_p. Several groups on either side
 *   are pooled by summing their confusion counts, as AIF360's group conditions do.
 */
import { impactRatios } from './four-fifths.js';
import type { ImpactRatioTable } from './four-fifths.js';
import { poolRates } from './group-rates.js';
import type { GroupedRates, GroupRates } from './group-rates.js';
import { definedExtremes, divide, invalid } from './inputs.js';

type Rate = 'selectionRate' | 'truePositiveRate' | 'falsePositiveRate';

export type FairlearnMethod = 'between_groups' | 'to_overall';

/** Equalized-odds aggregates: `worstCase` (Fairlearn `agg='worst_case'`) and `mean`. */
export interface OddsAggregate {
  readonly worstCase: number;
  readonly mean: number;
}

export interface FairlearnDisparities {
  readonly convention: 'fairlearn';
  readonly method: FairlearnMethod;
  /** Fairlearn `demographic_parity_difference` (selection rate). */
  readonly demographicParityDifference: number;
  /** Fairlearn `demographic_parity_ratio`. */
  readonly demographicParityRatio: number;
  /** `equalized_odds_difference`: max (worst case) or mean of the TPR and FPR differences. */
  readonly equalizedOddsDifference: OddsAggregate;
  /** `equalized_odds_ratio`: min (worst case) or mean of the TPR and FPR ratios. */
  readonly equalizedOddsRatio: OddsAggregate;
  /** `equal_opportunity_difference` (TPR). */
  readonly equalOpportunityDifference: number;
  /** `equal_opportunity_ratio` (TPR). */
  readonly equalOpportunityRatio: number;
}

function fairlearnDifference(rates: GroupedRates, rate: Rate, method: FairlearnMethod): number {
  const values = rates.groups.map((g) => g[rate]);
  if (method === 'between_groups') {
    const { min, max } = definedExtremes(values);
    return max - min;
  }
  const overall = rates.overall[rate];
  return definedExtremes(values.map((v) => Math.abs(v - overall))).max;
}

function fairlearnRatio(rates: GroupedRates, rate: Rate, method: FairlearnMethod): number {
  const values = rates.groups.map((g) => g[rate]);
  if (method === 'between_groups') {
    const { min, max } = definedExtremes(values);
    return divide(min, max, rates.zeroDivision);
  }
  const overall = rates.overall[rate];
  const ratios = values.map((v) => {
    const r = divide(v, overall, rates.zeroDivision);
    return r > 1 ? 1 / r : r;
  });
  return definedExtremes(ratios).min;
}

/**
 * Fairlearn's group metrics from `ratesByGroup` (statistics.md §7.1; `method` default
 * `'between_groups'`). Equalized-odds aggregates are NaN if either component is undefined
 * (`Math.max`/`Math.min` propagate NaN).
 */
export function fairlearnDisparities(
  rates: GroupedRates,
  options: { readonly method?: FairlearnMethod } = {},
): FairlearnDisparities {
  const method = options.method ?? 'between_groups';
  if (method !== 'between_groups' && method !== 'to_overall') {
    invalid('invalid_option', ['method'], "method must be 'between_groups' or 'to_overall'");
  }
  const tprDiff = fairlearnDifference(rates, 'truePositiveRate', method);
  const fprDiff = fairlearnDifference(rates, 'falsePositiveRate', method);
  const tprRatio = fairlearnRatio(rates, 'truePositiveRate', method);
  const fprRatio = fairlearnRatio(rates, 'falsePositiveRate', method);
  return {
    convention: 'fairlearn',
    method,
    demographicParityDifference: fairlearnDifference(rates, 'selectionRate', method),
    demographicParityRatio: fairlearnRatio(rates, 'selectionRate', method),
    equalizedOddsDifference: {
      worstCase: Math.max(tprDiff, fprDiff),
      mean: (tprDiff + fprDiff) / 2,
    },
    equalizedOddsRatio: {
      worstCase: Math.min(tprRatio, fprRatio),
      mean: (tprRatio + fprRatio) / 2,
    },
    equalOpportunityDifference: tprDiff,
    equalOpportunityRatio: tprRatio,
  };
}

export interface Aif360Options {
  /** Group keys forming the privileged side (pooled). */
  readonly privileged: readonly string[];
  /** Group keys forming the unprivileged side (pooled); default every other group. */
  readonly unprivileged?: readonly string[];
}

export interface Aif360Disparities {
  readonly convention: 'aif360';
  readonly privileged: GroupRates;
  readonly unprivileged: GroupRates;
  /** SR_u − SR_p (ideal 0). */
  readonly statisticalParityDifference: number;
  /** SR_u / SR_p (ideal 1); AIF360 `disparate_impact`, sklearn API `disparate_impact_ratio`. */
  readonly disparateImpact: number;
  /** TPR_u − TPR_p. */
  readonly equalOpportunityDifference: number;
  /** ½[(FPR_u − FPR_p) + (TPR_u − TPR_p)]. */
  readonly averageOddsDifference: number;
  /** ½[|FPR_u − FPR_p| + |TPR_u − TPR_p|]; sklearn API `average_odds_error`. */
  readonly averageAbsOddsDifference: number;
  /** max(|FPR_u − FPR_p|, |TPR_u − TPR_p|). */
  readonly equalizedOddsDifference: number;
}

function side(rates: GroupedRates, keys: readonly string[], name: string): GroupRates {
  if (keys.length === 0) invalid('empty', [name], `${name} names no group`);
  const members = keys.map((key, i) => {
    const found = rates.groups.find((g) => g.group === key);
    return found ?? invalid('unknown_group', [name, i], `no group '${key}' in the data`);
  });
  return poolRates(name, members, rates.zeroDivision);
}

/** AIF360's signed metrics, unprivileged minus (or over) privileged (statistics.md §7.1). */
export function aif360Disparities(rates: GroupedRates, options: Aif360Options): Aif360Disparities {
  const privilegedKeys = new Set(options.privileged);
  const unprivilegedKeys =
    options.unprivileged ?? rates.groups.map((g) => g.group).filter((g) => !privilegedKeys.has(g));
  unprivilegedKeys.forEach((key, i) => {
    if (privilegedKeys.has(key)) {
      invalid('overlapping_groups', ['unprivileged', i], `'${key}' is on both sides`);
    }
  });
  const p = side(rates, options.privileged, 'privileged');
  const u = side(rates, unprivilegedKeys, 'unprivileged');
  const dTpr = u.truePositiveRate - p.truePositiveRate;
  const dFpr = u.falsePositiveRate - p.falsePositiveRate;
  return {
    convention: 'aif360',
    privileged: p,
    unprivileged: u,
    statisticalParityDifference: u.selectionRate - p.selectionRate,
    disparateImpact: divide(u.selectionRate, p.selectionRate, rates.zeroDivision),
    equalOpportunityDifference: dTpr,
    averageOddsDifference: (dFpr + dTpr) / 2,
    averageAbsOddsDifference: (Math.abs(dFpr) + Math.abs(dTpr)) / 2,
    equalizedOddsDifference: Math.max(Math.abs(dFpr), Math.abs(dTpr)),
  };
}

/**
 * Four-fifths rule on selection rates (UGESP 29 CFR §1607.4(D), statistics.md §7.2): each
 * group's selection rate / the highest, flagged below 0.8. Exact on counts (`impactRatios`).
 */
export function fourFifthsRule(rates: GroupedRates): ImpactRatioTable {
  return impactRatios(
    rates.groups.map((g) => ({
      key: g.group,
      favourable: g.confusion.tp + g.confusion.fp,
      total: g.n,
    })),
  );
}
