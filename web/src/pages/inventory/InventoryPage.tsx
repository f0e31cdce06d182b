import { useMemo } from 'react';
import type { OrganisationPosture } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, pathOf, useLocation } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { PageHeader, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath } from '../../lib/models.js';
import {
  filterRows,
  inventoryRows,
  type InventoryFilter,
  type InventoryRow,
} from './inventory-rows.js';

/** What the inventory's rows need, loaded in parallel. */
async function loadInventory() {
  const [models, deployments, environments, alerts, incidents] = await Promise.all([
    api.listModels({ limit: 500 }),
    api.currentDeployments(),
    api.governance.listEnvironments(),
    api.monitoring.alerts({ status: 'firing', limit: 500 }),
    api.incidents.list(),
  ]);
  return { models: models.items, deployments, environments, alerts, incidents };
}

/**
 * Compliance is computed over the whole inventory and takes longest: the rows show without it
 * and it fills in when it arrives. It is optional: a caller without compliance rights still sees
 * the rest.
 */
function loadPosture() {
  return api.compliance
    .organisationPosture()
    .catch((): OrganisationPosture | undefined => undefined);
}

/** The model inventory: what exists, its risk, what runs where, and what needs attention. */
export function InventoryPage() {
  const { state, reload } = useApi(loadInventory, []);
  const { state: postureState } = useApi(loadPosture, []);
  const posture: PostureView =
    postureState.status === 'ready'
      ? { loading: false, posture: postureState.data }
      : { loading: postureState.status === 'loading', posture: undefined };
  const { query } = useLocation();
  const filter: InventoryFilter = {
    q: query.get('q') ?? '',
    namespace: query.get('namespace') ?? '',
    riskTier: query.get('risk') ?? '',
    attention: (query.get('attention') as InventoryFilter['attention'] | null) ?? 'all',
  };
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(query);
    if (value === '' || value === 'all') next.delete(key);
    else next.set(key, value);
    const search = next.toString();
    navigate(search === '' ? '/' : `/?${search}`, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Model inventory"
        subtitle="Every registered model, its risk tier, what serves each environment, and what needs attention."
      />
      <AsyncView state={state} retry={reload} label="Loading the inventory">
        {(data) => (
          <InventoryBody data={data} posture={posture} filter={filter} setFilter={setFilter} />
        )}
      </AsyncView>
    </>
  );
}

interface PostureView {
  loading: boolean;
  posture: OrganisationPosture | undefined;
}

