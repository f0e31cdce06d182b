/**
 * The closed list of issue codes the engine reports, and the collector that gathers every issue
 * before one `ValidationError` is thrown (Zod style: all problems, each with a code and a path).
 */
import { ValidationError } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';

export const EVALUATION_ISSUE_CODES = [
  'invalid_task',
  'invalid_type',
  'empty',
  'length_mismatch',
  'invalid_label',
  'not_finite',
  'out_of_range',
  'invalid_threshold',
  'invalid_seed',
  'invalid_option',
  'unknown_option',
  'invalid_attribute',
  'duplicate_attribute',
  'invalid_attribute_value',
  'invalid_feature',
  'duplicate_feature',
  'invalid_one_hot',
  'invalid_scorer',
  'invalid_scorer_output',
] as const;

export type EvaluationIssueCode = (typeof EVALUATION_ISSUE_CODES)[number];

/** Issues reported per field before the rest of that field is skipped (bounded error size). */
export const MAX_ISSUES_PER_FIELD = 20;

export class IssueCollector {
  readonly issues: Issue[] = [];
  private readonly perField = new Map<string, number>();

  add(code: EvaluationIssueCode, path: (string | number)[], message: string): void {
    const field = path.filter((p) => typeof p === 'string').join('.');
    const seen = this.perField.get(field) ?? 0;
    this.perField.set(field, seen + 1);
    if (seen < MAX_ISSUES_PER_FIELD) this.issues.push({ code, path, message });
  }

  /** True when `field` (the string parts of a path, dot-joined) has hit the cap. */
  full(field: string): boolean {
    return (this.perField.get(field) ?? 0) >= MAX_ISSUES_PER_FIELD;
  }

  throwIfAny(message: string): void {
    if (this.issues.length > 0) throw new ValidationError(message, this.issues);
  }
}
