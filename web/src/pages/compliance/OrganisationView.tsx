import { useEffect, useMemo, useRef } from 'react';
import type { ModelPosture } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, pathOf, useLocation } from '../../app/router.js';
import { Badge, StatusBadge, toneOf } from '../../components/badge.js';
import { formatNumber, formatPercent, Time } from '../../components/format.js';
import { PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import {
  buildHeatMap,
  drillDown,
  formatMinutes,
  formatMs,
  shortFrameworkName,
  type DrillDown,
  type DrillRequirement,
  type PostureStatus,
} from './compliance-data.js';
import { SubControlList } from './ComplianceParts.js';
import { HeatLegend, HeatMap, type HeatSelection } from './HeatMap.js';
import { OrganisationReports } from './ReportDownloads.js';
import { modelRef } from '../../lib/models.js';

/** Runs `fn` over `items` with at most `limit` in flight, keeping the order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>) {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

async function loadOrganisation() {
  const [organisation, kpis, catalogue] = await Promise.all([
    api.compliance.organisationPosture(),
    api.compliance.kpis(),
    api.compliance.catalogue(),
  ]);
  // Each model's posture carries its requirement statuses per framework: the heat map groups them.
  const postures: ModelPosture[] = await mapLimit(organisation.models, 4, (m) =>
    api.compliance.posture(modelRef(m)),
  );
  return { organisation, kpis, catalogue, postures };
}

type Loaded = Awaited<ReturnType<typeof loadOrganisation>>;

/** The organisation's posture: KPIs, the heat map with its drill-down, models, reports. */
export function OrganisationView({ canRead }: { canRead: boolean }) {
  return (
    <>
      <PageHeader
        title="Compliance"
        subtitle="How every model stands against the twelve governance controls and the laws and standards that reach it, with the ledger evidence behind each status."
      />
      {canRead ? (
        <OrganisationBody />
      ) : (
        <Empty>
          Reading the compliance posture needs the <code>governance:read</code> permission in at
          least one namespace. Ask an administrator for a role binding.
        </Empty>
      )}
    </>
  );
}

function OrganisationBody() {
  const { state, reload } = useApi(loadOrganisation, []);
  return (
    <AsyncView state={state} retry={reload} label="Computing the compliance posture">
      {(data) =>
        data.organisation.models.length === 0 ? (
          <Empty>
            No model you may read is registered yet. Once a model is registered, its posture is
            computed from Verity’s records; record its scope with{' '}
            <code>verity compliance scope set</code> to see which frameworks reach it.
          </Empty>
        ) : (
          <OrganisationContent data={data} />
        )
      }
    </AsyncView>
  );
}

function OrganisationContent({ data }: { data: Loaded }) {
  const { query } = useLocation();
  const { organisation, kpis, catalogue, postures } = data;
  const heat = useMemo(
    () => buildHeatMap(postures, organisation, catalogue),
    [postures, organisation, catalogue],
  );
  const showAll = query.get('frameworks') !== 'applying';
  const columns = showAll ? heat.columns : heat.columns.filter((c) => c.models > 0);
  const control = query.get('control') ?? undefined;
  const framework = query.get('framework') ?? undefined;
  const selected: HeatSelection | undefined =
    control === undefined
      ? undefined
      : framework === undefined
        ? { control }
        : { control, framework };
  const drill =
    selected === undefined ? undefined : drillDown(postures, selected.control, selected.framework);

  const setQuery = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(query);
    for (const [k, v] of Object.entries(changes)) {
      if (v === undefined) next.delete(k);
      else next.set(k, v);
    }
    const text = next.toString();
    navigate(text === '' ? '/compliance' : `/compliance?${text}`, { replace: true });
  };
  const summary = organisation.summary;

  return (
    <>
      <p className="subtitle compliance-asof">
        {organisation.models.length} {organisation.models.length === 1 ? 'model' : 'models'},
        control catalogue {organisation.catalogueVersion}, computed{' '}
        <Time iso={organisation.asOf} mode="datetime" /> from the current records.
      </p>
      <div className="stats">
        <Stat
          label={`sub-controls met (${formatPercent(kpis.sharePassing)})`}
          value={`${formatNumber(summary.met)} / ${formatNumber(summary.applicable)}`}
          tone={summary.gap > 0 ? 'warn' : 'good'}
        />
        <Stat
          label="open gaps"
          value={formatNumber(kpis.openGaps)}
          {...(kpis.openGaps > 0 ? { tone: 'bad' as const } : { tone: 'good' as const })}
        />
        <Stat label="decided automatically" value={formatPercent(kpis.shareAutomated)} />
        <Stat label="mean time to detect" value={formatMinutes(kpis.mttdMinutes)} />
        <Stat label="mean time to resolve" value={formatMinutes(kpis.mttrMinutes)} />
        <Stat label="approval lead time" value={formatMinutes(kpis.approvalLeadMinutes)} />
        <Stat
          label="audit cycle (last model report)"
          value={kpis.auditCycleMs === null ? 'none yet' : formatMs(kpis.auditCycleMs)}
        />
      </div>

      <Section
        title="Controls × frameworks"
        id="heat-map"
        actions={
          <label className="row small">
            <input
              type="checkbox"
              checked={showAll}
              onChange={(e) => setQuery({ frameworks: e.target.checked ? undefined : 'applying' })}
            />
            Show frameworks that reach no model
          </label>
        }
      >
        <HeatLegend />
        {columns.length === 0 ? (
          <Empty>
            No framework reaches any model yet. Record each model’s scope (jurisdictions, sector,
            flags) so Verity can tell which laws apply, or adopt a voluntary framework in the
            compliance settings.
          </Empty>
        ) : (
          <HeatMap
            data={heat}
            columns={columns}
            selected={selected}
            onSelect={(s) => setQuery({ control: s.control, framework: s.framework })}
          />
        )}
      </Section>

      {selected === undefined ? null : drill === undefined ? (
        <Section title="Evidence" id="drill-down">
          <Empty>
            Control {selected.control}
            {selected.framework === undefined ? '' : ` under ${selected.framework}`} is not in the
            posture. Choose a cell of the heat map.
          </Empty>
        </Section>
      ) : (
        <DrillDownSection
          drill={drill}
          postures={postures}
          onClose={() => setQuery({ control: undefined, framework: undefined })}
        />
      )}

      <ModelsSection data={data} />
      <FrameworksSection data={data} />
      <OrganisationReports
        frameworks={heat.columns.map((c) => ({ id: c.id, name: c.name, models: c.models }))}
      />
    </>
  );
}

