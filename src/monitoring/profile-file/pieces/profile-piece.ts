/**
 * Profiles one piece of a CSV file: the bytes [start, end) as data rows under a header read
 * beforehand, into a profile of their own. Used alike on the calling thread and in piece workers.
 */
import type { FileHandle } from 'node:fs/promises';
import { ProfileBuilder, type DatasetProfile, type ProfileOptions } from '../../profile/index.js';
import { CsvParser } from '../csv-parser.js';
import { CsvProfiler } from '../csv-profiler.js';

/** What every piece of one file shares; structured-cloneable, so it can go to a worker. */
export interface PieceJob {
  path: string;
  /** The header's names, all of them (the profile options may select some). */
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
  const profiler = new CsvProfiler(builder);
  profiler.onHeader(job.names);
  const parser = new CsvParser({
    delimiter: job.delimiter,
    maxRowBytes: job.maxRowBytes,
    fields: job.names.length,
    onHeader: () => undefined,
    onRow: (row) => profiler.onRow(row),
  });
  for (let pos = start; pos < end;) {
    // A fresh buffer per read: the parser keeps an unfinished row as a view of the last chunk.
    const chunk = Buffer.allocUnsafeSlow(Math.min(job.chunkBytes, end - pos));
    const { bytesRead } = await file.read(chunk, 0, chunk.length, pos);
    if (bytesRead === 0) throw new Error(`${job.path} ended at byte ${pos}, before ${end}`);
    parser.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
    pos += bytesRead;
    onBytes?.(bytesRead);
  }
  if (parser.endPiece() === 'open-quote') return 'open-quote';
  builder.countRows(parser.rows);
  return { profile: builder.finish() };
}
