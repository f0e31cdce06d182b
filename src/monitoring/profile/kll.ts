/**
 * KLL quantile sketch (Karnin, Lang, Liberty, "Optimal Quantile Approximation in Streams", FOCS
 * 2016), laid out like Apache DataSketches' `KllDoublesSketch`: levels of sorted items where an
 * item at level h stands for 2^h inputs; level h holds at most max(8, round(k·(2/3)^depth))
 * items (depth = levels above it), and when the whole sketch is full the lowest level at
 * capacity is compacted: sorted, then every other item (offset chosen by a coin) moves up a
 * level. Retained items stay below about 3k.
 *
 * Error: DataSketches' empirical fit for this design gives a normalised rank error of
 * 2.296/k^0.9723 for rank and quantile queries and 2.446/k^0.9433 for PMF/CDF differences, at
 * 99% confidence (k = 200: 1.33% and 1.65%). `rankErrorBound` returns the first; the tests
 * measure it on 100k values, whole and merged.
 *
 * Determinism: the coins come from a 32-bit state seeded from `seed` mixed with the first value
 * seen (so parts of one dataset do not reuse one coin sequence); merging mixes both states. The
 * same inputs in the same order and merge tree always give the same sketch.
 */
import { mix32 } from './random.js';

const MIN_WIDTH = 8;
const MAX_DEPTH = 60;
const LEVEL0_WIDTH = 8;

/** Capacity of the level `depth` levels below the top: max(8, round(k·(2/3)^depth)). */
function levelCapacity(k: number, depth: number, height: number): number {
  const floor = height === 0 ? LEVEL0_WIDTH : MIN_WIDTH;
  if (depth > MAX_DEPTH) return floor;
  return Math.max(floor, Math.round((k * 2 ** depth) / 3 ** depth));
}

/** Items a sketch with `numLevels` levels may retain. */
export function kllCapacity(k: number, numLevels: number): number {
  let total = 0;
  for (let h = 0; h < numLevels; h++) total += levelCapacity(k, numLevels - h - 1, h);
  return total;
}

/** Normalised single-sided rank error at 99% confidence (DataSketches' fit for KLL). */
export function rankErrorBound(k: number): number {
  return 2.296 / k ** 0.9723;
}

/** Normalised error of a difference of two ranks (PMF/CDF over an interval), 99% confidence. */
export function pmfErrorBound(k: number): number {
  return 2.446 / k ** 0.9433;
}

/** The serialised sketch: `levels[h]` holds items of weight 2^h, each level sorted ascending. */
export interface KllState {
  k: number;
  n: number;
  rng: number;
  levels: number[][];
}

const floatView = new Float64Array(1);
const floatBits = new Uint32Array(floatView.buffer);

export class KllSketch {
  readonly k: number;
  n = 0;
  private rng: number;
  private seeded = false;
  private level0: Float64Array;
  private size0 = 0;
  /** Level h's items are data[h][0, sizes[h]); level 0 unsorted, the others sorted. */
  private data: Float64Array[] = [];
  private sizes: number[] = [];
  /** Per-level capacities for the current number of levels, and their sum. */
  private caps: number[] = [];
  private capacity = 0;
  private retained = 0;

  constructor(k: number, seed = 0) {
    this.k = k;
    this.rng = seed >>> 0;
    this.addLevel();
    this.level0 = this.data[0]!;
  }

  static fromState(state: KllState): KllSketch {
    const sketch = new KllSketch(state.k, state.rng);
    sketch.seeded = state.levels.length > 1;
    sketch.n = state.n;
    state.levels.forEach((level, h) => {
      if (h >= sketch.data.length) sketch.addLevel();
      sketch.data[h] = Float64Array.from(level);
      sketch.sizes[h] = level.length;
      sketch.retained += level.length;
    });
    sketch.syncLevel0();
    return sketch;
  }

  get numLevels(): number {
    return this.data.length;
  }

  /** True while no compaction happened: the sketch then holds every value it was given. */
  get exact(): boolean {
    return this.data.length === 1;
  }

  /** Adds one finite value. */
  update(x: number): void {
    if (this.retained >= this.capacity) this.compressOnce();
    const size = this.size0;
    if (size === this.level0.length) this.level0 = this.grow(0, size, size + 1);
    this.level0[size] = x;
    this.size0 = size + 1;
    this.retained++;
    this.n++;
  }

  /** Merges `other` into this sketch; the result uses the smaller k. `other` is not changed. */
  merge(other: KllSketch): KllSketch {
    const result = new KllSketch(
      Math.min(this.k, other.k),
      mix32(this.rng ^ mix32(other.rng + 0x9e3779b9)),
    );
    result.seeded = this.seeded || other.seeded;
    result.n = this.n + other.n;
    const levels = Math.max(this.numLevels, other.numLevels);
    for (let h = 0; h < levels; h++) {
      if (h >= result.data.length) result.addLevel();
      const a = this.levelItems(h);
      const b = other.levelItems(h);
      let items: Float64Array;
      if (h === 0) {
        items = new Float64Array(a.length + b.length);
        items.set(a);
        items.set(b, a.length);
      } else {
        items = mergeSorted(a, b);
      }
      result.data[h] = items.length > 0 ? items : new Float64Array(MIN_WIDTH);
      result.sizes[h] = items.length;
      result.retained += items.length;
    }
    result.syncLevel0();
    while (result.retained > result.capacity) result.compressOnce();
    return result;
  }

