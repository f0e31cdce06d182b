/**
 * The deterministic data generator of statistics.md §9.1, identical in JS and Python up to ~1 ulp
 * in `pow` (Node gives …695 for the second value of case L's current sample where CPython gives
 * …693; with power = 1 the two agree bit for bit):
 *   gen(n, a, scale = 10, shift = 0, power = 1)[i] = (((i·a) mod 1)^power)·scale + shift, i = 1…n
 */

export const PHI = 0.6180339887498949;
export const SQ2 = 0.4142135623730951;
/** PHI·0.5 + 0.25, written out as §9.1 gives it. */
export const PHI_HALF_PLUS_QUARTER = 0.5590169943749475;

export interface GeneratorOptions {
  scale?: number;
  shift?: number;
  power?: number;
}

export function gen(n: number, a: number, options: GeneratorOptions = {}): Float64Array {
  const { scale = 10, shift = 0, power = 1 } = options;
  const out = new Float64Array(n);
  for (let i = 1; i <= n; i++) out[i - 1] = Math.pow((i * a) % 1, power) * scale + shift;
  return out;
}

/** A §9.1 test case: a reference and a current sample. */
export interface GeneratedCase {
  reference: Float64Array;
  current: Float64Array;
}

/** The four cases of §9.1. */
export const CASES = {
  S: { reference: gen(200, PHI), current: gen(150, SQ2, { shift: 0.5 }) },
  S0: { reference: gen(300, PHI), current: gen(300, PHI_HALF_PLUS_QUARTER) },
  L: { reference: gen(20000, PHI), current: gen(15000, SQ2, { power: 1.1 }) },
  L2: { reference: gen(50000, PHI), current: gen(40000, SQ2, { shift: 0.3 }) },
} satisfies Record<string, GeneratedCase>;

export type CaseName = keyof typeof CASES;
