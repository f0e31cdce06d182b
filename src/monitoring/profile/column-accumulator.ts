/**
 * Accumulates one column: kinds and missing counts, and the numeric or categorical summaries that
 * `toProfile` turns into a `ColumnProfile`. The in-memory builder and the file profiler feed the
 * same accumulator, so both produce the same profile from the same values.
 */
import { binIndex, type BinRuleName } from './bins.js';
import { inferColumnType } from './column-type.js';
import { FrequentItems, type Counter } from './frequent-items.js';
import { HyperLogLog } from './hll.js';
import { KllSketch } from './kll.js';
import { addToMoments, emptyMoments } from './moments.js';
import type { CategoricalProfile, ColumnProfile, NumericProfile } from './schema.js';
import { classifyText } from './text-value.js';

export interface ColumnSettings {
  quantileK: number;
  seed: number;
  frequencyCapacity: number;
  hllPrecision: number;
  missingTokens: ReadonlySet<string>;
  /** Reference bins to count numeric values into. */
  bins: { rule: BinRuleName; edges: number[] } | undefined;
}

class NumericAccumulator {
  infinite = 0;
  min = Infinity;
  max = -Infinity;
  readonly moments = emptyMoments();
  readonly sketch: KllSketch;
  readonly edges: Float64Array | undefined;
  readonly binCounts: Float64Array | undefined;
  underflow = 0;
  overflow = 0;

  constructor(
    settings: ColumnSettings,
    readonly rule: BinRuleName | undefined,
  ) {
    this.sketch = new KllSketch(settings.quantileK, settings.seed);
    if (settings.bins !== undefined) {
      this.edges = Float64Array.from(settings.bins.edges);
      this.binCounts = new Float64Array(this.edges.length - 1);
    }
  }

  add(x: number): void {
    if (x === Infinity || x === -Infinity) {
      this.infinite++;
      return;
    }
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
    addToMoments(this.moments, x);
    this.sketch.update(x);
    const edges = this.edges;
    if (edges !== undefined) {
      const j = binIndex(edges, x);
      if (j < 0) this.underflow++;
      else if (j === edges.length - 1) this.overflow++;
      else this.binCounts![j]!++;
    }
  }

  toProfile(): NumericProfile {
    const { count, mean, m2, m3 } = this.moments;
    const profile: NumericProfile = {
      count,
      infinite: this.infinite,
      min: count > 0 ? this.min : null,
      max: count > 0 ? this.max : null,
      mean,
      m2,
      m3,
      sketch: this.sketch.toState(),
    };
    if (this.edges !== undefined && this.rule !== undefined) {
      profile.bins = {
        rule: this.rule,
        edges: Array.from(this.edges),
        counts: Array.from(this.binCounts!),
        underflow: this.underflow,
        overflow: this.overflow,
      };
    }
    return profile;
  }
}

/** Values known to be in the HyperLogLog, kept after purges to avoid re-hashing them. */
const HASHED_LIMIT = 1 << 16;

class CategoricalAccumulator {
  readonly items: FrequentItems;
  readonly hll: HyperLogLog;
  private readonly hashed = new Set<string>();

  constructor(settings: ColumnSettings) {
    this.items = new FrequentItems(settings.frequencyCapacity);
    this.hll = new HyperLogLog(settings.hllPrecision);
  }

  add(value: string): Counter {
    const counter = this.items.add(value);
    // A value that has a counter is in the HyperLogLog already; adding it again would change
    // nothing, so only fresh values are hashed (and, past purges, only ones not hashed lately).
    if (this.items.lastWasFresh) {
      if (!this.items.purged) this.hll.add(value);
      else if (!this.hashed.has(value)) {
        this.hll.add(value);
        if (this.hashed.size === HASHED_LIMIT) this.hashed.clear();
        this.hashed.add(value);
      }
    }
    return counter;
  }

  toProfile(): CategoricalProfile {
    return {
      count: this.items.total,
      capacity: this.items.capacity,
      items: sortedItems(this.items.counters),
      hll: { precision: this.hll.precision, registers: this.hll.toBase64() },
    };
  }
}

