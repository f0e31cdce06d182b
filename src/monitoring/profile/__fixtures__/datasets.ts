/**
 * Seeded test data: statistics.md §9.1's generator, and mixed-type rows for the merge and file
 * tests (numbers with NaN, null and ±∞; categories with commas, quotes, newlines and non-ASCII
 * text; booleans; a mixed column; a column absent from most rows; a high-cardinality column).
 */
import { seededRandom } from '../random.js';
import { mergeProfiles } from '../merge.js';
import type { DatasetProfile } from '../schema.js';

export const PHI = 0.6180339887498949;
export const SQ2 = 0.4142135623730951;

/** gen(n, a, scale, shift)[i] = ((i·a) mod 1)·scale + shift, i = 1..n (statistics.md §9.1). */
export function gen(n: number, a: number, scale = 10, shift = 0): number[] {
  return Array.from({ length: n }, (_, i) => (((i + 1) * a) % 1) * scale + shift);
}

export type Row = Record<string, unknown>;

const CATEGORIES = [
  'alpha',
  'beta',
  'gamma, with a comma',
  'say "hi"',
  'line\nbreak',
  'café',
  'naïve 🚀',
  ' padded ',
  'n/a',
  ...Array.from({ length: 21 }, (_, i) => `cat-${i}`),
];

/**
 * `n` rows; every value round-trips through CSV text unchanged (numbers print and parse back to
 * the same double; no string reads as a number, boolean or missing token).
 */
export function mixedRows(seed: number, n: number): Row[] {
  const r = seededRandom(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const u = r();
    const row: Row = {
      x: u < 0.03 ? null : u < 0.04 ? Number.NaN : 50 + 10 * (r() + r() + r() - 1.5),
      z: (r() - 0.5) * 1e-3 + (r() < 0.5 ? -1 : 1) * r(),
      int: Math.floor(r() * 21),
      inf: u > 0.99 ? Infinity : u > 0.98 ? -Infinity : Math.round(r() * 1e6) / 100,
      cat: u > 0.95 ? null : u > 0.93 ? '' : CATEGORIES[Math.floor(r() ** 2 * CATEGORIES.length)],
      flag: u > 0.97 ? null : r() < 0.3,
      mix: r() < 0.2 ? 'n/a' : Math.floor(r() * 1000) / 8,
      wide: `w${Math.floor(r() ** 3 * 3000)}`,
    };
    if (r() < 0.1) row.sparse = r() < 0.5 ? 'on' : 7;
    rows.push(row);
  }
  return rows;
}

/** Cuts `rows` at `parts − 1` distinct random points (parts may be empty). */
export function splitRandomly<T>(rows: T[], parts: number, random: () => number): T[][] {
  const cuts = Array.from({ length: parts - 1 }, () => Math.floor(random() * (rows.length + 1)));
  cuts.sort((a, b) => a - b);
  const bounds = [0, ...cuts, rows.length];
  return bounds.slice(1).map((end, i) => rows.slice(bounds[i], end));
}

/**
 * Merges the profiles of consecutive parts in a random binary tree: adjacent pairs chosen at
 * random, each merged in either order.
 */
export function mergeInRandomTree(
  profiles: DatasetProfile[],
  random: () => number,
): DatasetProfile {
  const pending = [...profiles];
  while (pending.length > 1) {
    const i = Math.floor(random() * (pending.length - 1));
    const [a, b] = [pending[i]!, pending[i + 1]!];
    pending.splice(i, 2, random() < 0.5 ? mergeProfiles(a, b) : mergeProfiles(b, a));
  }
  return pending[0]!;
}

/** A CSV cell for a value, quoted when RFC 4180 requires it. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'number' || typeof value === 'boolean' ? String(value) : (value as string);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
