/**
 * How much a second thread can add on this machine: the same SHA-256 loop over the same entries,
 * alone, then on this thread while a worker thread runs it too. On a machine with two truly
 * independent cores the pair does about twice the work in the time of one loop; a VM whose two
 * CPUs share a physical core, or have a quota, does less. LogVerifier's worker thread (which
 * folds the tree while this thread hashes entries) can gain at most what this shows.
 */
import { Worker } from 'node:worker_threads';
import type { LogEntryInput } from '../src/ledger/index.js';
import { rawSha256 } from './ledger-verify.js';

export interface ParallelCapacity {
  /** Seconds of one loop alone. */
  aloneSeconds: number;
  /** Seconds until both loops were done when run at once. */
  togetherSeconds: number;
  /** Work per second of the two together, relative to one loop alone (2.0 = two full cores). */
  speedup: number;
}

/**
 * `rawSha256`'s loop, as plain JavaScript for the worker (a worker thread loads no TypeScript
 * loader).
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const entries = workerData.entries;
const loop = () => {
  const started = performance.now();
  let check = 0;
  for (const entry of entries) check ^= crypto.hash('sha256', '\\u0000' + entry, 'hex').length;
  return check < 0 ? -1 : performance.now() - started;
};
loop();
parentPort.postMessage('ready');
parentPort.once('message', () => parentPort.postMessage(loop()));
`;

export async function parallelCapacity(
  log: readonly LogEntryInput[],
  sample: number,
): Promise<ParallelCapacity> {
  const sampled = log.slice(0, sample);
  const loop = () => rawSha256(sampled, 0).seconds * 1000;
  loop();
  const alone = loop();
  const entries = sampled.map((e) => e.entry);
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { entries } });
  try {
    await new Promise((resolve) => worker.once('message', resolve));
    const theirs = new Promise<number>((resolve) => worker.once('message', resolve));
    worker.postMessage('go');
    const mine = loop();
    const together = Math.max(mine, await theirs);
    return {
      aloneSeconds: alone / 1000,
      togetherSeconds: together / 1000,
      speedup: (2 * alone) / together,
    };
  } finally {
    await worker.terminate();
  }
}
