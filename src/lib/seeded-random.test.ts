import { describe, expect, it } from 'vitest';
import { SeededRandom } from './seeded-random.js';

// The demo's data and the evaluation engine's results depend on these exact streams: a change
// to the generator would silently change stored evaluations and the demo's bytes.
describe('SeededRandom', () => {
  it('reproduces the mulberry32 stream of seed 42 exactly', () => {
    const random = new SeededRandom(42);
    expect([random.next(), random.next()]).toEqual([0.6011037519201636, 0.44829055899754167]);
    expect([random.normal(), random.normal(), random.normal()]).toEqual([
      -0.9453528099747296, -1.7128042818055647, -0.6112802846514629,
    ]);
    expect(
      random.pick([
        ['a', 1],
        ['b', 2],
      ]),
    ).toBe('a');
  });

  it('treats the seed as an unsigned 32-bit integer', () => {
    const random = new SeededRandom(0xdeadbeef);
    expect([random.next(), random.normal()]).toEqual([0.9413696140982211, 0.10881317310481771]);
    expect(new SeededRandom(-1).next()).toBe(new SeededRandom(0xffffffff).next());
  });
});
