import {
  brierScore as brier,
  impactRatios,
  ksStatistic as ks,
  logLoss as logLossOf,
  rocAuc as auc,
} from '../stats/metrics/index.js';

/**
 * The evaluation metrics the demo's credit-risk versions record, in the demo's argument order
 * (scores first, `true` = defaulted). The arithmetic is Verity's one metric implementation
 * (src/stats/metrics, sklearn conventions); these adapters only refuse what a demo must never
 * record, an undefined value.
 */

function defined(value: number, name: string): number {
  if (!Number.isFinite(value)) throw new Error(`${name} is undefined for these scores and labels`);
  return value;
}

export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  return defined(auc(labels, scores), 'ROC AUC');
}

export function ksStatistic(scores: readonly number[], labels: readonly boolean[]): number {
  return defined(ks(labels, scores), 'KS');
}

export function brierScore(scores: readonly number[], labels: readonly boolean[]): number {
  return brier(labels, scores);
}

export function logLoss(scores: readonly number[], labels: readonly boolean[]): number {
  return logLossOf(labels, scores);
}

/**
 * Approval rate per group (approve when the predicted default probability is below `cutoff`)
 * and their parity: the lowest group rate over the highest, the four-fifths rule's ratio.
 */
export function approvalRateParity(
  scores: readonly number[],
  groups: readonly string[],
  cutoff: number,
): { overall: number; byGroup: Record<string, number>; parity: number } {
  if (scores.length !== groups.length || scores.length === 0) {
    throw new Error('scores and groups must be non-empty and of equal length');
  }
  const counts = new Map<string, { favourable: number; total: number }>();
  scores.forEach((p, i) => {
    const entry = counts.get(groups[i] ?? '') ?? { favourable: 0, total: 0 };
    entry.total++;
    if (p < cutoff) entry.favourable++;
    counts.set(groups[i] ?? '', entry);
  });
  const keys = [...counts.keys()].sort((a, b) => (a < b ? -1 : 1));
  const table = impactRatios(keys.map((key) => ({ key, ...counts.get(key)! })));
  const approved = [...counts.values()].reduce((n, c) => n + c.favourable, 0);
  const ratios = table.ratios.map((r) => r.impactRatio);
  return {
    overall: approved / scores.length,
    byGroup: Object.fromEntries(table.ratios.map((r) => [r.key, r.rate])),
    parity: table.highestRate === 0 ? 1 : Math.min(...ratios),
  };
}
