import { readFileSync } from 'node:fs';
import { ValidationError, type Issue } from '../../../lib/index.js';
import { parseYamlSource } from '../../../lib/parse-yaml-source.js';
import {
  ASSESSMENT_KINDS,
  assessmentTemplateSchema,
  type AssessmentKind,
  type AssessmentTemplate,
} from './assessment-template-schema.js';

/** A problem in a template source, located like policy pack and playbook problems. */
export interface TemplateProblem extends Issue {
  code: 'YAML_SYNTAX' | 'SCHEMA';
  line?: number;
  column?: number;
}

/**
 * Parses and validates an assessment template from YAML. Throws a ValidationError whose
 * `details.issues` list every problem with its line and column; `name` labels the source in the
 * message (its file name). The result is frozen, since loaded templates are shared.
 */
export function parseAssessmentTemplate(source: string, name: string): AssessmentTemplate {
  const yaml = parseYamlSource(source);
  if (!yaml.ok) throw broken(name, yaml.problems);
  const parsed = assessmentTemplateSchema.safeParse(yaml.data);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue): TemplateProblem => {
      const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
      return { code: 'SCHEMA', path, ...yaml.locator.position(path), message: issue.message };
    });
    throw broken(name, problems);
  }
  return deepFreeze(parsed.data);
}

const cache = new Map<AssessmentKind, AssessmentTemplate>();

/**
 * The shipped template of an assessment kind, read from `templates/<kind>.yaml` beside this file
 * (the project runs from source, so the file is found the way shipped playbooks and policy packs
 * are). Read and validated once, then cached. Throws if the shipped file is broken or holds
 * another kind: that is a defect in Verity, not in anyone's input.
 */
export function loadAssessmentTemplate(kind: AssessmentKind): AssessmentTemplate {
  const cached = cache.get(kind);
  if (cached !== undefined) return cached;
  // The kind names a file: refuse anything else before it reaches the file system.
  if (!(ASSESSMENT_KINDS as readonly string[]).includes(kind)) {
    throw new ValidationError(
      `'${String(kind).slice(0, 40)}' is not an assessment kind (expected ${ASSESSMENT_KINDS.join(', ')})`,
    );
  }
  const name = `${kind}.yaml`;
  const source = readFileSync(new URL(`./templates/${name}`, import.meta.url), 'utf8');
  const template = parseAssessmentTemplate(source, name);
  if (template.kind !== kind) {
    throw broken(name, [
      { code: 'SCHEMA', path: ['kind'], message: `holds a '${template.kind}' template` },
    ]);
  }
  cache.set(kind, template);
  return template;
}

function broken(name: string, problems: TemplateProblem[]): ValidationError {
  const n = problems.length;
  return new ValidationError(
    `assessment template ${name}: ${n} problem${n === 1 ? '' : 's'}`,
    problems,
  );
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) deepFreeze(item);
    Object.freeze(value);
  }
  return value;
}