function DrillDownSection({
  drill,
  postures,
  onClose,
}: {
  drill: DrillDown;
  postures: readonly ModelPosture[];
  onClose: () => void;
}) {
  const heading = useRef<HTMLDivElement>(null);
  const key = `${drill.control}:${drill.framework?.id ?? ''}`;
  useEffect(() => {
    heading.current?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  }, [key]);
  const split = applicableFirst(drill.requirements);
  const notReached =
    drill.framework === null
      ? undefined
      : postures
          .flatMap((p) => p.frameworks.filter((f) => f.id === drill.framework!.id))
          .find((f) => !f.applies)?.reason;
  return (
    <div ref={heading} className="drill-anchor">
      <Section
        id="drill-down"
        title={
          <>
            {drill.control} {drill.title}
            {drill.framework === null ? null : (
              <span className="muted"> under {drill.framework.shortName}</span>
            )}
          </>
        }
        actions={
          <button type="button" className="button small" onClick={onClose}>
            Close
          </button>
        }
      >
        <p className="small" aria-live="polite">
          {drill.models.length === 0
            ? `${drill.framework?.name ?? 'This framework'} applies to no model${notReached === undefined ? '' : `: ${notReached}`}.`
            : `${drill.models.length} ${drill.models.length === 1 ? 'model' : 'models'}; among their ${drill.control} sub-controls ${drill.open.gap} ${drill.open.gap === 1 ? 'is a gap' : 'are gaps'} and ${drill.open.partial} partial.`}
        </p>
        {drill.framework === null ? null : drill.requirements.length === 0 ? (
          <p className="muted small">
            No requirement of {drill.framework.name} maps to {drill.control}.
          </p>
        ) : (
          <>
            <h3 className="drill-subhead">
              Requirements of {drill.framework.shortName} that rely on {drill.control}
            </h3>
            <RequirementTable requirements={split.shown} />
            {split.hidden.length === 0 ? null : (
              <details className="more-requirements">
                <summary className="small">
                  {split.hidden.length} more{' '}
                  {split.hidden.length === 1 ? 'requirement is' : 'requirements are'} not applicable
                  to any model on this date
                </summary>
                <RequirementTable requirements={split.hidden} />
              </details>
            )}
          </>
        )}
        {drill.models.map((m) => (
          <div key={m.ref} className="drill-model">
            <div className="drill-model-head">
              <h3>
                <Link to={`${pathOf('compliance', 'models', m.ref)}?control=${drill.control}`}>
                  {m.ref}
                </Link>
                {m.version === null ? null : <span className="muted small"> · {m.version}</span>}
              </h3>
              <span className="row small">
                {drill.control} <StatusBadge status={m.control.status} />
              </span>
            </div>
            <SubControlList subControls={m.control.subControls} />
          </div>
        ))}
      </Section>
    </div>
  );
}

/** Requirements that apply to some model (worst first), and those that apply to none. */
function applicableFirst(requirements: DrillRequirement[]) {
  const rank = (r: DrillRequirement) =>
    Math.min(
      ...r.byModel.map((m) => ({ gap: 0, partial: 1, met: 2, 'not-applicable': 3 })[m.status]),
      3,
    );
  const sorted = [...requirements].sort((a, b) => rank(a) - rank(b));
  return {
    shown: sorted.filter((r) => rank(r) < 3),
    hidden: sorted.filter((r) => rank(r) === 3),
  };
}

