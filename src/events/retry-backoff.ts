import type { RandomSource } from '../lib/index.js';

/** Exponential backoff between delivery attempts. */
export interface RetryPolicy {
  /** The ceiling after the first failed attempt, in milliseconds. */
  baseMs: number;
  /** How much the ceiling grows with each further failure. */
  factor: number;
  /** The largest ceiling, in milliseconds. */
  capMs: number;
}

/** 2 s, 4 s, 8 s ... capped at one hour. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 2_000, factor: 2, capMs: 3_600_000 };

/** A uniform fraction in [0, 1) from four random bytes. */
export function randomFraction(random: RandomSource): number {
  const bytes = random(4);
  return (
    ((bytes[0] ?? 0) * 2 ** 24 +
      (bytes[1] ?? 0) * 2 ** 16 +
      (bytes[2] ?? 0) * 2 ** 8 +
      (bytes[3] ?? 0)) /
    2 ** 32
  );
}

/**
 * How long to wait after the `failures`-th failed attempt (1 = the first): "full jitter", a
 * uniform delay between 0 and min(cap, base · factor^(failures−1)). Randomising the whole delay
 * spreads the retries of many deliveries that failed together (a receiver outage) instead of
 * sending them back in synchronised waves, which is the load the Standard Webhooks spec warns of
 * under "Deliverability and reliability". Pure: the random source is injected.
 */
export function retryDelayMs(
  failures: number,
  random: RandomSource,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
): number {
  const exponent = Math.max(0, failures - 1);
  const ceiling = Math.min(policy.capMs, policy.baseMs * policy.factor ** exponent);
  return Math.floor(randomFraction(random) * ceiling);
}
