/**
 * Raw per-column samples of one file, as exact-mode drift tests need them. Numbers go into a
 * growable Float64Array (8 bytes a value); a column switches to a category array the first time it
 * holds a non-numeric value (a string or a boolean). Missing cells are counted, not stored.
 *
 * Memory grows with the number of rows: this is for offline comparisons of files that fit in
 * memory. Monitors compare bounded profiles (`monitoring/profile`) instead, for data of any size.
 */
import type { Category } from '../../stats/drift/index.js';

/** The cells of one column: all numeric, or categories (numbers, booleans and strings). */
export type ColumnValues =
  | { kind: 'numeric'; values: Float64Array; missing: number }
  | { kind: 'categorical'; values: Category[]; missing: number };

/** The columns of one file. */
export interface ColumnData {
  /** Column names in file order (header order for CSV, first-seen order for NDJSON). */
  names: readonly string[];
  rows: number;
  columns: ReadonlyMap<string, ColumnValues>;
}

/** A cell as a reader classified it; null is missing. */
export type CellValue = number | boolean | string | null;

class ColumnBuffer {
  private numbers: Float64Array | null = new Float64Array(64);
  private size = 0;
  private categories: Category[] | null = null;
  missing = 0;

  add(value: CellValue): void {
    if (value === null) {
      this.missing++;
    } else if (typeof value === 'number' && this.numbers !== null) {
      if (this.size === this.numbers.length) {
        const grown = new Float64Array(this.numbers.length * 2);
        grown.set(this.numbers);
        this.numbers = grown;
      }
      this.numbers[this.size++] = value;
    } else {
      this.toCategories().push(value);
    }
  }

  private toCategories(): Category[] {
    if (this.categories === null) {
      this.categories = Array.from(this.numbers!.subarray(0, this.size));
      this.numbers = null;
    }
    return this.categories;
  }

  finish(): ColumnValues {
    if (this.categories !== null) {
      return { kind: 'categorical', values: this.categories, missing: this.missing };
    }
    return { kind: 'numeric', values: this.numbers!.slice(0, this.size), missing: this.missing };
  }
}

/** Collects cells column by column; readers feed it, tests can too. */
export class ColumnDataBuilder {
  private readonly names: string[] = [];
  private readonly buffers: ColumnBuffer[] = [];
  private readonly index = new Map<string, number>();
  rows = 0;

  /** Adds a column (missing in every row read so far) and returns its index. */
  addColumn(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const buffer = new ColumnBuffer();
    buffer.missing = this.rows;
    this.index.set(name, this.names.length);
    this.names.push(name);
    this.buffers.push(buffer);
    return this.names.length - 1;
  }

  columnIndex(name: string): number | undefined {
    return this.index.get(name);
  }

  add(column: number, value: CellValue): void {
    this.buffers[column]!.add(value);
  }

  /** Adds a keyed row: new keys become columns, columns the row lacks get a missing cell. */
  addRow(row: Readonly<Record<string, CellValue>>): void {
    const seen = new Uint8Array(this.names.length + Object.keys(row).length);
    for (const [name, value] of Object.entries(row)) {
      const column = this.addColumn(name);
      seen[column] = 1;
      this.add(column, value);
    }
    for (let c = 0; c < this.names.length; c++) if (seen[c] === 0) this.add(c, null);
    this.rows++;
  }

  finish(): ColumnData {
    const columns = new Map<string, ColumnValues>();
    this.names.forEach((name, i) => columns.set(name, this.buffers[i]!.finish()));
    return { names: [...this.names], rows: this.rows, columns };
  }
}

/** ColumnData from in-memory rows (tests, small data); keys missing from a row are missing. */
export function columnDataFromRows(
  rows: readonly Readonly<Record<string, CellValue>>[],
): ColumnData {
  const builder = new ColumnDataBuilder();
  for (const row of rows) builder.addRow(row);
  return builder.finish();
}
