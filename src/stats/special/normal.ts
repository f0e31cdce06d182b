/**
 * erf, erfc and the standard normal CDF/SF to full double precision (scipy `erf`, `erfc`,
 * `ndtr`, `norm.sf`).
 *
 * - |z| < 0.5: Maclaurin series of erf (alternating, terms shrink from the first; erfc = 1 − erf
 *   is then ≥ 0.47, so no cancellation).
 * - z ≥ 0.5: erfc(z) = e^(−z²)·z/√π·h(z²), h the continued fraction of Q(½, x);
 *   e^(−z²) is evaluated from the exact pair z² = hi + lo, so the tail keeps full relative
 *   accuracy (a single rounding of z² would cost 2z²·ε, i.e. 1e-13 at z = 26).
 * - The normal SF uses x²/2 exactly (from x·x) rather than (x/√2)², for the same reason.
 */
import { expNegativePair, twoProduct } from './double-double.js';

const TWO_OVER_SQRT_PI = 1.1283791670955126;
const ONE_OVER_SQRT_PI = 0.5641895835477563;
const SQRT1_2 = Math.SQRT1_2;

function erfSeries(z: number): number {
  const z2 = z * z;
  let term = z;
  let sum = z;
  for (let n = 1; n < 60; n++) {
    term *= -z2 / n;
    const contribution = term / (2 * n + 1);
    sum += contribution;
    if (Math.abs(contribution) < Math.abs(sum) * 1e-17) break;
  }
  return TWO_OVER_SQRT_PI * sum;
}

/**
 * Continued fraction of Q(½, x)·Γ(½)·eˣ/√x (Legendre, a = ½), evaluated bottom-up at a fixed
 * depth: backward evaluation is stable (≤ 2 ulp), where forward Lentz iteration loses ~1e-14
 * near x = ¼ by accumulating a few hundred roundings. Depth 24 + 120/x converges to < 1 ulp for
 * x ≥ ¼ (checked against mpmath on a grid in normal.test.ts).
 */
function tailFraction(x: number): number {
  const depth = 24 + Math.ceil(120 / x);
  let t = 0;
  for (let i = depth; i >= 1; i--) t = (-i * (i - 0.5)) / (x + 0.5 + 2 * i + t);
  return 1 / (x + 0.5 + t);
}

/** erfc(z) for z ≥ 0.5 given z² = hi + lo exactly. */
function upperTail(z: number, squareHi: number, squareLo: number): number {
  if (squareHi > 745.2) return 0;
  return expNegativePair(squareHi, squareLo) * z * ONE_OVER_SQRT_PI * tailFraction(squareHi);
}

/** The error function erf(z). */
export function erf(z: number): number {
  if (Number.isNaN(z)) return z;
  if (Math.abs(z) < 0.5) return erfSeries(z);
  const tail = erfc(Math.abs(z));
  return z > 0 ? 1 - tail : tail - 1;
}

/** The complementary error function erfc(z) = 1 − erf(z), accurate in the far tail. */
export function erfc(z: number): number {
  if (Number.isNaN(z)) return z;
  if (z < -0.5) return 2 - erfc(-z);
  if (z < 0.5) return 1 - erfSeries(z);
  if (z === Number.POSITIVE_INFINITY) return 0;
  const [hi, lo] = twoProduct(z, z);
  return upperTail(z, hi, lo);
}

/** P(Z > x) for a standard normal Z (scipy `norm.sf`, `ndtr(−x)`). */
export function normalSf(x: number): number {
  if (Number.isNaN(x)) return x;
  const z = x * SQRT1_2;
  if (z < 0.5) return 0.5 * erfc(z);
  if (x === Number.POSITIVE_INFINITY) return 0;
  const [hi, lo] = twoProduct(x, x);
  return 0.5 * upperTail(z, hi / 2, lo / 2);
}

/** P(Z ≤ x) for a standard normal Z (scipy `ndtr`, `norm.cdf`). */
export function normalCdf(x: number): number {
  return normalSf(-x);
}
