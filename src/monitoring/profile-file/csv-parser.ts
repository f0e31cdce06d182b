/**
 * A streaming RFC 4180 CSV parser over bytes: push chunks of any size, get each row as field
 * offsets into a buffer, without building a string per field (the profiler reads numbers straight
 * from the bytes). RFC 4180 §2: fields may be quoted with `"`; inside quotes `""` is a quote and
 * delimiters and line breaks are data. Rows end with CRLF, LF or CR; blank lines are skipped; a
 * leading UTF-8 BOM is dropped; the first row is the header.
 *
 * Strictness, each error a ValidationError naming the line: every row must have the header's
 * field count; a quoted field must be closed, and followed by a delimiter or a line break. A
 * quote inside an unquoted field is kept as data (as Python's csv module does).
 *
 * Memory: at most one row is carried between chunks; a row longer than `maxRowBytes` (default
 * 16 MiB; usually an unclosed quote) is an error, so memory stays bounded whatever the file.
 */
import { ValidationError } from '../../lib/index.js';

const LF = 10;
const CR = 13;
const QUOTE = 34;

/** Field i of a row spans bytes [starts[i], ends[i]) of `buf`, quotes excluded. */
export interface CsvRow {
  buf: Buffer;
  starts: Int32Array;
  ends: Int32Array;
  /** 0 unquoted, 1 quoted, 2 quoted with `""` escapes to undo. */
  quoting: Uint8Array;
  fields: number;
  /** 1-based line on which the row starts. */
  line: number;
  /** Offset in `buf` just past the row's line break (or `buf.length` at the end of the data). */
  next: number;
}

export interface CsvParserOptions {
  /** One ASCII character other than `"`, CR and LF; default ','. */
  delimiter?: string;
  maxRowBytes?: number;
  /**
   * The data has no header row: every row is data and must have this many fields (a piece of a
   * file whose header was read separately). `onHeader` is then never called.
   */
  fields?: number;
  /** The header's names; `row` is the header row itself. */
  onHeader: (names: string[], row: CsvRow) => void;
  onRow: (row: CsvRow) => void;
}

/** The text of field i: UTF-8 decoded, `""` turned back into `"`. */
export function fieldText(row: CsvRow, i: number): string {
  const text = row.buf.toString('utf8', row.starts[i], row.ends[i]);
  return row.quoting[i] === 2 ? text.replaceAll('""', '"') : text;
}

function csvError(line: number, message: string): ValidationError {
  return new ValidationError(`CSV line ${line}: ${message}`, [
    { code: 'malformed_csv', path: ['line', line], message },
  ]);
}

export class CsvParser {
  private readonly delimiter: number;
  private readonly maxRowBytes: number;
  private readonly onHeader: (names: string[], row: CsvRow) => void;
  private readonly onRow: (row: CsvRow) => void;
  private readonly row: CsvRow;
  private expected = -1;
  private atStart = true;
  private line = 1;
  private pending: Buffer | null = null;
  private waiting: Buffer[] = [];
  private waitingBytes = 0;
  private stalled = false;
  /** Data rows emitted. */
  rows = 0;
  /** Set by endPiece: an unclosed quote at the end is reported, not thrown. */
  private quoteMayStayOpen = false;
  private openAtEnd = false;

  constructor(options: CsvParserOptions) {
    const delimiter = options.delimiter ?? ',';
    const code = delimiter.charCodeAt(0);
    if (delimiter.length !== 1 || code > 127 || code === QUOTE || code === LF || code === CR) {
      throw new ValidationError(
        `CSV delimiter must be one ASCII character other than '"', CR or LF`,
      );
    }
    this.delimiter = code;
    this.maxRowBytes = options.maxRowBytes ?? 16 * 1024 * 1024;
    this.onHeader = options.onHeader;
    this.onRow = options.onRow;
    if (options.fields !== undefined) {
      this.expected = options.fields;
      this.atStart = false;
    }
    this.row = {
      buf: Buffer.alloc(0),
      starts: new Int32Array(64),
      ends: new Int32Array(64),
      quoting: new Uint8Array(64),
      fields: 0,
      line: 0,
      next: 0,
    };
  }

  push(chunk: Buffer): void {
    let buf = chunk;
    if (this.pending !== null) {
      this.waiting.push(chunk);
      this.waitingBytes += chunk.length;
      // A row longer than a chunk: wait for as many bytes again before re-scanning it, so a
      // long row costs linear, not quadratic, time.
      if (this.stalled && this.waitingBytes < this.pending.length) return;
      buf = Buffer.concat([this.pending, ...this.waiting]);
      this.waiting = [];
      this.waitingBytes = 0;
    }
    const consumed = this.parse(buf, false);
    this.stalled = consumed === 0;
    this.pending = consumed < buf.length ? buf.subarray(consumed) : null;
    if (this.pending !== null && this.pending.length > this.maxRowBytes) {
      throw csvError(this.line, `row longer than ${this.maxRowBytes} bytes (an unclosed quote?)`);
    }
  }

  /** Parses what is left; call once after the last chunk. */
  end(): void {
    const rest = [...(this.pending === null ? [] : [this.pending]), ...this.waiting];
    this.pending = null;
    this.waiting = [];
    this.parse(Buffer.concat(rest), true);
    if (this.expected < 0) throw csvError(this.line, 'the file has no header row');
  }

