import { describe, expect, it } from 'vitest';
import { IntervalJob } from './interval-job.js';

describe('IntervalJob', () => {
  it('skips a tick while a round runs, and reports a failed round without stopping', async () => {
    let release: () => void = () => {};
    let rounds = 0;
    const errors: unknown[] = [];
    const job = new IntervalJob(
      0,
      async () => {
        rounds++;
        if (rounds === 2) throw new Error('boom');
        if (rounds === 1) await new Promise<void>((r) => (release = r));
      },
      (e) => errors.push(e),
    );
    const first = job.tick();
    await job.tick(); // skipped: the first round is still running
    expect(rounds).toBe(1);
    release();
    await first;
    await job.tick();
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom']);
    await job.tick();
    expect(rounds).toBe(3);
    job.start(); // interval 0: never scheduled
    job.stop();
  });
});
