/**
 * Incident rules: severities and types, the status machine, regulatory reporting clocks and
 * report drafts, escalation and response KPIs. Everything here is pure: no IO, no clock; times
 * are arguments (`Date` or ISO 8601 strings with an offset), so results are deterministic.
 */
export type { Instant } from './time.js';
export {
  INCIDENT_TYPE_DESCRIPTIONS,
  INCIDENT_TYPES,
  isIncidentType,
  isSeverity,
  SEVERITIES,
  SEVERITY_LEVELS,
} from './severity.js';
export type { IncidentType, Severity, SeverityDefinition } from './severity.js';
export {
  ALLOWED_TRANSITIONS,
  assertTransition,
  checkTransition,
  INCIDENT_STATUSES,
  isIncidentStatus,
  TRANSITION_ISSUE_CODES,
} from './status-machine.js';
export type {
  IncidentStatus,
  TransitionContext,
  TransitionIssue,
  TransitionIssueCode,
} from './status-machine.js';
export { CLOCK_RULES, clockState, deadline, findRule, warningAt } from './regulatory-clocks.js';
export type {
  ClockBasis,
  ClockRule,
  ClockSpan,
  ClockState,
  ClockStatus,
  Confidence,
  PrefillSource,
  RegulatoryClock,
  ReportField,
} from './regulatory-clocks.js';
export { draftReport } from './draft-report.js';
export type { DraftField, DraftReport, IncidentFacts, IncidentModel } from './draft-report.js';
export {
  DEFAULT_ESCALATION_POLICIES,
  dueEscalations,
  escalationLevelSchema,
  escalationPolicySchema,
  MAX_ESCALATION_MINUTES,
  parseEscalationPolicy,
} from './escalation.js';
export type { EscalationLevel, EscalationPolicy, EscalationState } from './escalation.js';
export { durationSummary, incidentKpis } from './kpis.js';
export type { DurationSummary, IncidentKpis, IncidentTimes, KpiGroup } from './kpis.js';
