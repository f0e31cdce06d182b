/**
 * How one monitor run changes the monitor's alerts, as a pure function. An alert is keyed by what
 * it is about (`drift:dataset`, `drift:column:income`, `performance:roc_auc`,
 * `fairness:selection_rate_ratio:sex`): while a key keeps breaching, its one open alert counts
 * occurrences instead of firing again (de-duplication); the first run in which it no longer
 * breaches resolves it. A run without enough data neither fires nor resolves anything, and a run
 * that could not judge a key (a performance metric or a fairness rule without a value, because
 * the window's outcomes have not arrived) leaves that key's alert as it is: with late labels, the
 * run of a new window must not resolve what the run of an older window, its outcomes in, found.
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
  judged: (key: string) => boolean = () => true,
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
  const resolve = enoughData ? open.filter((a) => !seen.has(a.key) && judged(a.key)) : [];
  return { fire, repeat, resolve };
}

/**
 * Whether a run's results judged the rule behind an alert key: drift keys always (given enough
 * data), a performance metric or a fairness rule only when the run has a value for it.
 */
export function judgedBy(results: {
  performance: Record<string, number | null>;
  fairness: readonly { metric: string; attributes: readonly string[]; value: number | null }[];
}): (key: string) => boolean {
  return (key) => {
    if (key.startsWith('performance:')) {
      const value = results.performance[key.slice('performance:'.length)];
      return value !== null && value !== undefined;
    }
    if (key.startsWith('fairness:')) {
      const rule = results.fairness.find(
        (f) => `fairness:${f.metric}:${f.attributes.join('+')}` === key,
      );
      return rule !== undefined && rule.value !== null;
    }
    return true;
  };
}
