/**
 * The catalogue of drift tests (Evidently's registry names, thresholds and decision operators,
 * statistics.md §4.1) and the default choice per column, as Evidently's
 * `_get_default_stattest` makes it: p-value tests up to 1000 reference rows, distances above
 * (KS would flag trivial shifts at large n, §1.3, §8). Every choice can be overridden.
 */
import { ValidationError } from '../../lib/index.js';

export type ColumnType = 'numerical' | 'categorical';

export type DriftTestName =
  | 'ks'
  | 'chisquare'
  | 'z'
  | 'wasserstein'
  | 'psi'
  | 'psi_quantile'
  | 'kl_div'
  | 'jensenshannon'
  | 'hellinger'
  | 'anderson'
  | 'cramer_von_mises'
  | 'ed'
  | 'es'
  | 'g_test'
  | 'mannw'
  | 't_test'
  | 'chi2_contingency';

/** How a value is compared with the threshold to flag drift (Evidently mixes operators). */
export type DriftDecision = 'p<=threshold' | 'p<threshold' | 'score>=threshold' | 'score>threshold';

export interface DriftTestSpec {
  name: DriftTestName;
  /** Column types it applies to (numerical columns may use category tests: values as categories). */
  types: readonly ColumnType[];
  defaultThreshold: number;
  decision: DriftDecision;
  /** Computable from a profile (histogram or category counts) rather than raw samples. */
  profile: boolean;
}

const BOTH: readonly ColumnType[] = ['numerical', 'categorical'];
const NUMERICAL: readonly ColumnType[] = ['numerical'];

function spec(
  name: DriftTestName,
  types: readonly ColumnType[],
  defaultThreshold: number,
  decision: DriftDecision,
  profile: boolean,
): DriftTestSpec {
  return { name, types, defaultThreshold, decision, profile };
}

/**
 * Evidently 0.7.21 registry values. Two are Verity's: `psi_quantile` (textbook PSI on reference
 * deciles, §3.3(b)) and `chi2_contingency` (homogeneity test, §3.7, as Alibi and NannyML).
 */
export const DRIFT_TESTS: Readonly<Record<DriftTestName, DriftTestSpec>> = {
  ks: spec('ks', NUMERICAL, 0.05, 'p<=threshold', true),
  chisquare: spec('chisquare', BOTH, 0.05, 'p<threshold', true),
  z: spec('z', BOTH, 0.05, 'p<threshold', true),
  wasserstein: spec('wasserstein', NUMERICAL, 0.1, 'score>=threshold', true),
  psi: spec('psi', BOTH, 0.1, 'score>=threshold', true),
  psi_quantile: spec('psi_quantile', NUMERICAL, 0.1, 'score>=threshold', false),
  kl_div: spec('kl_div', BOTH, 0.1, 'score>=threshold', true),
  jensenshannon: spec('jensenshannon', BOTH, 0.1, 'score>=threshold', true),
  hellinger: spec('hellinger', BOTH, 0.1, 'score>=threshold', true),
  anderson: spec('anderson', NUMERICAL, 0.1, 'p<threshold', false),
  cramer_von_mises: spec('cramer_von_mises', NUMERICAL, 0.1, 'p<=threshold', false),
  ed: spec('ed', NUMERICAL, 0.1, 'score>threshold', false),
  es: spec('es', NUMERICAL, 0.05, 'p<threshold', false),
  g_test: spec('g_test', BOTH, 0.1, 'p<threshold', true),
  mannw: spec('mannw', NUMERICAL, 0.05, 'p<threshold', false),
  t_test: spec('t_test', NUMERICAL, 0.05, 'p<threshold', false),
  chi2_contingency: spec('chi2_contingency', BOTH, 0.05, 'p<threshold', true),
};

/** Evidently's switch from p-value tests to distances (reference rows after dropping NaN). */
export const LARGE_REFERENCE_ROWS = 1000;

/** What the default choice looks at. */
export interface ColumnFacts {
  type: ColumnType;
  /** Reference rows after NaN/±∞ were dropped. */
  referenceSize: number;
  /** Distinct values of reference and current together (pandas `nunique` of the concat). */
  distinctValues: number;
}

/** A caller's override of the default test and/or threshold. */
export interface TestOverride {
  test?: DriftTestName;
  threshold?: number;
}

export interface TestChoice {
  test: DriftTestName;
  threshold: number;
  decision: DriftDecision;
  /** Whether test and threshold are the defaults or came from the caller. */
  source: { test: 'default' | 'override'; threshold: 'default' | 'override' };
}

/** Evidently's default test for a column (`_get_default_stattest`, text columns aside). */
export function defaultTest(facts: ColumnFacts): DriftTestName {
  const small = facts.referenceSize <= LARGE_REFERENCE_ROWS;
  if (facts.type === 'numerical' && facts.distinctValues > 5) return small ? 'ks' : 'wasserstein';
  if (!small) return 'jensenshannon';
  return facts.distinctValues > 2 ? 'chisquare' : 'z';
}

/** The test and threshold for a column: defaults, then the caller's overrides, validated. */
export function chooseTest(facts: ColumnFacts, override: TestOverride = {}): TestChoice {
  const test = override.test ?? defaultTest(facts);
  const chosen = DRIFT_TESTS[test] as DriftTestSpec | undefined;
  if (chosen === undefined || !chosen.types.includes(facts.type)) {
    const message = `test '${test}' does not apply to ${facts.type} columns`;
    throw new ValidationError(message, [{ code: 'unsupported_test', path: ['test'], message }]);
  }
  const threshold = override.threshold ?? chosen.defaultThreshold;
  if (!Number.isFinite(threshold)) {
    const message = 'threshold must be a finite number';
    throw new ValidationError(message, [
      { code: 'invalid_threshold', path: ['threshold'], message },
    ]);
  }
  return {
    test,
    threshold,
    decision: chosen.decision,
    source: {
      test: override.test === undefined ? 'default' : 'override',
      threshold: override.threshold === undefined ? 'default' : 'override',
    },
  };
}

/** Applies a decision operator: p-values flag drift when small, scores when large. */
export function isDrift(decision: DriftDecision, value: number, threshold: number): boolean {
  switch (decision) {
    case 'p<=threshold':
      return value <= threshold;
    case 'p<threshold':
      return value < threshold;
    case 'score>=threshold':
      return value >= threshold;
    case 'score>threshold':
      return value > threshold;
  }
}
