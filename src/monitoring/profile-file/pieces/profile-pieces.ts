/**
 * A CSV or NDJSON file profiled in pieces, on this thread and `threads - 1` worker threads at
 * once.
 *
 * The data rows are cut into pieces of about `pieceBytes` (see bounds.ts). Each piece gets a
 * profile of its own, and the pieces are merged in file order (`mergeProfiles`) as soon as the
 * ones before them are in. The result therefore depends on the file and the piece size only, not
 * on the number of threads nor on which thread read which piece: exact parts (counts, missing,
 * min/max, bin counts, exact frequencies) equal the one-pass profile's, moments equal it up to
 * rounding, sketches stay within their stated error.
 *
 * Pieces are settled in file order, and every piece starts where the one before it ends, so the
 * first unsettled piece always starts on a row boundary (by induction from the first, which
 * starts after the header):
 * - a piece that parsed is merged;
 * - a piece that ends inside a quoted field (its cut fell on a line feed inside the quotes, so the
 *   next piece started mid-row) is profiled again on this thread together with the next piece, and
 *   the next, until the range ends on a row boundary; the pieces it swallowed are dropped;
 * - a piece that failed to parse failed on the file's own error (it started on a row boundary):
 *   the answer is `undefined`, and the caller reads the file in one pass, which gives the error
 *   with its line. Failures of pieces that started mid-row are never looked at.
 * Which pieces get merged together depends on the file only, so this too is thread-independent.
 *
 * A worker that dies loses nothing: a piece without an outcome once the workers have ended is
 * profiled here. Memory: per thread one read chunk and one piece's sketches, plus the outcomes of
 * pieces finished ahead of an unsettled earlier one.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { Worker } from 'node:worker_threads';
import { ProfileBuilder, mergeProfiles, type DatasetProfile } from '../../profile/index.js';
import { readCsvHeader } from '../csv-parser.js';
import { CsvProfiler } from '../csv-profiler.js';
import { pieceBounds } from './bounds.js';
import { CLAIM, CLAIM_SLOTS, type PieceMessage } from './claims.js';
import { profilePiece, type PieceJob } from './profile-piece.js';

const BOOT_URL = new URL('./boot.js', import.meta.url);
const WORKER_URL = new URL('./piece-worker.ts', import.meta.url);
const HEADER_PREFIX = 64 * 1024;

export interface PiecesOptions {
  threads: number;
  pieceBytes: number;
  onProgress?: (bytesRead: number) => void;
  signal?: AbortSignal;
  /** The worker module (tests start workers that fail). */
  workerModule?: URL;
}

/** Reads the header row; throws as the one-pass parser would for a malformed or absent one. */
async function readHeader(
  file: FileHandle,
  size: number,
  job: Pick<PieceJob, 'delimiter' | 'maxRowBytes'>,
): Promise<{ names: string[]; end: number }> {
  for (let length = HEADER_PREFIX; ; length *= 4) {
    const whole = length >= size;
    const prefix = Buffer.alloc(Math.min(length, size));
    const { bytesRead } = await file.read(prefix, 0, prefix.length, 0);
    const header = readCsvHeader(prefix.subarray(0, bytesRead), whole, job);
    if (header !== undefined) return header;
    if (whole) throw new Error('no header row and no error from the parser');
  }
}

type Outcome =
  { kind: 'piece'; profile: DatasetProfile } | { kind: 'open-quote' } | { kind: 'failed' };

/**
 * The profile of the file, or undefined when the file has an error a one-pass read must name
 * (the caller then reads it so). `job.names` is filled from a CSV file's header.
 */
