import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalJsonPieces } from './canonical-json.js';
import { jsonDigest, sha256Digest } from './hash.js';

describe('canonicalJson (RFC 8785)', () => {
  it('serialises the §3.2.2 example exactly', () => {
    const input = JSON.parse(
      '{"numbers":[333333333.33333329,1E30,4.50,2e-3,0.000000000000000000000000001],"string":"\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/","literals":[null,true,false]}',
    ) as unknown;
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts member names by UTF-16 code units (§3.2.3 example)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Compare positions in the serialised text: JSON.parse would re-order integer-like keys.
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];
    const text = canonicalJson(input);
    const positions = order.map((k) => text.indexOf(JSON.stringify(k) + ':'));
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? -1))).toBe(true);
    expect(positions.every((p) => p >= 0)).toBe(true);
  });

  it('nests, drops undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: [1, { d: 2, c: undefined }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"d":2}]}',
    );
    expect(canonicalJson(-0)).toBe('0');
  });

  it('orders every object by its own names when objects share a first name (cached orders)', () => {
    const objects = [
      { b: 1, a: 2 },
      { b: 1, c: 2 },
      { b: 1, a: 2, c: 3 },
      { b: 1, a: 2 },
      { b: 1, é: 2, a: 3 },
      { b: 1, c: 2 },
    ];
    expect(canonicalJson(objects)).toBe(
      '[{"a":2,"b":1},{"b":1,"c":2},{"a":2,"b":1,"c":3},{"a":2,"b":1},{"a":3,"b":1,"é":2},{"b":1,"c":2}]',
    );
    // The same objects again, one at a time: a cached order is never applied to other names.
    expect(objects.map((o) => canonicalJson(o)).join(',')).toBe(
      canonicalJson(objects).slice(1, -1),
    );
  });

  it('refuses values JSON cannot represent', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow(/non-finite/);
    expect(() => canonicalJson(Infinity)).toThrow(/non-finite/);
    expect(() => canonicalJson(() => 1)).toThrow(/function/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
  });
});

describe('digests', () => {
  it('hashes bytes as sha256:<hex>', () => {
    expect(sha256Digest('')).toBe(
      'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    expect(sha256Digest('abc')).toBe(
      'sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });

  it('hashes JSON values through their canonical form, so key order does not matter', () => {
    expect(jsonDigest({ a: 1, b: 2 })).toBe(jsonDigest({ b: 2, a: 1 }));
    expect(jsonDigest({ a: 1 })).toBe(sha256Digest('{"a":1}'));
  });

  it('hashes a batch larger than its 64 KiB hashing step as the whole canonical text', () => {
    const batch = Array.from({ length: 6000 }, (_, i) => ({ id: `r-${i}`, v: i / 7, s: 'é€😀' }));
    expect(canonicalJson(batch).length).toBeGreaterThan(3 * 65_536);
    expect(jsonDigest(batch)).toBe(sha256Digest(canonicalJson(batch)));
  });
});

describe('canonicalJsonPieces', () => {
  it('gives, joined, exactly the canonical text, for every kind of value', () => {
    const values: unknown[] = [
      null,
      7,
      'text',
      true,
      new Date('2026-12-02T00:00:00.000Z'),
      [],
      {},
      [1, undefined, { b: 1, a: [2, { d: null, c: 'x' }] }],
      { z: 1, a: undefined, m: [{ y: 2, x: 3 }], '\u20ac': 'e' },
      { only: undefined },
    ];
    for (const value of values) {
      const pieces: string[] = [];
      canonicalJsonPieces(value, (p) => pieces.push(p));
      expect(pieces.join('')).toBe(canonicalJson(value));
    }
    const records = Array.from({ length: 3 }, (_, i) => ({
      id: `r${i}`,
      features: { b: i, a: 1 },
    }));
    const pieces: string[] = [];
    canonicalJsonPieces(records, (p) => pieces.push(p));
    expect(pieces).toEqual([
      '[{"features":{"a":1,"b":0},"id":"r0"}',
      ',{"features":{"a":1,"b":1},"id":"r1"}',
      ',{"features":{"a":1,"b":2},"id":"r2"}',
      ']',
    ]);
  });

  it('refuses what canonicalJson refuses, a cycle below the first level included', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJsonPieces([cyclic], () => undefined)).toThrow(/cyclic/);
    expect(() => canonicalJsonPieces({ n: Number.NaN }, () => undefined)).toThrow(/non-finite/);
  });
});
