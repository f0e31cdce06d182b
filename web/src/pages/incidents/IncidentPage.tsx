import { useState, type FormEvent } from 'react';
import type { IncidentView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { Link, pathOf } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge, type Tone } from '../../components/badge.js';
import { formatDateTime, Time } from '../../components/format.js';
import { Facts, PageHeader, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath } from '../../lib/models.js';
import {
  alertSource,
  allowedTransitions,
  clockRules,
  closeBlockers,
  describeAction,
  describeRecipients,
  formatMinutes,
  severityDefinitions,
  STATUS_LABELS,
  STATUSES,
  targetState,
  transitionLabel,
  type SeverityDefinition,
} from './incident-data.js';
import { ClockReports, StartClockForm } from './IncidentClocks.js';
import { ReviewSection } from './IncidentReview.js';
import { ActionError, SeverityBadge } from './incident-parts.js';
import { useNow } from './use-now.js';

async function loadIncident(key: string) {
  const [incident, reference] = await Promise.all([
    api.incidents.get(key),
    api.incidents.reference(),
  ]);
  return {
    incident,
    severities: severityDefinitions(reference),
    rules: clockRules(reference),
  };
}

export type IncidentData = Awaited<ReturnType<typeof loadIncident>>;

/** One incident: what happened, where it stands, its clocks, playbook, review and timeline. */
export function IncidentPage({ incidentKey }: { incidentKey: string }) {
  const { state, reload } = useApi(() => loadIncident(incidentKey), [incidentKey]);
  return (
    <AsyncView state={state} retry={reload} label="Loading the incident">
      {(data) => <IncidentBody data={data} reload={reload} />}
    </AsyncView>
  );
}

