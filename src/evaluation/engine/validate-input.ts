/**
 * Input checks of `evaluateModel` and `compareModels`. Inputs may come from uploaded files and
 * untyped callers, so every field is checked and every problem is reported (up to
 * `MAX_ISSUES_PER_FIELD` per field) in one `ValidationError` before any work starts.
 */
import { INTERSECTION_SEPARATOR } from '../../stats/metrics/index.js';
import { resolveOptions } from './evaluation-options.js';
import { IssueCollector } from './issues.js';
import { modelOf } from './validate-model.js';
import type {
  ComparisonInput,
  EvaluationInput,
  EvaluationModel,
  EvaluationTask,
  ProtectedAttribute,
  ResolvedOptions,
} from './types.js';

export interface ValidatedEvaluation {
  task: EvaluationTask;
  labels: Float64Array;
  scores: Float64Array;
  threshold: number;
  seed: number;
  options: ResolvedOptions;
  attributes: ProtectedAttribute[];
  model: EvaluationModel | null;
}

export interface ValidatedComparison {
  task: EvaluationTask;
  labels: Float64Array;
  scoresA: Float64Array;
  scoresB: Float64Array;
  threshold: number;
  seed: number;
  options: ResolvedOptions;
}

const TASKS: readonly unknown[] = ['binary-classification', 'regression'];

function taskOf(value: unknown, issues: IssueCollector): EvaluationTask | null {
  if (TASKS.includes(value)) return value as EvaluationTask;
  issues.add('invalid_task', ['task'], "task must be 'binary-classification' or 'regression'");
  return null;
}

/** A numeric array (typed array or number[]) as Float64Array, or null when it is not one. */
function numbers(value: unknown, field: string, issues: IssueCollector): Float64Array | null {
  const isNumericView =
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array);
  if (isNumericView) return Float64Array.from(value as unknown as ArrayLike<number>);
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return Float64Array.from(value);
  }
  issues.add('invalid_type', [field], `${field} must be an array of numbers`);
  return null;
}

function checkValues(
  values: Float64Array,
  field: string,
  issues: IssueCollector,
  rule: { binary?: boolean; unitInterval?: boolean },
): void {
  for (let i = 0; i < values.length && !issues.full(field); i++) {
    const v = values[i] ?? Number.NaN;
    if (rule.binary === true) {
      if (v !== 0 && v !== 1)
        issues.add('invalid_label', [field, i], `${field}[${i}] must be 0 or 1`);
    } else if (!Number.isFinite(v)) {
      issues.add('not_finite', [field, i], `${field}[${i}] must be a finite number`);
    } else if (rule.unitInterval === true && (v < 0 || v > 1)) {
      issues.add('out_of_range', [field, i], `${field}[${i}] must be a probability in [0, 1]`);
    }
  }
}

function checkLength(
  values: { length: number },
  n: number,
  path: (string | number)[],
  issues: IssueCollector,
): boolean {
  if (values.length === n) return true;
  issues.add(
    'length_mismatch',
    path,
    `${path.join('.')} has ${values.length} values, labels has ${n}`,
  );
  return false;
}

function labelsAndScores(
  task: EvaluationTask | null,
  input: { labels: unknown },
  scoreFields: Record<string, unknown>,
  issues: IssueCollector,
): { labels: Float64Array; scores: Float64Array[] } {
  const labels = numbers(input.labels, 'labels', issues) ?? new Float64Array();
  if (labels.length === 0 && !issues.full('labels')) {
    issues.add('empty', ['labels'], 'labels is empty: there is nothing to evaluate');
  }
  checkValues(labels, 'labels', issues, { binary: task === 'binary-classification' });
  const scores = Object.entries(scoreFields).map(([field, value]) => {
    const s = numbers(value, field, issues) ?? new Float64Array();
    checkLength(s, labels.length, [field], issues);
    checkValues(s, field, issues, { unitInterval: task === 'binary-classification' });
    return s;
  });
  return { labels, scores };
}

function thresholdOf(value: unknown, issues: IssueCollector): number {
  if (value === undefined) return 0.5;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  issues.add('invalid_threshold', ['threshold'], 'threshold must be a finite number');
  return 0.5;
}

