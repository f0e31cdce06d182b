/**
 * Where the pieces of a CSV file start. A piece starts just after a line feed found by scanning
 * forward from its nominal offset, so the pieces tile the file's data exactly and depend only on
 * the file and the piece size, never on how many threads read them. A line feed inside a quoted
 * field is not a row boundary: the profile of the piece before it then ends inside an open quote,
 * which `profileInPieces` detects (see there).
 */
import type { FileHandle } from 'node:fs/promises';

const LF = 10;
const SCAN_BYTES = 64 * 1024;

/**
 * Piece boundaries of the data in [dataStart, size): dataStart, then for each multiple of
 * `pieceBytes` past it the offset after the first line feed at or after it, then size. Strictly
 * increasing, except [size, size] for a file with no data rows (one empty piece).
 */
export async function pieceBounds(
  file: FileHandle,
  dataStart: number,
  size: number,
  pieceBytes: number,
): Promise<number[]> {
  const bounds = [dataStart];
  const scratch = Buffer.allocUnsafe(SCAN_BYTES);
  let last = dataStart;
  for (let nominal = dataStart + pieceBytes; nominal < size; nominal += pieceBytes) {
    // A row longer than a piece may already have carried the last boundary past this one.
    if (nominal < last) continue;
    const start = await lineStartFrom(file, nominal, size, scratch);
    if (start > last && start < size) {
      bounds.push(start);
      last = start;
    }
  }
  bounds.push(size);
  return bounds;
}

/** The offset after the first line feed at or after `from`, or `size` if there is none. */
async function lineStartFrom(
  file: FileHandle,
  from: number,
  size: number,
  scratch: Buffer,
): Promise<number> {
  for (let pos = from; pos < size;) {
    const { bytesRead } = await file.read(scratch, 0, Math.min(scratch.length, size - pos), pos);
    if (bytesRead === 0) break;
    const at = scratch.subarray(0, bytesRead).indexOf(LF);
    if (at >= 0) return pos + at + 1;
    pos += bytesRead;
  }
  return size;
}
