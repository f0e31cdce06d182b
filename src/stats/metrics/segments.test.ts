import { describe, expect, it } from 'vitest';
import { expectRelClose, issueCodes } from './__fixtures__/assertions.js';
import { TOY_GROUPS, TOY_LABELS, TOY_REGRESSION, TOY_SCORES } from './__fixtures__/toy-set.js';
import {
  attributeCombinations,
  classificationBySegment,
  regressionBySegment,
  segmentKeys,
  segmentRows,
} from './segments.js';

// The toy set with a second attribute alternating x, y: rows 0, 2, 4, ... are x.
const ROWS = TOY_GROUPS.map((g, i) => ({ g, h: i % 2 === 0 ? 'x' : 'y' }));

describe('segmentRows', () => {
  it('groups by one attribute, sorted by key', () => {
    const segments = segmentRows(ROWS, ['g']);
    expect(segments.map((s) => [s.key, s.indices.length])).toEqual([
      ['A', 10],
      ['B', 10],
    ]);
    expect(segments[0]?.values).toEqual({ g: 'A' });
  });

  it('groups by the intersection of several attributes', () => {
    const segments = segmentRows(ROWS, ['g', 'h']);
    expect(segments.map((s) => s.key)).toEqual(['A × x', 'A × y', 'B × x', 'B × y']);
    expect(segments[0]?.indices).toEqual([0, 2, 4, 6, 8]);
    expect(segments[3]?.values).toEqual({ g: 'B', h: 'y' });
  });

  it('reports missing and declared-unknown values as one unknown category', () => {
    const rows = [
      { sex: 'F', race: 'Asian' },
      { sex: null, race: 'Asian' },
      { race: 'White' },
      { sex: '', race: 'White' },
      { sex: 'Declined', race: 'White' },
      { sex: 'M', race: 'White' },
    ];
    const bySex = segmentRows(rows, ['sex'], { unknownValues: ['Declined'] });
    expect(bySex.map((s) => [s.key, s.unknown, s.indices])).toEqual([
      ['F', false, [0]],
      ['M', false, [5]],
      ['unknown', true, [1, 2, 3, 4]],
    ]);
    const both = segmentRows(rows, ['sex', 'race'], { unknownValues: ['Declined'] });
    expect(both.filter((s) => s.unknown).map((s) => s.key)).toEqual([
      'unknown × Asian',
      'unknown × White',
    ]);
  });

  it('turns numbers and booleans into their text', () => {
    expect(segmentKeys([{ a: 1 }, { a: true }, { a: 1 }], ['a'])).toEqual(['1', 'true', '1']);
  });

  it('refuses values that would make intersection keys ambiguous, and bad attribute lists', () => {
    expect(issueCodes(() => segmentRows([{ a: 'p × q', b: 'r' }], ['a', 'b']))).toEqual([
      'invalid_attribute',
    ]);
    expect(issueCodes(() => segmentRows(ROWS, []))).toEqual(['empty']);
    expect(issueCodes(() => segmentRows(ROWS, ['g', 'g']))).toEqual(['duplicate_attribute']);
    const nested = [{ a: {} }] as unknown as { a: string }[];
    expect(issueCodes(() => segmentRows(nested, ['a']))).toEqual(['invalid_attribute']);
  });
});

describe('attributeCombinations', () => {
  it('lists singles, then pairs, then the full intersection', () => {
    expect(attributeCombinations(['sex', 'race', 'age'])).toEqual([
      ['sex'],
      ['race'],
      ['age'],
      ['sex', 'race'],
      ['sex', 'age'],
      ['race', 'age'],
      ['sex', 'race', 'age'],
    ]);
    expect(attributeCombinations(['sex', 'race', 'age'], 1)).toEqual([['sex'], ['race'], ['age']]);
  });
});

describe('classificationBySegment', () => {
  it('reproduces the §9.4 group rates and per-group ROC AUC', () => {
    const [a, b] = classificationBySegment({ labels: TOY_LABELS, scores: TOY_SCORES }, ROWS, ['g']);
    // A: positives .35 .8 .9 .55 .7 beat 3, 5, 5, 4, 5 of the negatives .1 .4 .2 .6 .3 → 22/25.
    expect(a?.key).toBe('A');
    expect(a?.metrics.recall).toBe(0.8);
    expect(a?.metrics.confusion).toEqual({ tp: 4, fp: 1, tn: 4, fn: 1 });
    expectRelClose(a?.metrics.scores?.rocAuc ?? 0, 22 / 25);
    // B: positives .65 .95 .4 .45 .3 against .05 .45 .3 .15 .35: 5 + 5 + 4 + 4½ + 2½ = 21 → 21/25.
    expect(b?.metrics.recall).toBe(0.4);
    expect(b?.metrics.confusion).toEqual({ tp: 2, fp: 0, tn: 5, fn: 3 });
    expectRelClose(b?.metrics.scores?.rocAuc ?? 0, 21 / 25);
  });

  it('computes intersections: A × x holds rows 0, 2, 4, 6, 8', () => {
    const segments = classificationBySegment({ labels: TOY_LABELS, scores: TOY_SCORES }, ROWS, [
      'g',
      'h',
    ]);
    const ax = segments.find((s) => s.key === 'A × x');
    // labels 0 1 0 0 1, scores .1 .35 .2 .6 .7 → ŷ 0 0 0 1 1.
    expect(ax?.n).toBe(5);
    expect(ax?.metrics.confusion).toEqual({ tp: 1, fp: 1, tn: 2, fn: 1 });
    // Positives .35 and .7 beat 2 and 3 of the negatives .1 .2 .6 → 5/6.
    expectRelClose(ax?.metrics.scores?.rocAuc ?? 0, 5 / 6);
  });

  it('flags a single-class segment instead of failing', () => {
    const rows = [{ s: 'p' }, { s: 'p' }, { s: 'q' }, { s: 'q' }];
    const [p] = classificationBySegment(
      { labels: [1, 1, 0, 1], scores: [0.9, 0.4, 0.2, 0.7] },
      rows,
      ['s'],
    );
    expect(p?.metrics.scores?.rocAuc).toBeNaN();
    expect(p?.metrics.undefinedMetrics).toContain('rocAuc');
  });

  it('rejects rows that do not match the labels', () => {
    expect(
      issueCodes(() =>
        classificationBySegment({ labels: [1, 0], predictions: [1, 0] }, [{ g: 'a' }], ['g']),
      ),
    ).toEqual(['length_mismatch']);
  });
});

describe('regressionBySegment', () => {
  it('computes the regression report per segment', () => {
    // Rows 0–3 in u, 4–6 in v. u: |errors| .5 .5 .1 .8 → MAE 0.475; v: .3 .3 .5 → MAE 1.1/3.
    const rows = [0, 1, 2, 3, 4, 5, 6].map((i) => ({ part: i < 4 ? 'u' : 'v' }));
    const [u, v] = regressionBySegment(TOY_REGRESSION, rows, ['part']);
    expectRelClose(u?.metrics.mae ?? 0, 0.475);
    expectRelClose(v?.metrics.mae ?? 0, 1.1 / 3);
    expect(v?.n).toBe(3);
  });
});
