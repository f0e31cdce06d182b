import { useState } from 'react';
import type { IncidentView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { formatDateTime } from '../../components/format.js';
import { openClocks, type Clock, type ClockRuleOption } from './incident-data.js';
import { ActionError, ClockCountdown } from './incident-parts.js';
import { useNow } from './use-now.js';

/** Every clock with its live countdown and the draft report the authority expects. */
export function ClockReports({
  incident,
  editable,
  reload,
}: {
  incident: IncidentView;
  editable: boolean;
  reload: () => void;
}) {
  const now = useNow(1000, openClocks(incident.clocks).length > 0);
  return (
    <div className="clock-list">
      {incident.clocks.map((clock) => (
        <ClockCard
          key={clock.rule}
          incident={incident}
          clock={clock}
          now={now}
          editable={editable}
          reload={reload}
        />
      ))}
    </div>
  );
}

function ClockCard({
  incident,
  clock,
  now,
  editable,
  reload,
}: {
  incident: IncidentView;
  clock: Clock;
  now: number;
  editable: boolean;
  reload: () => void;
}) {
  const [editing, setEditing] = useState(false);
  const [values, setValues] = useState<Record<string, string>>({});
  const fields = clock.report.fields;
  const required = fields.filter((f) => f.required);
  const filled = required.filter((f) => (f.value ?? '').trim() !== '').length;
  const submitted = clock.submittedAt !== null;
  const save = useAction(async () => {
    const changed = Object.fromEntries(
      Object.entries(values).filter(
        ([name, v]) => v !== (fields.find((f) => f.name === name)?.value ?? ''),
      ),
    );
    if (Object.keys(changed).length > 0)
      await api.incidents.editReport(incident.key, clock.rule, changed);
    setEditing(false);
    setValues({});
    reload();
  });
  const submit = useAction(async () => {
    await api.incidents.submitReport(incident.key, clock.rule);
    reload();
  });
  const headingId = `clock-${clock.rule}`;
  return (
    <article className="clock-card" aria-labelledby={headingId}>
      <h3 id={headingId}>{clock.title}</h3>
      <ClockCountdown clock={clock} now={now} />
      <p className="muted small">
        {clock.framework}, {clock.citation} · started {formatDateTime(clock.startedAt)} · warns from{' '}
        {formatDateTime(clock.warnAt)}
      </p>
      <div className="report-status">
        Report to the authority:{' '}
        {submitted ? (
          <Badge tone={clock.status === 'submitted-late' ? 'warn' : 'good'}>
            submitted {formatDateTime(clock.submittedAt)}
          </Badge>
        ) : (
          <Badge tone={filled === required.length ? 'good' : 'warn'}>
            {filled} of {required.length} required fields filled
          </Badge>
        )}
      </div>
      <details className="report-fields">
        <summary>Report fields</summary>
        <div className="table-wrap positioned-wrap">
          <table className="data">
            <caption>
              Draft report for {clock.framework}, {clock.citation}
            </caption>
            <thead>
              <tr>
                <th scope="col">Field</th>
                <th scope="col">Required</th>
                <th scope="col">Value</th>
              </tr>
            </thead>
            <tbody>
              {fields.map((f) => (
                <tr key={f.name}>
                  <th scope="row" className="row-heading">
                    {f.label}
                  </th>
                  <td>{f.required ? 'yes' : 'no'}</td>
                  <td className="report-value">
                    {(f.value ?? '').trim() === '' ? (
                      <Badge tone={f.required ? 'bad' : 'neutral'}>missing</Badge>
                    ) : (
                      f.value
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
      {editable && !submitted ? (
        <div className="clock-actions">
          <div className="row">
            <button
              type="button"
              className="button small"
              aria-expanded={editing}
              onClick={() => setEditing((e) => !e)}
            >
              {editing ? 'Close the editor' : 'Edit the report'}
            </button>
            <button
              type="button"
              className="button primary small"
              disabled={submit.busy || filled < required.length}
              onClick={() => void submit.run()}
            >
              Record the submission
            </button>
            {filled < required.length ? (
              <span className="hint">Every required field must be filled first.</span>
            ) : null}
          </div>
          <ActionError error={submit.error} />
          {editing ? (
            <form
              className="report-form"
              onSubmit={(e) => {
                e.preventDefault();
                void save.run();
              }}
            >
              {fields.map((f) => (
                <label key={f.name} className="field">
                  <span>
                    {f.label}
                    {f.required ? ' (required)' : ''}
                  </span>
                  <textarea
                    rows={2}
                    value={values[f.name] ?? f.value ?? ''}
                    onChange={(e) => setValues((v) => ({ ...v, [f.name]: e.target.value }))}
                  />
                </label>
              ))}
              <button type="submit" className="button primary" disabled={save.busy}>
                Save the report
              </button>
              <ActionError error={save.error} />
            </form>
          ) : null}
        </div>
      ) : null}
    </article>
  );
}

/** Marks the incident reportable under a rule: its clock starts from awareness (or a given time). */
export function StartClockForm({
  incident,
  rules,
  reload,
}: {
  incident: IncidentView;
  rules: ClockRuleOption[];
  reload: () => void;
}) {
  const available = rules.filter((r) => !incident.clocks.some((c) => c.rule === r.id));
  const [rule, setRule] = useState('');
  const [from, setFrom] = useState<'awareness' | 'now'>('awareness');
  const start = useAction(async () => {
    await api.incidents.startClock(
      incident.key,
      rule,
      from === 'now' ? new Date().toISOString() : undefined,
    );
    setRule('');
    reload();
  });
  if (available.length === 0) return null;
  return (
    <form
      className="start-clock filters"
      onSubmit={(e) => {
        e.preventDefault();
        if (rule !== '') void start.run();
      }}
    >
      <label className="field">
        <span>Mark reportable under</span>
        <select value={rule} onChange={(e) => setRule(e.target.value)}>
          <option value="">choose a rule…</option>
          {available.map((r) => (
            <option key={r.id} value={r.id}>
              {r.framework.split(' (')[0]} {r.citation}: {r.title}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Clock starts</span>
        <select value={from} onChange={(e) => setFrom(e.target.value as 'awareness' | 'now')}>
          <option value="awareness">at awareness ({formatDateTime(incident.awareAt)})</option>
          <option value="now">now</option>
        </select>
      </label>
      <button type="submit" className="button" disabled={start.busy || rule === ''}>
        Start the clock
      </button>
      <ActionError error={start.error} />
    </form>
  );
}
