import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { mergeInRandomTree, mixedRows, splitRandomly, type Row } from './__fixtures__/datasets.js';
import { expectSameProfile } from './__fixtures__/same-profile.js';
import { frequencies, getColumn, histogram, quantile, rankError } from './accessors.js';
import { mergeAll, mergeProfiles } from './merge.js';
import { parseProfile } from './parse-profile.js';
import { profileRows, type ProfileOptions } from './profile-builder.js';
import { seededRandom } from './random.js';

describe('mergeProfiles', () => {
  // frequencyCapacity above the widest column keeps every frequency exact.
  const options: ProfileOptions = { frequencyCapacity: 5000 };

  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`rebuilds the whole profile from 2..5 random parts merged in random trees (seed ${seed})`, () => {
      const random = seededRandom(seed * 7919);
      const rows = mixedRows(seed, 3000 + Math.floor(random() * 3000));
      const reference = profileRows(mixedRows(seed + 100, 2000), options);
      const withBins: ProfileOptions = { ...options, reference };
      const whole = profileRows(rows, withBins);
      for (let trial = 0; trial < 3; trial++) {
        const parts = splitRandomly(rows, 2 + Math.floor(random() * 4), random);
        const merged = mergeInRandomTree(
          parts.map((part) => profileRows(part, withBins)),
          random,
        );
        expectSameProfile(merged, whole);
        expect(() => parseProfile(JSON.parse(JSON.stringify(merged)))).not.toThrow();
      }
    });
  }

  it('keeps merged sketches within their bounds past the frequency cap', () => {
    const random = seededRandom(99);
    const rows = mixedRows(7, 40_000);
    const parts = splitRandomly(rows, 5, random);
    const merged = mergeInRandomTree(
      parts.map((p) => profileRows(p, { frequencyCapacity: 200 })),
      random,
    );
    const truth = new Map<string, number>();
    for (const row of rows) truth.set(row.wide as string, (truth.get(row.wide as string) ?? 0) + 1);
    const f = frequencies(getColumn(merged, 'wide'));
    expect(f.exact).toBe(false);
    for (const [value, count] of truth) {
      const estimate = f.values[value] ?? 0;
      expect(estimate).toBeLessThanOrEqual(count);
      expect(count - estimate).toBeLessThanOrEqual(f.maxError);
    }
    const x = getColumn(merged, 'x');
    const sorted = rows
      .map((r) => r.x)
      .filter((v): v is number => typeof v === 'number' && v === v);
    sorted.sort((a, b) => a - b);
    for (const q of [0.05, 0.25, 0.5, 0.75, 0.95]) {
      const value = quantile(x, q);
      const rank = sorted.filter((v) => v <= value).length / sorted.length;
      expect(Math.abs(rank - q)).toBeLessThanOrEqual(rankError(x) + 1 / sorted.length);
    }
  });

  it('treats a column absent from one profile as missing in all its rows', () => {
    const a = profileRows([{ x: 1 }, { x: 2 }]);
    const b = profileRows([{ y: 'k' }]);
    const merged = mergeProfiles(a, b);
    expect(getColumn(merged, 'x')).toMatchObject({ count: 3, missing: 1, type: 'numeric' });
    expect(getColumn(merged, 'y')).toMatchObject({ count: 3, missing: 2, type: 'categorical' });
    expect(merged.columns.map((c) => c.name)).toEqual(['x', 'y']);
  });

  it('merges with empty profiles and single values', () => {
    const empty = profileRows([]);
    const one = profileRows([{ x: 5 }]);
    expect(mergeProfiles(empty, one)).toEqual({ ...one });
    const merged = mergeAll([one, one, empty, one]);
    expect(getColumn(merged, 'x').numeric).toMatchObject({
      count: 3,
      min: 5,
      max: 5,
      mean: 5,
      m2: 0,
    });
  });

  describe('when the profiles were built against different bin edges', () => {
    const rows: Row[] = Array.from({ length: 50 }, (_, i) => ({ x: i }));
    const ref1 = profileRows(rows);
    const ref2 = profileRows(rows.map((r) => ({ x: (r.x as number) * 2 })));

    it('refuses them with a ValidationError naming the column', () => {
      const a = profileRows(rows, { reference: ref1 });
      const b = profileRows(rows, { reference: ref2 });
      expect(() => mergeProfiles(a, b)).toThrow(ValidationError);
      expect(() => mergeProfiles(a, b)).toThrow(/column 'x'.*different bin edges/);
    });

    it('refuses binned with unbinned values', () => {
      const a = profileRows(rows, { reference: ref1 });
      expect(() => mergeProfiles(a, ref1)).toThrow(/one profile counts it into reference bins/);
    });

    it('accepts a part without finite values next to a binned one', () => {
      const a = profileRows(rows, { reference: ref1 });
      const b = profileRows([{ x: 'text' }, { x: null }]);
      expect(histogram(getColumn(mergeProfiles(a, b), 'x')).counts).toEqual(
        histogram(getColumn(a, 'x')).counts,
      );
    });
  });

  it('refuses categorical columns with different HyperLogLog precisions', () => {
    const a = profileRows([{ c: 'a' }], { hllPrecision: 10 });
    const b = profileRows([{ c: 'a' }], { hllPrecision: 12 });
    expect(() => mergeProfiles(a, b)).toThrow(/HyperLogLog precisions differ \(10 and 12\)/);
  });

  it('merges to the smaller frequency capacity and KLL k', () => {
    const a = profileRows([{ c: 'a', x: 1 }], { frequencyCapacity: 10, quantileK: 100 });
    const b = profileRows([{ c: 'b', x: 2 }], { frequencyCapacity: 20, quantileK: 200 });
    const merged = mergeProfiles(a, b);
    expect(getColumn(merged, 'c').categorical?.capacity).toBe(10);
    expect(getColumn(merged, 'x').numeric?.sketch.k).toBe(100);
  });

  it('is deterministic: the same parts merged the same way give the same bytes', () => {
    const rows = mixedRows(3, 5000);
    const build = (): string =>
      JSON.stringify(
        mergeProfiles(profileRows(rows.slice(0, 2500)), profileRows(rows.slice(2500))),
      );
    expect(build()).toBe(build());
  });
});