  /** The serialisable state, level 0 sorted so equal sketches serialise equally. */
  toState(): KllState {
    return {
      k: this.k,
      n: this.n,
      rng: this.rng,
      levels: this.data.map((_, h) => {
        const items = Array.from(this.levelItems(h));
        return h === 0 ? items.sort((a, b) => a - b) : items;
      }),
    };
  }

  /** Level 0 is mirrored in two fields so that `update` reads no arrays. */
  private syncLevel0(): void {
    this.level0 = this.data[0]!;
    this.size0 = this.sizes[0]!;
  }

  private storeLevel0(): void {
    this.data[0] = this.level0;
    this.sizes[0] = this.size0;
  }

  private levelItems(h: number): Float64Array {
    if (h === 0) this.storeLevel0();
    const data = this.data[h];
    return data === undefined ? new Float64Array(0) : data.subarray(0, this.sizes[h]);
  }

  private addLevel(): void {
    this.data.push(new Float64Array(this.data.length === 0 ? MIN_WIDTH : 2 * MIN_WIDTH));
    this.sizes.push(0);
    const levels = this.data.length;
    this.caps = Array.from({ length: levels }, (_, h) => levelCapacity(this.k, levels - h - 1, h));
    this.capacity = kllCapacity(this.k, levels);
  }

  private grow(h: number, used: number, size: number): Float64Array {
    const old = this.data[h]!;
    const grown = new Float64Array(Math.max(size, old.length * 2));
    grown.set(old.subarray(0, used));
    this.data[h] = grown;
    return grown;
  }

  /** Compacts the lowest level at capacity (one exists whenever retained ≥ capacity). */
  private compressOnce(): void {
    this.storeLevel0();
    for (let h = 0; h < this.data.length; h++) {
      if (this.sizes[h]! >= this.caps[h]!) {
        this.compact(h);
        break;
      }
    }
    this.syncLevel0();
  }

  /**
   * Halves level h into level h+1: sorts it (level 0), keeps its smallest item behind when its
   * size is odd, and merges every other remaining item, from a random offset, into level h+1.
   */
  private compact(h: number): void {
    if (h === this.data.length - 1) this.addLevel();
    const items = this.data[h]!;
    const size = this.sizes[h]!;
    if (!this.seeded) {
      // First compaction: mix the first value into the coins, so that the parts of one dataset,
      // sketched with one seed, do not all flip the same coins.
      floatView[0] = items[0]!;
      this.rng = mix32(this.rng ^ mix32(floatBits[0]! ^ mix32(floatBits[1]!)));
      this.seeded = true;
    }
    if (h === 0) sortPrefix(items, size);
    const odd = size & 1;
    this.rng = mix32(this.rng + 0x6d2b79f5);
    const offset = odd + (this.rng & 1);
    const promoted = (size - odd) >>> 1;
    const aboveSize = this.sizes[h + 1]!;
    let above = this.data[h + 1]!;
    if (aboveSize + promoted > above.length) {
      above = this.grow(h + 1, aboveSize, aboveSize + promoted);
    }
    // Merge from the back, in place: no allocation on the update path.
    let i = aboveSize - 1;
    let j = promoted - 1;
    let w = aboveSize + promoted - 1;
    while (j >= 0) {
      const p = items[offset + 2 * j]!;
      if (i >= 0 && above[i]! > p) above[w--] = above[i--]!;
      else {
        above[w--] = p;
        j--;
      }
    }
    this.sizes[h + 1] = aboveSize + promoted;
    this.sizes[h] = odd;
    this.retained -= promoted;
  }
}

function sortPrefix(items: Float64Array, size: number): void {
  if (size > 32) {
    items.subarray(0, size).sort();
    return;
  }
  for (let i = 1; i < size; i++) {
    const x = items[i]!;
    let j = i - 1;
    while (j >= 0 && items[j]! > x) {
      items[j + 1] = items[j]!;
      j--;
    }
    items[j + 1] = x;
  }
}

function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[o++] = a[i++]!;
  while (j < b.length) out[o++] = b[j++]!;
  return out;
}

/** Items of a serialised sketch sorted by value, with cumulative weights. */
export interface KllSortedView {
  items: Float64Array;
  cumulative: Float64Array;
  n: number;
}

export function kllSortedView(state: KllState): KllSortedView {
  const pairs: [number, number][] = [];
  state.levels.forEach((level, h) => {
    const weight = 2 ** h;
    for (const item of level) pairs.push([item, weight]);
  });
  pairs.sort((a, b) => a[0] - b[0]);
  const items = new Float64Array(pairs.length);
  const cumulative = new Float64Array(pairs.length);
  let sum = 0;
  pairs.forEach(([item, weight], i) => {
    sum += weight;
    items[i] = item;
    cumulative[i] = sum;
  });
  return { items, cumulative, n: sum };
}

/** The first item whose cumulative weight reaches ceil(q·n) (DataSketches' inclusive search). */
export function kllQuantile(view: KllSortedView, q: number): number {
  const target = Math.max(1, Math.ceil(q * view.n));
  let lo = 0;
  let hi = view.items.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.cumulative[mid]! >= target) hi = mid;
    else lo = mid + 1;
  }
  return view.items[lo] ?? Number.NaN;
}

/** Estimated fraction of values ≤ x. */
export function kllRank(view: KllSortedView, x: number): number {
  if (view.n === 0) return Number.NaN;
  let lo = 0;
  let hi = view.items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (view.items[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? 0 : view.cumulative[lo - 1]! / view.n;
}
