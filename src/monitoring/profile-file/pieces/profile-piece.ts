/**
 * Profiles one piece of a CSV or NDJSON file: the bytes [start, end) as data rows (under a CSV
 * header read beforehand), into a profile of their own. Used alike on the calling thread and in
 * piece workers.
 */
import type { FileHandle } from 'node:fs/promises';
import { ProfileBuilder, type DatasetProfile, type ProfileOptions } from '../../profile/index.js';
import { CsvParser } from '../csv-parser.js';
import { CsvProfiler } from '../csv-profiler.js';
import { NdjsonProfiler } from '../ndjson-profiler.js';

/** What every piece of one file shares; structured-cloneable, so it can go to a worker. */
export interface PieceJob {
  path: string;
  format: 'csv' | 'ndjson';
  /** CSV: the header's names, all of them (the profile options may select some). */
  names: string[];
  delimiter: string;
  maxRowBytes: number;
  chunkBytes: number;
  /** Profile options, without callbacks. */
  profile: ProfileOptions;
}

/** A piece's profile, or 'open-quote' when [start, end) ends inside a quoted field. */
export type PieceResult = { profile: DatasetProfile } | 'open-quote';

/**
 * The profile of the rows in [start, end) of `file`. A piece that ends inside a quoted field is
 * not a whole number of rows: the cut after it fell on a line feed inside the quotes. Malformed
 * rows throw the parser's error; `profileInPieces` decides whether that is the file's error (the
 * piece started on a row boundary) or an artefact of a wrong start.
 */
export async function profilePiece(
  file: FileHandle,
  job: PieceJob,
  start: number,
  end: number,
  onBytes?: (bytes: number) => void,
): Promise<PieceResult> {
  const builder = new ProfileBuilder(job.profile);
  const sink = job.format === 'csv' ? csvSink(builder, job) : ndjsonSink(builder, job, start);
  for (let pos = start; pos < end;) {
    // A fresh buffer per read: the parser keeps an unfinished row as a view of the last chunk.
    const chunk = Buffer.allocUnsafeSlow(Math.min(job.chunkBytes, end - pos));
    const { bytesRead } = await file.read(chunk, 0, chunk.length, pos);
    if (bytesRead === 0) throw new Error(`${job.path} ended at byte ${pos}, before ${end}`);
    sink.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    pos += bytesRead;
    onBytes?.(bytesRead);
  }
  if (sink.end() === 'open-quote') return 'open-quote';
  return { profile: builder.finish() };
}

interface Sink {
  push(chunk: Buffer): void;
  end(): 'complete' | 'open-quote';
}

function csvSink(builder: ProfileBuilder, job: PieceJob): Sink {
  const profiler = new CsvProfiler(builder);
  profiler.onHeader(job.names);
  const parser = new CsvParser({
    delimiter: job.delimiter,
    maxRowBytes: job.maxRowBytes,
    fields: job.names.length,
    onHeader: () => undefined,
    onRow: (row) => profiler.onRow(row),
  });
  return {
    push: (chunk) => parser.push(chunk),
    end: () => {
      const end = parser.endPiece();
      builder.countRows(parser.rows);
      return end;
    },
  };
}

/** NDJSON lines never hold a raw line feed, so every cut is on a row boundary. */
function ndjsonSink(builder: ProfileBuilder, job: PieceJob, start: number): Sink {
  const profiler = new NdjsonProfiler(builder, job.maxRowBytes, start === 0 ? 1 : 2);
  return {
    push: (chunk) => profiler.push(chunk),
    end: () => {
      profiler.end();
      return 'complete';
    },
  };
}
