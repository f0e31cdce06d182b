import { useMemo } from 'react';
import type {
  DurationSummary,
  IncidentKpis,
  IncidentSummary,
  IncidentView,
} from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, pathOf, useLocation } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { relative, Time } from '../../components/format.js';
import { PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath } from '../../lib/models.js';
import {
  boardColumns,
  clockStatusAt,
  filterIncidents,
  formatMinutes,
  openClocks,
  severityDefinitions,
  SEVERITIES,
  SORT_KEYS,
  sortIncidents,
  STATUS_LABELS,
  STATUSES,
  type SeverityDefinition,
  type SortKey,
} from './incident-data.js';
import { ClockCountdown, SeverityBadge } from './incident-parts.js';
import { useNow } from './use-now.js';

async function loadIncidents(drills: boolean) {
  const [incidents, kpis, reference] = await Promise.all([
    api.incidents.list({ drills: drills ? 'include' : 'exclude' }),
    api.incidents.kpis(),
    api.incidents.reference(),
  ]);
  // The list carries no clocks: read each incident still being worked (a closed incident takes no
  // more reports, so its clocks are final).
  const details = await Promise.all(
    incidents.filter((i) => i.status !== 'closed').map((i) => api.incidents.get(i.key)),
  );
  const clocks: Record<string, IncidentView['clocks']> = {};
  for (const d of details) clocks[d.key] = d.clocks;
  return { incidents, kpis, severities: severityDefinitions(reference), clocks };
}

type Loaded = Awaited<ReturnType<typeof loadIncidents>>;

/** The incident board (or table): status columns, severities, owners and live regulatory clocks. */
export function IncidentsPage() {
  const { query } = useLocation();
  const drills = query.get('drills') === 'include';
  const { state, reload } = useApi(() => loadIncidents(drills), [drills]);
  const setParam = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(query);
    if (value === undefined || value === '') next.delete(key);
    else next.set(key, value);
    const search = next.toString();
    navigate(search === '' ? '/incidents' : `/incidents?${search}`, { replace: true });
  };
  return (
    <>
      <PageHeader
        title="Incidents"
        subtitle="Every incident from detection to review: who owns it, what the playbook did, and the regulatory reporting deadlines still running."
      />
      <AsyncView state={state} retry={reload} label="Loading incidents">
        {(data) => <IncidentsBody data={data} query={query} setParam={setParam} drills={drills} />}
      </AsyncView>
    </>
  );
}

