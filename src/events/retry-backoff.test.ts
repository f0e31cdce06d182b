import { describe, expect, it } from 'vitest';
import { randomFraction, retryDelayMs } from './retry-backoff.js';

const fixed = (byte: number) => (n: number) => new Uint8Array(n).fill(byte);
/** Just under 1: the delay at the top of the jitter range. */
const top = fixed(0xff);

describe('retryDelayMs (full jitter)', () => {
  it('doubles the ceiling from 2 s with each failure', () => {
    const fraction = randomFraction(top);
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, top))).toEqual(
      [2000, 4000, 8000, 16000].map((c) => Math.floor(fraction * c)),
    );
  });

  it('caps the ceiling at one hour', () => {
    expect(retryDelayMs(12, top)).toBe(Math.floor(randomFraction(top) * 3_600_000));
    expect(retryDelayMs(2000, top)).toBe(Math.floor(randomFraction(top) * 3_600_000));
  });

  it('spreads the delay uniformly from zero (the random source decides where)', () => {
    expect(retryDelayMs(3, fixed(0))).toBe(0);
    expect(retryDelayMs(3, () => Uint8Array.of(0x80, 0, 0, 0))).toBe(4000);
  });
});
