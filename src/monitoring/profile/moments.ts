/**
 * Count, mean and the second and third central moment sums (M2 = Σ(x − x̄)², M3 = Σ(x − x̄)³),
 * updated one value at a time (Welford 1962; Pébay 2008 for M3) and combined exactly up to
 * rounding (Chan, Golub, LeVeque 1979; Pébay 2008, eq. 2.1–2.2), as statistics.md §5.2 states.
 */
export interface Moments {
  count: number;
  mean: number;
  m2: number;
  m3: number;
}

export function emptyMoments(): Moments {
  return { count: 0, mean: 0, m2: 0, m3: 0 };
}

/** Adds one finite value in place. */
export function addToMoments(s: Moments, x: number): void {
  const n1 = s.count;
  const n = n1 + 1;
  const delta = x - s.mean;
  const deltaN = delta / n;
  const term = delta * deltaN * n1;
  s.count = n;
  s.mean += deltaN;
  s.m3 += term * deltaN * (n - 2) - 3 * deltaN * s.m2;
  s.m2 += term;
}

/** The moments of the union of two samples. */
export function combineMoments(a: Moments, b: Moments): Moments {
  if (a.count === 0) return { ...b };
  if (b.count === 0) return { ...a };
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  const deltaN = delta / n;
  const m2 = a.m2 + b.m2 + delta * deltaN * a.count * b.count;
  const m3 =
    a.m3 +
    b.m3 +
    delta * deltaN * deltaN * a.count * b.count * (a.count - b.count) +
    3 * deltaN * (a.count * b.m2 - b.count * a.m2);
  return { count: n, mean: a.mean + deltaN * b.count, m2, m3 };
}

/** Sample variance (ddof 1); NaN below two values. */
export function sampleVariance(s: Moments): number {
  return s.count < 2 ? Number.NaN : s.m2 / (s.count - 1);
}

/** Population variance (ddof 0), as numpy's `std` and Evidently's normed W1 use. */
export function populationVariance(s: Moments): number {
  return s.count < 1 ? Number.NaN : s.m2 / s.count;
}

/** Population skewness g₁ = (M3/n)/(M2/n)^1.5, as numpy's Doane rule computes it; 0 if σ = 0. */
export function skewness(s: Moments): number {
  if (s.count < 1 || s.m2 <= 0) return 0;
  return s.m3 / s.count / (s.m2 / s.count) ** 1.5;
}
