import type { z } from 'zod';
import { jsonDigest, ValidationError, type Digest } from '../../lib/index.js';
import type { PlaybookProblem, PlaybookProblemCode } from './playbook-problem.js';
import {
  INVALID_URL,
  playbookSchema,
  UNKNOWN_PLACEHOLDER,
  type Playbook,
} from './playbook-schema.js';
import type { YamlLocator } from '../../lib/yaml-locator.js';
import { parseYamlSource } from '../../lib/parse-yaml-source.js';

export type PlaybookLoadResult =
  | {
      ok: true;
      /** The normalised playbook (frozen). */
      playbook: Playbook;
      /** `sha256:` of the RFC 8785 canonical JSON of `playbook`: which playbook an incident ran. */
      digest: Digest;
    }
  | { ok: false; problems: PlaybookProblem[] };

/** Playbooks are a few dozen steps; anything near this size is a mistake or an attack. */
export const MAX_PLAYBOOK_SOURCE_LENGTH = 128 * 1024;

type Path = (string | number)[];

/**
 * Parses and validates a playbook from YAML, the way `loadPolicyPack` loads a policy pack. Never
 * throws on bad input: it reports every problem it finds (YAML, shape, duplicate step ids,
 * misplaced `action`/`auto`, URLs, payload placeholders), each with its position in the source.
 */
export function loadPlaybook(source: string): PlaybookLoadResult {
  return load(source).result;
}

/**
 * Like loadPlaybook, but throws a ValidationError whose `details.issues` are the problems (with
 * their line and column). `name` labels the source in the message, e.g. its file name.
 */
export function assertPlaybook(source: string, name?: string): Playbook {
  const loaded = load(source);
  if (loaded.result.ok) return loaded.result.playbook;
  const n = loaded.result.problems.length;
  throw new ValidationError(
    `${name ?? loaded.name ?? 'playbook'}: ${n} problem${n === 1 ? '' : 's'}`,
    loaded.result.problems,
  );
}

function load(source: string): { result: PlaybookLoadResult; name?: string } {
  if (source.length > MAX_PLAYBOOK_SOURCE_LENGTH) {
    const message = `the playbook source is larger than ${MAX_PLAYBOOK_SOURCE_LENGTH} characters`;
    return { result: fail([{ code: 'SCHEMA', path: [], line: 1, column: 1, message }]) };
  }
  const yaml = parseYamlSource(source);
  if (!yaml.ok) return { result: fail(yaml.problems) };
  const { data, locator } = yaml;

  const name = isRecord(data) && typeof data.name === 'string' ? data.name.slice(0, 64) : undefined;
  const done = (result: PlaybookLoadResult) => (name === undefined ? { result } : { result, name });
  const rawSteps = isRecord(data) && Array.isArray(data.steps) ? (data.steps as unknown[]) : [];

  const parsed = playbookSchema.safeParse(data);
  const problems = parsed.success ? [] : schemaProblems(parsed.error, rawSteps, locator);
  problems.push(...duplicateSteps(rawSteps, locator));

  if (!parsed.success || problems.length > 0) return done(fail(problems));
  const playbook = deepFreeze(parsed.data);
  return done({ ok: true, playbook, digest: jsonDigest(playbook) });
}

function duplicateSteps(rawSteps: unknown[], locator: YamlLocator): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  const firstIndexOfId = new Map<string, number>();
  rawSteps.forEach((raw, index) => {
    const stepId = stepIdOf(raw);
    if (stepId === undefined) return;
    const first = firstIndexOfId.get(stepId);
    if (first === undefined) {
      firstIndexOfId.set(stepId, index);
      return;
    }
    const path = ['steps', index, 'id'];
    problems.push({
      code: 'DUPLICATE_STEP',
      stepId,
      path,
      ...locator.position(path),
      message: `step id '${stepId}' is already used by step ${first + 1} of the playbook`,
    });
  });
  return problems;
}

/**
 * Zod issues as problems located in the YAML source. Issues that stand for a rule with its own
 * code (a misplaced `action` or `auto`, a missing action, a bad URL or placeholder) get that code;
 * the rest are SCHEMA.
 */
