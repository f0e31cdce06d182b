/**
 * Batched model calls. The scorer is typically an ONNX session: one call on thousands of rows
 * costs little more than one on a single row, so small jobs (flip-search candidates, the
 * permutations of a small data set) are packed into calls of about `targetRows` rows. A job
 * larger than that is one call of its own. Calls run one after another, in job order, so the
 * scores (and everything derived from them) do not depend on timing.
 */
import { ValidationError } from '../../lib/index.js';
import type { EvaluationTask, Scorer } from './types.js';

/** Rows per scorer call the batcher aims for. */
export const TARGET_ROWS_PER_CALL = 32_768;

export class ScoringBatcher {
  /** Scorer calls made so far. */
  calls = 0;

  constructor(
    private readonly scorer: Scorer,
    private readonly width: number,
    private readonly task: EvaluationTask,
    private readonly targetRows: number = TARGET_ROWS_PER_CALL,
  ) {}

  /**
   * Scores `jobs` jobs of `rowsPerJob` rows each. `write(job, block)` fills the job's rows
   * (row-major, rowsPerJob × width); `consume(job, scores)` receives its scores. Both arrays are
   * reused afterwards: copy what must be kept.
   */
  async scoreJobs(
    jobs: number,
    rowsPerJob: number,
    write: (job: number, block: Float32Array) => void,
    consume: (job: number, scores: Float64Array) => void,
  ): Promise<void> {
    if (jobs === 0 || rowsPerJob === 0) return;
    const jobsPerCall = Math.max(1, Math.min(jobs, Math.floor(this.targetRows / rowsPerJob)));
    const blockSize = rowsPerJob * this.width;
    const buffer = new Float32Array(jobsPerCall * blockSize);
    for (let first = 0; first < jobs; first += jobsPerCall) {
      const count = Math.min(jobsPerCall, jobs - first);
      for (let k = 0; k < count; k++) {
        write(first + k, buffer.subarray(k * blockSize, (k + 1) * blockSize));
      }
      const rows = count * rowsPerJob;
      const input = count === jobsPerCall ? buffer : buffer.subarray(0, rows * this.width);
      const scores = await this.call(input, rows);
      for (let k = 0; k < count; k++) {
        consume(first + k, scores.subarray(k * rowsPerJob, (k + 1) * rowsPerJob));
      }
    }
  }

  /** Scores a whole matrix (a copy is passed: the scorer cannot alter the caller's data). */
  async scoreMatrix(matrix: Float32Array, rows: number): Promise<Float64Array> {
    let out = new Float64Array(rows);
    await this.scoreJobs(
      1,
      rows,
      (_, block) => block.set(matrix),
      (_, scores) => (out = Float64Array.from(scores)),
    );
    return out;
  }

  private async call(input: Float32Array, rows: number): Promise<Float64Array> {
    this.calls++;
    const scores: unknown = await this.scorer(input, rows);
    const problem = this.problemWith(scores, rows);
    if (problem !== null) {
      throw new ValidationError(`the model's scorer returned invalid output: ${problem}`, [
        { code: 'invalid_scorer_output', path: ['model', 'scorer'], message: problem },
      ]);
    }
    return scores as Float64Array;
  }

  private problemWith(scores: unknown, rows: number): string | null {
    if (!(scores instanceof Float64Array)) return 'expected a Float64Array';
    if (scores.length !== rows) return `expected ${rows} scores, got ${scores.length}`;
    const probabilities = this.task === 'binary-classification';
    for (let i = 0; i < scores.length; i++) {
      const s = scores[i] ?? Number.NaN;
      if (!Number.isFinite(s)) return `score ${i} is not finite`;
      if (probabilities && (s < 0 || s > 1)) return `score ${i} (${s}) is not a probability`;
    }
    return null;
  }
}
