/**
 * Champion / challenger comparison: a paired bootstrap, both models' metrics computed on the
 * same resamples, so the interval of the difference b − a reflects only the models' difference
 * and not the sampling of rows. The resamples are those of `evaluateModel` with the same seed.
 */
import { bootstrapSettings, percentileInterval, resampleKernels } from './bootstrap.js';
import { toJsonSafe } from './json-safe.js';
import { kernelFor } from './metric-kernel.js';
import { pointMetrics } from './quality.js';
import type { ComparisonInput, ComparisonResult, MetricComparison } from './types.js';
import { validateComparisonInput } from './validate-input.js';

/**
 * Each quality metric of both score sets with the percentile interval of the paired difference
 * (b − a); `excludesZero` when the whole interval lies on one side of 0. Throws
 * `ValidationError` on malformed input.
 */
export function compareModels(input: ComparisonInput): Promise<ComparisonResult> {
  // A throw inside the executor becomes the rejection, as in an async function.
  return new Promise((resolve) => resolve(compareNow(input)));
}

function compareNow(input: ComparisonInput): ComparisonResult {
  const v = validateComparisonInput(input);
  const { task, labels, threshold, options } = v;
  const n = labels.length;
  const kernels = [v.scoresA, v.scoresB].map((scores) =>
    kernelFor(task, labels, scores, threshold, options.calibrationBins),
  );
  const [seriesA = [], seriesB = []] = resampleKernels(
    kernels,
    v.seed,
    n,
    options.bootstrapResamples,
  );
  const pointsA = pointMetrics({ task, labels, scores: v.scoresA, threshold, options }).values;
  const pointsB = pointMetrics({ task, labels, scores: v.scoresB, threshold, options }).values;
  const metrics: Record<string, MetricComparison> = {};
  (kernels[0]?.names ?? []).forEach((name, m) => {
    const a = seriesA[m] ?? new Float64Array();
    const b = seriesB[m] ?? new Float64Array();
    const differences = Float64Array.from(b, (value, r) => value - (a[r] ?? Number.NaN));
    const interval = percentileInterval(differences, options.confidence);
    const none = options.bootstrapResamples === 0;
    const pointA = pointsA[name] ?? Number.NaN;
    const pointB = pointsB[name] ?? Number.NaN;
    metrics[name] = {
      a: pointA,
      b: pointB,
      difference: pointB - pointA,
      ciLower: none ? null : interval.lower,
      ciUpper: none ? null : interval.upper,
      excludesZero: interval.lower > 0 || interval.upper < 0,
      definedResamples: interval.defined,
    };
  });
  const raw: Omit<ComparisonResult, 'undefinedMetrics'> = {
    task,
    seed: v.seed,
    threshold,
    n,
    options: {
      bootstrapResamples: options.bootstrapResamples,
      confidence: options.confidence,
      calibrationBins: options.calibrationBins,
    },
    bootstrap: bootstrapSettings(options.bootstrapResamples, options.confidence),
    metrics: metrics,
  };
  const safe = toJsonSafe(raw);
  return { ...safe.value, undefinedMetrics: safe.undefinedPaths };
}
