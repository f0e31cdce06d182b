/**
 * Category counts: exact while at most `capacity` distinct values have been seen, then the
 * Misra–Gries summary (Misra & Gries 1982) in its batched, mergeable form (Agarwal, Cormode,
 * Huang, Phillips, Wei, Yi, "Mergeable Summaries", PODS 2012, §3).
 *
 * When a value would be the (capacity+1)-th counter, c = the (t+1)-th largest count with
 * t = ⌊capacity/2⌋ is subtracted from every counter and counters at or below zero are dropped;
 * merging adds counters and purges the same way. Each purge removes at least (t+1)·c from the
 * counted total, and no value's count falls by more than c, so for every value v, with
 * N = values counted, n̂ = Σ counters and f̂(v) = its counter (0 if absent):
 *
 *     f̂(v) ≤ f(v) ≤ f̂(v) + (N − n̂)/(t + 1)          and (N − n̂)/(t + 1) ≤ N/(t + 1).
 *
 * N − n̂ is the "other" bucket. While it is 0 no purge happened and every count is exact. Any
 * value more frequent than N/(t+1) is always listed. Amortised cost: O(1) per value (a purge
 * sorts capacity+1 counts and frees at least capacity/2 counters).
 */

/** One value's count; `live` turns false when a purge drops it. */
export interface Counter {
  count: number;
  live: boolean;
}

export class FrequentItems {
  readonly capacity: number;
  /** Values counted (N). */
  total = 0;
  /** True once a purge happened: counts are then lower bounds. */
  purged = false;
  readonly counters = new Map<string, Counter>();

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  /** Whether the value of the last `add` had no counter before. */
  lastWasFresh = false;

  /**
   * Counts one occurrence and returns the value's counter, which `addAgain` can increment
   * directly while it stays live.
   */
  add(value: string): Counter {
    this.total++;
    const current = this.counters.get(value);
    if (current !== undefined) {
      current.count++;
      this.lastWasFresh = false;
      return current;
    }
    const counter = { count: 1, live: true };
    this.counters.set(value, counter);
    this.lastWasFresh = true;
    if (this.counters.size > this.capacity) this.purge();
    return counter;
  }

  /** One more occurrence of the value behind a live counter. */
  addAgain(counter: Counter): void {
    this.total++;
    counter.count++;
  }

  /** Σ counters (n̂). */
  get tracked(): number {
    let sum = 0;
    for (const counter of this.counters.values()) sum += counter.count;
    return sum;
  }

  /** Adds a counter as it is (for rebuilding a summary from a profile). */
  restore(value: string, count: number): void {
    this.counters.set(value, { count, live: true });
  }

  /** Counts merged with the same purge rule; capacity = the smaller one. */
  static merge(a: FrequentItems, b: FrequentItems): FrequentItems {
    const out = new FrequentItems(Math.min(a.capacity, b.capacity));
    out.total = a.total + b.total;
    out.purged = a.purged || b.purged;
    for (const [value, { count }] of a.counters) out.restore(value, count);
    for (const [value, { count }] of b.counters) {
      const current = out.counters.get(value);
      if (current === undefined) out.restore(value, count);
      else current.count += count;
    }
    if (out.counters.size > out.capacity) out.purge();
    return out;
  }

  /** Subtracts the (t+1)-th largest count from every counter, dropping those that reach 0. */
  private purge(): void {
    this.purged = true;
    const t = keptAfterPurge(this.capacity);
    const counts = new Float64Array(this.counters.size);
    let i = 0;
    for (const counter of this.counters.values()) counts[i++] = counter.count;
    const cut = kthLargest(counts, t + 1);
    for (const [value, counter] of this.counters) {
      if (counter.count <= cut) {
        counter.live = false;
        this.counters.delete(value);
      } else {
        counter.count -= cut;
      }
    }
  }
}

/** Counters kept by a purge: t = ⌊capacity/2⌋ (at least 1). */
export function keptAfterPurge(capacity: number): number {
  return Math.max(1, Math.floor(capacity / 2));
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  const target = values.length - k;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const swap = values[i]!;
        values[i++] = values[j]!;
        values[j--] = swap;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return values[target]!;
}
