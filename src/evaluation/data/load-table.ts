import type { Readable } from 'node:stream';
import { ValidationError, type Issue } from '../../lib/index.js';
import {
  CsvParser,
  fieldText,
  parseNumberBytes,
  type CsvRow,
} from '../../monitoring/profile-file/index.js';

/** How a column of the evaluation data is read. */
export interface ColumnRequest {
  name: string;
  /** `numeric`: a double (empty → NaN, missing); `text`: the field (empty → null). */
  as: 'numeric' | 'text';
  /** Where the request comes from, for error messages (`label`, `protected`, `model input`). */
  role: string;
}

/** The requested columns of a CSV file, read whole into memory (column-major). */
export interface EvaluationTable {
  rows: number;
  numeric: Map<string, Float64Array>;
  text: Map<string, (string | null)[]>;
}

/** Evaluation holds its data in memory (bootstrap and permutations need every row). */
export const MAX_EVALUATION_ROWS = 5_000_000;

class GrowableColumn {
  values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
  done(): Float64Array {
    return this.values.slice(0, this.length);
  }
}

/**
 * Streams a CSV file and keeps only the requested columns. Numbers are read straight from the
 * bytes (bit-identical to `Number(text)`); a non-numeric value in a numeric column is an error
 * with its line, so a model is never scored on silently coerced data. Every problem with the
 * header is reported at once.
 */
export async function loadTable(
  source: Readable | AsyncIterable<Buffer>,
  requests: readonly ColumnRequest[],
  onBytes?: (bytes: number) => void,
): Promise<EvaluationTable> {
  const numeric = new Map<string, { index: number; column: GrowableColumn }>();
  const text = new Map<string, { index: number; values: (string | null)[] }>();
  let failure: ValidationError | null = null;
  const parser = new CsvParser({
    onHeader: (names) => {
      const issues: Issue[] = [];
      const position = new Map<string, number>();
      names.forEach((n, i) => {
        if (!position.has(n.trim())) position.set(n.trim(), i);
      });
      for (const request of requests) {
        const index = position.get(request.name);
        if (index === undefined) {
          issues.push({
            code: 'unknown_column',
            path: [request.role, request.name],
            message: `the data has no column '${request.name}' (${request.role})`,
          });
        } else if (request.as === 'numeric') {
          numeric.set(request.name, { index, column: new GrowableColumn() });
        } else {
          text.set(request.name, { index, values: [] });
        }
      }
      if (issues.length > 0) {
        throw new ValidationError(
          `the evaluation data lacks ${issues.length} column(s): ${issues
            .map((i) => i.path[1])
            .join(', ')}`,
          issues,
        );
      }
    },
    onRow: (row: CsvRow) => {
      if (parser.rows > MAX_EVALUATION_ROWS) {
        throw new ValidationError(`the evaluation data has more than ${MAX_EVALUATION_ROWS} rows`, [
          { code: 'too_many_rows', path: ['line', row.line], message: 'too many rows' },
        ]);
      }
      for (const [name, { index, column }] of numeric) {
        const s = row.starts[index] ?? 0;
        const e = row.ends[index] ?? 0;
        if (s === e) {
          column.push(Number.NaN);
          continue;
        }
        let value = parseNumberBytes(row.buf, s, e);
        if (Number.isNaN(value)) {
          const raw = fieldText(row, index).trim();
          value = raw === 'true' ? 1 : raw === 'false' ? 0 : raw === '' ? Number.NaN : Number(raw);
          if (raw !== '' && !Number.isFinite(value)) {
            throw new ValidationError(`CSV line ${row.line}: '${name}' is not a number: '${raw}'`, [
              { code: 'not_numeric', path: ['line', row.line, name], message: `'${raw}'` },
            ]);
          }
        }
        column.push(value);
      }
      for (const { index, values } of text.values()) {
        const v = fieldText(row, index);
        values.push(v === '' ? null : v);
      }
    },
  });
  try {
    for await (const chunk of source) {
      const buf = chunk as Buffer;
      onBytes?.(buf.length);
      parser.push(buf);
    }
    parser.end();
  } catch (error) {
    failure =
      error instanceof ValidationError
        ? error
        : new ValidationError(`the evaluation data is not readable CSV: ${String(error)}`);
  }
  if (failure !== null) throw failure;
  if (parser.rows === 0) {
    throw new ValidationError('the evaluation data has no rows', [
      { code: 'empty_data', path: [], message: 'no data rows' },
    ]);
  }
  return {
    rows: parser.rows,
    numeric: new Map([...numeric].map(([n, { column }]) => [n, column.done()])),
    text: new Map([...text].map(([n, { values }]) => [n, values])),
  };
}
