/**
 * Per-group rates for fairness (statistics.md §7): SR_g = P(ŷ=1 | A=g), TPR_g = P(ŷ=1 | y=1, A=g),
 * FPR_g = P(ŷ=1 | y=0, A=g), and precision P(y=1 | ŷ=1, A=g), with the confusion counts kept so
 * groups can be pooled exactly.
 */
import { validateClassification } from './classification-report.js';
import type { BinaryClassificationData } from './classification-report.js';
import {
  countConfusion,
  falsePositiveRate,
  precision,
  recall,
  selectionRate,
} from './confusion.js';
import type { ConfusionMatrix } from './confusion.js';
import { checkZeroDivision, invalid, requireSameLength } from './inputs.js';
import type { ZeroDivision } from './inputs.js';

export interface GroupRates {
  readonly group: string;
  readonly n: number;
  readonly confusion: ConfusionMatrix;
  readonly selectionRate: number;
  readonly truePositiveRate: number;
  readonly falsePositiveRate: number;
  readonly precision: number;
}

export interface GroupedRates {
  /** One entry per group, sorted by group key (code-unit order). */
  readonly groups: readonly GroupRates[];
  readonly overall: GroupRates;
  /** The replacement used for 0/0 rates, carried into the disparity ratios. */
  readonly zeroDivision: ZeroDivision;
}

export interface GroupRatesOptions {
  readonly zeroDivision?: ZeroDivision;
}

/** Rates of one confusion matrix. */
export function ratesOf(
  group: string,
  confusion: ConfusionMatrix,
  zeroDivision: ZeroDivision,
): GroupRates {
  const options = { zeroDivision };
  return {
    group,
    n: confusion.tp + confusion.fp + confusion.tn + confusion.fn,
    confusion,
    selectionRate: selectionRate(confusion, options),
    truePositiveRate: recall(confusion, options),
    falsePositiveRate: falsePositiveRate(confusion, options),
    precision: precision(confusion, options),
  };
}

/** The rates of several groups taken together (their confusion counts summed). */
export function poolRates(
  name: string,
  members: readonly GroupRates[],
  zeroDivision: ZeroDivision,
): GroupRates {
  const sum = (field: keyof ConfusionMatrix) =>
    members.reduce((total, g) => total + g.confusion[field], 0);
  return ratesOf(
    name,
    { tp: sum('tp'), fp: sum('fp'), tn: sum('tn'), fn: sum('fn') },
    zeroDivision,
  );
}

/**
 * Rates per group and overall. `groups[i]` is the group of row i (use `segmentKeys` for one
 * attribute or an intersection). Predictions come from `data` as in `classificationReport`.
 */
export function ratesByGroup(
  data: BinaryClassificationData,
  groups: ArrayLike<string>,
  options: GroupRatesOptions = {},
): GroupedRates {
  const zeroDivision = checkZeroDivision(options.zeroDivision);
  const v = validateClassification(data);
  requireSameLength({ labels: data.labels, groups });
  const indices = new Map<string, number[]>();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i];
    if (typeof g !== 'string')
      invalid('invalid_group', ['groups', i], 'group keys must be strings');
    const list = indices.get(g) ?? [];
    list.push(i);
    indices.set(g, list);
  }
  const perGroup = [...indices.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([g, rows]) => ratesOf(g, countConfusion(v.y, v.yHat, rows), zeroDivision));
  return {
    groups: perGroup,
    overall: ratesOf('overall', countConfusion(v.y, v.yHat), zeroDivision),
    zeroDivision,
  };
}
