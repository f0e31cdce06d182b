/**
 * Runs a named drift test on one column's data, in exact mode (raw samples) or profile mode
 * (histogram or category counts), and returns a uniform outcome for the report.
 */
import { ValidationError } from '../../lib/index.js';
import { categoryTable, type CategoricalSample, type CategoryTable } from './categories.js';
import {
  categoricalHellinger,
  categoricalJensenShannon,
  categoricalKl,
  categoricalPsi,
  chiSquareGoodnessOfFit,
  chiSquareHomogeneity,
  gTest,
  zTest,
} from './categorical-tests.js';
import type { DriftTestName } from './choose-test.js';
import { ksTest } from './ks-test.js';
import {
  hellinger,
  jensenShannon,
  klDivergenceTest,
  psi,
  quantilePsi,
} from './numerical-binned.js';
import { eppsSingleton, tTest } from './parametric-tests.js';
import {
  categoryProfileTable,
  profileCategoryTable,
  profileHellinger,
  profileJensenShannon,
  profileKl,
  profilePsi,
  type CategoryProfile,
  type HistogramProfile,
} from './profile.js';
import { binnedKs, binnedNormedWasserstein } from './profile-ecdf.js';
import { andersonDarling, cramerVonMises, mannWhitneyU } from './rank-tests.js';
import type { SortedSample } from './sample.js';
import { energyDistance, normedWasserstein } from './wasserstein.js';

/** What a test produced: the statistic, a p-value for tests that have one, a profile error bound. */
export interface TestOutcome {
  statistic: number;
  pValue?: number;
  error?: number;
}

const CATEGORY_TESTS = new Set<DriftTestName>([
  'chisquare',
  'z',
  'g_test',
  'chi2_contingency',
  'psi',
  'kl_div',
  'jensenshannon',
  'hellinger',
]);

function unsupported(test: DriftTestName, where: string): ValidationError {
  const message = `test '${test}' cannot run on ${where}`;
  return new ValidationError(message, [{ code: 'unsupported_test', path: ['test'], message }]);
}

/** Category tests and distances on a table (categorical data, or numerical values as categories). */
export function runOnTable(test: DriftTestName, table: CategoryTable): TestOutcome {
  switch (test) {
    case 'chisquare':
      return chiSquareGoodnessOfFit(table);
    case 'z':
      return zTest(table);
    case 'g_test':
      return gTest(table);
    case 'chi2_contingency':
      return chiSquareHomogeneity(table);
    case 'psi':
      return { statistic: categoricalPsi(table) };
    case 'kl_div':
      return { statistic: categoricalKl(table) };
    case 'jensenshannon':
      return { statistic: categoricalJensenShannon(table) };
    case 'hellinger':
      return { statistic: categoricalHellinger(table) };
    default:
      throw unsupported(test, 'category counts');
  }
}

/** A test on a numerical column's raw samples (already cleaned and sorted). */
export function runExactNumerical(
  test: DriftTestName,
  reference: SortedSample,
  current: SortedSample,
): TestOutcome {
  switch (test) {
    case 'ks': {
      const { statistic, pValue } = ksTest(reference, current);
      return { statistic, pValue };
    }
    case 'wasserstein':
      return { statistic: normedWasserstein(reference, current).statistic };
    case 'psi':
      return { statistic: psi(reference, current).statistic };
    case 'psi_quantile':
      return { statistic: quantilePsi(reference, current).statistic };
    case 'kl_div':
      return { statistic: klDivergenceTest(reference, current).statistic };
    case 'jensenshannon':
      return { statistic: jensenShannon(reference, current).statistic };
    case 'hellinger':
      return { statistic: hellinger(reference, current).statistic };
    case 'anderson':
      return andersonDarling(reference, current);
    case 'cramer_von_mises':
      return cramerVonMises(reference, current);
    case 'ed':
      return { statistic: energyDistance(reference, current) };
    case 'es':
      return eppsSingleton(reference, current);
    case 'mannw':
      return mannWhitneyU(reference, current, { alternative: 'less' });
    case 't_test':
      return tTest(reference, current);
    default:
      return runOnTable(test, categoryTable(reference.values, current.values));
  }
}

/** A test on a categorical column's raw values. */
export function runExactCategorical(
  test: DriftTestName,
  reference: CategoricalSample,
  current: CategoricalSample,
): TestOutcome {
  if (!CATEGORY_TESTS.has(test)) throw unsupported(test, 'categorical values');
  return runOnTable(test, categoryTable(reference, current));
}

/** A test on a histogram profile; statistics not computable from bins are refused. */
export function runHistogramProfile(test: DriftTestName, profile: HistogramProfile): TestOutcome {
  switch (test) {
    case 'ks':
      return binnedKs(profile);
    case 'wasserstein':
      return binnedNormedWasserstein(profile);
    case 'psi':
      return profilePsi(profile);
    case 'kl_div':
      return profileKl(profile);
    case 'jensenshannon':
      return profileJensenShannon(profile);
    case 'hellinger':
      return profileHellinger(profile);
    case 'chisquare':
    case 'z':
    case 'g_test':
    case 'chi2_contingency':
      return { ...runOnTable(test, profileCategoryTable(profile)), error: 0 };
    default:
      throw unsupported(test, 'a histogram profile (it needs the raw samples)');
  }
}

/** A test on a category-count profile (exact: counts are all these tests use). */
export function runCategoryProfile(test: DriftTestName, profile: CategoryProfile): TestOutcome {
  if (!CATEGORY_TESTS.has(test)) throw unsupported(test, 'category counts');
  return { ...runOnTable(test, categoryProfileTable(profile)), error: 0 };
}
