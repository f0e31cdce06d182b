/**
 * Reads a CSV (RFC 4180) or NDJSON file into per-column samples, streaming: the file is read in
 * chunks, but every value is kept (see column-data.ts for the memory this takes). CSV cells are
 * classified as text (`classifyText`: numbers, booleans, strings, missing tokens); NDJSON values
 * keep their JSON type. This is the only module of drift-compare that touches the file system.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { NotFoundError, ValidationError } from '../../lib/index.js';
import { classifyText, DEFAULT_MISSING_TOKENS } from '../profile/index.js';
import { CsvParser, fieldText } from '../profile-file/index.js';
import { ColumnDataBuilder, type CellValue, type ColumnData } from './column-data.js';

export type ColumnFileFormat = 'csv' | 'ndjson';

export interface ReadColumnsOptions {
  /** Default: from the extension (.ndjson/.jsonl → ndjson, anything else csv). */
  format?: ColumnFileFormat;
  /** CSV delimiter, one ASCII character; default ',' (tab for .tsv). */
  delimiter?: string;
  /** Read chunk size in bytes; default 1 MiB. */
  chunkBytes?: number;
  /** Called after each chunk with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Format from the extension unless given. */
export function columnFileFormat(path: string, format?: ColumnFileFormat): ColumnFileFormat {
  if (format !== undefined) return format;
  const ext = extname(path).toLowerCase();
  return ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
}

interface Sink {
  push(chunk: Buffer): void;
  end(): void;
}

function csvSink(builder: ColumnDataBuilder, delimiter: string): Sink {
  const missingTokens = new Set(DEFAULT_MISSING_TOKENS);
  const parser = new CsvParser({
    delimiter,
    onHeader: (names) => {
      const seen = new Set<string>();
      for (const name of names) {
        if (seen.has(name)) {
          const message = `CSV line 1: column '${name}' appears twice in the header`;
          throw new ValidationError(message, [
            { code: 'duplicate_column', path: ['line', 1], message },
          ]);
        }
        seen.add(name);
        builder.addColumn(name);
      }
    },
    onRow: (row) => {
      for (let i = 0; i < row.fields; i++) {
        const cell = classifyText(fieldText(row, i), missingTokens);
        builder.add(i, cell.kind === 'missing' ? null : cell.value);
      }
      builder.rows++;
    },
  });
  return { push: (chunk) => parser.push(chunk), end: () => parser.end() };
}

function ndjsonError(line: number, message: string): ValidationError {
  return new ValidationError(`NDJSON line ${line}: ${message}`, [
    { code: 'malformed_ndjson', path: ['line', line], message },
  ]);
}

function jsonCell(value: unknown): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') {
    return value;
  }
  // Nested values are compared as their JSON text.
  return JSON.stringify(value);
}

function ndjsonSink(builder: ColumnDataBuilder): Sink {
  let pending: Buffer | null = null;
  let line = 0;
  const addLine = (text: string) => {
    line++;
    const trimmed = (line === 1 ? text.replace(/^\uFEFF/, '') : text).trim();
    if (trimmed === '') return;
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch (error) {
      throw ndjsonError(line, `not valid JSON (${(error as Error).message})`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw ndjsonError(line, 'expected a JSON object');
    }
    const row: Record<string, CellValue> = {};
    for (const [key, cell] of Object.entries(value)) row[key] = jsonCell(cell);
    builder.addRow(row);
  };
  return {
    push(chunk) {
      const buf = pending === null ? chunk : Buffer.concat([pending, chunk]);
      let start = 0;
      for (let end = buf.indexOf(10); end !== -1; end = buf.indexOf(10, start)) {
        addLine(buf.toString('utf8', start, end));
        start = end + 1;
      }
      pending = start < buf.length ? buf.subarray(start) : null;
    },
    end() {
      if (pending !== null) addLine(pending.toString('utf8'));
      pending = null;
    },
  };
}

/** Reads every column of the file at `path`. */
export async function readColumns(
  path: string,
  options: ReadColumnsOptions = {},
): Promise<ColumnData> {
  let totalBytes: number;
  try {
    totalBytes = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('file', path);
    throw error;
  }
  const builder = new ColumnDataBuilder();
  const sink =
    columnFileFormat(path, options.format) === 'csv'
      ? csvSink(builder, options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ','))
      : ndjsonSink(builder);
  const stream = createReadStream(path, { highWaterMark: options.chunkBytes ?? 1024 * 1024 });
  let bytesRead = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sink.push(chunk);
    bytesRead += chunk.length;
    options.onProgress?.(bytesRead, totalBytes);
  }
  sink.end();
  return builder.finish();
}
