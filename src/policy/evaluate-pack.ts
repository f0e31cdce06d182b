import { isCelError, type CelInput } from '@bufbuild/cel';
import { ContextShapeError, toCelBindings } from './cel-bindings.js';
import type { CompiledExpression } from './compile-expression.js';
import { describeRuntimeError } from './describe-runtime-error.js';
import { DEFAULT_EVALUATION_BUDGET, evaluationBudget } from './evaluation-budget.js';
import type { GateContext } from './gate-context.js';
import type { CompiledPack, CompiledRule } from './load-policy-pack.js';
import type { RuleErrorCode, RuleResult } from './rule-result.js';

export interface EvaluateOptions {
  /** Cost units one rule may take (see EvaluationBudget); default DEFAULT_EVALUATION_BUDGET. */
  budget?: number;
}

/** The context converted for CEL; convert once when evaluating several packs. */
export type GateBindings =
  { ok: true; values: Readonly<Record<string, CelInput>> } | { ok: false; message: string };

export function bindGateContext(context: GateContext): GateBindings {
  try {
    return { ok: true, values: toCelBindings(context) };
  } catch (error) {
    if (error instanceof ContextShapeError) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * Evaluates every rule of a pack against a context. Pure and total: it never throws for a rule;
 * a rule that cannot be evaluated is reported with status `error` and a code.
 */
export function evaluatePack(
  pack: CompiledPack,
  context: GateContext,
  options: EvaluateOptions = {},
): RuleResult[] {
  return evaluateBound(pack, bindGateContext(context), options);
}

export function evaluateBound(
  pack: CompiledPack,
  bindings: GateBindings,
  options: EvaluateOptions = {},
): RuleResult[] {
  const budget = options.budget ?? DEFAULT_EVALUATION_BUDGET;
  return pack.rules.map((rule) => {
    const base = {
      pack: pack.name,
      packDigest: pack.digest,
      rule: rule.id,
      description: rule.description,
      controls: [...rule.controls],
      severity: rule.severity,
    };
    const outcome = bindings.ok
      ? evaluateRule(rule, bindings.values, budget)
      : ({ kind: 'error', code: 'CONTEXT_INVALID', message: bindings.message } as const);
    switch (outcome.kind) {
      case 'skip':
        return { ...base, status: 'skip', message: '' };
      case 'held':
        return { ...base, status: 'pass', message: '' };
      case 'violated':
        return {
          ...base,
          status: rule.severity === 'blocking' ? 'fail' : 'warn',
          message: rule.message,
        };
      case 'error':
        return { ...base, status: 'error', message: outcome.message, errorCode: outcome.code };
    }
  });
}

type Outcome =
  { kind: 'skip' | 'held' | 'violated' } | { kind: 'error'; code: RuleErrorCode; message: string };

function evaluateRule(
  rule: CompiledRule,
  bindings: Readonly<Record<string, CelInput>>,
  budget: number,
): Outcome {
  evaluationBudget.start(budget);
  let outcome: Outcome;
  try {
    outcome = runRule(rule, bindings);
  } catch {
    // The evaluator turns exceptions into error values; this is a last line of defence.
    outcome = { kind: 'error', code: 'RULE_RUNTIME_ERROR', message: 'evaluation failed' };
  }
  // Reported even when `||` or `&&` absorbed the error: the rule did not finish its work.
  if (evaluationBudget.stop()) {
    return {
      kind: 'error',
      code: 'RULE_BUDGET_EXCEEDED',
      message: `evaluation budget exceeded: more than ${budget} cost units`,
    };
  }
  return outcome;
}

function runRule(rule: CompiledRule, bindings: Readonly<Record<string, CelInput>>): Outcome {
  if (rule.when !== undefined) {
    const applies = evaluateBool(rule.when, 'when', bindings);
    if (typeof applies !== 'boolean') return applies;
    if (!applies) return { kind: 'skip' };
  }
  const holds = evaluateBool(rule.require, 'require', bindings);
  if (typeof holds !== 'boolean') return holds;
  return { kind: holds ? 'held' : 'violated' };
}

function evaluateBool(
  expression: CompiledExpression,
  field: 'when' | 'require',
  bindings: Readonly<Record<string, CelInput>>,
): boolean | Outcome {
  const value = expression.evaluate(bindings);
  if (isCelError(value)) {
    return {
      kind: 'error',
      code: 'RULE_RUNTIME_ERROR',
      message: `${field}: ${describeRuntimeError(value)}`,
    };
  }
  if (typeof value !== 'boolean') {
    return {
      kind: 'error',
      code: 'RULE_RUNTIME_ERROR',
      message: `${field}: the result is not a bool`,
    };
  }
  return value;
}
