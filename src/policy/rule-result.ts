import type { ControlId, Severity } from './pack-schema.js';

/**
 * - `pass`: `require` held. `skip`: `when` was false.
 * - `fail`: a blocking rule's `require` was false. `warn`: a warning rule's was.
 * - `error`: the rule could not be evaluated (see RuleErrorCode).
 */
export type RuleStatus = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

/**
 * - RULE_RUNTIME_ERROR: evaluation failed (division by zero, missing map key, overflow,
 *   a non-bool result from a dynamic value).
 * - RULE_BUDGET_EXCEEDED: the rule needed more work (loop iterations, elements scanned) than
 *   the evaluation budget allows.
 * - CONTEXT_INVALID: the gate context does not have its declared shape; no rule ran.
 */
export type RuleErrorCode = 'RULE_RUNTIME_ERROR' | 'RULE_BUDGET_EXCEEDED' | 'CONTEXT_INVALID';

/** The outcome of one rule of one pack against one gate context. */
export interface RuleResult {
  pack: string;
  packDigest: string;
  rule: string;
  description: string;
  controls: ControlId[];
  severity: Severity;
  status: RuleStatus;
  /** The rule's message on fail/warn, the error text on error, '' on pass/skip. */
  message: string;
  errorCode?: RuleErrorCode;
}
