/**
 * Small deterministic randomness: a seeded PRNG for tests and benchmarks, and the 32-bit mixer the
 * KLL sketch uses for its compaction coins. No dependency, identical on every platform.
 */

/** The murmur3 32-bit finaliser: a bijection on uint32 with full avalanche. */
export function mix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded PRNG (splitmix32) returning floats in [0, 1). Deterministic given the seed; for tests,
 * data generators and benchmarks, never for secrets.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    return mix32(state) / 4294967296;
  };
}
