import { describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_NAMES } from '../../auth/index.js';
import { issueCodes, validationIssues } from './__fixtures__/assertions.js';
import {
  DEFAULT_ESCALATION_POLICIES,
  dueEscalations,
  parseEscalationPolicy,
} from './escalation.js';
import type { EscalationPolicy, EscalationState } from './escalation.js';
import { SEVERITIES, SEVERITY_LEVELS } from './severity.js';

const OPENED = '2026-03-02T09:00:00Z';
const state = (over: Partial<EscalationState> = {}): EscalationState => ({
  openedAt: OPENED,
  acknowledgedAt: null,
  notifiedLevels: [],
  ...over,
});

describe('default escalation policies', () => {
  it.each(SEVERITIES)(
    '%s is valid, starts at opening and escalates at the acknowledge target',
    (s) => {
      const policy = DEFAULT_ESCALATION_POLICIES[s];
      expect(parseEscalationPolicy(policy)).toEqual(policy);
      expect(policy.severity).toBe(s);
      expect(policy.levels[0]?.afterMinutes).toBe(0);
      expect(policy.levels[1]?.afterMinutes).toBe(SEVERITY_LEVELS[s].acknowledgeWithinMinutes);
    },
  );

  it('uses only built-in role names', () => {
    for (const s of SEVERITIES) {
      for (const level of DEFAULT_ESCALATION_POLICIES[s].levels) {
        for (const role of level.roles) expect(BUILTIN_ROLE_NAMES).toContain(role);
      }
    }
  });

  it('tells the compliance officer of a SEV1 at opening', () => {
    expect(DEFAULT_ESCALATION_POLICIES.SEV1.levels[0]?.roles).toContain('compliance-officer');
  });
});

describe('escalation policy schema', () => {
  const valid: EscalationPolicy = {
    severity: 'SEV2',
    levels: [
      { afterMinutes: 0, roles: ['maintainer'] },
      { afterMinutes: 30, roles: [], users: ['ana@example.com'] },
    ],
  };

  it('accepts a level that names only users', () => {
    expect(parseEscalationPolicy(valid)).toEqual(valid);
  });

  it('refuses levels out of order or at the same minute', () => {
    const issues = validationIssues(() =>
      parseEscalationPolicy({
        severity: 'SEV1',
        levels: [
          { afterMinutes: 0, roles: ['maintainer'] },
          { afterMinutes: 15, roles: ['admin'] },
          { afterMinutes: 15, roles: ['admin'] },
          { afterMinutes: 10, roles: ['admin'] },
        ],
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['levels_not_ascending', ['levels', 2, 'afterMinutes']],
      ['levels_not_ascending', ['levels', 3, 'afterMinutes']],
    ]);
  });

  it('refuses a level with neither role nor user', () => {
    const issues = validationIssues(() =>
      parseEscalationPolicy({
        severity: 'SEV3',
        levels: [{ afterMinutes: 0, roles: [], users: [] }],
      }),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['no_recipients', ['levels', 0, 'roles']],
    ]);
  });

  it('refuses malformed shapes with Zod codes', () => {
    expect(issueCodes(() => parseEscalationPolicy({ severity: 'SEV2', levels: [] }))).toEqual([
      'too_small',
    ]);
    expect(
      issueCodes(() =>
        parseEscalationPolicy({
          severity: 'SEV5',
          levels: [{ afterMinutes: -1, roles: ['Risk Officer'], extra: 1 }],
        }),
      ).sort(),
    ).toEqual(['invalid_format', 'invalid_value', 'too_small', 'unrecognized_keys']);
    expect(
      issueCodes(() =>
        parseEscalationPolicy({
          severity: 'SEV2',
          levels: [{ afterMinutes: 1.5, roles: ['admin'] }],
        }),
      ),
    ).toEqual(['invalid_type']);
  });
});

