export type { GateContext } from './gate-context.js';
export { GATE_CONTEXT_VARIABLES } from './gate-context-type.js';
export { formatType, type PolicyType } from './policy-type.js';
export {
  CONTROL_IDS,
  KEBAB_PATTERN,
  MAX_EXPRESSION_LENGTH,
  POLICY_API_VERSION,
  policyPackSchema,
  policyRuleSchema,
  type ControlId,
  type PolicyPackDefinition,
  type PolicyRuleDefinition,
  type Severity,
} from './pack-schema.js';
export {
  POLICY_PROBLEM_CODES,
  type PolicyProblem,
  type PolicyProblemCode,
} from './policy-problem.js';
export type { CompiledExpression } from './compile-expression.js';
export { MAX_COMPREHENSION_NESTING } from './cel-type-checker.js';
export {
  assertPolicyPack,
  loadPolicyPack,
  MAX_PACK_SOURCE_LENGTH,
  type CompiledPack,
  type CompiledRule,
  type LoadResult,
} from './load-policy-pack.js';
export type { RuleErrorCode, RuleResult, RuleStatus } from './rule-result.js';
export { DEFAULT_EVALUATION_BUDGET } from './evaluation-budget.js';
export { evaluatePack, type EvaluateOptions } from './evaluate-pack.js';
export {
  decide,
  evaluateGate,
  gateInputDigest,
  type GateEvaluation,
  type GateOutcome,
} from './evaluate-gate.js';
export { SHIPPED_PACK_NAMES, SHIPPED_PACKS } from './shipped-packs.js';
