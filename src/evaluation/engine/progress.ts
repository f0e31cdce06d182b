/** Progress reporting: at most about 100 calls per stage, always the first and the last. */
import type { ProgressCallback } from './types.js';

/** The stages of `evaluateModel`, in the order they run. */
export const EVALUATION_STAGES = [
  'quality',
  'fairness',
  'calibration',
  'robustness',
  'flip-search',
  'importance',
] as const;

export type Report = (done: number) => void;

/** A reporter for `stage` with `total` units; reports `done = 0` at once. */
export function stageReporter(
  onProgress: ProgressCallback | undefined,
  stage: string,
  total: number,
): Report {
  if (onProgress === undefined) return () => {};
  const step = Math.max(1, Math.ceil(total / 100));
  onProgress(stage, 0, total);
  return (done) => {
    if (done === total || done % step === 0) onProgress(stage, done, total);
  };
}
