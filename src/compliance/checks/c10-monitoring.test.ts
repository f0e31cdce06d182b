import { describe, expect, it } from 'vitest';
import { baseFacts, ref } from './__fixtures__/facts.js';
import { activeMonitor, alertsHandled } from './c10-monitoring.js';

describe('active-monitor (C10.1)', () => {
  it('is a gap when no deployed environment has an active monitor, and met once both do', () => {
    const facts = baseFacts();
    for (const m of facts.monitors) m.active = false;
    expect(activeMonitor(facts)).toEqual({
      status: 'gap',
      detail:
        'Monitoring falls short in staging (no active monitor) and production (no active monitor).',
      evidence: [],
    });
    for (const m of facts.monitors) m.active = true;
    expect(activeMonitor(facts)).toMatchObject({
      status: 'met',
      detail:
        'Every deployed environment (staging and production) has an active monitor for drift, performance and fairness.',
      evidence: [{ ledgerIndex: 121 }, { ledgerIndex: 131 }],
    });
  });

  it('is partial when a monitor checks drift only', () => {
    const facts = baseFacts();
    facts.monitors[0]!.performance = false;
    facts.monitors[0]!.fairness = false;
    expect(activeMonitor(facts)).toMatchObject({
      status: 'partial',
      detail: 'Monitoring falls short in production (drift only).',
      evidence: [{ ledgerIndex: 131 }, { ledgerIndex: 121 }],
    });
  });

  it('is partial when one of two environments is unmonitored', () => {
    const facts = baseFacts();
    facts.monitors = [facts.monitors[0]!];
    expect(activeMonitor(facts)).toMatchObject({
      status: 'partial',
      detail: 'Monitoring falls short in staging (no active monitor).',
    });
  });

  it('is not applicable when nothing is deployed', () => {
    const facts = baseFacts();
    facts.deployments = [];
    expect(activeMonitor(facts).status).toBe('not-applicable');
  });
});

describe('alerts-handled (C10.2)', () => {
  it('is a gap for an alert firing over 72 hours without an incident, and met once one is opened', () => {
    const facts = baseFacts();
    const alert = facts.alerts[0]!;
    alert.firedAt = '2026-06-27T11:59:00.000Z';
    expect(alertsHandled(facts)).toMatchObject({
      status: 'gap',
      detail:
        '1 alert firing for more than 72 hours without an incident: "PSI of income above 0.2" since 2026-06-27.',
      evidence: [{ ledgerIndex: 400 }],
    });
    alert.incidentKey = 'INC-12';
    expect(alertsHandled(facts)).toMatchObject({
      status: 'met',
      detail: '1 alert firing, 1 with an incident and the rest younger than 72 hours.',
    });
  });

  it('gives a young alert 72 hours before it counts', () => {
    const facts = baseFacts();
    facts.alerts[0]!.firedAt = '2026-06-27T12:00:00.000Z';
    expect(alertsHandled(facts)).toMatchObject({
      status: 'met',
      detail: '1 alert firing, 0 with an incident and the rest younger than 72 hours.',
    });
  });

  it('cites the stale alert first', () => {
    const facts = baseFacts();
    facts.alerts.push({
      id: 'a-0',
      severity: 'critical',
      firedAt: '2026-06-01T00:00:00.000Z',
      summary: 'AUC below 0.7',
      incidentKey: null,
      evidence: ref(398, 'alert-fired', '2026-06-01T00:00:00.000Z'),
    });
    expect(alertsHandled(facts).evidence.map((e) => e.ledgerIndex)).toEqual([398, 400]);
  });

  it('is met when no alert is firing', () => {
    const facts = baseFacts();
    facts.alerts = [];
    expect(alertsHandled(facts)).toEqual({
      status: 'met',
      detail: 'No alert is firing.',
      evidence: [],
    });
  });
});