function schemaProblems(
  error: z.ZodError,
  rawSteps: unknown[],
  locator: YamlLocator,
): PlaybookProblem[] {
  const problems: PlaybookProblem[] = [];
  const add = (code: PlaybookProblemCode, path: Path, message: string, key?: string) => {
    const step = path[0] === 'steps' && typeof path[1] === 'number' ? path[1] : undefined;
    const stepId = step === undefined ? undefined : stepIdOf(rawSteps[step]);
    const position = key === undefined ? locator.position(path) : locator.keyPosition(path, key);
    problems.push({
      code,
      ...(stepId === undefined ? {} : { stepId }),
      path: key === undefined ? path : [...path, key],
      ...position,
      message,
    });
  };

  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    const isStep = path.length === 2 && path[0] === 'steps' && typeof path[1] === 'number';
    const stepKind = isStep ? kindOf(rawSteps[path[1] as number]) : undefined;
    const stepName = isStep ? stepLabel(rawSteps, path[1] as number) : '';

    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        if (stepKind === 'checklist' && key === 'action') {
          add(
            'ACTION_ON_CHECKLIST',
            path,
            `${stepName} is a checklist step and cannot have an action; make it 'kind: action'`,
            key,
          );
        } else if (stepKind === 'checklist' && key === 'auto') {
          add(
            'AUTO_ON_CHECKLIST',
            path,
            `${stepName} is a checklist step: only action steps run automatically`,
            key,
          );
        } else {
          add('SCHEMA', path, `${where(path)}unknown field '${key}'`, key);
        }
      }
      continue;
    }

    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    const last = path.at(-1);
    const parent = path.slice(0, -1);
    const inStep = parent.length === 2 && parent[0] === 'steps' && typeof parent[1] === 'number';
    if (missing && inStep && last === 'action') {
      add(
        'MISSING_ACTION',
        path,
        `${stepLabel(rawSteps, parent[1] as number)} is an action step but has no action; add one or make it 'kind: checklist'`,
      );
      continue;
    }
    if (issue.code === 'custom') {
      const problem: unknown = issue.params?.problem;
      if (problem === INVALID_URL || problem === UNKNOWN_PLACEHOLDER) {
        add(problem, path, `${where(path)}${issue.message}`);
        continue;
      }
    }
    if (issue.code === 'invalid_union' && 'options' in issue && last === 'kind') {
      // A discriminator (`kind` of a step or an action) that is missing or not a known one.
      const options = (issue.options as unknown[]).map((o) => `'${String(o)}'`).join(', ');
      const absent = kindAt(rawSteps, parent) === undefined;
      add('SCHEMA', path, `${where(path)}${absent ? 'is required' : 'must be'}: one of ${options}`);
      continue;
    }
    add('SCHEMA', path, `${where(path)}${missing ? 'is required' : issue.message}`);
  }
  return problems;
}

/** The raw `kind` of the step or action map at `parent` (a path under `steps`). */
function kindAt(rawSteps: unknown[], parent: Path): unknown {
  if (parent[0] !== 'steps' || typeof parent[1] !== 'number') return undefined;
  let node: unknown = rawSteps[parent[1]];
  for (const key of parent.slice(2)) node = isRecord(node) ? node[String(key)] : undefined;
  return isRecord(node) ? node.kind : undefined;
}

function stepIdOf(raw: unknown): string | undefined {
  return isRecord(raw) && typeof raw.id === 'string' ? raw.id.slice(0, 64) : undefined;
}

function kindOf(raw: unknown): unknown {
  return isRecord(raw) ? raw.kind : undefined;
}

function stepLabel(rawSteps: unknown[], index: number): string {
  const id = stepIdOf(rawSteps[index]);
  return id === undefined ? `step ${index + 1}` : `step '${id}'`;
}

function where(path: Path): string {
  if (path.length === 0) return '';
  const text = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
  return `${text}: `;
}

function fail(problems: PlaybookProblem[]): PlaybookLoadResult {
  const order = (p: PlaybookProblem): number => (p.line ?? 0) * 1e6 + (p.column ?? 0);
  return { ok: false, problems: [...problems].sort((a, b) => order(a) - order(b)) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
