/**
 * Exact null distributions for small samples, as scipy 1.17.1 uses them under method 'auto':
 * Mann–Whitney U without ties when a sample has ≤ 8 values (`_mannwhitneyu._MWU`), and the
 * two-sample Cramér–von Mises U when max(n, m) ≤ 20 (`_pval_cvm_2samp_exact`, Xiao, Gordon &
 * Yakovlev 2006). Counts stay below 2^53 in both ranges, so sums are exact until the division.
 */

/**
 * Frequencies of U = 0 … n1·n2 under H₀: the coefficients of the Gaussian binomial
 * [n1+n2 choose n1]_q = Π_{i=1}^{n1} (1 − q^{n2+i})/(1 − q^i).
 */
function mannWhitneyFrequencies(n1: number, n2: number): Float64Array {
  const degree = n1 * n2;
  const f = new Float64Array(degree + 1);
  f[0] = 1;
  for (let i = 1; i <= n1; i++) {
    const shift = n2 + i;
    for (let u = degree; u >= shift; u--) f[u]! -= f[u - shift]!;
    for (let u = i; u <= degree; u++) f[u]! += f[u - i]!;
  }
  return f;
}

/** P(U ≥ u) under H₀ for sample sizes n1, n2 (no ties). */
export function mannWhitneyExactSf(u: number, n1: number, n2: number): number {
  const f = mannWhitneyFrequencies(Math.min(n1, n2), Math.max(n1, n2));
  let total = 0;
  for (const c of f) total += c;
  const k = Math.ceil(u);
  let tail = 0;
  // Sum the shorter side; the distribution is symmetric around n1·n2/2.
  if (k > (n1 * n2) / 2) for (let v = k; v < f.length; v++) tail += f[v]!;
  else {
    for (let v = 0; v < k; v++) tail += f[v]!;
    tail = total - tail;
  }
  return tail / total;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/**
 * P(U ≥ u) for the two-sample Cramér–von Mises U = m·Σ(r_i − i)² + n·Σ(s_j − j)² (sizes m, n):
 * the frequency tables g⁺_{u,v} of Xiao et al., Algorithm 1, exactly as scipy builds them.
 */
export function cramerVonMisesExactSf(u: number, m: number, n: number): number {
  const lcm = (m * n) / gcd(m, n);
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = Math.floor((lcm * lcm * (m + n) * (6 * u - mn * (4 * mn - 1))) / (6 * mn * mn));
  let tables: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) tables.push(new Map());
  for (let row = 0; row <= n; row++) {
    const next: Map<number, number>[] = [];
    let carried = new Map<number, number>();
    for (let v = 0; v <= m; v++) {
      const merged = new Map<number, number>();
      const shift = (a * v - b * row) ** 2;
      for (const [value, count] of carried) merged.set(value + shift, count);
      for (const [value, count] of tables[v]!) {
        const key = value + shift;
        merged.set(key, (merged.get(key) ?? 0) + count);
      }
      carried = merged;
      next.push(merged);
    }
    tables = next;
  }
  let tail = 0;
  for (const [value, count] of tables[m]!) if (value >= zeta) tail += count;
  return tail / binomial(m + n, m);
}
