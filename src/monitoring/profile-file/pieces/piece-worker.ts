/**
 * A piece worker: claims pieces from the shared counter until none is left (or the caller says
 * stop), profiles each and posts the result back. Whether a failed piece is the file's error is
 * for the caller to decide (it depends on the pieces before it), so the worker goes on.
 */
import { open } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { profilePiece, type PieceJob } from './profile-piece.js';
import { CLAIM, type PieceMessage } from './claims.js';

const { job, bounds, claims } = workerData as {
  job: PieceJob;
  bounds: number[];
  claims: SharedArrayBuffer;
};
const shared = new Int32Array(claims);
const post = (message: PieceMessage) => parentPort!.postMessage(message);
const file = await open(job.path, 'r');
try {
  for (;;) {
    if (Atomics.load(shared, CLAIM.stop) !== 0) break;
    const piece = Atomics.add(shared, CLAIM.next, 1);
    if (piece >= bounds.length - 1) break;
    try {
      const result = await profilePiece(file, job, bounds[piece]!, bounds[piece + 1]!);
      post(result === 'open-quote' ? { kind: result, piece } : { kind: 'piece', piece, ...result });
    } catch {
      // Whether this is the file's error depends on the pieces before it: the caller decides.
      post({ kind: 'failed', piece });
    }
  }
} finally {
  await file.close();
}
