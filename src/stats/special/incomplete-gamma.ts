/**
 * Regularized incomplete gamma functions P(a, x) and Q(a, x) = 1 − P, and the chi-square
 * distribution built on them (scipy `gammainc`/`gammaincc`, `chi2.sf`).
 *
 * Method: the power series for P when x < a + 1, Legendre's continued fraction for Q otherwise
 * (modified Lentz), so the quantity computed directly is never the one close to 1. The common
 * prefactor xᵃe⁻ˣ/Γ(a) is evaluated as a·(log1p(t) − t) + ½·ln(a/2π) − μ(a) with t = (x − a)/a
 * for a ≥ 10, whose rounding error scales with |x − a| instead of a·ln a.
 */
import { logGamma, stirlingRemainder } from './gamma.js';

const EPSILON = Number.EPSILON;
const TINY = 1e-300;

/** ln(xᵃ e⁻ˣ / Γ(a)) for a > 0, x > 0. */
function logPrefix(a: number, x: number): number {
  if (a < 10) return a * Math.log(x) - x - logGamma(a);
  const t = (x - a) / a;
  return a * (Math.log1p(t) - t) + 0.5 * Math.log(a / (2 * Math.PI)) - stirlingRemainder(a);
}

function maxIterations(a: number): number {
  return 1000 + Math.ceil(20 * Math.sqrt(a));
}

/** P(a, x) by its series; valid (and used) for x < a + 1. */
function seriesP(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  const limit = maxIterations(a);
  for (let n = 1; n < limit; n++) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
  }
  return sum * Math.exp(logPrefix(a, x));
}

/** Q(a, x) by Legendre's continued fraction; used for x ≥ a + 1. */
function continuedFractionQ(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  const limit = maxIterations(a);
  for (let i = 1; i < limit; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return Math.exp(logPrefix(a, x)) * h;
}

function checkArguments(a: number, x: number): boolean {
  return a > 0 && x >= 0 && !Number.isNaN(x) && Number.isFinite(a);
}

/** Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a); NaN outside a > 0, x ≥ 0. */
export function regularizedGammaP(a: number, x: number): number {
  if (!checkArguments(a, x)) return Number.NaN;
  if (x === 0) return 0;
  if (x === Number.POSITIVE_INFINITY) return 1;
  return x < a + 1 ? seriesP(a, x) : 1 - continuedFractionQ(a, x);
}

/** Regularized upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a); NaN outside a > 0, x ≥ 0. */
export function regularizedGammaQ(a: number, x: number): number {
  if (!checkArguments(a, x)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  return x < a + 1 ? 1 - seriesP(a, x) : continuedFractionQ(a, x);
}

/** Chi-square survival function P(χ²_df > x) (scipy `chi2.sf`); 1 for x ≤ 0, 0 at +∞. */
export function chiSquareSf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  if (x <= 0) return 1;
  return regularizedGammaQ(df / 2, x / 2);
}

/** Chi-square cumulative distribution function P(χ²_df ≤ x) (scipy `chi2.cdf`). */
export function chiSquareCdf(x: number, df: number): number {
  if (Number.isNaN(x) || !(df > 0)) return Number.NaN;
  if (x <= 0) return 0;
  return regularizedGammaP(df / 2, x / 2);
}
