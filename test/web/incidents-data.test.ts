import { describe, expect, it } from 'vitest';
import type { IncidentSummary } from '../../src/client/index.js';
import { ALLOWED_TRANSITIONS as SERVER_TRANSITIONS } from '../../src/incidents/rules/index.js';
import {
  alertSource,
  ALLOWED_TRANSITIONS,
  allowedTransitions,
  boardColumns,
  clockRules,
  clockStatusAt,
  closeBlockers,
  describeAction,
  describeRecipients,
  filterIncidents,
  formatCountdown,
  formatMinutes,
  openClocks,
  severityDefinitions,
  sortIncidents,
  spokenCountdown,
  targetState,
  transitionLabel,
} from '../../web/src/pages/incidents/incident-data.js';
import { holdsAnywhere } from '../../web/src/lib/models.js';

function incident(over: Partial<IncidentSummary>): IncidentSummary {
  return {
    id: over.key ?? 'x',
    key: 'INC-2026-001',
    title: 'title',
    type: 'drift',
    severity: 'SEV3',
    status: 'open',
    summary: '',
    source: { kind: 'manual' },
    affected: [],
    owner: null,
    playbook: null,
    drill: false,
    onsetAt: null,
    detectedAt: null,
    awareAt: '2026-11-01T00:00:00.000Z',
    openedAt: '2026-11-01T00:00:00.000Z',
    openedBy: 'admin',
    acknowledgedAt: null,
    acknowledgedBy: null,
    resolvedAt: null,
    closedAt: null,
    updatedAt: '2026-11-01T00:00:00.000Z',
    ...over,
  };
}

const model = (name: string) => ({
  model: name,
  modelId: name,
  version: null,
  versionId: null,
  environment: 'production',
});

const LIST = [
  incident({
    key: 'INC-2026-001',
    severity: 'SEV3',
    status: 'mitigating',
    openedAt: '2026-10-06T08:25:00Z',
    affected: [model('payments/fraud-screening')],
    owner: 'james.okafor',
  }),
  incident({
    key: 'INC-2026-002',
    severity: 'SEV2',
    status: 'closed',
    openedAt: '2026-11-14T00:05:00Z',
    affected: [model('credit-risk')],
  }),
  incident({
    key: 'INC-2026-003',
    severity: 'SEV1',
    status: 'mitigating',
    openedAt: '2026-11-20T00:00:00Z',
    affected: [model('credit-risk')],
    owner: 'priya.nair',
  }),
  incident({
    key: 'INC-2026-004',
    severity: 'SEV3',
    status: 'mitigating',
    openedAt: '2026-11-21T00:00:00Z',
  }),
];

describe('incidents: statuses and transitions', () => {
  it('allows the same moves as the server', () => {
    expect(ALLOWED_TRANSITIONS).toEqual(SERVER_TRANSITIONS);
    expect(allowedTransitions('open')).toEqual(['triaged', 'mitigating', 'resolved']);
    expect(allowedTransitions('closed')).toEqual([]);
    expect(allowedTransitions('unknown')).toEqual([]);
    expect(transitionLabel('resolved', 'mitigating')).toBe('Reopen (mitigating)');
    expect(transitionLabel('open', 'triaged')).toBe('Mark triaged');
  });

  it('says what closing still needs', () => {
    const review = {
      summary: '',
      rootCause: '',
      contributingFactors: [],
      updatedAt: '',
      updatedBy: '',
      completedAt: null,
      completedBy: null,
    };
    const action = {
      id: 'a',
      title: 't',
      owner: 'o',
      dueAt: '',
      doneAt: null,
      doneBy: null,
      overdue: false,
    };
    expect(closeBlockers({ review: null, actions: [] }, true)).toEqual([
      'a completed post-incident review',
    ]);
    expect(closeBlockers({ review, actions: [action] }, true)).toEqual([
      'a completed post-incident review',
      'every follow-up action done (1 open)',
    ]);
    expect(closeBlockers({ review: null, actions: [] }, false)).toEqual([]);
  });

  it('knows where a user holds a permission', () => {
    expect(
      holdsAnywhere({ permissions: { 'governance:read': ['default'] } }, 'governance:read'),
    ).toBe(true);
    expect(holdsAnywhere({ permissions: { 'governance:read': [] } }, 'governance:read')).toBe(
      false,
    );
    expect(holdsAnywhere({ permissions: {} }, 'incident:write')).toBe(false);
  });
});

describe('incidents: board and table', () => {
  it('puts incidents in status columns, most severe first then newest', () => {
    const columns = boardColumns(LIST);
    expect(columns.mitigating.map((i) => i.key)).toEqual([
      'INC-2026-003',
      'INC-2026-004',
      'INC-2026-001',
    ]);
    expect(columns.closed.map((i) => i.key)).toEqual(['INC-2026-002']);
    expect(columns.open).toEqual([]);
  });

  it('sorts by any column, ties newest first', () => {
    expect(sortIncidents(LIST, 'severity', 'desc').map((i) => i.key)).toEqual([
      'INC-2026-003',
      'INC-2026-002',
      'INC-2026-004',
      'INC-2026-001',
    ]);
    expect(sortIncidents(LIST, 'severity', 'asc')[3]!.key).toBe('INC-2026-003');
    expect(sortIncidents(LIST, 'opened', 'desc')[0]!.key).toBe('INC-2026-004');
    expect(sortIncidents(LIST, 'key', 'asc')[0]!.key).toBe('INC-2026-001');
    expect(sortIncidents(LIST, 'status', 'desc')[0]!.key).toBe('INC-2026-002');
    expect(sortIncidents(LIST, 'owner', 'desc')[0]!.owner).toBe('priya.nair');
  });

  it('filters by severity and model', () => {
    expect(filterIncidents(LIST, { severity: 'SEV3', model: '' })).toHaveLength(2);
    expect(filterIncidents(LIST, { severity: '', model: 'credit-risk' }).map((i) => i.key)).toEqual(
      ['INC-2026-002', 'INC-2026-003'],
    );
  });
});

