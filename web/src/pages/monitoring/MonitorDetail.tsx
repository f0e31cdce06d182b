import { useMemo } from 'react';
import type { IncidentView, MonitorRun, MonitorView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Digest, formatNumber, Time } from '../../components/format.js';
import { Facts, PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath, namespaceOfRef } from '../../lib/models.js';
import { DistributionSection } from './DistributionSection.js';
import { DriftSection } from './DriftSection.js';
import { AlertsTable } from './MonitorOverview.js';
import { FairnessSection, PerformanceSection } from './OutcomeSections.js';
import {
  alertActions,
  alertsOf,
  breachSummary,
  describeWindow,
  driftStatus,
  driftTimeline,
  formatShare,
  formatWindow,
  metricName,
  testName,
  type DriftTimeline,
} from './monitoring-data.js';

async function loadMonitor(model: string, name: string, readIncidents: boolean) {
  const [monitor, runs, alerts] = await Promise.all([
    api.monitoring.getMonitor(model, name),
    api.monitoring.runs(model, name, { limit: 200 }),
    api.monitoring.alerts({ model, limit: 500 }),
  ]);
  const mine = alertsOf(alerts, monitor.model, name);
  const keys = [
    ...new Set(
      mine.flatMap((a) => alertActions(a).flatMap((x) => (x.incident ? [x.incident] : []))),
    ),
  ];
  const incidents: Record<string, IncidentView | undefined> = {};
  if (readIncidents) {
    // An incident that cannot be read (removed, or out of reach) leaves its action unlinked;
    // the rest of the page still shows.
    const found = await Promise.all(
      keys.map((key) => api.incidents.get(key).catch(() => undefined)),
    );
    for (const incident of found) if (incident !== undefined) incidents[incident.key] = incident;
  }
  return { monitor, runs, alerts: mine, incidents };
}

export type MonitorData = Awaited<ReturnType<typeof loadMonitor>>;

/** One monitor: what it watches, how its inputs drifted, and what it did about it. */
export function MonitorDetail({ model, monitor }: { model: string; monitor: string }) {
  const session = useSession();
  const readIncidents = session.can('governance:read', namespaceOfRef(model));
  const { state, reload } = useApi(
    () => loadMonitor(model, monitor, readIncidents),
    [model, monitor, readIncidents],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the monitor">
      {(data) => <MonitorBody data={data} model={model} />}
    </AsyncView>
  );
}

