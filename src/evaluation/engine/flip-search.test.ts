import { describe, expect, it } from 'vitest';
import { SeededRandom } from '../../lib/index.js';
import { logisticScorer, margin } from './__fixtures__/synthetic.js';
import { flipSearch, MAX_DISTANCE, TOLERANCE } from './flip-search.js';
import { column, populationStd } from './feature-units.js';
import { modelContext } from './model-context.js';
import type { FeatureSpec } from './types.js';

const FEATURES: FeatureSpec[] = [
  { name: 'a', type: 'numeric' },
  { name: 'b', type: 'numeric' },
  { name: 'c', type: 'numeric' },
  { name: 'k', type: 'categorical' },
];
const MODEL = { weights: [1.5, -0.4, 0.05, 2], bias: -0.3 };

function matrixOf(rows: number, seed: number): Float32Array {
  const random = new SeededRandom(seed);
  const m = new Float32Array(rows * 4);
  for (let i = 0; i < rows; i++) {
    m[i * 4] = random.normal();
    m[i * 4 + 1] = 2 * random.normal() + 1;
    m[i * 4 + 2] = random.normal();
    m[i * 4 + 3] = Math.floor(random.next() * 2);
  }
  return m;
}

async function search(rows: number, sample: number) {
  const matrix = matrixOf(rows, 5);
  const scorer = logisticScorer(MODEL);
  const ctx = await modelContext({
    task: 'binary-classification',
    labels: Float64Array.from({ length: rows }, (_, i) => i % 2),
    threshold: 0.5,
    seed: 17,
    model: { features: FEATURES, matrix, scorer },
  });
  scorer.calls = 0;
  return { result: await flipSearch(ctx, sample), matrix, scorer };
}

describe('flipSearch on a logistic scorer', () => {
  it('finds the analytic distance |m| / |w_j| / std_j of the nearest feature, to the tolerance', async () => {
    const { result, matrix } = await search(300, 60);
    const stds = [0, 1, 2].map((j) => populationStd(column(matrix, 300, 4, j)));
    expect(result.features).toEqual(['a', 'b', 'c']); // categorical k is not searched
    expect(result.rows).toHaveLength(60);
    let flippable = 0;
    for (const r of result.rows) {
      const m = margin(MODEL, matrix, r.row);
      const distances = [0, 1, 2].map((j) => Math.abs(m) / Math.abs(MODEL.weights[j]!) / stds[j]!);
      const best = Math.min(...distances);
      if (best > MAX_DISTANCE) {
        expect(r.distance).toBeNull();
        continue;
      }
      flippable++;
      const j = distances.indexOf(best);
      expect(r.feature).toBe(['a', 'b', 'c'][j]);
      // Reported: the flipping end of the final bracket, within the tolerance above the boundary.
      expect(r.distance!).toBeGreaterThanOrEqual(best - 1e-6);
      expect(r.distance!).toBeLessThanOrEqual(best + TOLERANCE);
      // Moving against the margin's sign: w_j·δ must have the sign of −m.
      const increase = Math.sign(MODEL.weights[j]!) === -Math.sign(m);
      expect(r.direction).toBe(increase ? 'increase' : 'decrease');
    }
    expect(flippable).toBeGreaterThan(20);
    expect(flippable).toBeLessThan(60); // some rows are too far from the boundary
    expect(result.summary.flippable).toBe(flippable);
  });

  it('summarises the shares within 0.25/0.5/1/2/3 std, the median and the count per feature', async () => {
    const { result } = await search(300, 60);
    const distances = result.rows.flatMap((r) => (r.distance === null ? [] : [r.distance]));
    expect(result.summary.withinStd.map((w) => w.std)).toEqual([0.25, 0.5, 1, 2, 3]);
    for (const w of result.summary.withinStd) {
      expect(w.share).toBe(distances.filter((d) => d <= w.std).length / 60);
    }
    const sorted = [...distances].sort((x, y) => x - y);
    const mid = sorted.length >> 1;
    const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1]! + sorted[mid]!) / 2;
    expect(result.summary.medianDistance).toBe(median);
    const counts = result.summary.countByFeature;
    expect(counts.map((c) => c.feature)).toEqual(['a', 'b', 'c']);
    expect(counts.reduce((s, c) => s + c.count, 0)).toBe(distances.length);
  });

  it('samples distinct rows reproducibly, in increasing order', async () => {
    const first = await search(300, 60);
    const second = await search(300, 60);
    const rows = first.result.rows.map((r) => r.row);
    expect(second.result).toEqual(first.result);
    expect(new Set(rows).size).toBe(60);
    expect(rows).toEqual([...rows].sort((x, y) => x - y));
  });

  it('scores all candidates in a few batched calls: the grid at once, then one call per bisection round', async () => {
    const { scorer } = await search(300, 60);
    // 60 rows × 3 features × 2 directions × 60 grid points = 21 600 rows: one call; 6 rounds.
    expect(scorer.calls).toBe(7);
  });

  it('searches every row when the sample exceeds the data', async () => {
    const { result } = await search(10, 100);
    expect(result.sampledRows).toBe(10);
  });
});
