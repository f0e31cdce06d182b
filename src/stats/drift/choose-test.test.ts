import { describe, expect, it } from 'vitest';
import { validationIssues } from './__fixtures__/validation-issues.js';
import { chooseTest, defaultTest, DRIFT_TESTS, isDrift, type ColumnFacts } from './index.js';

describe('default test (Evidently _get_default_stattest, statistics.md §4.1)', () => {
  it.each<[ColumnFacts, string]>([
    [{ type: 'numerical', referenceSize: 1000, distinctValues: 6 }, 'ks'],
    [{ type: 'numerical', referenceSize: 1001, distinctValues: 6 }, 'wasserstein'],
    [{ type: 'numerical', referenceSize: 200, distinctValues: 5 }, 'chisquare'],
    [{ type: 'numerical', referenceSize: 200, distinctValues: 3 }, 'chisquare'],
    [{ type: 'numerical', referenceSize: 200, distinctValues: 2 }, 'z'],
    [{ type: 'numerical', referenceSize: 5000, distinctValues: 5 }, 'jensenshannon'],
    [{ type: 'numerical', referenceSize: 5000, distinctValues: 2 }, 'jensenshannon'],
    [{ type: 'categorical', referenceSize: 1000, distinctValues: 3 }, 'chisquare'],
    [{ type: 'categorical', referenceSize: 1000, distinctValues: 2 }, 'z'],
    [{ type: 'categorical', referenceSize: 1001, distinctValues: 40 }, 'jensenshannon'],
  ])('%o → %s', (facts, expected) => {
    expect(defaultTest(facts)).toBe(expected);
  });
});

describe('thresholds and decision direction', () => {
  it('uses Evidently’s defaults: p-value tests at 0.05, distances at 0.1', () => {
    const small = chooseTest({ type: 'numerical', referenceSize: 200, distinctValues: 200 });
    expect(small).toMatchObject({ test: 'ks', threshold: 0.05, decision: 'p<=threshold' });
    const large = chooseTest({ type: 'numerical', referenceSize: 20000, distinctValues: 20000 });
    expect(large).toMatchObject({
      test: 'wasserstein',
      threshold: 0.1,
      decision: 'score>=threshold',
    });
  });

  it('keeps Evidently’s mixed operators: ks p ≤ thr, chisquare p < thr, ed score > thr', () => {
    expect(isDrift(DRIFT_TESTS.ks.decision, 0.05, 0.05)).toBe(true);
    expect(isDrift(DRIFT_TESTS.chisquare.decision, 0.05, 0.05)).toBe(false);
    expect(isDrift(DRIFT_TESTS.wasserstein.decision, 0.1, 0.1)).toBe(true);
    expect(isDrift(DRIFT_TESTS.ed.decision, 0.1, 0.1)).toBe(false);
  });

  it('offers PSI for both column types', () => {
    expect(DRIFT_TESTS.psi.types).toEqual(['numerical', 'categorical']);
  });
});

describe('overrides', () => {
  const facts: ColumnFacts = { type: 'numerical', referenceSize: 20000, distinctValues: 20000 };

  it('replace the test, the threshold or both, and say which', () => {
    expect(chooseTest(facts, { test: 'psi' })).toMatchObject({
      test: 'psi',
      threshold: 0.1,
      source: { test: 'override', threshold: 'default' },
    });
    expect(chooseTest(facts, { threshold: 0.2 })).toMatchObject({
      test: 'wasserstein',
      threshold: 0.2,
      source: { test: 'default', threshold: 'override' },
    });
  });

  it('refuse a test that does not apply to the column type', () => {
    const issues = validationIssues(() =>
      chooseTest({ ...facts, type: 'categorical' }, { test: 'ks' }),
    );
    expect(issues).toMatchObject([{ code: 'unsupported_test', path: ['test'] }]);
  });

  it('refuse a non-finite threshold', () => {
    const issues = validationIssues(() => chooseTest(facts, { threshold: Number.NaN }));
    expect(issues).toMatchObject([{ code: 'invalid_threshold' }]);
  });
});