function MonitorBody({ data, model }: { data: MonitorData; model: string }) {
  const { monitor, runs } = data;
  const { path, query } = useLocation();
  const timeline = useMemo(() => driftTimeline(runs), [runs]);
  const setParams = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [key, value] of Object.entries(changes)) {
      if (value === undefined || value === '') next.delete(key);
      else next.set(key, value);
    }
    const search = next.toString();
    navigate(search === '' ? path : `${path}?${search}`, { replace: true });
  };
  const latest = runs[0];
  const status = driftStatus(latest);
  const breaches = breachSummary(timeline);
  const firing = data.alerts.filter((a) => a.status === 'firing').length;

  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to="/monitoring">Monitoring</Link> ·{' '}
            <Link to={modelPath(model)}>{monitor.model}</Link>
          </>
        }
        title={monitor.name}
        subtitle={
          <>
            Watches <strong>{monitor.model}</strong> in <strong>{monitor.environment}</strong>{' '}
            against {monitor.reference.description} ({formatNumber(monitor.reference.rows)} rows),
            in {describeWindow(monitor.config.windowSeconds)} windows.
          </>
        }
        actions={
          <>
            {monitor.active ? <Badge tone="good">active</Badge> : <Badge>paused</Badge>}
            <Link className="button" to={modelPath(model)}>
              Open the model
            </Link>
          </>
        }
      />
      <div className="stats">
        <Stat
          label={
            latest === undefined
              ? 'latest window'
              : `latest window (${formatWindow(latest.window.start, latest.window.end)})`
          }
          value={status.label}
          {...(status.tone === 'bad'
            ? { tone: 'bad' as const }
            : status.tone === 'good'
              ? { tone: 'good' as const }
              : {})}
        />
        <Stat label="windows judged" value={breaches.total} />
        <Stat
          label="windows with dataset drift"
          value={breaches.breached}
          {...(breaches.breached > 0 ? { tone: 'warn' as const } : {})}
        />
        <Stat label="alerts firing" value={firing} tone={firing > 0 ? 'bad' : 'good'} />
        <Stat
          label="records in the latest window"
          value={latest === undefined ? '—' : formatNumber(latest.results.records)}
        />
      </div>

      {runs.length === 0 ? (
        <Section title="Drift over time" id="drift">
          <Empty>
            This monitor has not run yet. It judges each{' '}
            {describeWindow(monitor.config.windowSeconds)} window once it closes and holds at least{' '}
            {formatNumber(monitor.config.minRecords)} predictions; send them with{' '}
            <code>POST /api/v1/models/{monitor.model}/predictions</code>.
          </Empty>
        </Section>
      ) : (
        <>
          <DriftSection timeline={timeline} query={query} setParams={setParams} />
          <DistributionSection
            model={model}
            monitor={monitor}
            timeline={timeline}
            query={query}
            setParams={setParams}
          />
          <div className="grid grid-2 section-grid">
            <PerformanceSection monitor={monitor} runs={runs} />
            <FairnessSection monitor={monitor} runs={runs} />
          </div>
          <RunHistory runs={runs} timeline={timeline} setParams={setParams} />
        </>
      )}

      <Section title="Alerts of this monitor" id="monitor-alerts">
        {data.alerts.length === 0 ? (
          <Empty>
            No alert has fired. A breach of a threshold fires an alert with severity{' '}
            {monitor.config.severity}
            {monitor.config.actions.length === 0
              ? '.'
              : `, which then runs this monitor's actions (${monitor.config.actions.map((a) => a.kind).join(', ')}).`}
          </Empty>
        ) : (
          <AlertsTable
            alerts={data.alerts}
            anyAlerts
            showMonitor={false}
            incidents={data.incidents}
          />
        )}
      </Section>

      <Configuration monitor={monitor} />
    </>
  );
}

