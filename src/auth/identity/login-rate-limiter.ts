import { VerityError, type Clock } from '../../lib/index.js';

export interface LoginRateLimiterOptions {
  clock: Clock;
  /** Failures allowed in one window before further attempts are refused (default 5). */
  maxFailures?: number;
  /** Window length in seconds, counted from the first failure (default 900 = 15 minutes). */
  windowSeconds?: number;
  /** Most keys remembered per kind (user names, client addresses); default 10 000. */
  maxKeys?: number;
}

/** Whom one sign-in attempt is counted against. */
export interface LoginAttemptKeys {
  user: string;
  /** The client's address; absent when the caller has none (a password change in-process). */
  clientAddress?: string | undefined;
}

interface Window {
  startedAt: number;
  failures: number;
}

/**
 * Counts failed sign-ins per user name and per client address in a fixed window that starts at
 * the first failure. Once either key reaches `maxFailures`, attempts are refused with
 * RATE_LIMITED until that window ends, before any password is checked (so a locked-out attacker
 * learns nothing and costs no scrypt work). A success clears the user's counter only: an
 * attacker who owns one account must not be able to reset the counter of their address.
 *
 * In memory and per process: with several server instances each counts on its own, which
 * multiplies the allowance by the number of instances. Memory is bounded: expired windows are
 * dropped, and past `maxKeys` the least recently failed key is evicted.
 */
export class LoginRateLimiter {
  private readonly clock: Clock;
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly maxKeys: number;
  private readonly users = new Map<string, Window>();
  private readonly addresses = new Map<string, Window>();

  constructor(options: LoginRateLimiterOptions) {
    this.clock = options.clock;
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = (options.windowSeconds ?? 15 * 60) * 1000;
    this.maxKeys = options.maxKeys ?? 10_000;
    if (this.maxFailures < 1 || this.windowMs <= 0 || this.maxKeys < 1) {
      throw new RangeError(
        'LoginRateLimiter: maxFailures, windowSeconds and maxKeys must be positive',
      );
    }
  }

  /** Throws RATE_LIMITED (with `details.retryAfterSeconds`) when either key is locked out. */
  check(keys: LoginAttemptKeys): void {
    const now = this.clock.now().getTime();
    const waits = [
      this.lockedFor(this.users, userKey(keys.user), now),
      keys.clientAddress === undefined
        ? 0
        : this.lockedFor(this.addresses, keys.clientAddress, now),
    ];
    const wait = Math.max(...waits);
    if (wait > 0) {
      const retryAfterSeconds = Math.ceil(wait / 1000);
      throw new VerityError(
        'RATE_LIMITED',
        `too many failed sign-ins; try again in ${retryAfterSeconds} s`,
        { retryAfterSeconds },
      );
    }
  }

  recordFailure(keys: LoginAttemptKeys): void {
    const now = this.clock.now().getTime();
    this.bump(this.users, userKey(keys.user), now);
    if (keys.clientAddress !== undefined) this.bump(this.addresses, keys.clientAddress, now);
  }

  recordSuccess(user: string): void {
    this.users.delete(userKey(user));
  }

  /** Keys currently remembered (users + addresses); for tests and metrics. */
  get size(): number {
    return this.users.size + this.addresses.size;
  }

  private lockedFor(map: Map<string, Window>, key: string, now: number): number {
    const window = map.get(key);
    if (window === undefined) return 0;
    const endsAt = window.startedAt + this.windowMs;
    if (now >= endsAt) {
      map.delete(key);
      return 0;
    }
    return window.failures >= this.maxFailures ? endsAt - now : 0;
  }

  private bump(map: Map<string, Window>, key: string, now: number): void {
    const current = map.get(key);
    const window =
      current === undefined || now >= current.startedAt + this.windowMs
        ? { startedAt: now, failures: 0 }
        : current;
    window.failures++;
    // Re-insert so the map's order is least recently failed first.
    map.delete(key);
    map.set(key, window);
    if (map.size > this.maxKeys) this.evict(map, now);
  }

  private evict(map: Map<string, Window>, now: number): void {
    for (const [key, window] of map) {
      if (now >= window.startedAt + this.windowMs) map.delete(key);
    }
    while (map.size > this.maxKeys) {
      const oldest = map.keys().next();
      if (oldest.done === true) break;
      map.delete(oldest.value);
    }
  }
}

/** User names compare without case here, so `Alice` and `alice` share one counter. */
function userKey(name: string): string {
  return name.toLowerCase();
}
