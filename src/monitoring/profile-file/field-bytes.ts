/** Non-numeric CSV cells, classified (`profile/text-value.ts`) once per distinct byte string. */
import { classifyText, type Counter, type TextValue } from '../profile/index.js';

/** Slots of a new table (a power of 2). */
const INITIAL_SLOTS = 64;

/**
 * Remembers, per distinct cell byte string, its classification and (for strings and booleans) the
 * column's frequency counter, so a categorical column decodes each distinct value once and counts
 * repeats without a Map lookup. Open addressing on FNV-1a over the bytes (the first and last 16
 * of longer cells); equal hashes are confirmed byte by byte. Bounded: at most `maxEntries` values (a power
 * of 2) and `maxBytes` bytes; a column whose lookups mostly miss (high cardinality) stops using it.
 */
export class CellCache {
  /** Per slot: [hash, length, arena offset, entry + 1 (0: empty)], one cache line per probe. */
  private table = new Int32Array(0);
  /**
   * Slots − 1. The table starts small and doubles when half full (up to 2 × maxEntries slots),
   * so a column of a few values probes a table that stays in the L1 cache.
   */
  private mask = INITIAL_SLOTS - 1;
  private readonly maxMask: number;
  readonly values: TextValue[] = [];
  readonly counters: (Counter | undefined)[] = [];
  private arena: Uint8Array;
  private used = 0;
  private hits = 0;
  private misses = 0;
  private enabled = true;
  /** The classification found by the last `lookup`, also when it returned −1. */
  last: TextValue = { kind: 'missing' };

  constructor(
    private readonly missingTokens: ReadonlySet<string>,
    private readonly maxEntries = 1 << 14,
    private readonly maxBytes = 1 << 20,
  ) {
    this.maxMask = Math.max(INITIAL_SLOTS, maxEntries * 2) - 1;
    this.arena = new Uint8Array(4096);
  }

  /** The entry of the UTF-8 text in bytes [s, e), or −1 if it is not cached (see `last`). */
  lookup(buf: Buffer, s: number, e: number): number {
    if (!this.enabled) {
      this.last = classifyText(buf.toString('utf8', s, e), this.missingTokens);
      return -1;
    }
    const length = e - s;
    let h = 0x811c9dc5 ^ length;
    if (length <= 32) {
      for (let i = s; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    } else {
      for (let i = s; i < s + 16; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
      for (let i = e - 16; i < e; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    }
    h ^= h >>> 15;
    // Allocated on first use: numeric columns never need it.
    if (this.table.length === 0) this.table = new Int32Array((this.mask + 1) * 4);
    const table = this.table;
    const mask = this.mask;
    let slot = h & mask;
    for (;;) {
      const at = slot << 2;
      const stored = table[at + 3]!;
      if (stored === 0) break;
      if (table[at] === h && table[at + 1] === length) {
        const arena = this.arena;
        const offset = table[at + 2]! - s;
        let i = s;
        while (i < e && arena[offset + i] === buf[i]) i++;
        if (i === e) {
          this.hits++;
          return stored - 1;
        }
      }
      slot = (slot + 1) & mask;
    }
    this.last = classifyText(buf.toString('utf8', s, e), this.missingTokens);
    return this.remember(buf, s, e, h, slot);
  }

  private remember(buf: Buffer, s: number, e: number, h: number, slot: number): number {
    this.misses++;
    if (this.misses > 20_000 && this.misses > 4 * this.hits) this.enabled = false;
    const entry = this.values.length;
    const length = e - s;
    if (entry === this.maxEntries || this.used + length > this.maxBytes) return -1;
    if (this.used + length > this.arena.length) {
      const size = Math.max(this.arena.length * 2, this.used + length);
      const grown = new Uint8Array(Math.min(this.maxBytes, size));
      grown.set(this.arena.subarray(0, this.used));
      this.arena = grown;
    }
    this.arena.set(buf.subarray(s, e), this.used);
    const at = slot << 2;
    this.table[at] = h;
    this.table[at + 1] = length;
    this.table[at + 2] = this.used;
    this.table[at + 3] = entry + 1;
    this.values.push(this.last);
    this.counters.push(undefined);
    this.used += length;
    if (2 * (entry + 1) > this.mask && this.mask < this.maxMask) this.grow();
    return entry;
  }

  /** Doubles the table, re-placing every entry by its stored hash. */
  private grow(): void {
    const old = this.table;
    const mask = this.mask * 2 + 1;
    const table = new Int32Array((mask + 1) * 4);
    for (let at = 0; at < old.length; at += 4) {
      if (old[at + 3] === 0) continue;
      let slot = old[at]! & mask;
      while (table[(slot << 2) + 3] !== 0) slot = (slot + 1) & mask;
      table.set(old.subarray(at, at + 4), slot << 2);
    }
    this.table = table;
    this.mask = mask;
  }
}