function RunHistory({
  runs,
  timeline,
  setParams,
}: {
  runs: MonitorRun[];
  timeline: DriftTimeline;
  setParams: (changes: Record<string, string | undefined>) => void;
}) {
  const compare = (run: MonitorRun) => {
    const window = timeline.windows.find((w) => w.runId === run.id);
    setParams({
      run: run.id,
      ...(window?.drifted[0] === undefined ? {} : { dist: window.drifted[0] }),
    });
    document.getElementById('distribution')?.scrollIntoView({ block: 'start' });
  };
  return (
    <Section title="Run history" id="runs">
      <div className="table-wrap positioned-wrap">
        <table className="data">
          <caption>
            {runs.length} run{runs.length === 1 ? '' : 's'}, newest first; runs that breached a
            threshold are highlighted
          </caption>
          <thead>
            <tr>
              <th scope="col">Window</th>
              <th scope="col" className="col-secondary">
                Run at
              </th>
              <th scope="col" className="num">
                Records
              </th>
              <th scope="col" className="num col-secondary">
                Labelled
              </th>
              <th scope="col">Drifted columns</th>
              <th scope="col" className="num">
                Drift share
              </th>
              <th scope="col">Status</th>
              <th scope="col">Alerts</th>
              <th scope="col">
                <span className="visually-hidden">Distributions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const drifted = (run.results.drift?.columns ?? []).filter((c) => c.drifted);
              return (
                <tr key={run.id} className={run.status === 'breach' ? 'row-breach' : undefined}>
                  <th scope="row" className="row-heading nowrap">
                    {formatWindow(run.window.start, run.window.end)}
                  </th>
                  <td className="nowrap col-secondary">
                    <Time iso={run.createdAt} mode="datetime" />
                    <div className="muted small">by {run.createdBy}</div>
                  </td>
                  <td className="num">{formatNumber(run.results.records)}</td>
                  <td className="num col-secondary">{formatNumber(run.results.labelled)}</td>
                  <td>
                    {drifted.length === 0 ? (
                      <span className="muted">none</span>
                    ) : (
                      drifted.map((c) => c.column).join(', ')
                    )}
                  </td>
                  <td className="num">{formatShare(run.results.drift?.share)}</td>
                  <td>
                    <Badge
                      tone={run.status === 'breach' ? 'bad' : run.status === 'ok' ? 'good' : 'warn'}
                    >
                      {run.status === 'breach' ? 'breach' : run.status === 'ok' ? 'ok' : 'no data'}
                    </Badge>
                  </td>
                  <td className="small">
                    {run.alerts.fired.map((k) => (
                      <div key={`f-${k}`}>
                        fired <code>{k}</code>
                      </div>
                    ))}
                    {run.alerts.resolved.map((k) => (
                      <div key={`r-${k}`}>
                        resolved <code>{k}</code>
                      </div>
                    ))}
                  </td>
                  <td>
                    <button type="button" className="button small" onClick={() => compare(run)}>
                      Distributions
                      <span className="visually-hidden">
                        {' '}
                        of {formatWindow(run.window.start, run.window.end)}
                      </span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </Section>
  );
}

function Configuration({ monitor }: { monitor: MonitorView }) {
  const c = monitor.config;
  const columns = c.columns ?? monitor.reference.columns.map((col) => col.name);
  const tests = c.drift.tests ?? {};
  const bound = (r: { min?: number | undefined; max?: number | undefined }) =>
    [r.min === undefined ? '' : `≥ ${r.min}`, r.max === undefined ? '' : `≤ ${r.max}`]
      .filter(Boolean)
      .join(' and ');
  return (
    <Section title="Configuration" id="configuration">
      <Facts
        items={[
          ['Environment', monitor.environment],
          [
            'Windows',
            `${describeWindow(c.windowSeconds)}, at least ${formatNumber(c.minRecords)} records`,
          ],
          [
            'Reference',
            <>
              {monitor.reference.description}
              <div className="small">
                <Digest value={monitor.reference.digest} />
              </div>
            </>,
          ],
          [
            'Dataset drift',
            `when ${formatShare(c.drift.datasetShare, 0)} or more of ${columns.length} columns drift`,
          ],
          ['Alert severity', <StatusBadge key="s" status={c.severity} />],
          [
            'On a new alert',
            c.actions.length === 0
              ? 'notify webhook subscribers'
              : c.actions
                  .map((a) =>
                    a.kind === 'incident'
                      ? `open a ${a.severity} incident${a.playbook === undefined ? '' : ` (playbook ${a.playbook})`}`
                      : a.kind === 'rollback'
                        ? 'roll production back'
                        : 'request retraining',
                  )
                  .join('; '),
          ],
          [
            'Raw features kept',
            c.retentionDays === 0 ? 'none (profiles only)' : `${c.retentionDays} days`,
          ],
          ['Created', <Time key="c" iso={monitor.createdAt} mode="datetime" />],
          ['Created by', monitor.createdBy],
        ]}
      />
      <div className="table-wrap positioned-wrap config-tests">
        <table className="data">
          <caption>Drift test per column</caption>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Type</th>
              <th scope="col">Test</th>
              <th scope="col" className="num">
                Threshold
              </th>
            </tr>
          </thead>
          <tbody>
            {columns.map((name) => {
              const t = tests[name];
              return (
                <tr key={name}>
                  <th scope="row" className="row-heading">
                    {name}
                  </th>
                  <td>{monitor.reference.columns.find((col) => col.name === name)?.type ?? '—'}</td>
                  <td>{t === undefined ? 'default for the column type' : testName(t.test)}</td>
                  <td className="num">{t?.threshold ?? 'default'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {c.performance.length === 0 && c.fairness.length === 0 ? (
        <p className="hint">No performance or fairness thresholds are configured.</p>
      ) : (
        <ul className="plain-list">
          {c.performance.map((r) => (
            <li key={`p-${r.metric}`}>
              {metricName(r.metric)} {bound(r)}
            </li>
          ))}
          {c.fairness.map((r) => (
            <li key={`f-${r.metric}-${r.attributes.join('-')}`}>
              {metricName(r.metric)} by {r.attributes.join(' × ')} {bound(r)}
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
