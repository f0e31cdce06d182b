import { randomBytes } from 'node:crypto';
import type { Clock } from './clock.js';

/** Source of randomness; injected so ids are reproducible in tests. */
export type RandomSource = (size: number) => Uint8Array;

export const cryptoRandom: RandomSource = (size) => randomBytes(size);

/**
 * UUIDv7 (RFC 9562 §5.7): 48-bit Unix-millisecond timestamp, then random bits. Ids sort by
 * creation time, which keeps keyset pagination stable. Generated here rather than in SQL because
 * `uuidv7()` exists only on PostgreSQL 18 and Verity also runs on 15.
 */
export function uuidv7(clock: Clock, random: RandomSource = cryptoRandom): string {
  const bytes = new Uint8Array(16);
  let ms = clock.now().getTime();
  if (ms <= last.ms) {
    // Same (or an earlier) millisecond as the previous id: keep the timestamp and add one to the
    // random tail (RFC 9562 §6.2 method 2), so ids from this process are strictly increasing.
    ms = last.ms;
    const tail = last.tail;
    for (let i = tail.length - 1; i >= 0; i--) {
      tail[i] = ((tail[i] ?? 0) + 1) & 0xff;
      if (tail[i] !== 0) break;
    }
    bytes.set(tail, 6);
  } else {
    bytes.set(random(10), 6);
    // Leave headroom so increments within one millisecond never overflow into the timestamp.
    bytes[8] = (bytes[8] ?? 0) & 0x3f;
  }
  last.ms = ms;
  last.tail = bytes.slice(6);
  for (let i = 5; i >= 0; i--) {
    bytes[i] = ms % 256;
    ms = Math.floor(ms / 256);
  }
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x70;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = Buffer.from(bytes).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const last = { ms: -1, tail: new Uint8Array(10) };

export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
