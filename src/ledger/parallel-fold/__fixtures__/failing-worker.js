// A fold worker that starts and then fails at once, as one that threw would.
import { workerData } from 'node:worker_threads';
import { SLOT, STATE } from '../channel.js';

const ctl = new Int32Array(workerData.control);
if (Atomics.compareExchange(ctl, SLOT.state, STATE.waiting, STATE.running) === STATE.waiting) {
  Atomics.store(ctl, SLOT.state, STATE.failed);
  Atomics.notify(ctl, SLOT.state);
  Atomics.notify(ctl, SLOT.consumed);
}