function IncidentBody({ data, reload }: { data: IncidentData; reload: () => void }) {
  const { incident } = data;
  const session = useSession();
  const canWrite = session.can('incident:write');
  const closed = incident.status === 'closed';
  const editable = canWrite && !closed;
  const severity = data.severities.find((s) => s.severity === incident.severity);
  const acknowledge = useAction(async () => {
    await api.incidents.acknowledge(incident.key);
    reload();
  });
  const affected = incident.affected;

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to="/incidents">Incidents</Link> · {incident.key}{' '}
            {incident.drill ? <Badge tone="info">drill</Badge> : null}
          </>
        }
        title={incident.title}
        subtitle={
          <span className="row">
            <SeverityBadge
              severity={incident.severity}
              {...(severity === undefined ? {} : { name: severity.name })}
            />
            <StatusBadge status={incident.status} />
            <span>
              {incident.type} incident opened <Time iso={incident.openedAt} /> by{' '}
              {incident.openedBy}
            </span>
          </span>
        }
        actions={
          incident.acknowledgedAt === null && !closed ? (
            canWrite ? (
              <button
                type="button"
                className="button primary"
                disabled={acknowledge.busy}
                onClick={() => void acknowledge.run()}
              >
                Acknowledge
              </button>
            ) : (
              <span className="hint">Not acknowledged; acknowledging needs incident:write.</span>
            )
          ) : undefined
        }
      />
      <ActionError error={acknowledge.error} />
      {closed ? (
        <p className="notice">
          Closed <Time iso={incident.closedAt} mode="datetime" />: a closed incident is final and
          accepts no change; a recurrence is a new incident.
        </p>
      ) : !canWrite ? (
        <p className="notice">
          You can read this incident; working it (status, playbook, clocks, review) needs the
          incident:write permission (maintainers, risk and compliance officers).
        </p>
      ) : null}

      <div className="grid grid-2 section-grid">
        <Section title="Summary" id="summary">
          <p className="incident-summary">{incident.summary}</p>
          <Facts
            items={[
              [
                'Severity',
                <>
                  <SeverityBadge severity={incident.severity} /> {severity?.name ?? ''}
                </>,
              ],
              ['Type', incident.type],
              ['Owner', incident.owner ?? 'unassigned'],
              [
                'Affected',
                affected.length === 0
                  ? 'no model named'
                  : affected.map((a, i) => (
                      <div key={i}>
                        <Link to={modelPath(a.model, a.version ?? undefined)}>
                          {a.model}
                          {a.version === null ? '' : `@${a.version}`}
                        </Link>
                        {a.environment === null ? '' : ` in ${a.environment}`}
                      </div>
                    )),
              ],
              ['Playbook', incident.playbook ?? 'none'],
              ['Source', <Source key="s" incident={incident} />],
            ]}
          />
        </Section>
        <StatusSection
          incident={incident}
          severity={severity}
          editable={editable}
          reload={reload}
        />
      </div>

      <Section title="Regulatory clocks" id="clocks">
        {incident.clocks.length === 0 ? (
          <Empty>
            No regulatory clock is running: nobody has marked this incident reportable under a rule
            (EU AI Act Art 73 serious incident, GDPR Art 33 breach, HIPAA, Colorado).
          </Empty>
        ) : (
          <ClockReports incident={incident} editable={editable} reload={reload} />
        )}
        {editable ? (
          <StartClockForm incident={incident} rules={data.rules} reload={reload} />
        ) : null}
      </Section>

      <Playbook incident={incident} editable={editable} reload={reload} />

      <ReviewSection
        incident={incident}
        severity={severity}
        editable={editable}
        reload={reload}
        me={session.me.name}
      />

      <Timeline incident={incident} editable={editable} reload={reload} />

      <Section title="Notifications" id="notifications">
        {incident.notifications.length === 0 ? (
          <Empty>Nobody has been notified yet.</Empty>
        ) : (
          <div className="table-wrap positioned-wrap">
            <table className="data">
              <caption>Who was told, at opening and at each escalation level</caption>
              <thead>
                <tr>
                  <th scope="col">Level</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Recipients</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col">Sent</th>
                </tr>
              </thead>
              <tbody>
                {incident.notifications.map((n, i) => (
                  <tr key={i}>
                    <th scope="row" className="row-heading">
                      {n.level === 0 ? 'at opening' : `escalation ${n.level}`}
                    </th>
                    <td>{n.reason}</td>
                    <td>{describeRecipients(n.recipients)}</td>
                    <td>
                      <Badge
                        tone={n.status === 'sent' ? 'good' : n.status === 'failed' ? 'bad' : 'warn'}
                      >
                        {n.status}
                      </Badge>
                      {n.lastError === null ? null : (
                        <div className="small bad-text">{n.lastError}</div>
                      )}
                    </td>
                    <td>
                      <Time iso={n.createdAt} mode="datetime" />
                    </td>
                    <td>
                      {n.sentAt === null ? (
                        <span className="muted">not sent</span>
                      ) : (
                        <Time iso={n.sentAt} mode="datetime" />
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {incident.notifications.some((n) => n.status === 'pending') ? (
          <p className="hint">
            Pending notifications go out by e-mail once the server has an SMTP relay
            (VERITY_SMTP_URL); webhooks subscribed to incident events receive them regardless.
          </p>
        ) : null}
      </Section>
    </>
  );
}

function Source({ incident }: { incident: IncidentView }) {
  const s = incident.source;
  const alert = alertSource(s);
  if (alert !== undefined) {
    return (
      <>
        alert <code>{alert.key}</code> of monitor{' '}
        <Link to={pathOf('monitoring', alert.model, alert.monitor)}>{alert.monitor}</Link>
      </>
    );
  }
  const labels: Record<string, string> = {
    manual: 'opened by hand',
    drill: 'a drill',
    'gate-override': 'a break-glass override of a blocked gate',
    integrity: 'an integrity check that failed',
    security: 'a security event',
    alert: 'a monitoring alert',
  };
  return <>{labels[s.kind] ?? s.kind}</>;
}

function StatusSection({
  incident,
  severity,
  editable,
  reload,
}: {
  incident: IncidentView;
  severity: SeverityDefinition | undefined;
  editable: boolean;
  reload: () => void;
}) {
  const [note, setNote] = useState('');
  const now = useNow(30_000, incident.resolvedAt === null);
  const transition = useAction(async (to: string) => {
    await api.incidents.transition(incident.key, to, note.trim() === '' ? undefined : note.trim());
    setNote('');
    reload();
  });
  const targets = allowedTransitions(incident.status);
  const current = STATUSES.indexOf(incident.status as (typeof STATUSES)[number]);
  const blockers = closeBlockers(incident, severity?.reviewRequired ?? false);
  const ack =
    severity === undefined
      ? undefined
      : targetState(
          incident.openedAt,
          incident.acknowledgedAt,
          severity.acknowledgeWithinMinutes,
          now,
        );
  const resolve =
    severity === undefined
      ? undefined
      : targetState(incident.openedAt, incident.resolvedAt, severity.resolveWithinMinutes, now);
  const TARGET_TONES: Record<string, Tone> = {
    met: 'good',
    missed: 'bad',
    running: 'info',
    overdue: 'bad',
  };
  const times: [string, string | null][] = [
    ['Onset', incident.onsetAt],
    ['Detected', incident.detectedAt],
    ['Aware (clocks start)', incident.awareAt],
    ['Opened', incident.openedAt],
    ['Acknowledged', incident.acknowledgedAt],
    ['Resolved', incident.resolvedAt],
    ['Closed', incident.closedAt],
  ];
  return (
    <Section title="Status" id="status">
      <ol className="stepper" aria-label="Lifecycle">
        {STATUSES.map((s, i) => (
          <li
            key={s}
            className={i < current ? 'done' : i === current ? 'current' : undefined}
            {...(i === current ? { 'aria-current': 'step' as const } : {})}
          >
            {STATUS_LABELS[s]}
          </li>
        ))}
      </ol>
      <dl className="times">
        {times.map(([label, iso]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>
              {iso === null ? <span className="muted">—</span> : <Time iso={iso} mode="datetime" />}
              {label === 'Acknowledged' && incident.acknowledgedBy !== null
                ? ` by ${incident.acknowledgedBy}`
                : ''}
            </dd>
          </div>
        ))}
      </dl>
      {severity === undefined || ack === undefined || resolve === undefined ? null : (
        <ul className="plain-list targets">
          <li>
            Acknowledge within {formatMinutes(severity.acknowledgeWithinMinutes)}:{' '}
            <Badge tone={TARGET_TONES[ack.state] ?? 'neutral'}>{ack.state}</Badge>{' '}
            <span className="muted small">
              {incident.acknowledgedAt === null
                ? `${formatMinutes(ack.minutes)} so far`
                : `in ${formatMinutes(ack.minutes)}`}
            </span>
          </li>
          <li>
            Resolve within {formatMinutes(severity.resolveWithinMinutes)}:{' '}
            <Badge tone={TARGET_TONES[resolve.state] ?? 'neutral'}>{resolve.state}</Badge>{' '}
            <span className="muted small">
              {incident.resolvedAt === null
                ? `${formatMinutes(resolve.minutes)} so far`
                : `in ${formatMinutes(resolve.minutes)}`}
            </span>
          </li>
        </ul>
      )}
      {editable && targets.length > 0 ? (
        <form className="transition-form" onSubmit={(e: FormEvent) => e.preventDefault()}>
          <label className="field">
            <span>Note for the timeline (optional)</span>
            <textarea value={note} onChange={(e) => setNote(e.target.value)} rows={2} />
          </label>
          <div className="row">
            {targets.map((to) => (
              <button
                key={to}
                type="button"
                className={`button${to === 'resolved' || to === 'closed' ? ' primary' : ''}`}
                disabled={transition.busy}
                onClick={() => void transition.run(to)}
              >
                {transitionLabel(incident.status, to)}
              </button>
            ))}
          </div>
          {targets.includes('closed') && blockers.length > 0 ? (
            <p className="hint">
              Closing a {incident.severity} needs {blockers.join(' and ')}.
            </p>
          ) : null}
          <ActionError error={transition.error} />
        </form>
      ) : null}
    </Section>
  );
}

function Playbook({
  incident,
  editable,
  reload,
}: {
  incident: IncidentView;
  editable: boolean;
  reload: () => void;
}) {
  const [notes, setNotes] = useState<Record<string, string>>({});
  const step = useAction(async (id: string, outcome: 'run' | 'done' | 'skipped') => {
    const note = notes[id]?.trim();
    await api.incidents.step(incident.key, id, outcome, note === '' ? undefined : note);
    setNotes((n) => ({ ...n, [id]: '' }));
    reload();
  });
  const done = incident.steps.filter((s) => s.status === 'done' || s.status === 'skipped').length;
  return (
    <Section
      title={incident.playbook === null ? 'Playbook' : `Playbook: ${incident.playbook}`}
      id="playbook"
    >
      {incident.steps.length === 0 ? (
        <Empty>
          No playbook applies to this incident, so there are no steps to follow; record what is done
          as notes on the timeline.
        </Empty>
      ) : (
        <>
          <p className="hint">
            {done} of {incident.steps.length} steps done or skipped. Action steps marked automatic
            ran when the incident opened.
          </p>
          <ol className="steps">
            {incident.steps.map((s) => {
              const tone: Tone =
                s.status === 'done'
                  ? 'good'
                  : s.status === 'failed'
                    ? 'bad'
                    : s.status === 'skipped'
                      ? 'neutral'
                      : 'warn';
              const auto =
                typeof s.action === 'object' && s.action !== null && s.completedBy === 'verity';
              const open = s.status === 'pending' || s.status === 'failed';
              return (
                <li key={s.id} className={`step step-${s.status}`}>
                  <div className="step-head">
                    <Badge tone={tone}>{s.status}</Badge>
                    <strong>{s.title}</strong>
                    <span className="muted small">
                      {s.kind === 'action'
                        ? `action: ${describeAction(s.action)}${auto ? ' (automatic)' : ''}`
                        : 'checklist'}
                    </span>
                  </div>
                  {s.result === null ? null : <p className="step-result">{s.result}</p>}
                  {s.completedAt === null ? null : (
                    <p className="muted small">
                      {s.completedBy} · <Time iso={s.completedAt} mode="datetime" />
                    </p>
                  )}
                  {editable && open ? (
                    <div className="step-actions">
                      <label className="field">
                        <span>Note on “{s.title}”</span>
                        <input
                          value={notes[s.id] ?? ''}
                          onChange={(e) => setNotes((n) => ({ ...n, [s.id]: e.target.value }))}
                        />
                      </label>
                      <div className="row">
                        {s.kind === 'action' ? (
                          <button
                            type="button"
                            className="button primary small"
                            disabled={step.busy}
                            onClick={() => void step.run(s.id, 'run')}
                          >
                            Run: {describeAction(s.action)}
                          </button>
                        ) : null}
                        <button
                          type="button"
                          className="button small"
                          disabled={step.busy}
                          onClick={() => void step.run(s.id, 'done')}
                        >
                          Mark done
                        </button>
                        <button
                          type="button"
                          className="button small"
                          disabled={step.busy}
                          onClick={() => void step.run(s.id, 'skipped')}
                        >
                          Skip
                        </button>
                      </div>
                    </div>
                  ) : null}
                </li>
              );
            })}
          </ol>
          <ActionError error={step.error} />
        </>
      )}
    </Section>
  );
}

const TIMELINE_LABELS: Record<string, string> = {
  opened: 'opened',
  acknowledged: 'acknowledged',
  status: 'status',
  'step-done': 'step',
  'step-failed': 'step failed',
  note: 'note',
  review: 'review',
  'review-completed': 'review',
  'action-done': 'action',
  'clock-started': 'clock',
  'report-edited': 'report',
  'report-submitted': 'report',
  escalated: 'escalated',
  updated: 'updated',
};

function Timeline({
  incident,
  editable,
  reload,
}: {
  incident: IncidentView;
  editable: boolean;
  reload: () => void;
}) {
  const [text, setText] = useState('');
  const add = useAction(async () => {
    await api.incidents.note(incident.key, text.trim());
    setText('');
    reload();
  });
  return (
    <Section title="Timeline" id="timeline">
      <ol className="timeline">
        {incident.timeline.map((t, i) => (
          <li key={i} className={`timeline-${t.kind}`}>
            <time dateTime={t.at} className="timeline-time">
              {formatDateTime(t.at)}
            </time>
            <div>
              <Badge tone={t.kind === 'step-failed' ? 'bad' : 'neutral'}>
                {TIMELINE_LABELS[t.kind] ?? t.kind}
              </Badge>{' '}
              <span className="timeline-actor">{t.actor}</span>
              <p>{t.summary}</p>
            </div>
          </li>
        ))}
      </ol>
      {editable ? (
        <form
          className="note-form"
          onSubmit={(e) => {
            e.preventDefault();
            if (text.trim() !== '') void add.run();
          }}
        >
          <label className="field">
            <span>Add a note to the timeline</span>
            <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} />
          </label>
          <button type="submit" className="button" disabled={add.busy || text.trim() === ''}>
            Add note
          </button>
          <ActionError error={add.error} />
        </form>
      ) : null}
    </Section>
  );
}
