/**
 * The evaluation metrics a credit-risk validator asks for, computed from scores and outcomes.
 * Pure functions; `scores` are predicted probabilities of the positive class (default).
 */

function assertSameLength(scores: readonly number[], labels: readonly boolean[]): void {
  if (scores.length !== labels.length || scores.length === 0) {
    throw new Error('scores and labels must be non-empty and of equal length');
  }
}

/**
 * Area under the ROC curve as the Mann-Whitney U statistic: the probability that a random
 * positive scores above a random negative, ties counting one half (average ranks).
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number {
  assertSameLength(scores, labels);
  const order = scores.map((score, i) => ({ score, label: labels[i] === true }));
  order.sort((a, b) => a.score - b.score);
  let rankSumPositives = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.score === order[i]?.score) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (order[k]?.label === true) {
        rankSumPositives += averageRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('AUC needs both classes');
  return (rankSumPositives - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/**
 * Kolmogorov-Smirnov statistic: the largest gap between the score distributions of positives
 * and negatives, evaluated after each distinct score.
 */
export function ksStatistic(scores: readonly number[], labels: readonly boolean[]): number {
  assertSameLength(scores, labels);
  const order = scores.map((score, i) => ({ score, label: labels[i] === true }));
  order.sort((a, b) => a.score - b.score);
  const positives = order.filter((o) => o.label).length;
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) throw new Error('KS needs both classes');
  let seenPositives = 0;
  let seenNegatives = 0;
  let best = 0;
  for (let i = 0; i < order.length; i++) {
    const current = order[i];
    if (current === undefined) break;
    if (current.label) seenPositives++;
    else seenNegatives++;
    if (order[i + 1]?.score === current.score) continue;
    best = Math.max(best, Math.abs(seenNegatives / negatives - seenPositives / positives));
  }
  return best;
}

/** Mean squared error of the probabilities against the 0/1 outcomes. */
export function brierScore(scores: readonly number[], labels: readonly boolean[]): number {
  assertSameLength(scores, labels);
  let sum = 0;
  scores.forEach((p, i) => {
    const y = labels[i] === true ? 1 : 0;
    sum += (p - y) ** 2;
  });
  return sum / scores.length;
}

/** Mean negative log-likelihood, with probabilities clipped away from 0 and 1. */
export function logLoss(scores: readonly number[], labels: readonly boolean[]): number {
  assertSameLength(scores, labels);
  let sum = 0;
  scores.forEach((raw, i) => {
    const p = Math.min(1 - 1e-12, Math.max(1e-12, raw));
    sum -= labels[i] === true ? Math.log(p) : Math.log(1 - p);
  });
  return sum / scores.length;
}

/**
 * Approval rate per group (approve when the predicted default probability is below `cutoff`)
 * and their parity: the lowest group rate divided by the highest. 1 is parity; the US
 * "four-fifths rule" flags values under 0.8.
 */
export function approvalRateParity(
  scores: readonly number[],
  groups: readonly string[],
  cutoff: number,
): { overall: number; byGroup: Record<string, number>; parity: number } {
  if (scores.length !== groups.length || scores.length === 0) {
    throw new Error('scores and groups must be non-empty and of equal length');
  }
  const counts = new Map<string, { approved: number; total: number }>();
  let approved = 0;
  scores.forEach((p, i) => {
    const group = groups[i] ?? '';
    const entry = counts.get(group) ?? { approved: 0, total: 0 };
    entry.total++;
    if (p < cutoff) {
      entry.approved++;
      approved++;
    }
    counts.set(group, entry);
  });
  const byGroup = Object.fromEntries(
    [...counts.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([g, c]) => [g, c.approved / c.total]),
  );
  const rates = Object.values(byGroup);
  const highest = Math.max(...rates);
  return {
    overall: approved / scores.length,
    byGroup,
    parity: highest === 0 ? 1 : Math.min(...rates) / highest,
  };
}