export async function profileInPieces(
  job: Omit<PieceJob, 'names'>,
  options: PiecesOptions,
): Promise<DatasetProfile | undefined> {
  const file = await open(job.path, 'r');
  const workers: Worker[] = [];
  const claims = new Int32Array(new SharedArrayBuffer(CLAIM_SLOTS * 4));
  const stop = () => Atomics.store(claims, CLAIM.stop, 1);
  try {
    const size = (await file.stat()).size;
    const header = job.format === 'csv' ? await readHeader(file, size, job) : { names: [], end: 0 };
    const full: PieceJob = { ...job, names: header.names };
    // The header's own checks (duplicate names, unknown requested columns), before any work.
    if (job.format === 'csv') new CsvProfiler(new ProfileBuilder(job.profile)).onHeader(full.names);
    const bounds = await pieceBounds(file, header.end, size, options.pieceBytes);
    const pieces = bounds.length - 1;

    const outcomes = new Map<number, Outcome>();
    let merged: DatasetProfile | undefined;
    /** The first unsettled piece; it starts on a row boundary. */
    let cursor = 0;
    let fileError = false;
    let bytesDone = header.end;
    let readingHere = 0;
    let reported = 0;
    const progress = () => {
      const at = Math.min(size, bytesDone + readingHere);
      if (at > reported) {
        reported = at;
        options.onProgress?.(at);
      }
    };
    const record = (piece: number, outcome: Outcome) => {
      bytesDone += bounds[piece + 1]! - bounds[piece]!;
      if (piece >= cursor) outcomes.set(piece, outcome);
      progress();
    };
    const profileRange = async (start: number, end: number, counted: boolean) => {
      try {
        const result = await profilePiece(file, full, start, end, (n) => {
          options.signal?.throwIfAborted();
          if (counted) {
            readingHere += n;
            progress();
          }
        });
        return result === 'open-quote'
          ? ({ kind: 'open-quote' } as const)
          : ({ kind: 'piece', profile: result.profile } as const);
      } catch (error) {
        if (options.signal?.aborted === true) throw error;
        return { kind: 'failed' } as const;
      } finally {
        readingHere = 0;
      }
    };
    const merge = (profile: DatasetProfile) => {
      merged = merged === undefined ? profile : mergeProfiles(merged, profile);
    };
    /** Settles pieces in file order as far as their outcomes are in (see the module comment). */
    const settle = async () => {
      while (!fileError) {
        let outcome = outcomes.get(cursor);
        if (outcome === undefined) return;
        outcomes.delete(cursor);
        let next = cursor + 1;
        while (outcome.kind === 'open-quote') {
          // The last piece ends at the end of the file: an open quote there is the file's.
          outcome =
            next === pieces
              ? { kind: 'failed' }
              : await profileRange(bounds[cursor]!, bounds[next + 1]!, false);
          next++;
        }
        if (outcome.kind === 'failed') {
          fileError = true;
          stop();
          return;
        }
        merge(outcome.profile);
        for (let dropped = cursor + 1; dropped < next; dropped++) outcomes.delete(dropped);
        cursor = next;
      }
    };

    const ended: Promise<void>[] = [];
    for (let i = 0; i < Math.min(options.threads - 1, pieces - 1); i++) {
      const worker = new Worker(BOOT_URL, {
        execArgv: [],
        workerData: {
          module: (options.workerModule ?? WORKER_URL).href,
          job: full,
          bounds,
          claims: claims.buffer,
        },
      });
      workers.push(worker);
      ended.push(
        new Promise<void>((resolve) => {
          worker.on('message', (message: PieceMessage) => {
            record(message.piece, message.kind === 'piece' ? message : { kind: message.kind });
          });
          // A worker that dies leaves its piece without an outcome: this thread does it later.
          worker.on('error', () => resolve());
          worker.on('exit', () => resolve());
        }),
      );
    }

    try {
      for (;;) {
        options.signal?.throwIfAborted();
        if (Atomics.load(claims, CLAIM.stop) !== 0) break;
        const piece = Atomics.add(claims, CLAIM.next, 1);
        if (piece >= pieces) break;
        record(piece, await profileRange(bounds[piece]!, bounds[piece + 1]!, true));
        await settle();
      }
      await Promise.all(ended);
      await settle();
      while (cursor < pieces && !fileError) {
        if (!outcomes.has(cursor)) {
          record(cursor, await profileRange(bounds[cursor]!, bounds[cursor + 1]!, true));
        }
        await settle();
      }
    } catch (error) {
      stop();
      throw error;
    }
    if (fileError) return undefined;
    bytesDone = size;
    progress();
    if (merged === undefined) throw new Error('no piece was profiled');
    return merged;
  } finally {
    stop();
    await Promise.all(workers.map((w) => w.terminate()));
    await file.close();
  }
}
