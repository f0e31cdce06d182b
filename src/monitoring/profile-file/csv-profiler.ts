/**
 * Feeds parsed CSV rows into a ProfileBuilder's column accumulators, cell by cell from the bytes:
 * numbers through the byte fast path, other cells through a per-column cache of classifications.
 * The result equals `ProfileBuilder.addTextRow` on the decoded cells.
 */
import { ValidationError } from '../../lib/index.js';
import type { ColumnAccumulator, Counter, ProfileBuilder, TextValue } from '../profile/index.js';
import { fieldText, type CsvRow } from './csv-parser.js';
import { CellCache } from './field-bytes.js';
import { parseNumberBytes, startsNumber } from './number-bytes.js';

const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

export class CsvProfiler {
  private fields = new Int32Array(0);
  private accumulators: ColumnAccumulator[] = [];
  private caches: CellCache[] = [];
  /** A missing token that reads as a number must be checked before the number fast path. */
  private readonly numericMissingToken: boolean;

  constructor(private readonly builder: ProfileBuilder) {
    this.numericMissingToken = [...builder.missingTokens].some((t) => NUMBER_TEXT.test(t));
  }

  onHeader(names: string[]): void {
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name)) throw new ValidationError(`CSV line 1: duplicate column name '${name}'`);
      seen.add(name);
    }
    const selected = names.flatMap((name, i) => (this.builder.wants(name) ? [i] : []));
    const unknown = (this.builder.requestedColumns ?? []).filter((name) => !seen.has(name));
    if (unknown.length > 0) {
      throw new ValidationError(
        `the CSV header has no column ${unknown.map((n) => `'${n}'`).join(', ')}`,
      );
    }
    this.fields = Int32Array.from(selected);
    this.accumulators = selected.map((i) => this.builder.column(names[i]!));
    this.caches = selected.map(() => new CellCache(this.builder.missingTokens));
  }

  onRow(row: CsvRow): void {
    const { buf, starts, ends, quoting } = row;
    const fields = this.fields;
    for (let k = 0; k < fields.length; k++) {
      const f = fields[k]!;
      const accumulator = this.accumulators[k]!;
      const s = starts[f]!;
      const e = ends[f]!;
      if (s === e) {
        accumulator.addMissing();
        continue;
      }
      if (quoting[f] === 2) {
        accumulator.addText(fieldText(row, f));
        continue;
      }
      if (!this.numericMissingToken && startsNumber(buf[s]!)) {
        const x = parseNumberBytes(buf, s, e);
        if (x === x) {
          accumulator.addNumber(x);
          continue;
        }
      }
      const cache = this.caches[k]!;
      const entry = cache.lookup(buf, s, e);
      if (entry >= 0) {
        const counter = cache.counters[entry];
        if (counter?.live === true) {
          accumulator.addAgain(
            counter,
            cache.values[entry]!.kind === 'string' ? 'string' : 'boolean',
          );
          continue;
        }
        cache.counters[entry] = addValue(accumulator, cache.values[entry]!);
      } else {
        addValue(accumulator, cache.last);
      }
    }
  }
}

/** Adds a classified cell; returns its frequency counter for strings and booleans. */
function addValue(accumulator: ColumnAccumulator, value: TextValue): Counter | undefined {
  switch (value.kind) {
    case 'missing':
      accumulator.addMissing();
      return undefined;
    case 'number':
      accumulator.addNumber(value.value);
      return undefined;
    case 'boolean':
      return accumulator.addBoolean(value.value);
    case 'string':
      return accumulator.addString(value.value);
  }
}