function InventoryBody({
  data,
  posture,
  filter,
  setFilter,
}: {
  data: Awaited<ReturnType<typeof loadInventory>>;
  posture: PostureView;
  filter: InventoryFilter;
  setFilter: (key: string, value: string) => void;
}) {
  const rows = useMemo(
    () =>
      inventoryRows(data.models, data.deployments, posture.posture, data.alerts, data.incidents),
    [data, posture.posture],
  );
  const shown = filterRows(rows, filter);
  const namespaces = [...new Set(data.models.map((m) => m.namespace))].sort();
  const tiers = [...new Set(data.models.map((m) => m.riskTier ?? 'unassigned'))].sort();
  const environments = data.environments.map((e) => e.name);
  const firing = rows.reduce((n, r) => n + r.firingAlerts, 0);
  const open = rows.reduce((n, r) => n + r.openIncidents, 0);
  const summary = posture.posture?.summary;

  return (
    <>
      <div className="stats">
        <Stat label="models" value={data.models.length} />
        <Stat
          label="high-risk models"
          value={data.models.filter((m) => m.riskTier === 'high').length}
        />
        <Stat
          label="alerts firing"
          value={firing}
          {...(firing > 0 ? { tone: 'bad' as const } : {})}
        />
        <Stat
          label="open incidents"
          value={open}
          {...(open > 0 ? { tone: 'warn' as const } : {})}
        />
        {posture.loading ? (
          <Stat label="sub-controls met" value="…" />
        ) : summary === undefined ? null : (
          <Stat
            label="sub-controls met"
            value={`${summary.met} / ${summary.applicable}`}
            tone={summary.gap > 0 ? 'warn' : 'good'}
          />
        )}
      </div>
      <section className="panel" aria-labelledby="inventory-table-title">
        <h2 id="inventory-table-title" className="visually-hidden">
          Models
        </h2>
        <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>Search</span>
            <input
              type="search"
              placeholder="name, owner, use case, tag…"
              value={filter.q}
              onChange={(e) => setFilter('q', e.target.value)}
            />
          </label>
          <label className="field">
            <span>Namespace</span>
            <select
              value={filter.namespace}
              onChange={(e) => setFilter('namespace', e.target.value)}
            >
              <option value="">all</option>
              {namespaces.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Risk tier</span>
            <select value={filter.riskTier} onChange={(e) => setFilter('risk', e.target.value)}>
              <option value="">all</option>
              {tiers.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Needs attention</span>
            <select
              value={filter.attention}
              onChange={(e) => setFilter('attention', e.target.value)}
            >
              <option value="all">all models</option>
              <option value="alerts">alerts firing</option>
              <option value="incidents">open incidents</option>
              <option value="gaps">compliance gaps</option>
            </select>
          </label>
        </form>
        {data.models.length === 0 ? (
          <Empty>
            No models are registered yet. Register one with <code>verity model create</code> and{' '}
            <code>verity version register</code>.
          </Empty>
        ) : shown.length === 0 ? (
          <Empty>No model matches these filters.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>
                {shown.length} of {rows.length} models
              </caption>
              <thead>
                <tr>
                  <th scope="col">Model</th>
                  <th scope="col">Risk tier</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Latest</th>
                  <th scope="col">Serving</th>
                  <th scope="col">Compliance</th>
                  <th scope="col">Alerts</th>
                  <th scope="col">Incidents</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((row) => (
                  <InventoryLine
                    key={row.model.id}
                    row={row}
                    environments={environments}
                    postureLoading={posture.loading}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

function InventoryLine({
  row,
  environments,
  postureLoading,
}: {
  row: InventoryRow;
  environments: string[];
  postureLoading: boolean;
}) {
  const m = row.model;
  return (
    <tr>
      <th
        scope="row"
        style={{ fontWeight: 'normal', textTransform: 'none', letterSpacing: 0, color: 'inherit' }}
      >
        <Link to={modelPath(row.ref)} className="strong-link">
          <strong>{m.name}</strong>
        </Link>
        {m.namespace === 'default' ? null : <span className="muted small"> · {m.namespace}</span>}
        <div className="muted small clamp">{m.useCase || m.description}</div>
      </th>
      <td>
        {m.riskTier === null ? <Badge>unassigned</Badge> : <StatusBadge status={m.riskTier} />}
      </td>
      <td>{m.owner}</td>
      <td>
        {m.latestVersion === null ? (
          <span className="muted">none</span>
        ) : (
          <Link to={modelPath(row.ref, m.latestVersion.label)}>{m.latestVersion.label}</Link>
        )}
        <div className="muted small">
          <Time iso={m.updatedAt} />
        </div>
      </td>
      <td>
        {environments.every((e) => row.running[e] === undefined) ? (
          <span className="muted">not deployed</span>
        ) : (
          <ul className="serving">
            {environments
              .filter((e) => row.running[e] !== undefined)
              .map((e) => (
                <li key={e}>
                  <span className="muted small">{e}</span>{' '}
                  <Link to={modelPath(row.ref, row.running[e])}>
                    <Badge tone="info">{row.running[e]}</Badge>
                  </Link>
                </li>
              ))}
          </ul>
        )}
      </td>
      <td>
        {row.compliance === undefined ? (
          <span className="muted">{postureLoading ? 'checking…' : '—'}</span>
        ) : (
          <Link to={pathOf('compliance', 'models', row.ref)} aria-label={`Compliance of ${m.name}`}>
            <ComplianceMeter {...row.compliance} />
          </Link>
        )}
      </td>
      <td>
        {row.firingAlerts === 0 ? (
          <span className="muted">none</span>
        ) : (
          <Link to={`/monitoring?model=${encodeURIComponent(row.ref)}`}>
            <Badge tone="bad">{row.firingAlerts} firing</Badge>
          </Link>
        )}
      </td>
      <td>
        {row.openIncidents === 0 ? (
          <span className="muted">none</span>
        ) : (
          <Link to="/incidents">
            <Badge tone="warn">{row.openIncidents} open</Badge>
          </Link>
        )}
      </td>
    </tr>
  );
}

/** met / applicable as a bar with its numbers; gaps named. */
function ComplianceMeter({
  met,
  applicable,
  gap,
  partial,
}: {
  met: number;
  applicable: number;
  gap: number;
  partial: number;
}) {
  const pct = (n: number) => (applicable === 0 ? 0 : (n / applicable) * 100);
  return (
    <span
      className="meter-wrap"
      title={`${met} met, ${partial} partial, ${gap} gaps of ${applicable} applicable sub-controls`}
    >
      <span className="meter" aria-hidden="true">
        <span className="meter-good" style={{ width: `${pct(met)}%` }} />
        <span className="meter-warn" style={{ width: `${pct(partial)}%` }} />
        <span className="meter-bad" style={{ width: `${pct(gap)}%` }} />
      </span>
      <span className="small nowrap">
        {met}/{applicable} met{gap > 0 ? `, ${gap} gaps` : ''}
      </span>
    </span>
  );
}
