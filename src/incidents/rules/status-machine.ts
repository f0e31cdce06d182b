/**
 * The incident lifecycle: open → triaged → mitigating → resolved → closed.
 *
 * - Forward moves may skip steps (open → resolved for a false alarm), except that `closed` is
 *   reached only from `resolved`: every closed incident then has a resolution time, which the
 *   time-to-resolve KPI and the resolve targets need.
 * - `resolved → mitigating` reopens an incident whose fix did not hold.
 * - `closed` is terminal; a recurrence is a new incident.
 * - Staying in the same status is not a transition and is refused.
 */
import { ValidationError } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';
import { isSeverity, SEVERITY_LEVELS } from './severity.js';
import type { Severity } from './severity.js';

export const INCIDENT_STATUSES = ['open', 'triaged', 'mitigating', 'resolved', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

/** Every allowed move, by current status. */
export const ALLOWED_TRANSITIONS: Readonly<Record<IncidentStatus, readonly IncidentStatus[]>> = {
  open: ['triaged', 'mitigating', 'resolved'],
  triaged: ['mitigating', 'resolved'],
  mitigating: ['resolved'],
  resolved: ['mitigating', 'closed'],
  closed: [],
};

/** Why a transition is refused. A closed set: programs switch on it, people read `message`. */
export const TRANSITION_ISSUE_CODES = [
  /** `from` or `to` is not an incident status. */
  'unknown_status',
  /** The context's severity is not one of SEVERITIES. */
  'unknown_severity',
  /** `openActions` is not a non-negative integer. */
  'invalid_open_actions',
  /** The move is not in ALLOWED_TRANSITIONS (including staying in the same status). */
  'invalid_transition',
  /** Closing an incident whose severity requires a post-incident review that is not completed. */
  'review_required',
  /** Closing an incident that still has open follow-up actions. */
  'open_actions',
] as const;
export type TransitionIssueCode = (typeof TRANSITION_ISSUE_CODES)[number];

export interface TransitionIssue extends Issue {
  code: TransitionIssueCode;
}

/** What besides the two statuses decides whether a move is allowed. */
export interface TransitionContext {
  severity: Severity;
  /** Whether the post-incident review has been completed (signed off). */
  reviewCompleted: boolean;
  /** Follow-up actions not yet done; when given, closing requires 0. */
  openActions?: number;
}

export function isIncidentStatus(value: unknown): value is IncidentStatus {
  return typeof value === 'string' && (INCIDENT_STATUSES as readonly string[]).includes(value);
}

/**
 * Every reason the move `from → to` is refused; an empty list means it is allowed. Inputs are
 * checked at run time too, since statuses arrive from requests and stored rows.
 */
export function checkTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  context: TransitionContext,
): TransitionIssue[] {
  const issues: TransitionIssue[] = [];
  const add = (code: TransitionIssueCode, path: Issue['path'], message: string) =>
    issues.push({ code, path, message });

  const known = isIncidentStatus(from) && isIncidentStatus(to);
  for (const [key, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isIncidentStatus(value)) {
      add(
        'unknown_status',
        [key],
        `${key}: '${String(value)}' is not one of ${INCIDENT_STATUSES.join(', ')}`,
      );
    }
  }
  if (!isSeverity(context.severity)) {
    add(
      'unknown_severity',
      ['severity'],
      `severity: '${String(context.severity)}' is not a severity`,
    );
  }
  const { openActions } = context;
  if (openActions !== undefined && !(Number.isSafeInteger(openActions) && openActions >= 0)) {
    add('invalid_open_actions', ['openActions'], 'openActions must be a non-negative integer');
  }
  if (!known) return issues;

  if (!ALLOWED_TRANSITIONS[from].includes(to)) {
    const targets = ALLOWED_TRANSITIONS[from];
    const allowed = targets.length === 0 ? 'none (closed is terminal)' : targets.join(', ');
    const why = from === to ? `the incident is already ${to}` : `${from} → ${to} is not allowed`;
    add('invalid_transition', ['to'], `${why}; allowed from ${from}: ${allowed}`);
  }
  if (to === 'closed') {
    if (
      isSeverity(context.severity) &&
      SEVERITY_LEVELS[context.severity].reviewRequired &&
      context.reviewCompleted !== true
    ) {
      add(
        'review_required',
        ['reviewCompleted'],
        `a ${context.severity} incident is closed only after its post-incident review is completed`,
      );
    }
    if (openActions !== undefined && Number.isSafeInteger(openActions) && openActions > 0) {
      add(
        'open_actions',
        ['openActions'],
        `${openActions} follow-up action${openActions === 1 ? ' is' : 's are'} still open`,
      );
    }
  }
  return issues;
}

/** Throws `ValidationError` with every issue of `checkTransition` if the move is refused. */
export function assertTransition(
  from: IncidentStatus,
  to: IncidentStatus,
  context: TransitionContext,
): void {
  const issues = checkTransition(from, to, context);
  if (issues.length > 0) {
    throw new ValidationError(
      `cannot move the incident from ${String(from)} to ${String(to)}: ${issues.map((i) => i.message).join('; ')}`,
      issues,
    );
  }
}
