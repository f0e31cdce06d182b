import { z } from 'zod';
import { jsonDigest, VerityError, type Digest } from '../lib/index.js';
import { compileExpression, type CompiledExpression } from './compile-expression.js';
import {
  MAX_EXPRESSION_LENGTH,
  policyPackSchema,
  policyRuleSchema,
  type ControlId,
  type PolicyPackDefinition,
  type Severity,
} from './pack-schema.js';
import type { PolicyProblem } from './policy-problem.js';
import { schemaProblems } from './schema-problems.js';
import { parseYamlSource } from '../lib/parse-yaml-source.js';
import type { YamlLocator } from '../lib/yaml-locator.js';

/** One rule, its expressions parsed, type-checked and planned once. */
export interface CompiledRule {
  readonly id: string;
  readonly description: string;
  readonly controls: readonly ControlId[];
  readonly severity: Severity;
  readonly message: string;
  /** Absent: the rule always applies. */
  readonly when: CompiledExpression | undefined;
  readonly require: CompiledExpression;
}

/** A pack ready to evaluate. Compile once per pack version and reuse. */
export interface CompiledPack {
  readonly name: string;
  readonly description: string;
  /** `sha256:` of the RFC 8785 canonical JSON of `definition`. */
  readonly digest: Digest;
  /** The parsed, normalised pack as plain JSON (frozen). */
  readonly definition: PolicyPackDefinition;
  readonly rules: readonly CompiledRule[];
}

export type LoadResult =
  { ok: true; pack: CompiledPack } | { ok: false; problems: PolicyProblem[] };

/** Packs are a few dozen rules; anything near this size is a mistake or an attack. */
export const MAX_PACK_SOURCE_LENGTH = 256 * 1024;

const envelopeSchema = policyPackSchema.extend({
  rules: z.array(z.unknown()).min(1, 'a pack needs at least one rule').max(500),
});

type Path = (string | number)[];

/**
 * Parses and compiles a pack from YAML. Never throws on bad input: it reports every problem it
 * finds (YAML, shape, duplicate ids, and each expression's syntax, types and cost), each with its
 * position in the source, so an author can fix them all in one pass.
 */
export function loadPolicyPack(source: string): LoadResult {
  return load(source).result;
}

/** Like loadPolicyPack, but throws POLICY_INVALID with every problem in `details.problems`. */
export function assertPolicyPack(source: string): CompiledPack {
  const { result, name } = load(source);
  if (result.ok) return result.pack;
  const n = result.problems.length;
  throw new VerityError(
    'POLICY_INVALID',
    `${name ?? 'policy pack'}: ${n} problem${n === 1 ? '' : 's'}`,
    { problems: result.problems },
  );
}

function load(source: string): { result: LoadResult; name?: string } {
  if (source.length > MAX_PACK_SOURCE_LENGTH) {
    return {
      result: fail([
        {
          code: 'SCHEMA',
          path: [],
          line: 1,
          column: 1,
          message: `the pack source is larger than ${MAX_PACK_SOURCE_LENGTH} characters`,
        },
      ]),
    };
  }
  const yaml = parseYamlSource(source);
  if (!yaml.ok) return { result: fail(yaml.problems) };
  const { data, locator } = yaml;

  const name = isRecord(data) && typeof data.name === 'string' ? data.name.slice(0, 64) : undefined;
  const done = (result: LoadResult) => (name === undefined ? { result } : { result, name });
  const problems: PolicyProblem[] = [];
  const envelope = envelopeSchema.safeParse(data);
  if (!envelope.success) problems.push(...schemaProblems(envelope.error, [], locator));

  const rawRules = isRecord(data) && Array.isArray(data.rules) ? (data.rules as unknown[]) : [];
  const rules: CompiledRule[] = [];
  const firstIndexOfId = new Map<string, number>();
  rawRules.forEach((raw, index) => {
    const base: Path = ['rules', index];
    const ruleId = isRecord(raw) && typeof raw.id === 'string' ? raw.id : undefined;
    const withRule = (p: PolicyProblem): PolicyProblem =>
      ruleId === undefined ? p : { ...p, ruleId };

    const parsed = policyRuleSchema.safeParse(raw);
    if (!parsed.success) {
      problems.push(...schemaProblems(parsed.error, base, locator).map(withRule));
    }
    if (ruleId !== undefined) {
      const first = firstIndexOfId.get(ruleId);
      if (first === undefined) {
        firstIndexOfId.set(ruleId, index);
      } else {
        const path = [...base, 'id'];
        problems.push({
          code: 'DUPLICATE_RULE',
          ruleId,
          path,
          ...locator.position(path),
          message: `rule id '${ruleId}' is already used by rule ${first + 1} of the pack`,
        });
      }
    }
    const when = compileField(raw, 'when', base, ruleId, locator, problems);
    const require = compileField(raw, 'require', base, ruleId, locator, problems);
    if (parsed.success && require !== undefined) {
      const { id, description, controls, severity, message } = parsed.data;
      rules.push({ id, description, controls, severity, message, when, require });
    }
  });

  if (problems.length > 0 || !envelope.success) return done(fail(problems));
  const definition = deepFreeze(policyPackSchema.parse({ ...envelope.data, rules: rawRules }));
  return done({
    ok: true,
    pack: {
      name: definition.name,
      description: definition.description,
      digest: jsonDigest(definition),
      definition,
      rules,
    },
  });
}

function compileField(
  raw: unknown,
  field: 'when' | 'require',
  base: Path,
  ruleId: string | undefined,
  locator: YamlLocator,
  problems: PolicyProblem[],
): CompiledExpression | undefined {
  if (!isRecord(raw)) return undefined;
  const given = raw[field];
  const value = typeof given === 'boolean' ? String(given) : given;
  // Shape problems (missing, not a string, too long) are reported by the schema.
  if (typeof value !== 'string' || value.length > MAX_EXPRESSION_LENGTH) return undefined;
  const expression = value.trim();
  if (expression === '') return undefined;
  const result = compileExpression(expression);
  if (result.ok) return result.expression;
  const leading = value.length - value.trimStart().length;
  const path = [...base, field];
  for (const problem of result.problems) {
    problems.push({
      code: problem.code,
      ...(ruleId === undefined ? {} : { ruleId }),
      field,
      path,
      ...locator.positionInString(path, leading + problem.offset),
      message: `rule '${ruleId ?? `#${Number(base[1]) + 1}`}' ${field}: ${problem.message}`,
    });
  }
  return undefined;
}

function fail(problems: PolicyProblem[]): LoadResult {
  const order = (p: PolicyProblem): number => (p.line ?? 0) * 1e6 + (p.column ?? 0);
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