function IncidentsBody({
  data,
  query,
  setParam,
  drills,
}: {
  data: Loaded;
  query: URLSearchParams;
  setParam: (key: string, value: string | undefined) => void;
  drills: boolean;
}) {
  const view = query.get('view') === 'table' ? 'table' : 'board';
  const severity = query.get('severity') ?? '';
  const model = query.get('model') ?? '';
  const sortParam = query.get('sort') ?? 'opened';
  const sort: SortKey = (SORT_KEYS as readonly string[]).includes(sortParam)
    ? (sortParam as SortKey)
    : 'opened';
  const direction = query.get('dir') === 'asc' ? 'asc' : 'desc';
  const shown = filterIncidents(data.incidents, { severity, model });
  const allClocks = Object.values(data.clocks).flatMap(openClocks);
  const now = useNow(1000, allClocks.length > 0);
  const overdue = allClocks.filter((c) => clockStatusAt(c, now) === 'overdue').length;
  const active = data.incidents.filter(
    (i) => !i.drill && ['open', 'triaged', 'mitigating'].includes(i.status),
  ).length;
  const models = [...new Set(data.incidents.flatMap((i) => i.affected.map((a) => a.model)))].sort();
  const names = Object.fromEntries(data.severities.map((s) => [s.severity, s.name]));
  const o = data.kpis.overall;

  return (
    <>
      <div className="stats">
        <Stat
          label="active incidents"
          value={active}
          {...(active > 0 ? { tone: 'warn' as const } : {})}
        />
        <Stat
          label={
            overdue > 0
              ? `regulatory clocks running, ${overdue} overdue`
              : 'regulatory clocks running'
          }
          value={allClocks.length}
          {...(overdue > 0 ? { tone: 'bad' as const } : {})}
        />
        <Stat
          label={`median time to detect (n = ${o.timeToDetect.n})`}
          value={formatMinutes(o.timeToDetect.median)}
        />
        <Stat
          label={`median time to acknowledge (n = ${o.timeToAcknowledge.n})`}
          value={formatMinutes(o.timeToAcknowledge.median)}
        />
        <Stat
          label={`median time to resolve (n = ${o.timeToResolve.n})`}
          value={formatMinutes(o.timeToResolve.median)}
        />
      </div>

      <Section
        title={view === 'board' ? 'Board' : 'All incidents'}
        id="incidents"
        actions={
          <div className="incident-controls">
            <div className="segmented" role="group" aria-label="View">
              <button
                type="button"
                className="button small"
                aria-pressed={view === 'board'}
                onClick={() => setParam('view', undefined)}
              >
                Board
              </button>
              <button
                type="button"
                className="button small"
                aria-pressed={view === 'table'}
                onClick={() => setParam('view', 'table')}
              >
                Table
              </button>
            </div>
            <label className="field inline-field">
              <span>Severity</span>
              <select value={severity} onChange={(e) => setParam('severity', e.target.value)}>
                <option value="">all</option>
                {SEVERITIES.map((s) => (
                  <option key={s} value={s}>
                    {s}
                    {names[s] === undefined ? '' : ` (${names[s]})`}
                  </option>
                ))}
              </select>
            </label>
            <label className="field inline-field">
              <span>Model</span>
              <select value={model} onChange={(e) => setParam('model', e.target.value)}>
                <option value="">all</option>
                {models.map((m) => (
                  <option key={m} value={m}>
                    {m}
                  </option>
                ))}
              </select>
            </label>
            <label className="checkbox">
              <input
                type="checkbox"
                checked={drills}
                onChange={(e) => setParam('drills', e.target.checked ? 'include' : undefined)}
              />
              Include drills
            </label>
          </div>
        }
      >
        {!drills && data.kpis.drills > 0 ? (
          <p className="hint">
            {data.kpis.drills} drill{data.kpis.drills === 1 ? ' is' : 's are'} hidden; drills are
            exercises and stay out of the KPIs.
          </p>
        ) : null}
        {data.incidents.length === 0 ? (
          <Empty>
            No incidents{drills ? '' : ' (drills excluded)'}. Incidents open when a monitor
            alert&apos;s action asks for one, when a gate is overridden, when stored content fails
            verification, or by hand with <code>verity incident open</code>.
          </Empty>
        ) : shown.length === 0 ? (
          <Empty>No incident matches these filters.</Empty>
        ) : view === 'board' ? (
          <Board incidents={shown} clocks={data.clocks} now={now} names={names} />
        ) : (
          <IncidentTable
            incidents={sortIncidents(shown, sort, direction)}
            clocks={data.clocks}
            now={now}
            names={names}
            sort={sort}
            direction={direction}
            onSort={(key) => {
              const next = new URLSearchParams(query);
              next.set('view', 'table');
              next.set('sort', key);
              if (key === sort && direction === 'desc') next.set('dir', 'asc');
              else next.delete('dir');
              navigate(`/incidents?${next.toString()}`, { replace: true });
            }}
          />
        )}
      </Section>

      <KpiTable kpis={data.kpis} severities={data.severities} />
    </>
  );
}

