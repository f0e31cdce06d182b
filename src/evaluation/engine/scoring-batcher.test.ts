import { describe, expect, it } from 'vitest';
import { ScoringBatcher } from './scoring-batcher.js';

/** A scorer returning the first feature of each row; records the rows of each call. */
function echo() {
  const calls: number[] = [];
  const scorer = (features: Float32Array, rows: number) => {
    calls.push(rows);
    return Promise.resolve(Float64Array.from({ length: rows }, (_, i) => features[i * 2]!));
  };
  return { scorer, calls };
}

describe('ScoringBatcher', () => {
  it('packs small jobs into calls of about the target size, in job order', async () => {
    const { scorer, calls } = echo();
    const batcher = new ScoringBatcher(scorer, 2, 'regression', 10);
    const seen: number[][] = [];
    await batcher.scoreJobs(
      7,
      3,
      (job, block) => {
        for (let r = 0; r < 3; r++) block[r * 2] = job * 10 + r;
      },
      (job, scores) => (seen[job] = [...scores]),
    );
    expect(calls).toEqual([9, 9, 3]); // three jobs of 3 rows per call
    expect(seen).toEqual(Array.from({ length: 7 }, (_, j) => [j * 10, j * 10 + 1, j * 10 + 2]));
  });

  it('gives a job larger than the target a call of its own', async () => {
    const { scorer, calls } = echo();
    await new ScoringBatcher(scorer, 2, 'regression', 10).scoreJobs(
      2,
      50,
      () => {},
      () => {},
    );
    expect(calls).toEqual([50, 50]);
  });
});
