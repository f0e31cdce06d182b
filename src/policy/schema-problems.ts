import type { z } from 'zod';
import type { PolicyProblem } from './policy-problem.js';
import type { YamlLocator } from '../lib/yaml-locator.js';

type Path = (string | number)[];

/** Zod issues as SCHEMA problems, located in the YAML source, with the field named in the text. */
export function schemaProblems(
  error: z.ZodError,
  base: Path,
  locator: YamlLocator,
): PolicyProblem[] {
  const problems: PolicyProblem[] = [];
  for (const issue of error.issues) {
    const path = [...base, ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          code: 'SCHEMA',
          path: [...path, key],
          ...locator.keyPosition(path, key),
          message: `${where(path)}unknown field '${key}'`,
        });
      }
      continue;
    }
    const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
    problems.push({
      code: 'SCHEMA',
      path,
      ...locator.position(path),
      message: `${where(path)}${missing ? 'is required' : issue.message}`,
    });
  }
  return problems;
}

function where(path: Path): string {
  if (path.length === 0) return '';
  const text = path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');
  return `${text}: `;
}
