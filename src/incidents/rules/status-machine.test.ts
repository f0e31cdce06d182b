import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/index.js';
import { validationIssues } from './__fixtures__/assertions.js';
import { assertTransition, checkTransition, INCIDENT_STATUSES } from './status-machine.js';
import type { IncidentStatus, TransitionContext } from './status-machine.js';

const noReview: TransitionContext = { severity: 'SEV3', reviewCompleted: false };
const codes = (from: IncidentStatus, to: IncidentStatus, ctx: TransitionContext = noReview) =>
  checkTransition(from, to, ctx).map((i) => i.code);

// The whole table, written out: every pair not listed here must be refused.
const ALLOWED = new Set([
  'open→triaged',
  'open→mitigating',
  'open→resolved',
  'triaged→mitigating',
  'triaged→resolved',
  'mitigating→resolved',
  'resolved→mitigating',
  'resolved→closed',
]);
const PAIRS = INCIDENT_STATUSES.flatMap((from) =>
  INCIDENT_STATUSES.map((to) => [from, to] as const),
);

describe('status transitions', () => {
  it.each(PAIRS)('%s → %s is allowed only if in the table', (from, to) => {
    expect(codes(from, to)).toEqual(ALLOWED.has(`${from}→${to}`) ? [] : ['invalid_transition']);
  });

  it('refuses staying in the same status, naming the allowed targets', () => {
    const [issue] = checkTransition('triaged', 'triaged', noReview);
    expect(issue?.code).toBe('invalid_transition');
    expect(issue?.path).toEqual(['to']);
    expect(issue?.message).toBe(
      'the incident is already triaged; allowed from triaged: mitigating, resolved',
    );
  });

  it('refuses going backwards except reopening a resolved incident', () => {
    expect(checkTransition('mitigating', 'triaged', noReview)[0]?.message).toBe(
      'mitigating → triaged is not allowed; allowed from mitigating: resolved',
    );
    expect(codes('resolved', 'mitigating')).toEqual([]);
    expect(codes('resolved', 'open')).toEqual(['invalid_transition']);
  });

  it('refuses closing without resolving first', () => {
    expect(checkTransition('open', 'closed', noReview)[0]?.message).toBe(
      'open → closed is not allowed; allowed from open: triaged, mitigating, resolved',
    );
  });

  it('treats closed as terminal', () => {
    expect(checkTransition('closed', 'mitigating', noReview)[0]?.message).toBe(
      'closed → mitigating is not allowed; allowed from closed: none (closed is terminal)',
    );
  });
});

describe('when closing without a completed post-incident review', () => {
  it.each(['SEV1', 'SEV2'] as const)('refuses a %s incident with review_required', (severity) => {
    const issues = checkTransition('resolved', 'closed', { severity, reviewCompleted: false });
    expect(issues.map((i) => [i.code, i.path])).toEqual([['review_required', ['reviewCompleted']]]);
  });

  it.each(['SEV1', 'SEV2'] as const)('allows a %s incident once reviewed', (severity) => {
    expect(codes('resolved', 'closed', { severity, reviewCompleted: true })).toEqual([]);
  });

  it.each(['SEV3', 'SEV4'] as const)('allows a %s incident: no review required', (severity) => {
    expect(codes('resolved', 'closed', { severity, reviewCompleted: false })).toEqual([]);
  });

  it('does not ask for a review on other moves', () => {
    expect(codes('open', 'resolved', { severity: 'SEV1', reviewCompleted: false })).toEqual([]);
  });

  it('reports every problem of an invalid close at once', () => {
    expect(codes('open', 'closed', { severity: 'SEV1', reviewCompleted: false })).toEqual([
      'invalid_transition',
      'review_required',
    ]);
  });
});

describe('when follow-up actions are still open', () => {
  it('refuses closing while any is open', () => {
    const issues = checkTransition('resolved', 'closed', { ...noReview, openActions: 2 });
    expect(issues.map((i) => i.code)).toEqual(['open_actions']);
    expect(issues[0]?.message).toBe('2 follow-up actions are still open');
  });

  it('allows closing with none open, and other moves with some open', () => {
    expect(codes('resolved', 'closed', { ...noReview, openActions: 0 })).toEqual([]);
    expect(codes('mitigating', 'resolved', { ...noReview, openActions: 3 })).toEqual([]);
  });
});

describe('when the input is malformed', () => {
  it('reports unknown statuses, severity and action counts', () => {
    const issues = checkTransition('new' as IncidentStatus, 'done' as IncidentStatus, {
      severity: 'P1' as 'SEV1',
      reviewCompleted: false,
      openActions: -1,
    });
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown_status', ['from']],
      ['unknown_status', ['to']],
      ['unknown_severity', ['severity']],
      ['invalid_open_actions', ['openActions']],
    ]);
    expect(codes('resolved', 'closed', { ...noReview, openActions: 1.5 })).toEqual([
      'invalid_open_actions',
    ]);
  });
});

describe('assertTransition', () => {
  it('returns quietly for an allowed move', () => {
    expect(() => assertTransition('open', 'triaged', noReview)).not.toThrow();
  });

  it('throws a ValidationError carrying every issue', () => {
    const issues = validationIssues(() =>
      assertTransition('open', 'closed', { severity: 'SEV2', reviewCompleted: false }),
    );
    expect(issues.map((i) => i.code)).toEqual(['invalid_transition', 'review_required']);
    expect(() => assertTransition('closed', 'open', noReview)).toThrow(ValidationError);
    expect(() => assertTransition('closed', 'open', noReview)).toThrow(
      /cannot move the incident from closed to open/,
    );
  });
});
