import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { gen, PHI } from './__fixtures__/datasets.js';
import { NUMPY_VECTORS, QUANTILE_LEVELS } from './__fixtures__/numpy-bins.js';
import { getColumn, histogram, quantile, referenceEdges } from './accessors.js';
import { binFitInputOf, binIndex, fitBinEdges, MAX_BINS, quantileSorted } from './bins.js';
import { profileRows } from './profile-builder.js';

const RULES = ['sturges', 'doane', 'fd'] as const;

function valuesOf(name: keyof typeof NUMPY_VECTORS): number[] {
  const vector = NUMPY_VECTORS[name];
  return 'values' in vector ? [...vector.values] : gen(vector.n, PHI);
}

describe('bin edges: numpy parity (histogram_bin_edges, statistics.md §2)', () => {
  for (const name of Object.keys(NUMPY_VECTORS) as (keyof typeof NUMPY_VECTORS)[]) {
    const expected = NUMPY_VECTORS[name];
    const values = valuesOf(name);

    it(`${name} (${expected.source}): sturges, doane and fd edges from the raw values`, () => {
      const input = binFitInputOf(values);
      for (const rule of RULES) expect(fitBinEdges(input, rule), rule).toEqual(expected[rule]);
    });

    it(`${name}: type 7 quantiles`, () => {
      const sorted = Float64Array.from(values).sort();
      QUANTILE_LEVELS.forEach((q, i) => {
        expect(quantileSorted(sorted, q), `q = ${q}`).toBe(expected.quantiles[i]);
      });
    });

    it(`${name}: sturges and doane edges from a profile`, () => {
      const column = getColumn(profileRows(values.map((x) => ({ x }))), 'x');
      // Moments merged one value at a time differ from numpy's two-pass sums in the last bits;
      // only the bin count depends on them.
      for (const rule of ['sturges', 'doane'] as const) {
        const edges = referenceEdges(column, rule);
        expect(edges.length, rule).toBe(expected[rule].length);
        edges.forEach((e, i) => expect(e).toBeCloseTo(expected[rule][i]!, 12));
      }
    });
  }

  it('reproduces statistics.md §9.2 case S: Evidently Sturges edges over r ∪ c', () => {
    const edges = fitBinEdges(binFitInputOf(valuesOf('S_pooled')), 'sturges');
    const published = [
      0.0502499874, 1.0901743548, 2.1300987222, 3.1700230895, 4.2099474569, 5.2498718243,
      6.2897961917, 7.329720559, 8.3696449264, 9.4095692938, 10.4494936612,
    ];
    edges.forEach((e, i) => expect(e).toBeCloseTo(published[i]!, 10));
  });

  it('reproduces statistics.md §9.2 case S: reference deciles from a profile (exact sketch)', () => {
    const column = getColumn(profileRows(gen(200, PHI).map((x) => ({ x }))), 'x');
    const deciles = [
      0.0502499874, 1.0301499924, 2.0502499874, 3.0401999899, 4.0502499874, 5.0502499874,
      6.0378275073, 7.0158081337, 7.99378876, 8.9890437948, 9.9689437998,
    ];
    expect(referenceEdges(column, { quantiles: 10 }).length).toBe(11);
    deciles.forEach((d, j) => expect(quantile(column, j / 10)).toBeCloseTo(d, 9));
  });

  it('counts into the edges like np.histogram when no value falls outside', () => {
    const values = valuesOf('S_ref');
    const reference = profileRows(values.map((x) => ({ x })));
    const binned = profileRows(
      values.map((x) => ({ x })),
      { reference, binRule: 'sturges' },
    );
    expect(histogram(getColumn(binned, 'x'))).toMatchObject({
      rule: 'sturges',
      counts: NUMPY_VECTORS.S_ref.sturgesCounts,
      underflow: 0,
      overflow: 0,
    });
  });
});

describe('binIndex', () => {
  const edges = [0, 1, 2, 4];

  it('puts e_j in bin j, the last edge in the last bin, and outside values in under/overflow', () => {
    expect([-0.1, 0, 0.5, 1, 3.99, 4, 4.01].map((x) => binIndex(edges, x))).toEqual([
      -1, 0, 0, 1, 2, 2, 3,
    ]);
  });
});

describe('fitBinEdges', () => {
  it('drops duplicate quantile edges and widens a constant column like numpy', () => {
    const input = binFitInputOf([1, 1, 1, 1, 1, 1, 1, 2]);
    expect(fitBinEdges(input, { quantiles: 4 })).toEqual([1, 2]);
    expect(fitBinEdges(binFitInputOf([3, 3]), { quantiles: 10 })).toEqual([2.5, 3.5]);
  });

  describe('when a rule is unusable', () => {
    it('refuses more than MAX_BINS bins', () => {
      const values = [...Array.from({ length: 1000 }, (_, i) => i / 1000), 1e9];
      expect(() => fitBinEdges(binFitInputOf(values), 'fd', 'amount')).toThrow(
        new RegExp(`column 'amount': the fd rule asks for \\d+ bins \\(more than ${MAX_BINS}\\)`),
      );
    });

    it('refuses explicit edges that do not increase, and an empty reference', () => {
      expect(() => fitBinEdges(binFitInputOf([1]), { edges: [0, 2, 1] })).toThrow(ValidationError);
      expect(() => fitBinEdges(binFitInputOf([]), 'sturges')).toThrow(/no values/);
    });
  });
});
