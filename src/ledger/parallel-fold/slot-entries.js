// Plain JavaScript (types in slot-entries.d.ts): run by the fold worker, and by the verifier's
// thread for the blocks it takes back from a worker that never started.
import * as crypto from 'node:crypto';
import { LEAF } from './channel.js';

/**
 * RFC 9162 §2.1.1 leaf hashes of a ring slot's `count` entries, SHA-256(0x00 || entry) straight
 * from the slot's texts (`views`: see slotViews), written to `leaves` (after its scratch byte). Each is then compared with the
 * stored hash at the same place in `stored`, and a difference marked LEAF.mismatch in
 * `leafChecks` where the producer marked a stored hash to compare.
 */
export function hashSlotEntries(views, count) {
  const { leaves, lengths, stored, leafChecks, text } = views;
  const digests = new Array(count);
  let offset = 0;
  for (let i = 0; i < count; i++) {
    const end = offset + 1 + Math.abs(lengths[i]);
    digests[i] = crypto.hash('sha256', text.subarray(offset, end), 'binary');
    offset = end;
  }
  leaves.write(digests.join(''), 1, 'binary');
  if (leaves.compare(stored, 0, 32 * count, 1, 1 + 32 * count) === 0) return;
  for (let i = 0; i < count; i++) {
    if (
      leafChecks[i] === LEAF.stored &&
      leaves.compare(stored, 32 * i, 32 * i + 32, 1 + 32 * i, 33 + 32 * i) !== 0
    ) {
      leafChecks[i] = LEAF.mismatch;
    }
  }
}
