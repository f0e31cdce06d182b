import { parse, YAMLError } from 'yaml';
import type { Issue } from '../lib/index.js';
import { createRunSchema, type CreateRunInput } from '../registry/schemas.js';
import { CliError } from './errors.js';

/** Top-level keys a run file may have; anything else is a typo worth reporting. */
const RUN_KEYS = [
  'name',
  'status',
  'params',
  'metrics',
  'code',
  'environment',
  'inputs',
  'tags',
  'startedAt',
  'endedAt',
] as const;

type MetricPoint = { key: string; value: unknown; step?: unknown };

/**
 * Converts a run file (YAML) into the API's run input, reporting every problem at once with
 * its path in the file. Metrics may be written as the API's list of points or, for
 * convenience, as a mapping `key: number` or `key: [numbers]` (the list index is the step).
 */
export function runInputFromYaml(text: string, source = 'run file'): CreateRunInput {
  let document: unknown;
  try {
    document = parse(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = error instanceof YAMLError ? error.message : String(error);
    throw new CliError('VALIDATION_ERROR', `${source} is not valid YAML: ${message}`);
  }
  if (!isMapping(document)) {
    throw new CliError(
      'VALIDATION_ERROR',
      `${source} must be a YAML mapping with at least a name (got ${describe(document)})`,
    );
  }

  const issues: Issue[] = [];
  for (const key of Object.keys(document)) {
    if (!(RUN_KEYS as readonly string[]).includes(key)) {
      issues.push({
        code: 'unrecognized_keys',
        path: [key],
        message: `unknown key (expected one of ${RUN_KEYS.join(', ')})`,
      });
    }
  }

  const candidate: Record<string, unknown> = { ...document };
  if (document.metrics !== undefined) candidate.metrics = metricsOf(document.metrics, issues);
  const code = document.code;
  if (isMapping(code) && typeof code.commit === 'number') {
    // YAML reads an all-digit commit id as a number and drops leading zeros; refuse to guess.
    issues.push({
      code: 'invalid_type',
      path: ['code', 'commit'],
      message: 'write the commit id in quotes: YAML reads an all-digit id as a number',
    });
  }

  const parsed = createRunSchema.safeParse(candidate);
  if (!parsed.success) {
    // Problems already reported against the file's own shape are not repeated in the API's terms.
    const ownMetricIssues = issues.some((i) => i.path[0] === 'metrics');
    const own = [...issues];
    for (const issue of parsed.error.issues) {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      if (path[0] === 'metrics' && ownMetricIssues) continue;
      if (own.some((i) => i.path.every((segment, n) => path[n] === segment))) continue;
      issues.push({ code: issue.code, path, message: issue.message });
    }
  }
  if (issues.length > 0 || !parsed.success) {
    const summary = issues
      .map((i) => `${i.path.length === 0 ? '(root)' : i.path.join('.')}: ${i.message}`)
      .join('; ');
    throw new CliError('VALIDATION_ERROR', `${source} is not a valid run: ${summary}`, {
      issues,
    });
  }
  return parsed.data;
}

/** Accepts the three metric spellings and returns the API's list of points. */
function metricsOf(value: unknown, issues: Issue[]): MetricPoint[] {
  if (Array.isArray(value)) {
    value.forEach((point: unknown, index) => {
      if (!isMapping(point)) {
        issues.push({
          code: 'invalid_type',
          path: ['metrics', index],
          message: `must be a mapping {key, value, step?} (got ${describe(point)})`,
        });
        return;
      }
      checkNumber(point.value, ['metrics', index, 'value'], issues);
      if (typeof point.key !== 'string' || point.key === '') {
        issues.push({
          code: 'invalid_type',
          path: ['metrics', index, 'key'],
          message: 'must be a non-empty string',
        });
      }
      if (
        point.step !== undefined &&
        (typeof point.step !== 'number' || !Number.isSafeInteger(point.step) || point.step < 0)
      ) {
        issues.push({
          code: 'invalid_type',
          path: ['metrics', index, 'step'],
          message: 'must be a whole number from 0',
        });
      }
    });
    return value as MetricPoint[];
  }
  if (isMapping(value)) {
    const points: MetricPoint[] = [];
    for (const [key, entry] of Object.entries(value)) {
      if (Array.isArray(entry)) {
        entry.forEach((v: unknown, step) => {
          if (checkNumber(v, ['metrics', key, step], issues)) points.push({ key, value: v, step });
        });
      } else if (checkNumber(entry, ['metrics', key], issues, ' or a list of numbers')) {
        points.push({ key, value: entry });
      }
    }
    return points;
  }
  issues.push({
    code: 'invalid_type',
    path: ['metrics'],
    message: `must be a list of {key, value, step?} or a mapping of key to number(s) (got ${describe(value)})`,
  });
  return [];
}

function checkNumber(
  value: unknown,
  path: (string | number)[],
  issues: Issue[],
  alternative = '',
): value is number {
  if (typeof value === 'number' && Number.isFinite(value)) return true;
  issues.push({
    code: 'invalid_type',
    path,
    message: `must be a finite number${alternative} (got ${describe(value)})`,
  });
  return false;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return `${typeof value} ${JSON.stringify(value)}`;
}
