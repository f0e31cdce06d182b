/**
 * How one monitor run changes the monitor's alerts, as a pure function. An alert is keyed by what
 * it is about (`drift:dataset`, `drift:column:income`, `performance:roc_auc`,
 * `fairness:selection_rate_ratio:sex`): while a key keeps breaching, its one open alert counts
 * occurrences instead of firing again (de-duplication); the first run in which it no longer
 * breaches resolves it. A run without enough data neither fires nor resolves anything.
 */

export interface Breach {
  key: string;
  kind: 'drift' | 'performance' | 'fairness';
  summary: string;
  details: Record<string, unknown>;
}

export interface OpenAlert {
  id: string;
  key: string;
}

export interface AlertTransitions {
  /** Breaches with no open alert: new alerts fire (and their actions run). */
  fire: Breach[];
  /** Open alerts still breaching: counted, not re-fired. */
  repeat: { alert: OpenAlert; breach: Breach }[];
  /** Open alerts whose condition cleared. */
  resolve: OpenAlert[];
}

export function alertTransitions(
  open: readonly OpenAlert[],
  breaches: readonly Breach[],
  enoughData: boolean,
): AlertTransitions {
  const byKey = new Map(open.map((a) => [a.key, a]));
  const seen = new Set<string>();
  const fire: Breach[] = [];
  const repeat: { alert: OpenAlert; breach: Breach }[] = [];
  for (const breach of breaches) {
    if (seen.has(breach.key)) continue;
    seen.add(breach.key);
    const alert = byKey.get(breach.key);
    if (alert === undefined) fire.push(breach);
    else repeat.push({ alert, breach });
  }
  const resolve = enoughData ? open.filter((a) => !seen.has(a.key)) : [];
  return { fire, repeat, resolve };
}
