import { describe, expect, it } from 'vitest';
import { permutation, randomStream, sampleRows, streamSeed } from './random-streams.js';

describe('random streams', () => {
  it('derive different, stable seeds per label and seed', () => {
    expect(streamSeed(1, 'bootstrap')).toBe(streamSeed(1, 'bootstrap'));
    const seeds = new Set([
      streamSeed(1, 'bootstrap'),
      streamSeed(2, 'bootstrap'),
      streamSeed(1, 'noise'),
      streamSeed(0, ''),
    ]);
    expect(seeds.size).toBe(4);
  });

  it('shuffle into a permutation and sample distinct increasing rows', () => {
    const p = permutation(randomStream(3, 'x'), 50);
    expect([...p].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const rows = [...sampleRows(randomStream(3, 'y'), 1000, 30)];
    expect(new Set(rows).size).toBe(30);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));
    expect([...sampleRows(randomStream(3, 'y'), 5, 30)]).toEqual([0, 1, 2, 3, 4]);
  });
});
