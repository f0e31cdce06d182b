/**
 * Exact CDF of the two-sided one-sample Kolmogorov statistic Dₙ for small n·d, ported from
 * scipy 1.17.1 `stats/_ksstats.py`:
 * - Durbin's matrix method as Marsaglia, Tsang & Wang (2003) evaluate it (`_kolmogn_DMTW`);
 * - Pomeranz's recursion (1974, ACM Algorithm 487; `_kolmogn_Pomeranz`).
 * Both rescale by 2^±128 and keep the exponent apart, as scipy does.
 */

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

/** x·2^e without overflowing in an intermediate power of two. */
export function ldexp(x: number, e: number): number {
  let value = x;
  let exponent = e;
  while (exponent > 1000) {
    value *= 2 ** 1000;
    exponent -= 1000;
  }
  while (exponent < -1000) {
    value *= 2 ** -1000;
    exponent += 1000;
  }
  return value * 2 ** exponent;
}

function multiply(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) out[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return out;
}

/** P(Dₙ ≤ d) by the Durbin matrix (scipy `_kolmogn_DMTW(n, d, cdf=True)`). */
export function kolmogorovDurbinCdf(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let factorial = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = factorial;
    factorial /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * factorial;
  }
  const tt = Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m);
  v[m - 1] = (1 + tt) * factorial;
  let matrix: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let row = i - 1; row < m; row++) matrix[row * m + i] = w[row - i + 1]!;
  }
  for (let row = 0; row < m; row++) matrix[row * m] = v[row]!;
  for (let col = 0; col < m; col++) matrix[(m - 1) * m + col] = v[m - 1 - col]!;

  let power: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) power[i * m + i] = 1;
  let exponent = 0;
  let matrixExponent = 0;
  for (let remaining = n; remaining > 0; remaining = Math.floor(remaining / 2)) {
    if (remaining % 2 === 1) {
      power = multiply(power, matrix, m);
      exponent += matrixExponent;
    }
    matrix = multiply(matrix, matrix, m);
    matrixExponent *= 2;
    if (Math.abs(matrix[(k - 1) * m + (k - 1)]!) > P128) {
      for (let i = 0; i < matrix.length; i++) matrix[i]! /= P128;
      matrixExponent += E128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      exponent -= E128;
    }
  }
  return exponent === 0 ? p : ldexp(p, exponent);
}

/** Row interval of the Pomeranz recursion (scipy `_pomeranz_compute_j1j2`). */
function rowBounds(
  i: number,
  n: number,
  ll: number,
  ceilF: number,
  roundF: number,
): [number, number] {
  let j1: number;
  let j2: number;
  if (i === 0) {
    j1 = -ll - ceilF - 1;
    j2 = ll + ceilF - 1;
  } else {
    const half = Math.floor((i + 1) / 2);
    if ((i + 1) % 2 === 0) {
      if (half === n + 1) {
        j1 = n - ll - ceilF - 1;
        j2 = n + ll + ceilF - 1;
      } else {
        j1 = half - 1 - ll - roundF - 1;
        j2 = half + ll - 1 + ceilF - 1;
      }
    } else {
      j1 = half - 1 - ll - 1;
      j2 = half + ll + roundF - 1;
    }
  }
  return [Math.max(j1 + 2, 0), Math.min(j2, n)];
}

/** P(Dₙ ≤ x) by Pomeranz's recursion (scipy `_kolmogn_Pomeranz(n, x, cdf=True)`). */
export function kolmogorovPomeranzCdf(n: number, x: number): number {
  const t = n * x;
  const ll = Math.floor(t);
  const f = t - ll;
  const g = Math.min(f, 1 - f);
  const ceilF = f > 0 ? 1 : 0;
  const roundF = f > 0.5 ? 1 : 0;
  const powers = 2 * (ll + 1);
  const gPower = new Float64Array(powers);
  const twoGPower = new Float64Array(powers);
  const oneMinusTwoGPower = new Float64Array(powers);
  gPower[0] = twoGPower[0] = oneMinusTwoGPower[0] = 1;
  const gOverN = g / n;
  const twoGOverN = (2 * g) / n;
  const oneMinusTwoGOverN = (1 - 2 * g) / n;
  for (let m = 1; m < powers; m++) {
    gPower[m] = (gPower[m - 1]! * gOverN) / m;
    twoGPower[m] = (twoGPower[m - 1]! * twoGOverN) / m;
    oneMinusTwoGPower[m] = (oneMinusTwoGPower[m - 1]! * oneMinusTwoGOverN) / m;
  }
  let v0 = new Float64Array(powers);
  let v1 = new Float64Array(powers);
  v1[0] = 1;
  let v0Start = 0;
  let v1Start = 0;
  let exponent = 0;
  let j1 = rowBounds(0, n, ll, ceilF, roundF)[0];
  for (let i = 1; i < 2 * n + 2; i++) {
    const k1 = j1;
    [v0, v1] = [v1, v0];
    [v0Start, v1Start] = [v1Start, v0Start];
    v1.fill(0);
    const bounds = rowBounds(i, n, ll, ceilF, roundF);
    j1 = bounds[0];
    const j2 = bounds[1];
    const weights =
      i === 1 || i === 2 * n + 1 ? gPower : i % 2 === 1 ? twoGPower : oneMinusTwoGPower;
    const width = j2 - k1 + 1;
    if (width <= 0) continue;
    // Entries conv[j1−k1 …] of the full convolution of V0[k1−V0s …][:width] with weights[:width].
    const offset = k1 - v0Start;
    const available = Math.min(width, powers - offset);
    const from = j1 - k1;
    const length = j2 - j1 + 1;
    let largest = 0;
    for (let out = 0; out < length; out++) {
      const index = from + out;
      let sum = 0;
      const lo = Math.max(0, index - width + 1);
      const hi = Math.min(index, available - 1);
      for (let a = lo; a <= hi; a++) sum += v0[offset + a]! * weights[index - a]!;
      v1[out] = sum;
      if (sum > largest) largest = sum;
    }
    if (largest > 0 && largest < M128) {
      for (let a = 0; a < powers; a++) v1[a]! *= P128;
      exponent -= E128;
    }
    v1Start = v0Start + j1 - k1;
  }
  let answer = v1[n - v1Start]!;
  for (let m = 1; m <= n; m++) {
    if (Math.abs(answer) > P128) {
      answer *= M128;
      exponent += E128;
    }
    answer *= m;
  }
  return exponent === 0 ? answer : ldexp(answer, exponent);
}