function seedOf(value: unknown, issues: IssueCollector): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
    return value;
  }
  issues.add('invalid_seed', ['seed'], 'seed must be an integer in [0, 2^32 − 1]');
  return 0;
}

function attributesOf(
  value: unknown,
  n: number,
  options: ResolvedOptions,
  issues: IssueCollector,
): ProtectedAttribute[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add('invalid_type', ['protectedAttributes'], 'protectedAttributes must be an array');
    return [];
  }
  const seen = new Set<string>();
  const intersected = value.length > 1 && options.maxIntersectionDepth > 1;
  const out: ProtectedAttribute[] = [];
  value.forEach((raw: unknown, a) => {
    const attribute = raw as Partial<ProtectedAttribute> | null;
    const name = attribute?.name;
    if (typeof name !== 'string' || name.length === 0 || name.includes(INTERSECTION_SEPARATOR)) {
      issues.add(
        'invalid_attribute',
        ['protectedAttributes', a, 'name'],
        `an attribute name must be a non-empty string without '${INTERSECTION_SEPARATOR}'`,
      );
      return;
    }
    if (seen.has(name)) {
      issues.add(
        'duplicate_attribute',
        ['protectedAttributes', a, 'name'],
        `'${name}' is given twice`,
      );
      return;
    }
    seen.add(name);
    const values: unknown = attribute?.values;
    if (!Array.isArray(values)) {
      issues.add(
        'invalid_type',
        ['protectedAttributes', a, 'values'],
        `values of '${name}' must be an array`,
      );
      return;
    }
    checkLength(values, n, ['protectedAttributes', a, 'values'], issues);
    const field = 'protectedAttributes.values';
    for (let i = 0; i < values.length && !issues.full(field); i++) {
      const v: unknown = values[i];
      if (v !== null && typeof v !== 'string') {
        issues.add(
          'invalid_attribute_value',
          ['protectedAttributes', a, 'values', i],
          'a value must be a string or null',
        );
      } else if (intersected && v !== null && v.includes(INTERSECTION_SEPARATOR)) {
        issues.add(
          'invalid_attribute_value',
          ['protectedAttributes', a, 'values', i],
          `a value must not contain '${INTERSECTION_SEPARATOR}' (it joins intersections)`,
        );
      }
    }
    out.push({ name, values: values as (string | null)[] });
  });
  return out;
}

/** Checks every field of `input` and resolves the options; throws one `ValidationError`. */
export function validateEvaluationInput(input: EvaluationInput): ValidatedEvaluation {
  const issues = new IssueCollector();
  const task = taskOf(input.task, issues);
  const { labels, scores } = labelsAndScores(task, input, { scores: input.scores }, issues);
  const threshold = thresholdOf(input.threshold, issues);
  const seed = seedOf(input.seed, issues);
  const options = resolveOptions(input.options, issues);
  if (task === 'regression' && options.favourableOutcome === 'negative') {
    issues.add(
      'invalid_option',
      ['options', 'favourableOutcome'],
      'favourableOutcome applies to classification only',
    );
  }
  const attributes = attributesOf(input.protectedAttributes, labels.length, options, issues);
  const model = modelOf(input.model, labels.length, issues);
  issues.throwIfAny('the evaluation input is invalid');
  return {
    task: task as EvaluationTask,
    labels,
    scores: scores[0] as Float64Array,
    threshold,
    seed,
    options,
    attributes,
    model,
  };
}

/** Checks a comparison's labels, both score arrays, threshold, seed and options. */
export function validateComparisonInput(input: ComparisonInput): ValidatedComparison {
  const issues = new IssueCollector();
  const task = taskOf(input.task, issues);
  const { labels, scores } = labelsAndScores(
    task,
    input,
    { scoresA: input.scoresA, scoresB: input.scoresB },
    issues,
  );
  const threshold = thresholdOf(input.threshold, issues);
  const seed = seedOf(input.seed, issues);
  const options = resolveOptions(input.options, issues);
  issues.throwIfAny('the comparison input is invalid');
  return {
    task: task as EvaluationTask,
    labels,
    scoresA: scores[0] as Float64Array,
    scoresB: scores[1] as Float64Array,
    threshold,
    seed,
    options,
  };
}
