/** Deterministic feature rows for the ONNX tests, shaped like the demo's credit features. */

/** splitmix32-style PRNG returning floats in [0, 1); identical on every platform. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let h = state;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
  };
}

/** Rows of [age, log income, debt-to-income, history months, one-hot 'retired'], float64. */
export function creditRows(seed: number, count: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => [
    18 + Math.floor(random() * 62),
    9.5 + random() * 3,
    random() * 1.5,
    Math.floor(random() * 400),
    random() < 0.2 ? 1 : 0,
  ]);
}

/** Row-major float32 matrix of the rows, as the scorer takes them. */
export function toMatrix(rows: readonly (readonly number[])[]): Float32Array {
  return Float32Array.from(rows.flat());
}

/** The rows as the model sees them: every value rounded to float32. */
export function asFloat32(rows: readonly (readonly number[])[]): number[][] {
  return rows.map((row) => row.map((v) => Math.fround(v)));
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The input/output schema documents of a model over `creditRows`. */
export function creditIo(
  output: { output: string; index?: number },
  task: 'binary-classification' | 'regression' = 'binary-classification',
): { inputSchema: unknown; outputSchema: unknown } {
  return {
    inputSchema: {
      tensor: 'input',
      columns: [
        { name: 'age', type: 'numeric' },
        { name: 'log_income', type: 'numeric' },
        { name: 'debt_to_income', type: 'numeric' },
        { name: 'credit_history_months', type: 'numeric' },
        { name: 'employment_status=retired', type: 'numeric', oneHotGroup: 'employment_status' },
      ],
    },
    outputSchema: { task, score: output },
  };
}
