export type {
  AssessmentKind,
  Check,
  CheckOutcome,
  LedgerRef,
  ModelFacts,
  ScopeFlag,
} from './facts.js';
export { CHECKS } from './registry.js';
export { runChecks, type AttestationValidity } from './run-checks.js';
export { requiredAssessments, type RequiredAssessment } from './required-assessments.js';
export { MAX_EVIDENCE } from './outcome.js';
