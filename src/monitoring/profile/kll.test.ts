import { describe, expect, it } from 'vitest';
import { splitRandomly } from './__fixtures__/datasets.js';
import { quantileSorted } from './bins.js';
import { KllSketch, kllQuantile, kllRank, kllSortedView, rankErrorBound } from './kll.js';
import { seededRandom } from './random.js';
import { mergeProfiles } from './merge.js';
import { profileRows } from './profile-builder.js';
import { getColumn, quantile } from './accessors.js';

/** Largest |true rank − q| over q = 0.01..0.99, the true rank of a value v being [#{< v}, #{≤ v}]/n. */
function worstRankError(sorted: Float64Array, estimate: (q: number) => number): number {
  let worst = 0;
  for (let i = 1; i <= 99; i++) {
    const q = i / 100;
    const v = estimate(q);
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (sorted[mid]! < v) lo = mid + 1;
      else hi = mid;
    }
    let upper = lo;
    while (upper < sorted.length && sorted[upper] === v) upper++;
    const n = sorted.length;
    worst = Math.max(worst, lo / n - q, q - upper / n);
  }
  return worst;
}

const DATASETS: [string, (random: () => number, i: number, n: number) => number][] = [
  ['uniform', (random) => random()],
  ['ascending', (_, i) => i],
  ['descending', (_, i, n) => n - i],
  ['heavy-tailed', (random) => 1 / (1 - random()) ** 2],
  ['few distinct values', (random) => Math.floor(random() * 50)],
];

describe('KLL sketch', () => {
  const n = 100_000;
  const k = 200;

  it('documents its bound: 2.296/k^0.9723 (k = 200 → 1.33%)', () => {
    expect(rankErrorBound(200)).toBeCloseTo(0.01329, 5);
  });

  for (const [name, make] of DATASETS) {
    it(`keeps quantile rank error within the bound on 100k ${name} values, whole and merged`, () => {
      const random = seededRandom(name.length * 31);
      const values = Float64Array.from({ length: n }, (_, i) => make(random, i, n));
      const sorted = values.slice().sort();
      const whole = new KllSketch(k, 7);
      for (const v of values) whole.update(v);
      const view = kllSortedView(whole.toState());
      expect(view.n).toBe(n);
      expect(worstRankError(sorted, (q) => kllQuantile(view, q))).toBeLessThanOrEqual(
        rankErrorBound(k),
      );

      for (let trial = 0; trial < 3; trial++) {
        const parts = splitRandomly(Array.from(values), 2 + Math.floor(random() * 4), random);
        const sketches = parts.map((part) => {
          const sketch = new KllSketch(k, 7);
          for (const v of part) sketch.update(v);
          return sketch;
        });
        const pending = [...sketches];
        while (pending.length > 1) {
          const i = Math.floor(random() * (pending.length - 1));
          pending.splice(i, 2, pending[i]!.merge(pending[i + 1]!));
        }
        const merged = kllSortedView(pending[0]!.toState());
        expect(merged.n).toBe(n);
        expect(worstRankError(sorted, (q) => kllQuantile(merged, q))).toBeLessThanOrEqual(
          rankErrorBound(k),
        );
      }
    });
  }

  it('keeps rank (CDF) queries within the bound', () => {
    const random = seededRandom(5);
    const values = Float64Array.from({ length: n }, () => random() * 100);
    const sorted = values.slice().sort();
    const sketch = new KllSketch(k, 1);
    for (const v of values) sketch.update(v);
    const view = kllSortedView(sketch.toState());
    for (let i = 1; i < 100; i++) {
      const x = quantileSorted(sorted, i / 100);
      const truth = sorted.filter((v) => v <= x).length / n;
      expect(Math.abs(kllRank(view, x) - truth)).toBeLessThanOrEqual(rankErrorBound(k));
    }
  });

  it('holds every value, exactly, before its first compaction', () => {
    const sketch = new KllSketch(200, 1);
    for (let i = 0; i < 150; i++) sketch.update(150 - i);
    expect(sketch.exact).toBe(true);
    expect(sketch.toState().levels).toEqual([Array.from({ length: 150 }, (_, i) => i + 1)]);
  });

  it('stays small: about 3k items whatever n', () => {
    const sketch = new KllSketch(200, 1);
    for (let i = 0; i < 1_000_000; i++) sketch.update(i);
    const retained = sketch.toState().levels.reduce((sum, level) => sum + level.length, 0);
    expect(retained).toBeLessThan(3 * 200 + 8 * sketch.numLevels);
  });

  it('is deterministic given the seed and the input order', () => {
    const build = (seed: number): string => {
      const sketch = new KllSketch(64, seed);
      for (let i = 0; i < 10_000; i++) sketch.update((i * 7919) % 10_007);
      return JSON.stringify(sketch.toState());
    };
    expect(build(1)).toBe(build(1));
    expect(build(1)).not.toBe(build(2));
  });

  it('merges empty and single-item sketches (whylogs #681)', () => {
    const empty = new KllSketch(200, 1);
    const one = new KllSketch(200, 1);
    one.update(3);
    expect(empty.merge(empty).toState()).toMatchObject({ n: 0, levels: [[]] });
    expect(empty.merge(one).toState()).toMatchObject({ n: 1, levels: [[3]] });
    expect(KllSketch.fromState(one.toState()).merge(empty).toState().levels).toEqual([[3]]);
  });

  it('gives numpy type 7 quantiles through a profile while exact, and sketch ones after', () => {
    const small = profileRows([3, 1, 4, 1, 5, 9, 2, 6].map((x) => ({ x })));
    expect(quantile(getColumn(small, 'x'), 0.25)).toBe(1.75);
    expect(quantile(getColumn(small, 'x'), 0.5)).toBe(3.5);
    const rows = Array.from({ length: 20_000 }, (_, i) => ({ x: i }));
    const merged = mergeProfiles(profileRows(rows.slice(0, 7000)), profileRows(rows.slice(7000)));
    const median = quantile(getColumn(merged, 'x'), 0.5);
    expect(Math.abs(median / 20_000 - 0.5)).toBeLessThanOrEqual(rankErrorBound(200));
  });
});
