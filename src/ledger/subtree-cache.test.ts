import { describe, expect, it } from 'vitest';
import { cacheBytes, floorLevel, SubtreeCache } from './subtree-cache.js';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

describe('cacheBytes and floorLevel', () => {
  it('count every complete subtree from the floor up', () => {
    // 100 leaves: 100 + 50 + 25 + 12 + 6 + 3 + 1 subtrees.
    expect(cacheBytes(100, 0)).toBe(32 * 197);
    expect(cacheBytes(100, 3)).toBe(32 * 22);
    expect(cacheBytes(0, 0)).toBe(0);
    // A million entries: 1,999,993 hashes, just under 64 MiB.
    expect(cacheBytes(1_000_000, 0)).toBe(32 * 1_999_993);
    expect(cacheBytes(1_000_000, 0)).toBeLessThan(64 * 1024 ** 2);
  });

  it('keep the lowest levels that fit the budget', () => {
    expect(floorLevel(100, 32 * 197)).toBe(0);
    expect(floorLevel(100, 32 * 196)).toBe(1);
    expect(floorLevel(100, 32 * 22)).toBe(3);
    expect(floorLevel(2_000_000, 64 * 1024 ** 2)).toBe(1);
  });
});

describe('SubtreeCache', () => {
  it('holds each level from subtree 0 on, in the order appended', () => {
    const cache = new SubtreeCache();
    cache.append(0, hex(1) + hex(2), 2);
    cache.append(0, hex(3), 1);
    cache.reserve(4, 2);
    cache.append(4, hex(9), 1);
    expect(cache.count(0)).toBe(3);
    expect(Buffer.from(cache.get(0, 2n) ?? []).toString('hex')).toBe(hex(3));
    expect(Buffer.from(cache.get(4, 0n) ?? []).toString('hex')).toBe(hex(9));
    expect(cache.get(0, 3n)).toBeUndefined();
    expect(cache.get(1, 0n)).toBeUndefined();
    expect(cache.bytes).toBe(32 * 4);
  });

  it('drops the levels below a raised floor and takes no more of them', () => {
    const cache = new SubtreeCache();
    cache.append(0, hex(1), 1);
    cache.append(2, hex(2), 1);
    cache.raiseFloor(1);
    expect(cache.get(0, 0n)).toBeUndefined();
    cache.append(0, hex(3), 1);
    expect(cache.count(0)).toBe(0);
    expect(cache.floor).toBe(1);
    expect(cache.bytes).toBe(32);
  });

  it('refuses a hash that is not 64 hex digits, keeping what it held', () => {
    const cache = new SubtreeCache();
    cache.append(0, hex(1), 1);
    expect(() => cache.append(0, 'abc', 1)).toThrow(/64 hex digits/);
    expect(() => cache.append(0, 'zz'.repeat(32), 1)).toThrow(/64 hex digits/);
    expect(cache.count(0)).toBe(1);
  });
});