describe('dueEscalations with the SEV1 default (level 0 at opening, level 1 at +15 min)', () => {
  const sev1 = DEFAULT_ESCALATION_POLICIES.SEV1;

  it('notifies level 0 at opening', () => {
    expect(dueEscalations(sev1, state(), OPENED)).toEqual([0]);
  });

  it('does not escalate at +14:59.999', () => {
    expect(
      dueEscalations(sev1, state({ notifiedLevels: [0] }), '2026-03-02T09:14:59.999Z'),
    ).toEqual([]);
  });

  it('escalates to level 1 at +15:00 exactly', () => {
    expect(dueEscalations(sev1, state({ notifiedLevels: [0] }), '2026-03-02T09:15:00Z')).toEqual([
      1,
    ]);
  });

  it('does not repeat a notified level', () => {
    expect(dueEscalations(sev1, state({ notifiedLevels: [0, 1] }), '2026-03-02T10:00:00Z')).toEqual(
      [],
    );
  });

  it('returns every overdue level after a notifier outage', () => {
    expect(dueEscalations(sev1, state(), '2026-03-02T09:20:00Z')).toEqual([0, 1]);
  });

  describe('when acknowledged', () => {
    it('escalates no further', () => {
      const s = state({ acknowledgedAt: '2026-03-02T09:10:00Z', notifiedLevels: [0] });
      expect(dueEscalations(sev1, s, '2026-03-02T09:20:00Z')).toEqual([]);
    });

    it('still sends the opening notice (level 0) if it was never sent', () => {
      const s = state({ acknowledgedAt: '2026-03-02T09:01:00Z' });
      expect(dueEscalations(sev1, s, '2026-03-02T09:20:00Z')).toEqual([0]);
    });

    it('counts an acknowledgement only from its time on', () => {
      const s = state({ acknowledgedAt: '2026-03-02T09:30:00Z', notifiedLevels: [0] });
      expect(dueEscalations(sev1, s, '2026-03-02T09:20:00Z')).toEqual([1]);
      expect(dueEscalations(sev1, s, '2026-03-02T09:30:00Z')).toEqual([]);
    });
  });
});

describe('dueEscalations with the SEV2 default (0, +30, +120 min)', () => {
  const sev2 = DEFAULT_ESCALATION_POLICIES.SEV2;
  const notified = state({ notifiedLevels: [0] });

  it.each([
    ['2026-03-02T09:29:00Z', []],
    ['2026-03-02T09:30:00Z', [1]],
    ['2026-03-02T10:59:00Z', [1]],
    ['2026-03-02T11:00:00Z', [1, 2]],
  ])('at %s: %o', (now, due) => {
    expect(dueEscalations(sev2, notified, now)).toEqual(due);
  });
});

describe('dueEscalations with a delayed first level', () => {
  const policy: EscalationPolicy = {
    severity: 'SEV3',
    levels: [
      { afterMinutes: 5, roles: ['maintainer'] },
      { afterMinutes: 60, roles: ['risk-officer'] },
    ],
  };

  it('sends level 0 at its own minute, even after an acknowledgement', () => {
    const acked = state({ acknowledgedAt: '2026-03-02T09:01:00Z' });
    expect(dueEscalations(policy, acked, '2026-03-02T09:04:00Z')).toEqual([]);
    expect(dueEscalations(policy, acked, '2026-03-02T09:05:00Z')).toEqual([0]);
    expect(dueEscalations(policy, acked, '2026-03-02T10:05:00Z')).toEqual([0]);
  });
});

describe('when the escalation input is malformed', () => {
  const sev1 = DEFAULT_ESCALATION_POLICIES.SEV1;

  it('refuses now before opening and an acknowledgement before opening', () => {
    expect(issueCodes(() => dueEscalations(sev1, state(), '2026-03-02T08:59:00Z'))).toEqual([
      'before_open',
    ]);
    expect(
      issueCodes(() =>
        dueEscalations(sev1, state({ acknowledgedAt: '2026-03-02T08:00:00Z' }), OPENED),
      ),
    ).toEqual(['acknowledged_before_open']);
  });

  it('refuses notified levels the policy does not have', () => {
    const issues = validationIssues(() =>
      dueEscalations(sev1, state({ notifiedLevels: [0, 2, -1] }), OPENED),
    );
    expect(issues.map((i) => [i.code, i.path])).toEqual([
      ['unknown_level', ['notifiedLevels', 1]],
      ['unknown_level', ['notifiedLevels', 2]],
    ]);
  });

  it('validates the policy it is given', () => {
    const bad = {
      severity: 'SEV1',
      levels: [
        { afterMinutes: 15, roles: ['admin'] },
        { afterMinutes: 0, roles: ['maintainer'] },
      ],
    } as EscalationPolicy;
    expect(issueCodes(() => dueEscalations(bad, state(), OPENED))).toEqual([
      'levels_not_ascending',
    ]);
  });

  it('refuses times without an offset', () => {
    expect(
      issueCodes(() => dueEscalations(sev1, state({ openedAt: '2026-03-02T09:00' }), OPENED)),
    ).toEqual(['invalid_time']);
  });
});
