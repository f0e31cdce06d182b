export { logGamma, logBeta, stirlingRemainder } from './gamma.js';
export {
  regularizedGammaP,
  regularizedGammaQ,
  chiSquareSf,
  chiSquareCdf,
} from './incomplete-gamma.js';
export { regularizedBeta, studentTSf, studentTCdf } from './incomplete-beta.js';
export { erf, erfc, normalCdf, normalSf } from './normal.js';
export { smirnov, smirnovSf, smirnovCdf, type SmirnovProbabilities } from './smirnov.js';
export {
  kolmogorovN,
  kolmogorovNSf,
  kolmogorovNCdf,
  kolmogorovLimitSf,
  kolmogorovPelzGood,
} from './kolmogorov.js';
export { kolmogorovDurbinCdf, kolmogorovPomeranzCdf } from './kolmogorov-matrix.js';
export {
  ksTwoSampleProbability,
  roundHalfEven,
  KS_EXACT_MAX_N,
  type KsMethod,
  type KsTwoSampleProbability,
} from './ks-two-sample.js';
export { besselK, besselKScaled } from './bessel-k.js';
export { cramerVonMisesLimitCdf } from './cramer-von-mises.js';
export { symmetricEigen, symmetricPseudoInverse, polyfit, polyval } from './linear-algebra.js';
