/**
 * NDJSON (one JSON object per line, UTF-8): each line is parsed and added as a row of typed
 * values (`ProfileBuilder.addRow`). Blank lines are skipped; a line that is not a JSON object is
 * a ValidationError naming the line. At most one line is carried between chunks.
 */
import { ValidationError } from '../../lib/index.js';
import type { ProfileBuilder } from '../profile/index.js';

function lineError(line: number, message: string): ValidationError {
  return new ValidationError(`NDJSON line ${line}: ${message}`, [
    { code: 'malformed_ndjson', path: ['line', line], message },
  ]);
}

export class NdjsonProfiler {
  private pending: Buffer | null = null;
  private line: number;
  rows = 0;

  /**
   * `firstLine`: the number of the first line pushed (default 1). Only line 1 may start with a
   * UTF-8 BOM, so a piece from the middle of a file passes a later number.
   */
  constructor(
    private readonly builder: ProfileBuilder,
    private readonly maxRowBytes = 16 * 1024 * 1024,
    firstLine = 1,
  ) {
    this.line = firstLine;
  }

  push(chunk: Buffer): void {
    const buf = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    let start = 0;
    for (;;) {
      const end = buf.indexOf(10, start);
      if (end === -1) break;
      this.addLine(buf, start, end);
      start = end + 1;
    }
    this.pending = start < buf.length ? buf.subarray(start) : null;
    if (this.pending !== null && this.pending.length > this.maxRowBytes) {
      throw lineError(this.line, `line longer than ${this.maxRowBytes} bytes`);
    }
  }

  end(): void {
    if (this.pending !== null) this.addLine(this.pending, 0, this.pending.length);
    this.pending = null;
  }

  private addLine(buf: Buffer, start: number, end: number): void {
    const line = this.line++;
    const bom =
      line === 1 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf;
    let s = bom ? start + 3 : start;
    let e = end;
    if (e > s && buf[e - 1] === 13) e--;
    while (s < e && (buf[s] === 32 || buf[s] === 9)) s++;
    if (s === e) return;
    let value: unknown;
    try {
      value = JSON.parse(buf.toString('utf8', s, e));
    } catch (error) {
      throw lineError(line, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw lineError(line, 'expected a JSON object');
    }
    this.rows++;
    this.builder.addRow(value as Record<string, unknown>);
  }
}
