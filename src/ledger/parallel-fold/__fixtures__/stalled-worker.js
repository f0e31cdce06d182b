// A fold worker that starts and then never does anything, as one whose thread died would.
import { workerData } from 'node:worker_threads';
import { SLOT, STATE } from '../channel.js';

const ctl = new Int32Array(workerData.control);
Atomics.compareExchange(ctl, SLOT.state, STATE.waiting, STATE.running);
