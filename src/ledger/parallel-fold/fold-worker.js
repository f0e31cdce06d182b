// The second thread of a large log verification (fold-pipe.ts starts it): it folds the leaf
// hashes the verifier's thread publishes into the tree and compares each signed checkpoint's
// root, while that thread goes on hashing and checking entries. Plain JavaScript, like
// root-stream.js: a worker thread loads no TypeScript loader.
import { workerData } from 'node:worker_threads';
import { BLOCK, BLOCK_BYTES, RootStream } from '../merkle/root-stream.js';
import { ROOT_OFFSET, SLOT, STATE } from './channel.js';

const { ring, control, outcomes, checkpoints, state, slots } = workerData;
const ctl = new Int32Array(control);

function run() {
  const stream = new RootStream(
    checkpoints.map((cp) => ({ size: cp.size, root: Buffer.from(cp.root) })),
    new Uint8Array(outcomes),
    state,
  );
  for (let consumed = 0; ;) {
    if (Atomics.load(ctl, SLOT.aborted) === 1) return;
    const published = Atomics.load(ctl, SLOT.published);
    const closed = Atomics.load(ctl, SLOT.closed) === 1;
    if (consumed < published) {
      // A block published before the stream was closed is always full.
      const count = closed
        ? Math.min(BLOCK, Atomics.load(ctl, SLOT.total) - consumed * BLOCK)
        : BLOCK;
      stream.addLeaves(Buffer.from(ring, (consumed % slots) * BLOCK_BYTES, BLOCK_BYTES), count);
      consumed++;
      Atomics.store(ctl, SLOT.consumed, consumed);
      Atomics.notify(ctl, SLOT.consumed);
    } else if (closed) {
      Buffer.from(control, ROOT_OFFSET, 32).set(stream.root());
      return;
    } else {
      Atomics.wait(ctl, SLOT.published, published, 1000);
    }
  }
}

if (Atomics.compareExchange(ctl, SLOT.state, STATE.waiting, STATE.running) === STATE.waiting) {
  let outcome = STATE.done;
  try {
    run();
  } catch {
    outcome = STATE.failed;
  }
  Atomics.store(ctl, SLOT.state, outcome);
  Atomics.notify(ctl, SLOT.state);
}
