/** Test helper: the issues of the ValidationError a function throws (fails if it does not). */
import { ValidationError, type Issue } from '../../../lib/index.js';

export function validationIssues(run: () => unknown): Issue[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ValidationError) return (error.details.issues ?? []) as Issue[];
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
