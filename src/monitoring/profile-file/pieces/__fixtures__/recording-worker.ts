/**
 * The real piece worker, recording the pieces it profiled to `<file path>.pieces` (one index a
 * line), so a test can tell the workers did part of the work.
 */
import { appendFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { PieceMessage } from '../claims.js';

const port = parentPort!;
const post = port.postMessage.bind(port);
port.postMessage = (message: PieceMessage) => {
  if (message.kind === 'piece') {
    appendFileSync(
      `${(workerData as { job: { path: string } }).job.path}.pieces`,
      `${message.piece}\n`,
    );
  }
  post(message);
};
await import('../piece-worker.js');
