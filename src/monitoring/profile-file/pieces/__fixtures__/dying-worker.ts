/**
 * A piece worker that claims two pieces and dies without an outcome for either. It writes the
 * pieces it claimed to `<csv path>.claimed`, so a test can tell it did claim real pieces.
 */
import { writeFileSync } from 'node:fs';
import { workerData } from 'node:worker_threads';
import { CLAIM } from '../claims.js';

const { job, claims } = workerData as { job: { path: string }; claims: SharedArrayBuffer };
const shared = new Int32Array(claims);
const claimed = [Atomics.add(shared, CLAIM.next, 1), Atomics.add(shared, CLAIM.next, 1)];
writeFileSync(`${job.path}.claimed`, JSON.stringify(claimed));
process.exit(3);