/** Counters by count descending, then value (UTF-16 order): one canonical order. */
export function sortedItems(counters: Map<string, Counter>): [string, number][] {
  return [...counters]
    .map(([value, { count }]): [string, number] => [value, count])
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export class ColumnAccumulator {
  /** Values given, missing included (rows where the column was absent are added at the end). */
  present = 0;
  missing = 0;
  numericKind = 0;
  booleanKind = 0;
  stringKind = 0;
  private numeric: NumericAccumulator | undefined;
  private categorical: CategoricalAccumulator | undefined;

  constructor(
    readonly name: string,
    private readonly settings: ColumnSettings,
  ) {
    // With reference bins the summary exists from the start, so every part of a dataset carries
    // the same edges and merges.
    if (settings.bins !== undefined) this.numeric = this.newNumeric();
  }

  /** A typed value: null, undefined, NaN and '' are missing; strings are kept as they are. */
  addValue(value: unknown): void {
    switch (typeof value) {
      case 'number':
        return this.addNumber(value);
      case 'string':
        this.addString(value);
        return;
      case 'boolean':
        this.addBoolean(value);
        return;
      case 'bigint':
        return this.addNumber(Number(value));
      case 'undefined':
        return this.addMissing();
      default:
        if (value === null) return this.addMissing();
        // Objects and arrays as their JSON text; functions and symbols (no JSON) as String().
        this.addString(value instanceof Date ? value.toISOString() : jsonOrString(value));
        return;
    }
  }

  /** An untyped text cell, classified as `text-value.ts` states. */
  addText(text: string): void {
    const value = classifyText(text, this.settings.missingTokens);
    switch (value.kind) {
      case 'missing':
        return this.addMissing();
      case 'number':
        return this.addNumber(value.value);
      case 'boolean':
        this.addBoolean(value.value);
        return;
      case 'string':
        this.addString(value.value);
        return;
    }
  }

  addMissing(): void {
    this.present++;
    this.missing++;
  }

  addNumber(x: number): void {
    this.present++;
    if (x !== x) {
      this.missing++;
      return;
    }
    this.numericKind++;
    (this.numeric ??= this.newNumeric()).add(x);
  }

  /** Adds a boolean; returns its counter (see `addAgain`). */
  addBoolean(b: boolean): Counter {
    this.present++;
    this.booleanKind++;
    return (this.categorical ??= new CategoricalAccumulator(this.settings)).add(
      b ? 'true' : 'false',
    );
  }

  /** Adds a string ('' is missing); returns its counter (see `addAgain`), if it has one. */
  addString(s: string): Counter | undefined {
    this.present++;
    if (s.length === 0) {
      this.missing++;
      return undefined;
    }
    this.stringKind++;
    return (this.categorical ??= new CategoricalAccumulator(this.settings)).add(s);
  }

  /**
   * Adds one more occurrence of the string (or boolean, `kind` says) whose counter an earlier
   * add returned. Only valid while `counter.live`: the same as adding the value again, without
   * looking it up. Lets the file profiler count repeated cells without a Map operation.
   */
  addAgain(counter: Counter, kind: 'string' | 'boolean'): void {
    this.present++;
    if (kind === 'string') this.stringKind++;
    else this.booleanKind++;
    this.categorical!.items.addAgain(counter);
  }

  /** The column's profile in a dataset of `rowCount` rows (rows without the column are missing). */
  toProfile(rowCount: number): ColumnProfile {
    const kinds = { numeric: this.numericKind, boolean: this.booleanKind, string: this.stringKind };
    const profile: ColumnProfile = {
      name: this.name,
      type: inferColumnType(kinds),
      count: rowCount,
      missing: this.missing + (rowCount - this.present),
      kinds,
    };
    if (this.numeric !== undefined) profile.numeric = this.numeric.toProfile();
    if (this.categorical !== undefined) profile.categorical = this.categorical.toProfile();
    return profile;
  }

  private newNumeric(): NumericAccumulator {
    return new NumericAccumulator(this.settings, this.settings.bins?.rule);
  }
}

function jsonOrString(value: unknown): string {
  const json: string | undefined = JSON.stringify(value);
  return json ?? String(value);
}
