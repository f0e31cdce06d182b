/**
 * Profiles a CSV or NDJSON file by streaming it: memory stays constant in the file size (one read
 * chunk, at most one carried row, and the bounded sketches), whatever its length.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { NotFoundError, ValidationError } from '../../lib/index.js';
import { ProfileBuilder, type DatasetProfile, type ProfileOptions } from '../profile/index.js';
import { CsvParser } from './csv-parser.js';
import { CsvProfiler } from './csv-profiler.js';
import { NdjsonProfiler } from './ndjson-profiler.js';
import { profileInPieces } from './pieces/profile-pieces.js';

export type FileFormat = 'csv' | 'ndjson';

export interface FileProgress {
  bytesRead: number;
  totalBytes: number;
}

export interface ProfileFileOptions extends ProfileOptions {
  /** Default: from the extension (.ndjson/.jsonl → ndjson, anything else csv). */
  format?: FileFormat;
  /** CSV delimiter, one ASCII character; default ',' (tab for .tsv). */
  delimiter?: string;
  /** Read chunk size in bytes; default 1 MiB. */
  chunkBytes?: number;
  /** Longest row accepted, in bytes; default 16 MiB. */
  maxRowBytes?: number;
  /** Called after each chunk. */
  onProgress?: (progress: FileProgress) => void;
  signal?: AbortSignal;
  /**
   * Threads reading a file larger than `pieceBytes` at once: this one and `threads - 1`
   * workers (default 1). The profile does not depend on it (see pieces/profile-pieces.ts).
   */
  threads?: number;
  /**
   * A file larger than this is profiled in pieces of about this size, each merged into the
   * profile in file order (default 16 MiB): the exact parts equal the one-pass profile's, the
   * sketches stay within their stated error, and the result is the same for any `threads`.
   */
  pieceBytes?: number;
}

export const DEFAULT_PIECE_BYTES = 16 * 1024 * 1024;

function formatOf(path: string, options: ProfileFileOptions): FileFormat {
  if (options.format !== undefined) return options.format;
  const ext = extname(path).toLowerCase();
  return ext === '.ndjson' || ext === '.jsonl' ? 'ndjson' : 'csv';
}

/** Streams the file at `path` into a profile; see ProfileOptions for the profile itself. */
export async function profileFile(
  path: string,
  options: ProfileFileOptions = {},
): Promise<DatasetProfile> {
  const format = formatOf(path, options);
  const builder = new ProfileBuilder(options);
  const totalBytes = await fileSize(path);
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new ValidationError('chunkBytes must be a positive integer');
  }
  const threads = options.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new ValidationError('threads must be an integer in 1..64');
  }
  const pieceBytes = options.pieceBytes ?? DEFAULT_PIECE_BYTES;
  if (!Number.isInteger(pieceBytes) || pieceBytes < 1) {
    throw new ValidationError('pieceBytes must be a positive integer');
  }
  const delimiter = options.delimiter ?? (extname(path).toLowerCase() === '.tsv' ? '\t' : ',');
  const maxRowBytes = options.maxRowBytes ?? 16 * 1024 * 1024;
  if (format === 'ndjson' && options.columns !== undefined && options.columns.length === 0) {
    throw new ValidationError('columns, when given, must name at least one column');
  }
  if (totalBytes > pieceBytes) {
    const profile = await profileInPieces(
      { path, format, delimiter, maxRowBytes, chunkBytes, profile: profileOptions(options) },
      {
        threads,
        pieceBytes,
        onProgress: (bytesRead) => options.onProgress?.({ bytesRead, totalBytes }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      },
    );
    // Undefined: a piece could not be read on its own (a quoted line break at a cut, or a
    // malformed row): one pass over the whole file gives the profile or the exact error.
    if (profile !== undefined) return profile;
  }
  let sink: { push(chunk: Buffer): void; end(): void };
  if (format === 'csv') {
    const profiler = new CsvProfiler(builder);
    const parser = new CsvParser({
      delimiter,
      maxRowBytes,
      onHeader: (names) => profiler.onHeader(names),
      onRow: (row) => profiler.onRow(row),
    });
    sink = {
      push: (chunk) => parser.push(chunk),
      end: () => {
        parser.end();
        builder.countRows(parser.rows);
      },
    };
  } else {
    sink = new NdjsonProfiler(builder, maxRowBytes);
  }
  const stream = createReadStream(path, {
    highWaterMark: chunkBytes,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let bytesRead = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    sink.push(chunk);
    bytesRead += chunk.length;
    options.onProgress?.({ bytesRead, totalBytes });
  }
  sink.end();
  return builder.finish();
}

/** The profile options alone, without callbacks: what a piece worker is given. */
function profileOptions(options: ProfileFileOptions): ProfileOptions {
  const keys = [
    'reference',
    'binRule',
    'columns',
    'quantileK',
    'seed',
    'frequencyCapacity',
    'hllPrecision',
    'missingTokens',
  ] as const satisfies readonly (keyof ProfileOptions)[];
  // Compile-time check that no profile option is left out (a worker would silently ignore it).
  const everyKey: Record<Exclude<keyof ProfileOptions, (typeof keys)[number]>, never> = {};
  void everyKey;
  return Object.fromEntries(
    keys.flatMap((key) => (options[key] === undefined ? [] : [[key, options[key]]])),
  );
}

async function fileSize(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError('file', path);
    throw error;
  }
}