function Board({
  incidents,
  clocks,
  now,
  names,
}: {
  incidents: IncidentSummary[];
  clocks: Record<string, IncidentView['clocks']>;
  now: number;
  names: Record<string, string>;
}) {
  const columns = useMemo(() => boardColumns(incidents), [incidents]);
  return (
    <div className="board">
      {STATUSES.map((status) => (
        <section
          key={status}
          className={`board-column board-${status}`}
          aria-labelledby={`col-${status}`}
        >
          <h3 id={`col-${status}`}>
            {STATUS_LABELS[status]} <span className="count">{columns[status].length}</span>
          </h3>
          {columns[status].length === 0 ? (
            <p className="board-empty">None</p>
          ) : (
            <ul className="board-cards">
              {columns[status].map((incident) => (
                <IncidentCard
                  key={incident.id}
                  incident={incident}
                  clocks={clocks[incident.key] ?? []}
                  now={now}
                  names={names}
                />
              ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

function IncidentCard({
  incident,
  clocks,
  now,
  names,
}: {
  incident: IncidentSummary;
  clocks: IncidentView['clocks'];
  now: number;
  names: Record<string, string>;
}) {
  const running = openClocks(clocks);
  return (
    <li className={`incident-card sev-${incident.severity.toLowerCase()}`}>
      <div className="card-top">
        <Link to={pathOf('incidents', incident.key)} className="card-key">
          {incident.key}
        </Link>
        <SeverityBadge
          severity={incident.severity}
          {...(names[incident.severity] ? { name: names[incident.severity] } : {})}
        />
        {incident.drill ? <Badge tone="info">drill</Badge> : null}
      </div>
      <p className="card-title">{incident.title}</p>
      <dl className="card-facts">
        <dt className="visually-hidden">Model</dt>
        <dd className="card-model">
          {incident.affected.length === 0 ? (
            <span className="muted">no model named</span>
          ) : (
            incident.affected.map((a, i) => (
              <span key={a.modelId}>
                {i > 0 ? ', ' : ''}
                <Link to={modelPath(a.model)}>{a.model}</Link>
                {a.version === null ? '' : <span className="muted">@{a.version}</span>}
              </span>
            ))
          )}
        </dd>
        <dt className="visually-hidden">Owner and age</dt>
        <dd className="card-meta">
          {incident.owner ?? <span className="muted">unassigned</span>} · opened{' '}
          <time dateTime={incident.openedAt} title={incident.openedAt}>
            {relative(incident.openedAt, now)}
          </time>
        </dd>
        {incident.acknowledgedAt === null && incident.status !== 'closed' ? (
          <>
            <dt className="visually-hidden">Acknowledgement</dt>
            <dd>
              <Badge tone="bad">not acknowledged</Badge>
            </dd>
          </>
        ) : null}
      </dl>
      {running.length === 0 ? null : (
        <div className="card-clocks">
          {running.map((c) => (
            <ClockCountdown key={c.rule} clock={c} now={now} compact />
          ))}
        </div>
      )}
    </li>
  );
}

const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'key', label: 'Key' },
  { key: 'title', label: 'Title' },
  { key: 'severity', label: 'Severity' },
  { key: 'status', label: 'Status' },
  { key: 'model', label: 'Model' },
  { key: 'owner', label: 'Owner' },
  { key: 'opened', label: 'Opened' },
];

function IncidentTable({
  incidents,
  clocks,
  now,
  names,
  sort,
  direction,
  onSort,
}: {
  incidents: IncidentSummary[];
  clocks: Record<string, IncidentView['clocks']>;
  now: number;
  names: Record<string, string>;
  sort: SortKey;
  direction: 'asc' | 'desc';
  onSort: (key: SortKey) => void;
}) {
  return (
    <div className="table-wrap positioned-wrap">
      <table className="data">
        <caption>
          {incidents.length} incident{incidents.length === 1 ? '' : 's'}, sorted by {sort} (
          {direction === 'asc' ? 'ascending' : 'descending'})
        </caption>
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th
                key={c.key}
                scope="col"
                aria-sort={
                  sort === c.key ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'
                }
              >
                <button type="button" className="sort-button" onClick={() => onSort(c.key)}>
                  {c.label}
                  <span aria-hidden="true" className="sort-mark">
                    {sort === c.key ? (direction === 'asc' ? '▲' : '▼') : '↕'}
                  </span>
                </button>
              </th>
            ))}
            <th scope="col">Regulatory clocks</th>
          </tr>
        </thead>
        <tbody>
          {incidents.map((i) => (
            <tr key={i.id}>
              <th scope="row" className="row-heading nowrap">
                <Link to={pathOf('incidents', i.key)}>{i.key}</Link>
                {i.drill ? (
                  <>
                    {' '}
                    <Badge tone="info">drill</Badge>
                  </>
                ) : null}
              </th>
              <td className="title-cell">{i.title}</td>
              <td>
                <SeverityBadge
                  severity={i.severity}
                  {...(names[i.severity] ? { name: names[i.severity] } : {})}
                />
              </td>
              <td>
                <StatusBadge status={i.status} />
              </td>
              <td>{i.affected.map((a) => a.model).join(', ') || '—'}</td>
              <td>{i.owner ?? <span className="muted">unassigned</span>}</td>
              <td className="nowrap">
                <Time iso={i.openedAt} />
              </td>
              <td>
                {openClocks(clocks[i.key] ?? []).length === 0 ? (
                  <span className="muted">none running</span>
                ) : (
                  openClocks(clocks[i.key] ?? []).map((c) => (
                    <ClockCountdown key={c.rule} clock={c} now={now} compact />
                  ))
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function KpiTable({ kpis, severities }: { kpis: IncidentKpis; severities: SeverityDefinition[] }) {
  const bySeverity = new Map(Object.entries(kpis.bySeverity));
  const rows = [
    ...severities.map((s) => ({
      label: s.severity,
      name: s.name,
      group: bySeverity.get(s.severity),
      def: s,
    })),
    { label: 'All', name: 'all severities', group: kpis.overall, def: undefined },
  ];
  const cell = (summary: DurationSummary | undefined, target?: number) => {
    if (summary === undefined || summary.n === 0) return <span className="muted">—</span>;
    const late = target !== undefined && summary.median !== null && summary.median > target;
    return (
      <>
        <strong className={late ? 'bad-text' : undefined}>{formatMinutes(summary.median)}</strong>
        <span className="muted small">
          {' '}
          p90 {formatMinutes(summary.p90)} · n = {summary.n}
        </span>
        {late ? (
          <>
            {' '}
            <Badge tone="bad">over target</Badge>
          </>
        ) : null}
      </>
    );
  };
  return (
    <Section title="Response times" id="kpis">
      <p className="hint">
        Medians over real incidents (drills excluded{kpis.drills > 0 ? `: ${kpis.drills}` : ''}).
        Targets are Verity&apos;s defaults per severity, not legal deadlines — those are the
        regulatory clocks.
      </p>
      <div className="table-wrap positioned-wrap">
        <table className="data">
          <caption>
            Time to detect (onset to detection), acknowledge and resolve (from opening)
          </caption>
          <thead>
            <tr>
              <th scope="col">Severity</th>
              <th scope="col" className="num">
                Incidents
              </th>
              <th scope="col">Time to detect</th>
              <th scope="col">Time to acknowledge</th>
              <th scope="col">Time to resolve</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row" className="row-heading">
                  {r.def === undefined ? (
                    <strong>All</strong>
                  ) : (
                    <SeverityBadge severity={r.label} name={r.name} />
                  )}{' '}
                  <span className="muted small">{r.def === undefined ? '' : r.name}</span>
                </th>
                <td className="num">{r.group?.count ?? 0}</td>
                <td>{cell(r.group?.timeToDetect)}</td>
                <td>
                  {cell(r.group?.timeToAcknowledge, r.def?.acknowledgeWithinMinutes)}
                  {r.def === undefined ? null : (
                    <div className="muted small">
                      target {formatMinutes(r.def.acknowledgeWithinMinutes)}
                    </div>
                  )}
                </td>
                <td>
                  {cell(r.group?.timeToResolve, r.def?.resolveWithinMinutes)}
                  {r.def === undefined ? null : (
                    <div className="muted small">
                      target {formatMinutes(r.def.resolveWithinMinutes)}
                    </div>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
