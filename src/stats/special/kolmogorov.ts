/**
 * Two-sided Kolmogorov–Smirnov distributions:
 * - finite n, Dₙ = sup|Fₙ − F| (scipy `kstwo`, `_ksstats.py::_kolmogn`): the algorithm choice of
 *   Simard & L'Ecuyer (2011, J. Stat. Softw. 39(11)) exactly as scipy 1.17.1 makes it
 *   (statistics.md §3.1 table); this is what `ks_2samp(method='asymp')` evaluates at N = round(en);
 * - the limit √n·Dₙ → K (scipy `kstwobign`, xsf `kolmogorov`).
 */
import { kolmogorovDurbinCdf, kolmogorovPomeranzCdf } from './kolmogorov-matrix.js';
import { smirnovSf } from './smirnov.js';

const SQRT_2PI = Math.sqrt(2 * Math.PI);
const LOG_2PI = Math.log(2 * Math.PI);
const PI2 = Math.PI * Math.PI;
const PI4 = PI2 * PI2;
const PI6 = PI4 * PI2;
const SQRT3 = Math.sqrt(3);
const MIN_LOG = -708;
/** Stirling coefficients B₂ⱼ/(2j(2j−1)), j = 8 … 1 (scipy `_STIRLING_COEFFS`). */
const STIRLING = [
  -0.029550653594771242, 0.00641025641025641, -0.0019175269175269176, 0.0008417508417508417,
  -0.0005952380952380953, 0.0007936507936507937, -0.002777777777777778, 0.08333333333333333,
];

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

function pick(cdfValue: number, sfValue: number, cdf: boolean): number {
  return clip(cdf ? cdfValue : sfValue);
}

/** ln(n!/nⁿ) by Stirling with n·ln n removed up front (scipy `_log_nfactorial_div_n_pow_n`). */
function logFactorialOverPower(n: number): number {
  const rn = 1 / n;
  const r2 = rn / n;
  let poly = 0;
  for (const c of STIRLING) poly = poly * r2 + c;
  return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
}

/** Pelz–Good (1976) approximation of P(Dₙ ≤ x) (scipy `_kolmogn_PelzGood`). */
export function kolmogorovPelzGood(n: number, x: number, cdf = true): number {
  if (x <= 0) return pick(0, 1, cdf);
  if (x >= 1) return pick(1, 0, cdf);
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z3 = z2 * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const qLog = -PI2 / 8 / z2;
  if (qLog < MIN_LOG) return pick(0, 1, cdf);
  let q = Math.exp(qLog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * Math.pow(z, 8);
  const sums = [0, 0, 0, 0];
  const maxK = Math.ceil((16 * z) / Math.PI);
  for (let k = maxK; k > 0; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const m4 = m2 * m2;
    const m6 = m4 * m2;
    const qPower = Math.pow(q, 8 * k);
    const coefficients = [
      1,
      k1a + k1b * m2,
      k2a + k2b * m2 + k2c * m4,
      k3a + k3b * m2 + k3c * m4 + k3d * m6,
    ];
    for (let i = 0; i < 4; i++) sums[i] = sums[i]! * qPower + coefficients[i]!;
  }
  const divisors = [z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)];
  const terms = sums.map((s, i) => (s * q * SQRT_2PI) / divisors[i]!);
  q = Math.exp(-PI2 / 2 / z2);
  const sqrt3z = SQRT3 * z;
  let k2Extra = 0;
  let k3Extra = 0;
  for (let k = maxK; k > 0; k--) {
    const k2 = k * k;
    const qPower = Math.pow(q, k2);
    k2Extra += k2 * qPower;
    const kPi = Math.PI * k;
    k3Extra += (sqrt3z + kPi) * (sqrt3z - kPi) * k2 * qPower;
  }
  terms[2]! += (k2Extra * PI2 * SQRT_2PI) / (-36 * z3);
  terms[3]! += (k3Extra * PI2 * SQRT_2PI) / (216 * z6);
  for (let i = 0; i < 4; i++) terms[i]! /= Math.pow(n, i / 2);
  if (!cdf) {
    for (let i = 0; i < 4; i++) terms[i] = -terms[i]!;
    terms[0]! += 1;
  }
  return terms[0]! + terms[1]! + terms[2]! + terms[3]!;
}

