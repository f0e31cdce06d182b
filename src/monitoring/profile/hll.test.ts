import { describe, expect, it } from 'vitest';
import { hash64 } from './hash64.js';
import { HyperLogLog, hllStandardError } from './hll.js';

/** FNV-1a 64 then murmur3 fmix64, in BigInt, over TextEncoder's UTF-8: the reference. */
function referenceHash(value: string): bigint {
  const mask = (1n << 64n) - 1n;
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(value))
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & mask;
  h ^= h >> 33n;
  h = (h * 0xff51afd7ed558ccdn) & mask;
  h ^= h >> 33n;
  h = (h * 0xc4ceb9fe1a85ec53n) & mask;
  return h ^ (h >> 33n);
}

describe('hash64', () => {
  it('equals FNV-1a 64 + fmix64 over UTF-8, for ASCII, accents, emoji and lone surrogates', () => {
    const out = new Uint32Array(2);
    for (const value of [
      '',
      'a',
      'foobar',
      'café',
      '🚀 rocket',
      'x'.repeat(300),
      '\ud800!',
      'z\udc00',
    ]) {
      hash64(value, out);
      expect((BigInt(out[0]!) << 32n) | BigInt(out[1]!), JSON.stringify(value)).toBe(
        referenceHash(value),
      );
    }
  });

  it('matches the published FNV-1a 64 vector before the finaliser (fnv("a") = af63dc4c8601ec8c)', () => {
    // The reference's FNV-1a step, checked against the published test vector.
    const mask = (1n << 64n) - 1n;
    const fnv = ((0xcbf29ce484222325n ^ 0x61n) * 0x100000001b3n) & mask;
    expect(fnv.toString(16)).toBe('af63dc4c8601ec8c');
  });
});

describe('HyperLogLog', () => {
  it('documents its standard error: 1.04/√m (p = 12 → 1.63%)', () => {
    expect(hllStandardError(12)).toBeCloseTo(0.01625, 5);
  });

  for (const distinct of [10_000, 100_000, 1_000_000]) {
    it(`estimates ${distinct.toLocaleString('en')} distinct values within 3 standard errors`, () => {
      for (const precision of [12, 14]) {
        const sketch = new HyperLogLog(precision);
        for (let i = 0; i < distinct; i++) sketch.add(`value-${i}`);
        const relative = Math.abs(sketch.estimate() / distinct - 1);
        expect(relative, `p = ${precision}`).toBeLessThanOrEqual(3 * hllStandardError(precision));
      }
    });
  }

  it('is exact for tiny sets and empty', () => {
    const sketch = new HyperLogLog(12);
    expect(sketch.estimate()).toBe(0);
    for (const v of ['a', 'b', 'c', 'a']) sketch.add(v);
    expect(Math.round(sketch.estimate())).toBe(3);
  });

  it('merges to exactly the sketch of the union, ignoring duplicates', () => {
    const whole = new HyperLogLog(10);
    const a = new HyperLogLog(10);
    const b = new HyperLogLog(10);
    for (let i = 0; i < 20_000; i++) {
      whole.add(`v${i % 15_000}`);
      (i % 3 === 0 ? a : b).add(`v${i % 15_000}`);
    }
    expect(a.merge(b).registers).toEqual(whole.registers);
    expect(HyperLogLog.fromBase64(10, whole.toBase64()).registers).toEqual(whole.registers);
  });
});
