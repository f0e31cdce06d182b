/**
 * Limiting distribution of the Cramér–von Mises statistic (Csörgő & Faraway 1996, eq. 1.2), as
 * scipy 1.17.1 `_hypotests.py::_cdf_cvm_inf` evaluates it (statistics.md §3.12):
 *   F(x) = Σ_{k≥0} Γ(k+½)/(k!·π^{3/2}·√x)·√(4k+1)·e^(−u_k)·K_{1/4}(u_k),  u_k = (4k+1)²/(16x),
 * adding terms until one is below 1e-7, that term included. The truncation is scipy's, kept on
 * purpose: p-values are 1 − F, so matching scipy needs the same terms.
 */
import { besselKScaled } from './bessel-k.js';
import { logGamma } from './gamma.js';

const PI_POW_1_5 = Math.pow(Math.PI, 1.5);
const TERM_TOLERANCE = 1e-7;

/** CDF of the limiting Cramér–von Mises distribution at x > 0 (0 for x ≤ 0). */
export function cramerVonMisesLimitCdf(x: number): number {
  if (Number.isNaN(x)) return x;
  if (x <= 0) return 0;
  let total = 0;
  for (let k = 0; ; k++) {
    const u = Math.exp(logGamma(k + 0.5) - logGamma(k + 1)) / (PI_POW_1_5 * Math.sqrt(x));
    const y = 4 * k + 1;
    const q = (y * y) / (16 * x);
    const term = u * Math.sqrt(y) * Math.exp(-2 * q) * besselKScaled(0.25, q);
    total += term;
    if (!(Math.abs(term) >= TERM_TOLERANCE)) break;
  }
  return total;
}
