import type { AlertView, IncidentView, Model } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, pathOf, useLocation } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatNumber, Time } from '../../components/format.js';
import { PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath, modelRef } from '../../lib/models.js';
import { AlertActions } from './AlertActions.js';
import {
  describeWindow,
  driftStatus,
  formatWindow,
  latestPerWindow,
  type MonitorSummary,
} from './monitoring-data.js';

/** How many recent windows the overview shows per monitor. */
const RECENT = 28;

async function loadOverview() {
  const [models, alerts] = await Promise.all([
    api.listModels({ limit: 500 }),
    api.monitoring.alerts({ limit: 500 }),
  ]);
  const perModel = await Promise.all(
    models.items.map(async (model) => {
      const ref = modelRef(model);
      const monitors = await api.monitoring.listMonitors(ref);
      const summaries = await Promise.all(
        monitors.map(async (monitor): Promise<MonitorSummary> => {
          const recent = await api.monitoring.runs(ref, monitor.name, { limit: RECENT });
          const mine = alerts.filter((a) => a.model === ref && a.monitor === monitor.name);
          return {
            monitor,
            recent,
            alertsFiring: mine.filter((a) => a.status === 'firing').length,
            alertsResolved: mine.filter((a) => a.status === 'resolved').length,
          };
        }),
      );
      return { model, ref, monitors: summaries };
    }),
  );
  return { models: perModel, alerts };
}

type Overview = Awaited<ReturnType<typeof loadOverview>>;

export function MonitorOverview() {
  const { state, reload } = useApi(loadOverview, []);
  const { query } = useLocation();
  const modelFilter = query.get('model') ?? '';
  const alertFilter = query.get('alerts') ?? 'all';
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value === '' || value === 'all') next.delete(key);
    else next.set(key, value);
    const search = next.toString();
    navigate(search === '' ? '/monitoring' : `/monitoring?${search}`, { replace: true });
  };
  return (
    <>
      <PageHeader
        title="Monitoring"
        subtitle="Drift of production inputs against the validation data, performance once labels arrive, and fairness across groups — judged window by window, with the alerts they raised."
      />
      <AsyncView state={state} retry={reload} label="Loading monitors">
        {(data) => (
          <OverviewBody
            data={data}
            modelFilter={modelFilter}
            alertFilter={alertFilter}
            setParam={setParam}
          />
        )}
      </AsyncView>
    </>
  );
}