/**
 * P(Dₙ ≤ x) (cdf = true) or P(Dₙ > x) (scipy `kstwo.cdf(x, n)` / `kstwo.sf(x, n)`), n ≥ 1 an
 * integer. NaN for other n.
 */
export function kolmogorovN(n: number, x: number, cdf: boolean): number {
  if (Number.isNaN(n) || Number.isNaN(x) || !Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return pick(1, 0, cdf);
  if (x <= 0) return pick(0, 1, cdf);
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: P(Dₙ ≤ x) = n!/nⁿ·(2t − 1)ⁿ for 1/2n ≤ x ≤ 1/n.
    if (t <= 0.5) return pick(0, 1, cdf);
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return pick(prob, 1 - prob, cdf);
  }
  if (t >= n - 1) {
    const prob = 2 * Math.pow(1 - x, n);
    return pick(1 - prob, prob, cdf);
  }
  if (x >= 0.5) {
    const prob = 2 * smirnovSf(n, x);
    return pick(1 - prob, prob, cdf);
  }
  const nx2 = t * x;
  if (n <= 140) {
    let prob: number;
    if (nx2 <= 0.754693) prob = kolmogorovDurbinCdf(n, x);
    else if (nx2 <= 4) prob = kolmogorovPomeranzCdf(n, x);
    else {
      const sf = 2 * smirnovSf(n, x);
      return pick(1 - sf, sf, cdf);
    }
    return pick(prob, 1 - prob, cdf);
  }
  if (!cdf) {
    if (nx2 >= 370) return 0;
    if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  }
  let cdfProb: number;
  if (nx2 >= 18) cdfProb = 1;
  else if (n <= 100000 && n * Math.pow(x, 1.5) <= 1.4) cdfProb = kolmogorovDurbinCdf(n, x);
  else cdfProb = kolmogorovPelzGood(n, x, true);
  return pick(cdfProb, 1 - cdfProb, cdf);
}

/** P(Dₙ > x), the finite-n two-sided tail (scipy `kstwo.sf(x, n)`). */
export function kolmogorovNSf(n: number, x: number): number {
  return kolmogorovN(n, x, false);
}

/** P(Dₙ ≤ x) (scipy `kstwo.cdf(x, n)`). */
export function kolmogorovNCdf(n: number, x: number): number {
  return kolmogorovN(n, x, true);
}

/**
 * Limiting Kolmogorov survival function Q_KS(λ) = 2Σ(−1)^(k−1)e^(−2k²λ²) (scipy `kstwobign.sf`,
 * xsf `kolmogorov`): the Jacobi-theta form for λ ≤ 0.82, the alternating series above.
 */
export function kolmogorovLimitSf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x <= 0 || x <= Math.PI / Math.sqrt((708 + 38) * 8)) return 1;
  if (x <= 0.82) {
    const w = SQRT_2PI / x;
    const logU8 = -PI2 / (x * x);
    const u = Math.exp(logU8 / 8);
    let cdf: number;
    if (u === 0) cdf = Math.exp(logU8 / 8 + Math.log(w));
    else {
      const u8 = Math.exp(logU8);
      const u8cube = Math.pow(u8, 3);
      let p = 1 + u8cube;
      p = 1 + u8 * u8 * p;
      p = 1 + u8 * p;
      cdf = w * u * p;
    }
    return clip(1 - cdf);
  }
  const v = Math.exp(-2 * x * x);
  const v3 = Math.pow(v, 3);
  let p = 1 - v3 * v3 * v;
  p = 1 - v3 * v * v * p;
  p = 1 - v3 * p;
  return clip(2 * v * p);
}
