/**
 * Modified Bessel function of the second kind K_ν(x) for real ν and x > 0, from the integral
 * K_ν(x) = ∫₀^∞ e^(−x·cosh t)·cosh(νt) dt by the trapezoidal rule. The integrand is analytic and
 * decays double-exponentially in the strip |Im t| < π/2, so a step h gives a relative error of
 * order e^(−π²/h) (Trefethen & Weideman 2014, §5): h = 1/8 leaves ~1e-34, far below rounding.
 * The Cramér–von Mises limit distribution (statistics.md §3.12) is its only user here.
 */

const STEP = 0.125;
/** Stop once x·(cosh t − 1) exceeds this: the remaining terms are below e^(−60) of the first. */
const CUTOFF = 60;

/** e^x·K_ν(x) (scipy `kve`), finite for all x > 0. */
export function besselKScaled(nu: number, x: number): number {
  if (!(x > 0) || Number.isNaN(nu)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return 0;
  // The integrand's width is ~1/√x: shrink the step with it so e^(−π²/h) keeps holding.
  const step = STEP / Math.max(1, Math.sqrt(x));
  let sum = 0.5;
  for (let k = 1; ; k++) {
    const t = k * step;
    const decay = x * (Math.cosh(t) - 1);
    sum += Math.exp(-decay) * Math.cosh(nu * t);
    if (decay - Math.abs(nu) * t > CUTOFF) break;
  }
  return step * sum;
}

/** K_ν(x) (scipy `kv`); underflows to 0 beyond x ≈ 745 as scipy does. */
export function besselK(nu: number, x: number): number {
  return Math.exp(-x) * besselKScaled(nu, x);
}
