// The second thread of a large log verification (fold-pipe.ts starts it): while the verifier's
// thread hashes the entries and compares their stored leaf hashes, this one checks each entry's
// canonical form and index, folds the leaf hashes into the tree and compares each signed
// checkpoint's root. Plain JavaScript, like root-stream.js: a worker thread loads no TypeScript
// loader.
import { workerData } from 'node:worker_threads';
import { canonicalEventIndex } from '../canonical-event.js';
import { BLOCK, RootStream } from '../merkle/root-stream.js';
import { LAYOUT, ROOT_OFFSET, SLOT, STATE, VERDICT } from './channel.js';

const { ring, control, outcomes, checkpoints, state, slots } = workerData;
const ctl = new Int32Array(control);

/** Writes a verdict on each of the `count` entries of the block in `slot`, if its texts are there. */
function checkEntries(slot, first, count) {
  const base = slot * LAYOUT.slotBytes;
  if (new Int32Array(ring, base + LAYOUT.header, 1)[0] !== 1) return;
  const bytes = Buffer.from(ring, base + LAYOUT.text, LAYOUT.textBytes);
  const lengths = new Int32Array(ring, base + LAYOUT.lengths, BLOCK);
  const verdicts = new Float64Array(ring, base + LAYOUT.verdicts, BLOCK);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const end = offset + 2 * lengths[i];
    const index = canonicalEventIndex(bytes.toString('utf16le', offset, end));
    offset = end;
    if (index === undefined) verdicts[i] = VERDICT.unjudged;
    else verdicts[i] = index === first + i ? VERDICT.ok : index;
  }
}

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
      const slot = consumed % slots;
      checkEntries(slot, stream.position, count);
      stream.addLeaves(Buffer.from(ring, slot * LAYOUT.slotBytes, LAYOUT.header), count);
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