describe('incidents: regulatory clocks', () => {
  const clock = {
    dueAt: '2026-12-04T12:00:00.000Z',
    warnAt: '2026-12-03T12:00:00.000Z',
    submittedAt: null as string | null,
  };

  it('moves from running to warning to overdue as time passes, like the server', () => {
    expect(clockStatusAt(clock, Date.parse('2026-12-01T12:00:00Z'))).toBe('running');
    expect(clockStatusAt(clock, Date.parse('2026-12-03T12:00:00Z'))).toBe('warning');
    expect(clockStatusAt(clock, Date.parse('2026-12-04T12:00:00Z'))).toBe('overdue');
    expect(clockStatusAt({ ...clock, submittedAt: '2026-12-02T00:00:00Z' }, Date.now())).toBe(
      'submitted',
    );
    expect(clockStatusAt({ ...clock, submittedAt: '2026-12-05T00:00:00Z' }, Date.now())).toBe(
      'submitted-late',
    );
    expect(openClocks([clock, { ...clock, submittedAt: 'x' }] as never)).toHaveLength(1);
  });

  it('counts down in days, hours, minutes and seconds', () => {
    const ms = ((2 * 24 + 23) * 3600 + 59 * 60 + 12) * 1000;
    expect(formatCountdown(ms)).toBe('2 d 23:59:12');
    expect(formatCountdown(-ms)).toBe('2 d 23:59:12');
    expect(formatCountdown(65_000)).toBe('00:01:05');
    expect(spokenCountdown(ms)).toBe('2 days 23 hours 59 minutes left');
    expect(spokenCountdown(-61_000)).toBe('overdue by 1 minute');
  });

  it('reads rules and severities from the reference defensively', () => {
    expect(
      clockRules({
        clocks: [
          { id: 'gdpr-art33', framework: 'GDPR', citation: 'Art 33', title: 'Breach' },
          null,
          { x: 1 },
        ],
      }),
    ).toEqual([{ id: 'gdpr-art33', framework: 'GDPR', citation: 'Art 33', title: 'Breach' }]);
    const [sev] = severityDefinitions({
      severities: [
        {
          severity: 'SEV2',
          name: 'major',
          criteria: 'c',
          acknowledgeWithinMinutes: 30,
          resolveWithinMinutes: 4320,
          reviewRequired: true,
        },
      ],
    });
    expect(sev).toMatchObject({
      severity: 'SEV2',
      acknowledgeWithinMinutes: 30,
      reviewRequired: true,
    });
  });
});

describe('incidents: durations, targets and words', () => {
  it('formats minutes for people', () => {
    expect(formatMinutes(16)).toBe('16 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(200)).toBe('3 h 20 min');
    expect(formatMinutes(1445)).toBe('1 d');
    expect(formatMinutes(12_065)).toBe('8 d 9 h');
    expect(formatMinutes(null)).toBe('—');
  });

  it('judges response targets: met, missed, still running or overdue', () => {
    const now = Date.parse('2026-11-14T01:00:00Z');
    expect(targetState('2026-11-14T00:05:00Z', '2026-11-14T00:21:00Z', 30, now)).toEqual({
      state: 'met',
      minutes: 16,
    });
    expect(targetState('2026-11-14T00:05:00Z', '2026-11-22T09:10:00Z', 4320, now).state).toBe(
      'missed',
    );
    expect(targetState('2026-11-14T00:05:00Z', null, 30, now)).toEqual({
      state: 'overdue',
      minutes: 55,
    });
    expect(targetState('2026-11-14T00:05:00Z', null, 240, now).state).toBe('running');
  });

  it('finds the monitor behind an alert-opened incident', () => {
    expect(
      alertSource({ kind: 'alert', ref: 'credit-risk/production-traffic/drift:dataset' }),
    ).toEqual({
      model: 'credit-risk',
      monitor: 'production-traffic',
      key: 'drift:dataset',
    });
    expect(
      alertSource({
        kind: 'alert',
        ref: 'payments/fraud-screening/live/fairness:selection_rate_ratio:sex',
      }),
    ).toEqual({
      model: 'payments/fraud-screening',
      monitor: 'live',
      key: 'fairness:selection_rate_ratio:sex',
    });
    expect(alertSource({ kind: 'manual' })).toBeUndefined();
  });

  it('describes playbook actions and recipients', () => {
    expect(describeAction({ kind: 'rollback', environment: 'production' })).toBe(
      'roll production back to the previous version',
    );
    expect(describeAction({ kind: 'freeze-version' })).toBe('freeze the affected version');
    expect(describeAction(null)).toBe('');
    expect(describeRecipients({ roles: ['maintainer', 'risk-officer'], users: ['ana'] })).toBe(
      'maintainer, risk-officer, ana',
    );
    expect(describeRecipients(undefined)).toBe('—');
  });
});
