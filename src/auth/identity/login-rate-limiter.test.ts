import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../lib/index.js';
import { LoginRateLimiter } from './login-rate-limiter.js';

const MINUTE = 60_000;

function limited(limiter: LoginRateLimiter, user: string, clientAddress: string): number | null {
  try {
    limiter.check({ user, clientAddress });
    return null;
  } catch (error) {
    expect(error).toMatchObject({ code: 'RATE_LIMITED' });
    return (error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
  }
}

describe('LoginRateLimiter', () => {
  it('allows five failures, then refuses for the rest of the 15-minute window', () => {
    const clock = new ManualClock();
    const limiter = new LoginRateLimiter({ clock });
    for (let i = 0; i < 5; i++) {
      expect(limited(limiter, 'alice', '10.0.0.1')).toBeNull();
      limiter.recordFailure({ user: 'alice', clientAddress: '10.0.0.1' });
      clock.advance(MINUTE);
    }
    // First failure at t=0, now t=5 min: 10 minutes of the window remain.
    expect(limited(limiter, 'alice', '10.0.0.1')).toBe(600);
    clock.advance(9 * MINUTE + 59_500);
    expect(limited(limiter, 'alice', '10.0.0.1')).toBe(1);
    clock.advance(500);
    expect(limited(limiter, 'alice', '10.0.0.1')).toBeNull();
  });

  it('counts the user name across addresses', () => {
    const limiter = new LoginRateLimiter({ clock: new ManualClock() });
    for (let i = 0; i < 5; i++)
      limiter.recordFailure({ user: 'alice', clientAddress: `10.0.0.${i}` });
    expect(limited(limiter, 'alice', '10.9.9.9')).toBe(900);
    expect(limited(limiter, 'bob', '10.9.9.9')).toBeNull();
  });

  it('counts the address across user names (password spraying)', () => {
    const limiter = new LoginRateLimiter({ clock: new ManualClock() });
    for (let i = 0; i < 5; i++)
      limiter.recordFailure({ user: `user${i}`, clientAddress: '10.0.0.1' });
    expect(limited(limiter, 'someone-else', '10.0.0.1')).toBe(900);
    expect(limited(limiter, 'someone-else', '10.0.0.2')).toBeNull();
  });

  it('treats user names without regard to case', () => {
    const limiter = new LoginRateLimiter({ clock: new ManualClock() });
    for (let i = 0; i < 5; i++) limiter.recordFailure({ user: 'Alice', clientAddress: `a${i}` });
    expect(limited(limiter, 'alice', 'b')).toBe(900);
  });

  it('clears the user counter on success but not the address counter', () => {
    const limiter = new LoginRateLimiter({ clock: new ManualClock() });
    for (let i = 0; i < 4; i++) limiter.recordFailure({ user: 'alice', clientAddress: '10.0.0.1' });
    limiter.recordSuccess('alice');
    limiter.recordFailure({ user: 'alice', clientAddress: '10.0.0.1' });
    expect(limited(limiter, 'alice', '10.0.0.2')).toBeNull();
    expect(limited(limiter, 'alice', '10.0.0.1')).toBe(900);
  });

  it('starts a new window after the old one ends', () => {
    const clock = new ManualClock();
    const limiter = new LoginRateLimiter({ clock });
    for (let i = 0; i < 4; i++) limiter.recordFailure({ user: 'alice', clientAddress: 'x' });
    clock.advance(15 * MINUTE);
    limiter.recordFailure({ user: 'alice', clientAddress: 'x' });
    expect(limited(limiter, 'alice', 'x')).toBeNull();
  });

  it('keeps memory bounded, evicting expired keys first and then the oldest', () => {
    const clock = new ManualClock();
    const limiter = new LoginRateLimiter({ clock, maxKeys: 10 });
    for (let i = 0; i < 5; i++)
      limiter.recordFailure({ user: 'target', clientAddress: 'attacker' });
    for (let i = 0; i < 1000; i++) {
      limiter.recordFailure({ user: `u${i}`, clientAddress: `10.1.${i >> 8}.${i & 255}` });
      expect(limiter.size).toBeLessThanOrEqual(20);
    }
    clock.advance(15 * MINUTE);
    limiter.recordFailure({ user: 'late', clientAddress: 'late' });
    expect(limiter.size).toBeLessThanOrEqual(20);
  });
});
