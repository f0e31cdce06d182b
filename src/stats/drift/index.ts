export {
  sortedSample,
  finiteValues,
  populationStd,
  type NumericSample,
  type SortedSample,
  type SampleRole,
} from './sample.js';
export {
  compareEcdfs,
  ksDistances,
  ecdfAreas,
  type EcdfComparison,
  type KsDistances,
  type EcdfAreas,
} from './ecdf.js';
export { ksTest, type KsTestOptions, type KsTestResult } from './ks-test.js';
export {
  wasserstein1,
  normedWasserstein,
  energyDistance,
  WASSERSTEIN_STD_FLOOR,
  type NormedWassersteinResult,
} from './wasserstein.js';
export { linspace, sturgesEdges, doaneEdges, histogramCounts, quantileSorted } from './binning.js';
export {
  fillZeros,
  populationStabilityIndex,
  klDivergence,
  jensenShannonDistance,
  hellingerDistance,
  hellingerEuclidean,
  totalVariationDistance,
  lInfinityDistance,
} from './histogram-distances.js';
export {
  psi,
  quantilePsi,
  klDivergenceTest,
  jensenShannon,
  hellinger,
  nannymlJensenShannon,
  nannymlHellinger,
  evidentlyProportions,
  nannymlProportions,
  EVIDENTLY_MAX_DISCRETE_VALUES,
  type BinnedDistance,
  type BinnedProportions,
  type BinningConvention,
  type QuantilePsiOptions,
} from './numerical-binned.js';
export {
  categoryTable,
  categoryTableFromCounts,
  type Category,
  type CategoricalSample,
  type CategoryCounts,
  type CategoryTable,
} from './categories.js';
export {
  chiSquareGoodnessOfFit,
  chiSquareHomogeneity,
  gTest,
  zTest,
  categoricalPsi,
  categoricalKl,
  categoricalJensenShannon,
  categoricalHellinger,
  categoricalTvd,
  categoricalLInfinity,
  type PValueResult,
} from './categorical-tests.js';
export {
  mannWhitneyU,
  cramerVonMises,
  andersonDarling,
  type Alternative,
  type MannWhitneyOptions,
} from './rank-tests.js';
export { tTest, eppsSingleton } from './parametric-tests.js';
export {
  histogramProfile,
  checkHistogramProfile,
  profilePsi,
  profileKl,
  profileJensenShannon,
  profileHellinger,
  profileCategoryTable,
  categoryProfileTable,
  type HistogramProfile,
  type CategoryProfile,
  type ProfileStatistic,
} from './profile.js';
export { binnedKs, binnedWasserstein, binnedNormedWasserstein } from './profile-ecdf.js';
export {
  DRIFT_TESTS,
  LARGE_REFERENCE_ROWS,
  chooseTest,
  defaultTest,
  isDrift,
  type ColumnFacts,
  type ColumnType,
  type DriftDecision,
  type DriftTestName,
  type DriftTestSpec,
  type TestChoice,
  type TestOverride,
} from './choose-test.js';
export {
  columnDrift,
  datasetDrift,
  datasetDriftFromResults,
  type ColumnInput,
  type ColumnDriftResult,
  type DatasetDriftOptions,
  type DatasetDriftReport,
} from './drift-report.js';
