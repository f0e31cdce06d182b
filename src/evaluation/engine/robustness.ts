/**
 * Perturbation robustness: the model is scored on perturbed copies of the data and compared with
 * its own unperturbed scores.
 *
 * - Gaussian noise: every numeric feature gets scale × std × z, z standard normal, one entry
 *   per scale. All scales use the same z (common random numbers), so entries differ only by the
 *   scale.
 * - Feature dropout, per unit: a numeric feature set to its median (numpy `median`); a
 *   categorical feature or a one-hot group set to its most frequent category, because the median
 *   of category codes (or of each indicator column) need not be a category at all.
 * - Category swap, per categorical feature or one-hot group: each row gets a different observed
 *   category, uniformly among the others (skipped when only one category is observed).
 *
 * Each entry reports the primary metric on the perturbed data and its change from the
 * unperturbed one, plus the share of rows whose decision flips (classification) or the mean
 * absolute change of the prediction (regression).
 */
import { median } from '../../stats/metrics/index.js';
import { categoryLevels, column, modeLevel, populationStd, writeLevel } from './feature-units.js';
import type { CategoryLevels, FeatureUnit } from './feature-units.js';
import type { ModelContext } from './model-context.js';
import type { Report } from './progress.js';
import { randomIndex, randomStream } from './random-streams.js';
import type { PerturbationKind, PerturbationResult, SkippedPerturbation } from './types.js';

interface PerturbationJob {
  kind: PerturbationKind;
  feature: string | null;
  scale: number | null;
  /** Writes the perturbed copy of the whole matrix into `block`. */
  write(block: Float32Array): void;
}

/** Population std of every column (0 for non-numeric ones, which are never noised). */
export function columnStds(context: ModelContext): Float64Array {
  const stds = new Float64Array(context.width);
  for (const unit of context.units) {
    if (unit.kind !== 'numeric') continue;
    const j = unit.columns[0] ?? 0;
    stds[j] = populationStd(column(context.matrix, context.rows, context.width, j));
  }
  return stds;
}

function noiseJobs(
  context: ModelContext,
  scales: readonly number[],
  stds: Float64Array,
): PerturbationJob[] {
  const numeric = context.units.filter((u) => u.kind === 'numeric').map((u) => u.columns[0] ?? 0);
  const { rows, width, matrix, seed } = context;
  return scales.map((scale) => ({
    kind: 'gaussian-noise',
    feature: null,
    scale,
    write(block) {
      block.set(matrix);
      // One stream for every scale: the same z in the same (row, column) order.
      const random = randomStream(seed, 'noise');
      for (let i = 0; i < rows; i++) {
        for (const j of numeric) {
          const at = i * width + j;
          block[at] = (block[at] ?? 0) + scale * (stds[j] ?? 0) * random.normal();
        }
      }
    },
  }));
}

function fill(
  block: Float32Array,
  context: ModelContext,
  setRow: (offset: number, i: number) => void,
): void {
  block.set(context.matrix);
  for (let i = 0; i < context.rows; i++) setRow(i * context.width, i);
}

function dropoutJob(
  context: ModelContext,
  unit: FeatureUnit,
  levels: CategoryLevels | null,
): PerturbationJob {
  const job = { kind: 'feature-dropout' as const, feature: unit.name, scale: null };
  if (levels === null) {
    const j = unit.columns[0] ?? 0;
    const value = median(column(context.matrix, context.rows, context.width, j));
    return {
      ...job,
      write: (block) => fill(block, context, (offset) => (block[offset + j] = value)),
    };
  }
  const mode = modeLevel(levels);
  return {
    ...job,
    write: (block) =>
      fill(block, context, (offset) => writeLevel(unit, levels, mode, block, offset)),
  };
}

function swapJob(
  context: ModelContext,
  unit: FeatureUnit,
  levels: CategoryLevels,
): PerturbationJob {
  return {
    kind: 'category-swap',
    feature: unit.name,
    scale: null,
    write(block) {
      const random = randomStream(context.seed, `swap/${unit.name}`);
      const others = levels.levels.length - 1;
      fill(block, context, (offset, i) => {
        const current = levels.rowLevel[i] ?? 0;
        const draw = randomIndex(random, others);
        writeLevel(unit, levels, draw >= current ? draw + 1 : draw, block, offset);
      });
    },
  };
}

/** The jobs of every perturbation, in report order, and the ones that cannot apply. */
export function perturbationJobs(
  context: ModelContext,
  noiseScales: readonly number[],
): { jobs: PerturbationJob[]; skipped: SkippedPerturbation[] } {
  const skipped: SkippedPerturbation[] = [];
  const hasNumeric = context.units.some((u) => u.kind === 'numeric');
  if (!hasNumeric && noiseScales.length > 0) {
    skipped.push({
      kind: 'gaussian-noise',
      feature: null,
      reason: 'the model has no numeric feature',
    });
  }
  const jobs = hasNumeric ? noiseJobs(context, noiseScales, columnStds(context)) : [];
  const levels = context.units.map((u) =>
    u.kind === 'numeric' ? null : categoryLevels(u, context.matrix, context.rows, context.width),
  );
  context.units.forEach((unit, k) => jobs.push(dropoutJob(context, unit, levels[k] ?? null)));
  context.units.forEach((unit, k) => {
    const unitLevels = levels[k];
    if (unitLevels === undefined || unitLevels === null) return;
    if (unitLevels.levels.length < 2) {
      skipped.push({
        kind: 'category-swap',
        feature: unit.name,
        reason: 'only one category is observed',
      });
    } else {
      jobs.push(swapJob(context, unit, unitLevels));
    }
  });
  return { jobs, skipped };
}

/** Flip rate (classification) or mean absolute prediction change (regression) against the baseline. */
export function instability(context: ModelContext, scores: Float64Array): number {
  const { baseline, threshold } = context;
  let total = 0;
  for (let i = 0; i < scores.length; i++) {
    const s = scores[i] ?? 0;
    const b = baseline[i] ?? 0;
    if (context.task === 'regression') total += Math.abs(s - b);
    else if (s >= threshold !== b >= threshold) total++;
  }
  return total / scores.length;
}

/**
 * Scores every perturbation. `reporter` is given the number of perturbations once they are
 * planned and returns the progress report to call after each.
 */
export async function perturbationResults(
  context: ModelContext,
  noiseScales: readonly number[],
  reporter: (total: number) => Report = () => () => {},
): Promise<{ perturbations: PerturbationResult[]; skipped: SkippedPerturbation[] }> {
  const { jobs, skipped } = perturbationJobs(context, noiseScales);
  const report = reporter(jobs.length);
  const baselineValue = context.primary(context.baseline);
  const perturbations = new Array<PerturbationResult>(jobs.length);
  await context.batcher.scoreJobs(
    jobs.length,
    context.rows,
    (j, block) => jobs[j]?.write(block),
    (j, scores) => {
      const job = jobs[j] as PerturbationJob;
      const value = context.primary(scores);
      const moved = instability(context, scores);
      const classification = context.task === 'binary-classification';
      perturbations[j] = {
        kind: job.kind,
        feature: job.feature,
        scale: job.scale,
        value,
        change: value - baselineValue,
        flipRate: classification ? moved : null,
        meanAbsolutePredictionChange: classification ? null : moved,
      };
      report(j + 1);
    },
  );
  return { perturbations, skipped };
}
