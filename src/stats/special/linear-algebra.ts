/**
 * The little dense linear algebra two tests need, on tiny matrices (n ≤ 4, 7×3):
 * - symmetric eigen-decomposition by cyclic Jacobi rotations, for the pseudo-inverse and rank of
 *   the Epps–Singleton covariance (numpy `pinv` with rcond 1e-15, `matrix_rank` with
 *   tol = σ_max·n·ε; for a symmetric matrix the singular values are the |eigenvalues|);
 * - least-squares polynomial fit by Householder QR (numpy `polyfit`, which scales the columns and
 *   solves by SVD; both are backward stable, so they agree to rounding), for Anderson–Darling.
 */

/** Eigenvalues and column eigenvectors (row-major n×n) of a symmetric matrix. */
export interface SymmetricEigen {
  values: number[];
  vectors: number[][];
}

/** Cyclic Jacobi: converges quadratically; 50 sweeps is far more than n ≤ 10 ever needs. */
export function symmetricEigen(matrix: readonly (readonly number[])[]): SymmetricEigen {
  const n = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  const at = (i: number, j: number) => a[i]![j]!;
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += at(p, q) * at(p, q);
    if (off === 0) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = at(p, q);
        if (apq === 0) continue;
        const theta = (at(q, q) - at(p, p)) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = at(k, p);
          const akq = at(k, q);
          a[k]![p] = c * akp - s * akq;
          a[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = at(p, k);
          const aqk = at(q, k);
          a[p]![k] = c * apk - s * aqk;
          a[q]![k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - s * vkq;
          v[k]![q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]!), vectors: v };
}

/** Pseudo-inverse of a symmetric matrix and the rank numpy `matrix_rank` gives that inverse. */
export function symmetricPseudoInverse(matrix: readonly (readonly number[])[]): {
  inverse: number[][];
  rank: number;
} {
  const n = matrix.length;
  const { values, vectors } = symmetricEigen(matrix);
  const largest = Math.max(...values.map(Math.abs));
  const kept = values.map((value) => (Math.abs(value) > 1e-15 * largest ? 1 / value : 0));
  const inverse = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let sum = 0;
      for (let k = 0; k < n; k++) sum += vectors[i]![k]! * kept[k]! * vectors[j]![k]!;
      return sum;
    }),
  );
  const inverseLargest = Math.max(...kept.map(Math.abs));
  const rank = kept.filter((value) => Math.abs(value) > inverseLargest * n * Number.EPSILON).length;
  return { inverse, rank };
}

/** Coefficients (highest degree first, as numpy) of the least-squares polynomial fit. */
export function polyfit(x: readonly number[], y: readonly number[], degree: number): number[] {
  const rows = x.length;
  const cols = degree + 1;
  const a = x.map((xi) => Array.from({ length: cols }, (_, j) => Math.pow(xi, degree - j)));
  const scale = Array.from({ length: cols }, (_, j) => Math.hypot(...a.map((row) => row[j]!)));
  for (const row of a) for (let j = 0; j < cols; j++) row[j]! /= scale[j]!;
  const b = [...y];
  for (let k = 0; k < cols; k++) {
    const norm = Math.hypot(...a.slice(k).map((row) => row[k]!));
    const alpha = a[k]![k]! > 0 ? -norm : norm;
    const u = a.map((row, i) => (i < k ? 0 : row[k]!));
    u[k]! -= alpha;
    const uu = u.reduce((s, ui) => s + ui * ui, 0);
    if (uu === 0) continue;
    for (let j = k; j < cols; j++) {
      let dot = 0;
      for (let i = k; i < rows; i++) dot += u[i]! * a[i]![j]!;
      for (let i = k; i < rows; i++) a[i]![j]! -= (2 * dot * u[i]!) / uu;
    }
    let dot = 0;
    for (let i = k; i < rows; i++) dot += u[i]! * b[i]!;
    for (let i = k; i < rows; i++) b[i]! -= (2 * dot * u[i]!) / uu;
  }
  const coefficients = new Array<number>(cols).fill(0);
  for (let k = cols - 1; k >= 0; k--) {
    let sum = b[k]!;
    for (let j = k + 1; j < cols; j++) sum -= a[k]![j]! * coefficients[j]!;
    coefficients[k] = sum / a[k]![k]!;
  }
  return coefficients.map((c, j) => c / scale[j]!);
}

/** Horner evaluation of a polynomial given highest degree first (numpy `polyval`). */
export function polyval(coefficients: readonly number[], x: number): number {
  let value = 0;
  for (const c of coefficients) value = value * x + c;
  return value;
}
