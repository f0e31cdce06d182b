import type { z } from 'zod';
import { ValidationError, type Issue } from '../../lib/index.js';

/** Parses service input with a schema, reporting every problem as one VALIDATION_ERROR. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((i) => ({
    code: i.code,
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
  }));
  const summary = issues.map((i) => `${i.path.join('.') || what}: ${i.message}`).join('; ');
  throw new ValidationError(`invalid ${what}: ${summary}`, issues);
}
