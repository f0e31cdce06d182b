// The second thread of a large log verification (fold-pipe.ts starts it): while the verifier's
// thread hashes the entries and compares their stored leaf hashes, this one checks each entry's
// canonical form and index, folds the leaf hashes into the tree and compares each signed
// checkpoint's root. When it runs ahead, the verifier's thread hands it whole blocks to hash as
// well (MODE.texts): it then hashes each entry from the slot and compares the stored hash.
// Plain JavaScript, like root-stream.js: a worker thread loads no TypeScript loader.
import { workerData } from 'node:worker_threads';
import { canonicalEventIndex } from '../canonical-event.js';
import { BLOCK, RootStream } from '../merkle/root-stream.js';
import { HEADER, MODE, ROOT_OFFSET, SLOT, STATE, VERDICT, slotViews } from './channel.js';
import { hashSlotEntries } from './slot-entries.js';

const { ring, control, outcomes, checkpoints, state, slots } = workerData;
const ctl = new Int32Array(control);

const views = Array.from({ length: slots }, (_, slot) => slotViews(ring, slot));

/**
 * Writes a verdict on each of the `count` entries of the block. An entry that is all ASCII is
 * read as Latin-1 (the same characters, and the cheapest read); another is decoded from UTF-8,
 * and left to the producer when the decoding holds U+FFFD, which may stand for a lone surrogate
 * that the producer's text has and the fast check would refuse.
 */
function checkEntries(view, first, count) {
  const { lengths, verdicts, text } = view;
  let offset = 1;
  for (let i = 0; i < count; i++) {
    const length = lengths[i];
    let entry;
    if (length >= 0) {
      entry = text.toString('latin1', offset, offset + length);
      offset += length + 1;
    } else {
      entry = text.toString('utf8', offset, offset - length);
      offset += 1 - length;
      if (entry.includes('\ufffd')) {
        verdicts[i] = VERDICT.unjudged;
        continue;
      }
    }
    const index = canonicalEventIndex(entry);
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
      const view = views[consumed % slots];
      if (view.header[HEADER.texts] === 1) {
        if (view.header[HEADER.mode] === MODE.texts) hashSlotEntries(view, count);
        checkEntries(view, stream.position, count);
      }
      stream.addLeaves(view.leaves, count);
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