function RequirementTable({ requirements }: { requirements: DrillRequirement[] }) {
  if (requirements.length === 0) return null;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">Requirement</th>
            <th scope="col">Status by model</th>
          </tr>
        </thead>
        <tbody>
          {requirements.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="plain-th requirement-cell">
                <strong>{r.id}</strong> {r.title}
                <div className="small muted clamp-2" title={r.summary}>
                  {r.summary}
                </div>
              </th>
              <td>
                {r.byModel.length === 0 ? (
                  <span className="muted">applies to no model</span>
                ) : (
                  <ul className="plain-list">
                    {r.byModel.map((m) => (
                      <li key={m.model}>
                        <span className="nowrap">
                          {m.model} <StatusBadge status={m.status} />
                        </span>{' '}
                        <span className="small muted">{m.reason}</span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const SHORT_STATUS: Record<PostureStatus, string> = {
  met: 'met',
  partial: 'partial',
  gap: 'gap',
  'not-applicable': 'n/a',
};

function ModelsSection({ data }: { data: Loaded }) {
  const controls = data.catalogue.controls.map((c) => c.id);
  return (
    <Section title="Models" id="models">
      <div className="table-wrap">
        <table className="data models-matrix">
          <caption>Each model’s status per control, for the version it is assessed on.</caption>
          <thead>
            <tr>
              <th scope="col">Model</th>
              {controls.map((c) => (
                <th
                  key={c}
                  scope="col"
                  title={data.catalogue.controls.find((x) => x.id === c)?.title}
                >
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {data.organisation.models.map((m) => {
              const ref = modelRef(m);
              return (
                <tr key={ref}>
                  <th scope="row" className="plain-th">
                    <Link to={pathOf('compliance', 'models', ref)}>
                      <strong>{ref}</strong>
                    </Link>
                    <div className="small muted">
                      {m.version === null ? 'no version' : m.version}
                      {m.riskTier === null ? '' : ` · risk ${m.riskTier}`}
                    </div>
                    <div className="small">
                      {m.summary.met}/{m.summary.applicable} met
                      {m.summary.gap > 0 ? (
                        <>
                          {' '}
                          · <span className="text-bad">{m.summary.gap} gaps</span>
                        </>
                      ) : null}
                    </div>
                  </th>
                  {controls.map((c) => {
                    const status = m.controls[c];
                    return (
                      <td key={c}>
                        {status === undefined ? (
                          '—'
                        ) : (
                          <Link
                            to={`${pathOf('compliance', 'models', ref)}?control=${c}`}
                            aria-label={`${ref} ${c}: ${status}`}
                            className="matrix-link"
                          >
                            <Badge tone={toneOf(status)} title={`${c}: ${status}`}>
                              {SHORT_STATUS[status]}
                            </Badge>
                          </Link>
                        )}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className="hint">
        Shortened in the cells: “{SHORT_STATUS['not-applicable']}” means not applicable. Select a
        status to open that control on the model’s page.
      </p>
    </Section>
  );
}

function FrameworksSection({ data }: { data: Loaded }) {
  const order = new Map(data.catalogue.frameworks.map((f, i) => [f.id, i]));
  const rows = [...data.organisation.frameworks].sort(
    (a, b) =>
      Number(b.models > 0) - Number(a.models > 0) ||
      (order.get(a.id) ?? 99) - (order.get(b.id) ?? 99),
  );
  return (
    <Section title="Frameworks" id="frameworks">
      <div className="table-wrap">
        <table className="data">
          <caption>Which models each framework reaches, and their status under it.</caption>
          <thead>
            <tr>
              <th scope="col">Framework</th>
              <th scope="col">Version</th>
              <th scope="col">Legal status</th>
              <th scope="col" className="num">
                Models reached
              </th>
              <th scope="col">Models by status</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((f) => {
              const meta = data.catalogue.frameworks.find((x) => x.id === f.id);
              return (
                <tr key={f.id}>
                  <th scope="row" className="plain-th">
                    <strong>{shortFrameworkName(f.id, f.name)}</strong>
                    <div className="small muted">{f.name}</div>
                  </th>
                  <td>{meta?.version ?? '—'}</td>
                  <td>
                    {meta === undefined ? '—' : <Badge>{meta.status}</Badge>}
                    {meta?.voluntary === true ? <div className="small muted">voluntary</div> : null}
                  </td>
                  <td className="num">{f.models}</td>
                  <td>
                    {f.models === 0 ? (
                      <span className="muted small">reaches no model</span>
                    ) : (
                      <span className="row">
                        {(['met', 'partial', 'gap'] as const)
                          .filter((s) => f.counts[s] > 0)
                          .map((s) => (
                            <span key={s} className="nowrap">
                              {f.counts[s]} <StatusBadge status={s} />
                            </span>
                          ))}
                      </span>
                    )}
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