function OverviewBody({
  data,
  modelFilter,
  alertFilter,
  setParam,
}: {
  data: Overview;
  modelFilter: string;
  alertFilter: string;
  setParam: (key: string, value: string) => void;
}) {
  const monitors = data.models.flatMap((m) =>
    m.monitors.map((s) => ({ ...s, model: m.model, ref: m.ref })),
  );
  const shown = monitors.filter((m) => modelFilter === '' || m.ref === modelFilter);
  const unmonitored = data.models.filter((m) => m.monitors.length === 0).map((m) => m.model);
  const alerts = data.alerts.filter(
    (a) =>
      (modelFilter === '' || a.model === modelFilter) &&
      (alertFilter === 'all' || a.status === alertFilter),
  );
  const firing = data.alerts.filter((a) => a.status === 'firing').length;
  const windows = monitors.flatMap((m) => latestPerWindow(m.recent));
  const breached = windows.filter((w) => w.status === 'breach').length;
  const knownFilter = modelFilter === '' || data.models.some((m) => m.ref === modelFilter);

  return (
    <>
      <div className="stats">
        <Stat
          label="monitors active"
          value={`${monitors.filter((m) => m.monitor.active).length} / ${monitors.length}`}
        />
        <Stat
          label="models monitored"
          value={`${data.models.length - unmonitored.length} / ${data.models.length}`}
          {...(unmonitored.length > 0 ? { tone: 'warn' as const } : {})}
        />
        <Stat label="alerts firing" value={firing} tone={firing > 0 ? 'bad' : 'good'} />
        <Stat
          label={`windows breached (last ${RECENT} per monitor)`}
          value={`${breached} / ${windows.length}`}
          {...(breached > 0 ? { tone: 'warn' as const } : {})}
        />
      </div>

      <Section
        title="Monitors"
        id="monitors"
        actions={
          <label className="field inline-field">
            <span>Model</span>
            <select value={modelFilter} onChange={(e) => setParam('model', e.target.value)}>
              <option value="">all models</option>
              {data.models.map((m) => (
                <option key={m.ref} value={m.ref}>
                  {m.ref}
                </option>
              ))}
              {knownFilter ? null : <option value={modelFilter}>{modelFilter}</option>}
            </select>
          </label>
        }
      >
        {monitors.length === 0 ? (
          <Empty>
            No model is monitored yet. A monitor compares production traffic with a reference
            dataset window by window; create one with{' '}
            <code>verity monitor create &lt;model&gt; --name production-traffic --dataset …</code>.
          </Empty>
        ) : shown.length === 0 ? (
          <Empty>
            {modelFilter} has no monitor.{' '}
            <button type="button" className="button small" onClick={() => setParam('model', '')}>
              Show all models
            </button>
          </Empty>
        ) : (
          <div className="table-wrap positioned-wrap">
            <table className="data">
              <caption>
                {shown.length} of {monitors.length} monitors
              </caption>
              <thead>
                <tr>
                  <th scope="col">Monitor</th>
                  <th scope="col">Model</th>
                  <th scope="col">Environment</th>
                  <th scope="col">Last run</th>
                  <th scope="col">Drift status</th>
                  <th scope="col">Recent windows</th>
                  <th scope="col">Alerts</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((m) => (
                  <MonitorLine key={m.monitor.id} summary={m} model={m.model} ref_={m.ref} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        {unmonitored.length === 0 ? null : (
          <p className="hint">
            Not monitored:{' '}
            {unmonitored.map((m, i) => (
              <span key={m.id}>
                {i > 0 ? ', ' : ''}
                <Link to={modelPath(modelRef(m))}>{modelRef(m)}</Link>
              </span>
            ))}
            . Production traffic of these models is not compared with any reference.
          </p>
        )}
      </Section>

      <Section
        title="Alerts"
        id="alerts"
        actions={
          <label className="field inline-field">
            <span>Alert status</span>
            <select value={alertFilter} onChange={(e) => setParam('alerts', e.target.value)}>
              <option value="all">firing and resolved</option>
              <option value="firing">firing</option>
              <option value="resolved">resolved</option>
            </select>
          </label>
        }
      >
        <AlertsTable alerts={alerts} anyAlerts={data.alerts.length > 0} />
      </Section>
    </>
  );
}

function MonitorLine({
  summary,
  model,
  ref_,
}: {
  summary: MonitorSummary;
  model: Model;
  ref_: string;
}) {
  const { monitor, recent } = summary;
  const latest = recent[0];
  const status = driftStatus(latest);
  const href = pathOf('monitoring', ref_, monitor.name);
  return (
    <tr>
      <th scope="row" className="row-heading">
        <Link to={href}>
          <strong>{monitor.name}</strong>
        </Link>
        {monitor.active ? null : (
          <>
            {' '}
            <Badge>paused</Badge>
          </>
        )}
        <div className="muted small">
          {describeWindow(monitor.config.windowSeconds)} windows · {monitor.reference.description}
        </div>
      </th>
      <td>
        <Link to={modelPath(ref_)}>{model.name}</Link>
        {model.namespace === 'default' ? null : (
          <span className="muted small"> · {model.namespace}</span>
        )}
      </td>
      <td>{monitor.environment}</td>
      <td>
        <Time iso={monitor.lastRunAt} />
        {latest === undefined ? null : (
          <div className="muted small">
            window {formatWindow(latest.window.start, latest.window.end)}
          </div>
        )}
      </td>
      <td>
        <Badge tone={status.tone}>{status.label}</Badge>
        <div className="muted small">{status.detail}</div>
      </td>
      <td>
        <WindowStrip summary={summary} />
      </td>
      <td>
        {summary.alertsFiring === 0 && summary.alertsResolved === 0 ? (
          <span className="muted">none</span>
        ) : (
          <div className="stack-tight">
            {summary.alertsFiring === 0 ? null : (
              <Badge tone="bad">{summary.alertsFiring} firing</Badge>
            )}
            {summary.alertsResolved === 0 ? null : (
              <Badge tone="good">{summary.alertsResolved} resolved</Badge>
            )}
          </div>
        )}
      </td>
    </tr>
  );
}

/** One small cell per recent window, coloured by its status, oldest on the left. */
function WindowStrip({ summary }: { summary: MonitorSummary }) {
  const windows = latestPerWindow(summary.recent);
  if (windows.length === 0) return <span className="muted">no runs</span>;
  const breached = windows.filter((w) => w.status === 'breach').length;
  const noData = windows.filter((w) => w.status === 'no-data').length;
  const cell = 4;
  const gap = 2;
  const label = `Last ${windows.length} windows: ${breached} breached, ${noData} without enough data, ${windows.length - breached - noData} within thresholds`;
  return (
    <span className="window-strip">
      <svg width={windows.length * (cell + gap)} height={18} role="img" aria-label={label}>
        <title>{label}</title>
        {windows.map((w, i) => (
          <rect
            key={w.id}
            x={i * (cell + gap)}
            y={w.status === 'breach' ? 0 : 4}
            width={cell}
            height={w.status === 'breach' ? 18 : 14}
            rx={1.5}
            className={`strip-${w.status}`}
          >
            <title>{`${formatWindow(w.window.start, w.window.end)}: ${w.status}`}</title>
          </rect>
        ))}
      </svg>
      <span className="small muted">
        {breached} of {windows.length} breached
      </span>
    </span>
  );
}

/** Alerts with their status, what breached, when, and what they did. */
export function AlertsTable({
  alerts,
  anyAlerts,
  showMonitor = true,
  incidents,
}: {
  alerts: AlertView[];
  anyAlerts: boolean;
  showMonitor?: boolean;
  /** The incidents the alerts opened, to show their state beside the action. */
  incidents?: Record<string, IncidentView | undefined>;
}) {
  if (alerts.length === 0) {
    return (
      <Empty>
        {anyAlerts
          ? 'No alert matches this filter.'
          : 'No alert has fired. An alert fires when a run breaches a drift, performance or fairness threshold, and resolves at the first run that no longer breaches.'}
      </Empty>
    );
  }
  return (
    <div className="table-wrap positioned-wrap">
      <table className="data">
        <caption>
          {alerts.length} alert{alerts.length === 1 ? '' : 's'}, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Alert</th>
            {showMonitor ? <th scope="col">Monitor</th> : null}
            <th scope="col">Status</th>
            <th scope="col">Severity</th>
            <th scope="col">Fired</th>
            <th scope="col">Last seen</th>
            <th scope="col" className="num">
              Windows
            </th>
            <th scope="col">Actions taken</th>
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id}>
              <th scope="row" className="row-heading">
                <code>{a.key}</code>
                <div className="small">{a.summary}</div>
              </th>
              {showMonitor ? (
                <td>
                  <Link to={pathOf('monitoring', a.model, a.monitor)}>{a.monitor}</Link>
                  <div className="muted small">
                    {a.model} · {a.environment}
                  </div>
                </td>
              ) : null}
              <td>
                <StatusBadge status={a.status} />
                {a.resolvedAt === null ? null : (
                  <div className="muted small">
                    resolved <Time iso={a.resolvedAt} mode="datetime" />
                  </div>
                )}
              </td>
              <td>
                <StatusBadge status={a.severity} />
              </td>
              <td>
                <Time iso={a.firedAt} mode="datetime" />
              </td>
              <td>
                <Time iso={a.lastSeenAt} mode="datetime" />
              </td>
              <td className="num">{formatNumber(a.occurrences)}</td>
              <td>
                <AlertActions alert={a} {...(incidents === undefined ? {} : { incidents })} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
