/**
 * The pre-deployment evaluation of one model: quality with bootstrap intervals, the bias audit,
 * calibration, and, when the model can be run, robustness, the minimal-flip search and
 * permutation importance. Pure: no IO, no clock; every random draw comes from `seed`, so the
 * same input gives the same JSON bytes.
 */
import { calibrationTable } from './calibration-table.js';
import { fairnessAudit, sliceCount } from './fairness-audit.js';
import { FLIP_SEARCH_STEPS, flipSearch } from './flip-search.js';
import { toJsonSafe } from './json-safe.js';
import { modelContext } from './model-context.js';
import type { ModelContext } from './model-context.js';
import { permutationImportance } from './permutation-importance.js';
import { stageReporter } from './progress.js';
import { qualityOf } from './quality.js';
import { perturbationResults } from './robustness.js';
import type {
  EvaluationInput,
  EvaluationResult,
  ImportanceResult,
  ProgressCallback,
  RobustnessResult,
} from './types.js';
import { validateEvaluationInput } from './validate-input.js';
import type { ValidatedEvaluation } from './validate-input.js';

async function robustnessOf(
  v: ValidatedEvaluation,
  context: ModelContext,
  onProgress: ProgressCallback | undefined,
): Promise<RobustnessResult> {
  const { noiseScales, flipSearchSample } = v.options;
  const { perturbations, skipped } = await perturbationResults(context, noiseScales, (total) =>
    stageReporter(onProgress, 'robustness', total),
  );
  const searchFlips = v.task === 'binary-classification' && flipSearchSample > 0;
  const flips = searchFlips
    ? await flipSearch(
        context,
        flipSearchSample,
        stageReporter(onProgress, 'flip-search', FLIP_SEARCH_STEPS),
      )
    : null;
  let maxAbsDifference = 0;
  for (let i = 0; i < v.scores.length; i++) {
    maxAbsDifference = Math.max(
      maxAbsDifference,
      Math.abs((context.baseline[i] ?? 0) - (v.scores[i] ?? 0)),
    );
  }
  return {
    metric: v.task === 'regression' ? 'rmse' : 'roc_auc',
    baseline: {
      value: context.primary(context.baseline),
      maxAbsDifferenceFromScores: maxAbsDifference,
    },
    perturbations,
    skipped,
    flipSearch: flips,
  };
}

async function importanceOf(
  v: ValidatedEvaluation,
  context: ModelContext,
  onProgress: ProgressCallback | undefined,
): Promise<ImportanceResult | null> {
  const repeats = v.options.permutationRepeats;
  if (repeats === 0) return null;
  const total = context.units.length * repeats;
  return permutationImportance(context, repeats, stageReporter(onProgress, 'importance', total));
}

/**
 * Evaluates `input` (see `EvaluationInput`); `onProgress` hears of each stage's progress.
 * Throws `ValidationError` listing every problem of a malformed input, or with code
 * `invalid_scorer_output` when the scorer returns something other than one finite score (a
 * probability, for classification) per row.
 */
export async function evaluateModel(
  input: EvaluationInput,
  onProgress?: ProgressCallback,
): Promise<EvaluationResult> {
  const v = validateEvaluationInput(input);
  const { task, labels, scores, threshold, seed, options } = v;
  const quality = qualityOf(v, stageReporter(onProgress, 'quality', options.bootstrapResamples));
  const fairness =
    v.attributes.length === 0
      ? null
      : fairnessAudit(
          {
            task,
            labels,
            scores,
            threshold,
            attributes: v.attributes,
            maxIntersectionDepth: options.maxIntersectionDepth,
            favourableOutcome: options.favourableOutcome,
          },
          stageReporter(
            onProgress,
            'fairness',
            sliceCount(v.attributes.length, options.maxIntersectionDepth),
          ),
        );
  let calibration = null;
  if (task === 'binary-classification') {
    const report = stageReporter(onProgress, 'calibration', 1);
    calibration = calibrationTable(labels, scores, options.calibrationBins);
    report(1);
  }
  let robustness: RobustnessResult | null = null;
  let importance: ImportanceResult | null = null;
  if (v.model !== null) {
    const context = await modelContext({ task, labels, threshold, seed, model: v.model });
    if (options.robustness) robustness = await robustnessOf(v, context, onProgress);
    importance = await importanceOf(v, context, onProgress);
  }
  const raw: Omit<EvaluationResult, 'undefinedMetrics'> = {
    task,
    seed,
    threshold,
    options,
    quality,
    fairness,
    calibration,
    robustness,
    importance,
  };
  const safe = toJsonSafe(raw);
  return { ...safe.value, undefinedMetrics: safe.undefinedPaths };
}
