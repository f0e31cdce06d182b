import { describe, expect, it } from 'vitest';
import { FrequentItems, keptAfterPurge } from './frequent-items.js';
import { seededRandom } from './random.js';

/** The batched Misra–Gries rule written the slow, obvious way. */
function naive(stream: string[], capacity: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of stream) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
    if (counts.size > capacity) {
      const sorted = [...counts.values()].sort((a, b) => b - a);
      const cut = sorted[keptAfterPurge(capacity)]!;
      for (const [v, c] of counts) {
        if (c <= cut) counts.delete(v);
        else counts.set(v, c - cut);
      }
    }
  }
  return counts;
}

function zipfStream(seed: number, n: number, distinct: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => `v${Math.floor(distinct ** random()) - 1}`);
}

function summaryOf(stream: string[], capacity: number): FrequentItems {
  const items = new FrequentItems(capacity);
  for (const value of stream) items.add(value);
  return items;
}

function countsOf(items: FrequentItems): Map<string, number> {
  return new Map([...items.counters].map(([v, c]) => [v, c.count]));
}

function maxError(items: FrequentItems): number {
  return (items.total - items.tracked) / (keptAfterPurge(items.capacity) + 1);
}

/** f̂ ≤ f ≤ f̂ + maxError for every value, listed or not. */
function expectWithinBound(items: FrequentItems, stream: string[]): void {
  const truth = new Map<string, number>();
  for (const v of stream) truth.set(v, (truth.get(v) ?? 0) + 1);
  const bound = maxError(items);
  expect(bound).toBeLessThanOrEqual(stream.length / (keptAfterPurge(items.capacity) + 1));
  for (const [value, count] of truth) {
    const estimate = items.counters.get(value)?.count ?? 0;
    expect(estimate).toBeLessThanOrEqual(count);
    expect(count - estimate).toBeLessThanOrEqual(bound);
    if (count > stream.length / (keptAfterPurge(items.capacity) + 1))
      expect(estimate).toBeGreaterThan(0);
  }
}

describe('FrequentItems (Misra–Gries)', () => {
  it('counts exactly while there are at most `capacity` distinct values', () => {
    const items = summaryOf(['a', 'b', 'a', 'c', 'a', 'b'], 3);
    expect(countsOf(items)).toEqual(
      new Map([
        ['a', 3],
        ['b', 2],
        ['c', 1],
      ]),
    );
    expect(items.purged).toBe(false);
    expect(maxError(items)).toBe(0);
  });

  it('purges like the obvious implementation (quickselect finds the same cut)', () => {
    for (const seed of [1, 2, 3]) {
      const stream = zipfStream(seed, 20_000, 5000);
      for (const capacity of [1, 2, 7, 100]) {
        expect(countsOf(summaryOf(stream, capacity))).toEqual(naive(stream, capacity));
      }
    }
  });

  it('keeps every count within (N − n̂)/(⌊capacity/2⌋ + 1) on skewed and uniform streams', () => {
    for (const [seed, distinct] of [
      [1, 5000],
      [2, 300],
      [3, 100_000],
    ] as const) {
      const stream = zipfStream(seed, 100_000, distinct);
      expectWithinBound(summaryOf(stream, 100), stream);
    }
    const random = seededRandom(4);
    const uniform = Array.from({ length: 50_000 }, () => `u${Math.floor(random() * 2000)}`);
    expectWithinBound(summaryOf(uniform, 100), uniform);
  });

  it('keeps the bound after merges in any order', () => {
    const random = seededRandom(11);
    const stream = zipfStream(5, 60_000, 8000);
    const parts = [0, 0.2, 0.5, 0.9, 1].map((f) => Math.floor(f * stream.length));
    const summaries = parts.slice(1).map((end, i) => summaryOf(stream.slice(parts[i], end), 64));
    while (summaries.length > 1) {
      const i = Math.floor(random() * (summaries.length - 1));
      summaries.splice(i, 2, FrequentItems.merge(summaries[i + 1]!, summaries[i]!));
    }
    expect(summaries[0]!.total).toBe(stream.length);
    expectWithinBound(summaries[0]!, stream);
  });

  it('marks purged counters dead, so cached counters are never stale', () => {
    const items = new FrequentItems(2);
    const a = items.add('a');
    items.add('a');
    const b = items.add('b');
    items.add('c');
    expect(a.live).toBe(true);
    expect(b.live).toBe(false);
    expect(items.counters.has('b')).toBe(false);
  });
});
