/**
 * The published expected values of statistics.md §9.2 and §9.3 (scipy 1.17.1 / numpy 2.4.6),
 * copied digit for digit. §9.2 values are printed to 12 significant digits (a few to 11), so
 * their own rounding is ≤ 5e-12 relative, well inside the 1e-9 the tests use.
 */
import type { CaseName } from './generator.js';

type PerCase = Record<CaseName, number>;

export const NUMERICAL = {
  ksStatistic: { S: 0.0616666666667, S0: 0.01, L: 0.0351833333333, L2: 0.030055 },
  ksPValueAuto: { S: 0.882774482519, S0: 1, L: 1.18310563548e-9, L2: 7.13902243017e-18 },
  ksMethodAuto: { S: 'exact', S0: 'exact', L: 'asymp', L2: 'asymp' },
  ksPValueAsymp: { S: 0.878992358814, S0: 1, L: 1.18310563548e-9, L2: 7.13902243017e-18 },
  ksPValueLimiting: { S: 0.900288060763, S0: 1, L: 1.21632841722e-9, L2: 7.33661631142e-18 },
  ksPValueNumericalRecipes: {
    S: 0.890742142083,
    S0: 1,
    L: 1.15055655347e-9,
    L2: 6.87449956924e-18,
  },
  referenceStd: { S: 2.87997442365, S0: 2.87784296447, L: 2.88667716685, L2: 2.88672309529 },
  w1: { S: 0.473747564709, S0: 0.0234866509948, L: 0.23790393114, L2: 0.299635013408 },
  w1Normed: { S: 0.164497143037, S0: 0.00816119965015, L: 0.0824144569652, L2: 0.103797629186 },
  psiEvidently: {
    S: 0.0654393634374,
    S0: 0.00172597080962,
    L: 0.00842654167837,
    L2: 0.0443402507008,
  },
  psiEvidentlyBins: { S: 10, S0: 11, L: 17, L2: 18 },
  psiQuantile: {
    S: 0.0615394448812,
    S0: 0.000666913744987,
    L: 0.0080091446277,
    L2: 0.0185392693486,
  },
  klEvidently: {
    S: 0.034311092425,
    S0: 0.000863495510583,
    L: 0.00411894313999,
    L2: 0.0221731916373,
  },
  jsEvidently: { S: 0.0896914150773, S0: 0.0146871595242, L: 0.0324286318754, L2: 0.0736153381149 },
  jsBase2: { S: 0.107730368525, S0: 0.0176410764259, L: 0.0389507564318, L2: 0.0884210322402 },
  hellingerEvidently: {
    S: 0.0900636039522,
    S0: 0.0146877330101,
    L: 0.0324417269657,
    L2: 0.0740273159292,
  },
  nannymlJs: { S: 0.182108694026, S0: 0.0429735723631, L: 0.0392287307622, L2: 0.137006540074 },
  nannymlBins: { S: 9, S0: 10, L: 16, L2: 17 },
  nannymlHellinger: {
    S: 0.176631109904,
    S0: 0.0423258608973,
    L: 0.0328287531114,
    L2: 0.132819004628,
  },
  cvmStatistic: { S: 0.187828571429, S0: 0.00196388888889, L: 5.7542914381, L2: 19.5530773484 },
  cvmPValue: { S: 0.293303561863, S0: 1, L: 7.1853789585e-10, L2: 8.40249136935e-9 },
  energy: { S: 0.211061052012, S0: 0.0141921220186, L: 0.115873043587, L2: 0.133330463246 },
  tTestPValue: {
    S: 0.129707765627,
    S0: 0.930418289826,
    L: 3.45912509012e-14,
    L2: 6.18188172757e-54,
  },
  mannWhitneyLess: {
    S: 0.0695634251465,
    S0: 0.540331021036,
    L: 1,
    L2: 9.40725103884e-53,
  },
} satisfies Record<string, PerCase | Record<CaseName, string>>;

/** §9.2 "Case S details", printed to 10 decimals (so compared to ±5e-11 absolute). */
export const CASE_S_DETAILS = {
  sturgesEdges: [
    0.0502499874, 1.0901743548, 2.1300987222, 3.1700230895, 4.2099474569, 5.2498718243,
    6.2897961917, 7.329720559, 8.3696449264, 9.4095692938, 10.4494936612,
  ],
  referencePercent: [0.11, 0.1, 0.1, 0.105, 0.11, 0.105, 0.1, 0.105, 0.1, 0.065],
  /** 0.05333…, 0.11333…: thirds of 1/150 steps, written as the fractions they are. */
  currentPercent: [8, 17, 15, 16, 15, 16, 16, 15, 16, 16].map((c) => c / 150),
  referenceDeciles: [
    0.0502499874, 1.0301499924, 2.0502499874, 3.0401999899, 4.0502499874, 5.0502499874,
    6.0378275073, 7.0158081337, 7.99378876, 8.9890437948, 9.9689437998,
  ],
};

/** §9.3 vector A: ref = 1..6 × [16,18,16,14,12,12], cur = 1..6 × [16,16,16,16,16,8]. */
export const VECTOR_A = {
  referenceCounts: [16, 18, 16, 14, 12, 12],
  currentCounts: [16, 16, 16, 16, 16, 8],
  chiSquareGofP: 0.6730876006966301,
  chi2ContingencyP: 0.8985262394026607,
  hellinger: 0.06812774370983345,
  psi: 0.037218381577290835,
  jsBaseE: 0.06804819617703867,
  jsBase2: 0.08173421330573756,
  lInfinity: 0.04545454545454547,
  tvd: 0.06818181818181819,
  mannWhitneyLessP: 0.4814330305987495,
  eppsSingletonP: 0.810022725721478,
  /** §3.11: Anderson–Darling on vector A, p capped at 0.25. */
  andersonStatistic: -1.1079587585572752,
  andersonP: 0.25,
};

/** §9.3 vector B. */
export const VECTOR_B = {
  reference: [38.7, 41.5, 43.8, 44.5, 45.5, 46.0, 47.7, 58.0],
  current: [39.2, 39.3, 39.7, 41.4, 41.8, 42.9, 43.3, 45.8],
  tTestP: 0.08410572024397057,
  /** §3.11 gives the statistic too. */
  andersonStatistic: 1.7183096744360893,
  andersonP: 0.06351467728760844,
  ksStatistic: 0.625,
  ksExactP: 0.08702408702408701,
};

/** §9.3 G-test: current [4,6,8] against reference [5,5,8]. */
export const G_TEST = { reference: [5, 5, 8], current: [4, 6, 8], pValue: 0.817622013379844 };

/** §9.3 new category: ref a/b/c = 500/300/200, cur a/b/c/d = 450/350/150/50. */
export const NEW_CATEGORY = {
  reference: { a: 500, b: 300, c: 200 },
  current: { a: 450, b: 350, c: 150, d: 50 },
  referenceFilled: [0.5, 0.3, 0.2, 1e-4],
  psi: 0.3374686075081106,
  chi2ContingencyP: 9.894082802228537e-14,
  jsBaseE: 0.14401807378365064,
};

/** §9.3 Z-test: ref 700×0 + 300×1, cur 620×0 + 380×1. */
export const Z_TEST = { z: -3.7762745602468057, pValue: 0.00015919150964993634 };

/** §9.1 check values of gen(15000, SQ2, power = 1.1)[0:3] (CPython). */
export const GENERATOR_CHECK = [3.79268475625902, 8.129797747048693, 2.1060078704467884];
