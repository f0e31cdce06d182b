import { describe, expect, it } from 'vitest';
import { ManualClock } from './clock.js';
import { uuidv7, UUID_PATTERN } from './ids.js';

describe('uuidv7', () => {
  it('encodes the millisecond timestamp, version 7 and the RFC 9562 variant', () => {
    const clock = new ManualClock('2030-01-01T00:00:00.000Z');
    const id = uuidv7(clock, (n) => new Uint8Array(n).fill(0xff));
    expect(id).toMatch(UUID_PATTERN);
    const ms = new Date('2030-01-01T00:00:00.000Z').getTime();
    expect(Number.parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBe(ms);
    expect(id[14]).toBe('7');
    expect(['8', '9', 'a', 'b']).toContain(id[19]);
  });

  it('keeps ids strictly increasing within one millisecond and when the clock steps back', () => {
    const clock = new ManualClock('2031-05-05T00:00:00.000Z');
    const ids: string[] = [];
    for (let i = 0; i < 500; i++) ids.push(uuidv7(clock));
    clock.advance(-10_000);
    ids.push(uuidv7(clock));
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!).toBe(true);
  });
});
