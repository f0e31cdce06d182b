/** Defaults and checks of `EvaluationOptions`. */
import type { IssueCollector } from './issues.js';
import type { EvaluationOptions, ResolvedOptions } from './types.js';

export const DEFAULT_OPTIONS: Readonly<ResolvedOptions> = Object.freeze({
  bootstrapResamples: 200,
  confidence: 0.95,
  permutationRepeats: 5,
  noiseScales: [0.1, 0.25, 0.5],
  flipSearchSample: 100,
  calibrationBins: 10,
  maxIntersectionDepth: 2,
  favourableOutcome: 'positive',
  robustness: true,
});

/** Integer options: [minimum, maximum] (upper bounds keep one request's cost bounded). */
const INTEGER_RANGES = {
  bootstrapResamples: [0, 100_000],
  permutationRepeats: [0, 1_000],
  flipSearchSample: [0, 1_000_000],
  calibrationBins: [1, 1_000],
  maxIntersectionDepth: [1, 10],
} as const;

const KNOWN = new Set<string>([...Object.keys(DEFAULT_OPTIONS)]);

/** `options` with defaults filled in; each problem is added to `issues` under `path`. */
export function resolveOptions(
  options: EvaluationOptions | undefined,
  issues: IssueCollector,
  path: string = 'options',
): ResolvedOptions {
  const resolved: ResolvedOptions = {
    ...DEFAULT_OPTIONS,
    noiseScales: [...DEFAULT_OPTIONS.noiseScales],
  };
  if (options === undefined) return resolved;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    issues.add('invalid_option', [path], 'options must be an object');
    return resolved;
  }
  for (const key of Object.keys(options).sort()) {
    if (!KNOWN.has(key)) issues.add('unknown_option', [path, key], `unknown option '${key}'`);
  }
  for (const [key, [min, max]] of Object.entries(INTEGER_RANGES)) {
    const name = key as keyof typeof INTEGER_RANGES;
    const value: unknown = options[name];
    if (value === undefined) continue;
    if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) {
      resolved[name] = value;
    } else {
      issues.add('invalid_option', [path, name], `${name} must be an integer in [${min}, ${max}]`);
    }
  }
  const confidence: unknown = options.confidence;
  if (confidence !== undefined) {
    if (typeof confidence === 'number' && confidence > 0 && confidence < 1) {
      resolved.confidence = confidence;
    } else {
      issues.add('invalid_option', [path, 'confidence'], 'confidence must be in (0, 1)');
    }
  }
  const favourable: unknown = options.favourableOutcome;
  if (favourable !== undefined) {
    if (favourable === 'positive' || favourable === 'negative')
      resolved.favourableOutcome = favourable;
    else {
      issues.add(
        'invalid_option',
        [path, 'favourableOutcome'],
        "favourableOutcome must be 'positive' or 'negative'",
      );
    }
  }
  const robustness: unknown = options.robustness;
  if (robustness !== undefined) {
    if (typeof robustness === 'boolean') resolved.robustness = robustness;
    else issues.add('invalid_option', [path, 'robustness'], 'robustness must be true or false');
  }
  const scales: unknown = options.noiseScales;
  if (scales !== undefined) {
    const valid =
      Array.isArray(scales) &&
      scales.length <= 100 &&
      scales.every((s) => typeof s === 'number' && Number.isFinite(s) && s > 0);
    if (valid) resolved.noiseScales = [...(scales as number[])];
    else {
      issues.add(
        'invalid_option',
        [path, 'noiseScales'],
        'noiseScales must be at most 100 positive finite numbers',
      );
    }
  }
  return resolved;
}