  /**
   * Like end(), for a piece of a file cut just after a line feed: when the data ends inside a
   * quoted field (the cut fell in one, so the piece is not a whole number of rows), the last row
   * is dropped and 'open-quote' returned instead of an error.
   */
  endPiece(): 'complete' | 'open-quote' {
    this.quoteMayStayOpen = true;
    this.end();
    return this.openAtEnd ? 'open-quote' : 'complete';
  }

  /** Parses complete rows from buf; returns the bytes consumed (the rest is an unfinished row). */
  private parse(buf: Buffer, final: boolean): number {
    const len = buf.length;
    const d = this.delimiter;
    let pos = 0;
    if (this.atStart) {
      if (len < 3 && !final) return 0;
      if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
      this.atStart = false;
    }
    const row = this.row;
    row.buf = buf;
    rows: while (pos < len) {
      const first = buf[pos];
      if (first === LF || first === CR) {
        // A blank line. CR may be the first half of a CRLF split across chunks.
        if (first === CR && pos + 1 === len && !final) break;
        pos += first === CR && buf[pos + 1] === LF ? 2 : 1;
        this.line++;
        continue;
      }
      let i = pos;
      let fields = 0;
      let extraLines = 0;
      for (;;) {
        if (fields === row.starts.length) this.growRow();
        if (i < len && buf[i] === QUOTE) {
          let j = i + 1;
          let escaped = false;
          for (;;) {
            const q = buf.indexOf(QUOTE, j);
            if (q === -1) {
              if (final && this.quoteMayStayOpen) this.openAtEnd = true;
              else if (final) throw csvError(this.line + extraLines, 'unclosed quoted field');
              break rows;
            }
            if (q + 1 === len && !final) break rows;
            if (buf[q + 1] === QUOTE) {
              escaped = true;
              j = q + 2;
              continue;
            }
            for (let t = i + 1; t < q; t++) if (buf[t] === LF) extraLines++;
            row.starts[fields] = i + 1;
            row.ends[fields] = q;
            row.quoting[fields] = escaped ? 2 : 1;
            fields++;
            i = q + 1;
            break;
          }
          if (i === len) break;
          const c = buf[i];
          if (c === d) {
            i++;
            continue;
          }
          if (c === LF || c === CR) break;
          throw csvError(this.line + extraLines, 'unexpected character after a closing quote');
        } else {
          let j = i;
          while (j < len) {
            const c = buf[j];
            if (c === d || c === LF || c === CR) break;
            j++;
          }
          if (j === len && !final) break rows;
          row.starts[fields] = i;
          row.ends[fields] = j;
          row.quoting[fields] = 0;
          fields++;
          i = j;
          if (j < len && buf[j] === d) {
            i++;
            continue;
          }
          break;
        }
      }
      // i is at the row's line break, or at the end of the last chunk.
      if (i < len) {
        if (buf[i] === CR) {
          if (i + 1 === len && !final) break;
          i += buf[i + 1] === LF ? 2 : 1;
        } else {
          i++;
        }
      } else if (!final) {
        break;
      }
      row.fields = fields;
      row.line = this.line;
      row.next = i;
      this.emit(row);
      this.line += 1 + extraLines;
      pos = i;
    }
    return pos;
  }

  private emit(row: CsvRow): void {
    if (this.expected < 0) {
      this.expected = row.fields;
      const names = Array.from({ length: row.fields }, (_, i) => fieldText(row, i));
      this.onHeader(names, row);
      return;
    }
    if (row.fields !== this.expected) {
      throw csvError(row.line, `expected ${this.expected} fields, found ${row.fields}`);
    }
    this.rows++;
    this.onRow(row);
  }

  private growRow(): void {
    const size = this.row.starts.length * 2;
    const grow = <T extends Int32Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.row.starts = grow(this.row.starts, (n) => new Int32Array(n));
    this.row.ends = grow(this.row.ends, (n) => new Int32Array(n));
    this.row.quoting = grow(this.row.quoting, (n) => new Uint8Array(n));
  }
}

/** Thrown from onHeader to stop {@link readCsvHeader}'s parse at the header. */
class HeaderRead extends Error {}

/**
 * The header row at the start of `prefix` (the first bytes of a file; `whole` when that is the
 * entire file): its names and the offset just past its line break (a BOM and blank lines before
 * it included), or undefined when `prefix` ends before the header does. Errors are those
 * {@link CsvParser} gives for the same bytes.
 */
export function readCsvHeader(
  prefix: Buffer,
  whole: boolean,
  options: { delimiter?: string; maxRowBytes?: number } = {},
): { names: string[]; end: number } | undefined {
  let header: { names: string[]; end: number } | undefined;
  const parser = new CsvParser({
    ...options,
    onHeader: (names, row) => {
      // One push of the whole prefix: the row's offsets are offsets in the file.
      header = { names, end: row.next };
      throw new HeaderRead('header read');
    },
    onRow: () => undefined,
  });
  try {
    parser.push(prefix);
    if (whole) parser.end();
  } catch (error) {
    if (!(error instanceof HeaderRead)) throw error;
  }
  return header;
}
