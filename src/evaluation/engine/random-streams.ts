/**
 * Independent random streams per stage, derived from the evaluation seed and a label, so one
 * stage's draws never depend on how many another made (adding a perturbation does not move the
 * bootstrap intervals). All randomness of the engine comes from here.
 */
import { SeededRandom } from '../../lib/index.js';

/** A 32-bit seed for `label` under `seed` (FNV-1a over the label, then a murmur3 finaliser). */
export function streamSeed(seed: number, label: string): number {
  let h = (0x811c9dc5 ^ (seed >>> 0)) >>> 0;
  for (let i = 0; i < label.length; i++) {
    h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The generator of one stage (e.g. `'bootstrap'`, `'importance/age'`). */
export function randomStream(seed: number, label: string): SeededRandom {
  return new SeededRandom(streamSeed(seed, label));
}

/** Uniform integer in [0, n). */
export function randomIndex(random: SeededRandom, n: number): number {
  return Math.floor(random.next() * n);
}

/** Fisher–Yates shuffle in place (from the last position down, as numpy's `shuffle`). */
export function shuffleInPlace(random: SeededRandom, values: Uint32Array): Uint32Array {
  for (let i = values.length - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    const t = values[i] ?? 0;
    values[i] = values[j] ?? 0;
    values[j] = t;
  }
  return values;
}

/** A uniformly random permutation of 0..n−1. */
export function permutation(random: SeededRandom, n: number): Uint32Array {
  return shuffleInPlace(
    random,
    Uint32Array.from({ length: n }, (_, i) => i),
  );
}

/** `k` distinct row indices out of `n` (all when k ≥ n), increasing. */
export function sampleRows(random: SeededRandom, n: number, k: number): Uint32Array {
  if (k >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + randomIndex(random, n - i);
    const t = pool[i] ?? 0;
    pool[i] = pool[j] ?? 0;
    pool[j] = t;
  }
  return pool.slice(0, k).sort();
}
