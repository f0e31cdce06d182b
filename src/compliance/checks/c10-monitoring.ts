import type { EvidenceItem, PostureStatus } from '../posture/types.js';
import type { Check } from './facts.js';
import { aggregateStatus } from '../posture/aggregate-status.js';
import { cite, outcome } from './outcome.js';
import { count, day, listed, msBetween } from './wording.js';

/** An alert firing longer than this without an incident is unhandled (C10.2). */
export const ALERT_TRIAGE_HOURS = 72;

/**
 * C10.1: each deployed environment has an active monitor. One that checks drift, performance and
 * fairness is met; any other active monitor is partial. All environments fully monitored is met,
 * none monitored a gap, anything between partial.
 */
export const activeMonitor: Check = (facts) => {
  const environments = [...new Set(facts.deployments.map((d) => d.environment))];
  if (environments.length === 0)
    return outcome('not-applicable', `${facts.model.name} is not deployed.`);
  const statuses: PostureStatus[] = [];
  const short: string[] = [];
  const failing: EvidenceItem[] = [];
  const supporting: EvidenceItem[] = [];
  for (const env of environments) {
    const active = facts.monitors.filter((m) => m.environment === env && m.active);
    const full = active.find((m) => m.drift && m.performance && m.fairness);
    if (full !== undefined) {
      statuses.push('met');
      supporting.push(
        cite(full.evidence, `monitor ${full.name} on ${env}: drift, performance, fairness`),
      );
      continue;
    }
    if (active.length === 0) {
      statuses.push('gap');
      short.push(`${env} (no active monitor)`);
      continue;
    }
    statuses.push('partial');
    const checked = (m: (typeof active)[number]) =>
      [m.drift && 'drift', m.performance && 'performance', m.fairness && 'fairness'].filter(
        (c): c is string => typeof c === 'string',
      );
    const covered = [...new Set(active.flatMap(checked))];
    short.push(`${env} (${covered.length === 0 ? 'no checks' : `${listed(covered)} only`})`);
    failing.push(
      ...active.map((m) =>
        cite(m.evidence, `monitor ${m.name} on ${env}: ${checked(m).join(', ') || 'no checks'}`),
      ),
    );
  }
  const status = aggregateStatus(statuses);
  if (status !== 'met')
    return outcome(status, `Monitoring falls short in ${listed(short, 3)}.`, [
      ...failing,
      ...supporting,
    ]);
  return outcome(
    'met',
    `Every deployed environment (${listed(environments)}) has an active monitor for drift, performance and fairness.`,
    supporting,
  );
};

/** C10.2: no alert has been firing for more than 72 hours without an incident. */
export const alertsHandled: Check = (facts) => {
  const alerts = facts.alerts;
  if (alerts.length === 0) return outcome('met', 'No alert is firing.');
  const limitMs = ALERT_TRIAGE_HOURS * 3_600_000;
  const stale = alerts.filter(
    (a) => a.incidentKey === null && msBetween(a.firedAt, facts.asOf) > limitMs,
  );
  const evidence = [...stale, ...alerts.filter((a) => !stale.includes(a))].map((a) =>
    cite(
      a.evidence,
      `${a.severity} alert "${a.summary}" firing since ${day(a.firedAt)}${a.incidentKey === null ? '' : ` (${a.incidentKey})`}`,
    ),
  );
  if (stale.length > 0)
    return outcome(
      'gap',
      `${count(stale.length, 'alert')} firing for more than ${ALERT_TRIAGE_HOURS} hours without an incident: ${listed(
        stale.map((a) => `"${a.summary}" since ${day(a.firedAt)}`),
        3,
      )}.`,
      evidence,
    );
  const withIncident = alerts.filter((a) => a.incidentKey !== null).length;
  return outcome(
    'met',
    `${count(alerts.length, 'alert')} firing, ${withIncident} with an incident and the rest younger than ${ALERT_TRIAGE_HOURS} hours.`,
    evidence,
  );
};
