import { useEffect, useRef } from 'react';
import type {
  AssessmentView,
  ComplianceAttestationView,
  ModelPosture,
  RiskView,
} from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatPercent, Time } from '../../components/format.js';
import { Facts, PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { Tabs } from '../../components/tabs.js';
import { modelPath } from '../../lib/models.js';
import { versionBasisText, type FrameworkResult } from './compliance-data.js';
import { SubControlList } from './ComplianceParts.js';
import { ModelReports } from './ReportDownloads.js';

async function loadModel(model: string) {
  const [posture, risks, assessments, attestations] = await Promise.all([
    api.compliance.posture(model),
    api.compliance.risks(model),
    api.compliance.assessments(model),
    api.compliance.attestations(),
  ]);
  return {
    posture,
    risks,
    assessments,
    // This model's attestations and the organisation-wide ones that count for every model.
    attestations: attestations.filter((a) => a.model === null || a.model === model),
  };
}

type Loaded = Awaited<ReturnType<typeof loadModel>>;

const TABS = [
  { id: 'controls', label: 'Controls' },
  { id: 'frameworks', label: 'Frameworks' },
  { id: 'risks', label: 'Risks' },
  { id: 'assessments', label: 'Impact assessments' },
  { id: 'attestations', label: 'Attestations' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** One model's posture per control and framework, its scope, risks, assessments, attestations. */
export function ModelView({ model, canRead }: { model: string; canRead: boolean }) {
  const { state, reload } = useApi(
    () => (canRead ? loadModel(model) : Promise.resolve(undefined)),
    [model, canRead],
  );
  return (
    <>
      <PageHeader
        eyebrow={
          <>
            <Link to="/compliance">Compliance</Link> › model
          </>
        }
        title={model}
        subtitle="Compliance posture per control and framework requirement, with the evidence behind each status."
        actions={
          <Link to={modelPath(model)} className="button">
            Open the model
          </Link>
        }
      />
      {!canRead ? (
        <Empty>
          Reading this model’s compliance posture needs <code>governance:read</code> in its
          namespace. Ask an administrator for a role binding.
        </Empty>
      ) : (
        <AsyncView state={state} retry={reload} label="Computing the model’s posture">
          {(data) => (data === undefined ? null : <ModelContent model={model} data={data} />)}
        </AsyncView>
      )}
    </>
  );
}

function ModelContent({ model, data }: { model: string; data: Loaded }) {
  const { query } = useLocation();
  const { posture } = data;
  const requested = query.get('tab');
  const tab: TabId = TABS.some((t) => t.id === requested) ? (requested as TabId) : 'controls';
  const select = (id: string) => {
    const next = new URLSearchParams(query);
    if (id === 'controls') next.delete('tab');
    else next.set('tab', id);
    next.delete('control');
    const text = next.toString();
    navigate(`${window.location.pathname}${text === '' ? '' : `?${text}`}`, { replace: true });
  };
  const eu = posture.scope?.euClassification ?? null;
  const summary = posture.summary;
  const applying = posture.frameworks.filter((f) => f.applies);
  const counts: Record<TabId, number | undefined> = {
    controls: posture.controls.length,
    frameworks: applying.length,
    risks: data.risks.length,
    assessments: data.assessments.length,
    attestations: data.attestations.length,
  };

  return (
    <>
      <p className="subtitle compliance-asof">
        {posture.version === null ? (
          'No version is registered, so only model-level controls can be assessed.'
        ) : (
          <>
            Version <strong>{posture.version.label}</strong>,{' '}
            {versionBasisText(posture.versionBasis)}, assessed{' '}
            <Time iso={posture.asOf} mode="datetime" /> against catalogue {posture.catalogueVersion}
            .
          </>
        )}
      </p>
      <div className="stats">
        <Stat
          label="EU AI Act tier"
          value={eu === null ? 'not classified' : eu.tier}
          {...(eu?.tier === 'high' || eu?.tier === 'prohibited' ? { tone: 'bad' as const } : {})}
        />
        <Stat
          label="sub-controls met"
          value={`${summary.met} / ${summary.applicable}`}
          tone={summary.gap > 0 ? 'warn' : 'good'}
        />
        <Stat
          label="gaps"
          value={summary.gap}
          {...(summary.gap > 0 ? { tone: 'bad' as const } : {})}
        />
        <Stat label="partial" value={summary.partial} />
        <Stat label="decided automatically" value={formatPercent(summary.shareAutomated)} />
        <Stat label="frameworks that apply" value={applying.length} />
      </div>

      <div className="grid grid-2">
        <ScopePanel posture={posture} />
        <ClassificationPanel posture={posture} />
      </div>

      <section className="panel" aria-labelledby="model-tabs-title">
        <h2 id="model-tabs-title" className="visually-hidden">
          Posture details
        </h2>
        <Tabs
          tabs={TABS.map((t) => ({
            id: t.id,
            label: (
              <>
                {t.label} <span className="tab-count">{counts[t.id]}</span>
              </>
            ),
          }))}
          selected={tab}
          onSelect={select}
          label="Posture details"
        >
          {tab === 'controls' ? (
            <ControlsTab posture={posture} open={query.get('control') ?? undefined} />
          ) : tab === 'frameworks' ? (
            <FrameworksTab frameworks={posture.frameworks} />
          ) : tab === 'risks' ? (
            <RisksTab risks={data.risks} />
          ) : tab === 'assessments' ? (
            <AssessmentsTab assessments={data.assessments} />
          ) : (
            <AttestationsTab attestations={data.attestations} />
          )}
        </Tabs>
      </section>

      <ModelReports model={model} />
    </>
  );
}

function ScopePanel({ posture }: { posture: ModelPosture }) {
  const scope = posture.scope;
  return (
    <Section title="Scope" id="scope">
      {scope === null ? (
        <Empty>
          No scope is recorded, so Verity cannot tell which laws reach this model. Record it with{' '}
          <code>verity compliance scope set</code>.
        </Empty>
      ) : (
        <Facts
          items={[
            ['Jurisdictions', scope.jurisdictions.join(', ') || '—'],
            ['Sectors', scope.sectors.join(', ') || '—'],
            ['Use-case area', scope.area],
            [
              'Flags',
              scope.flags.length === 0 ? (
                '—'
              ) : (
                <span key="f" className="row">
                  {scope.flags.map((f) => (
                    <Badge key={f}>{f}</Badge>
                  ))}
                </span>
              ),
            ],
            ['Verity risk tier', posture.model.riskTier ?? 'unassigned'],
            ['Owner', posture.model.owner],
          ]}
        />
      )}
    </Section>
  );
}

function ClassificationPanel({ posture }: { posture: ModelPosture }) {
  const eu = posture.scope?.euClassification ?? null;
  return (
    <Section title="EU AI Act classification" id="classification">
      {eu === null ? (
        <Empty>
          The EU AI Act questionnaire has not been answered for this model. Answer it with{' '}
          <code>verity compliance classify</code> to record its tier and reasoning.
        </Empty>
      ) : (
        <>
          <p className="classification-tier">
            <StatusBadge status={eu.tier === 'high' ? 'high-risk' : eu.tier} />{' '}
            <strong>
              {eu.tier === 'high'
                ? 'High-risk AI system'
                : eu.tier === 'prohibited'
                  ? 'Prohibited practice'
                  : `${eu.tier[0]!.toUpperCase()}${eu.tier.slice(1)} risk`}
            </strong>
            {eu.annexIIIPoint === null ? null : <span> · Annex III point {eu.annexIIIPoint}</span>}
          </p>
          <Facts
            items={[
              [
                'Transparency duties (Art 50)',
                eu.transparencyDuties.length === 0 ? 'none' : eu.transparencyDuties.join('; '),
              ],
              ['Questionnaire', eu.questionnaireVersion],
            ]}
          />
          <details className="reasoning">
            <summary>Reasoning, step by step ({eu.reasoning.length})</summary>
            <ol>
              {eu.reasoning.map((r, i) => (
                <li key={i}>{r}</li>
              ))}
            </ol>
          </details>
        </>
      )}
    </Section>
  );
}

function ControlsTab({ posture, open }: { posture: ModelPosture; open: string | undefined }) {
  const target = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    target.current?.scrollIntoView({ block: 'start' });
  }, [open]);
  return (
    <div className="controls-list">
      {posture.controls.map((c) => {
        const met = c.subControls.filter((s) => s.status === 'met').length;
        const applicable = c.subControls.filter((s) => s.status !== 'not-applicable').length;
        const isOpen = open === c.id;
        return (
          <details
            key={`${c.id}-${open ?? ''}`}
            className={`control control-${c.status}`}
            open={isOpen}
            ref={open === c.id ? target : undefined}
            id={`control-${c.id}`}
          >
            <summary>
              <span className="control-id">{c.id}</span>
              <span className="control-title">{c.title}</span>
              <StatusBadge status={c.status} />
              <span className="small muted nowrap">
                {met}/{applicable} met
              </span>
            </summary>
            <SubControlList subControls={c.subControls} />
          </details>
        );
      })}
    </div>
  );
}

function FrameworksTab({ frameworks }: { frameworks: FrameworkResult[] }) {
  const applying = frameworks.filter((f) => f.applies);
  const others = frameworks.filter((f) => !f.applies);
  return (
    <>
      {applying.length === 0 ? (
        <Empty>
          No framework applies to this model yet: its scope decides which laws reach it, and
          voluntary frameworks apply once the organisation adopts them.
        </Empty>
      ) : (
        applying.map((f) => (
          <details key={f.id} className="framework" open={applying.length <= 2}>
            <summary>
              <strong>{f.name}</strong> <span className="muted small">{f.version}</span>{' '}
              <StatusBadge status={f.status} />
              <span className="small muted">
                {f.counts.met} met · {f.counts.partial} partial · {f.counts.gap} gap ·{' '}
                {f.counts['not-applicable']} not applicable
              </span>
            </summary>
            <p className="small muted">{f.reason}</p>
            <div className="table-wrap">
              <table className="data">
                <caption>
                  {f.requirements.length} requirements of {f.name}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Requirement</th>
                    <th scope="col">Status</th>
                    <th scope="col">Controls</th>
                    <th scope="col">Why</th>
                  </tr>
                </thead>
                <tbody>
                  {f.requirements.map((r) => (
                    <tr key={r.id}>
                      <th scope="row" className="plain-th">
                        <strong>{r.id}</strong> {r.title}
                        {r.uncovered ? (
                          <div className="small muted">uncovered: evidence kept outside Verity</div>
                        ) : null}
                      </th>
                      <td>
                        <StatusBadge status={r.status} />
                        {r.legalStatus === 'in-force' ? null : (
                          <div className="small muted">{r.legalStatus}</div>
                        )}
                      </td>
                      <td className="small">{r.controls.join(', ') || '—'}</td>
                      <td className="small">
                        {r.reason}
                        {r.tag === 'U' ? (
                          <div>
                            <Badge tone="warn">confirm with counsel</Badge>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        ))
      )}
      {others.length === 0 ? null : (
        <>
          <h3 className="drill-subhead">Frameworks that do not apply</h3>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th scope="col">Framework</th>
                  <th scope="col">Why not</th>
                </tr>
              </thead>
              <tbody>
                {others.map((f) => (
                  <tr key={f.id}>
                    <th scope="row" className="plain-th">
                      {f.name}
                    </th>
                    <td className="small">{f.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </>
  );
}

function RisksTab({ risks }: { risks: RiskView[] }) {
  if (risks.length === 0) {
    return (
      <Empty>
        No risk is recorded for this model. Add one with <code>verity compliance risk add</code>;
        control C2.1 needs a kept register.
      </Empty>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>{risks.length} risks; score = likelihood × impact (1–25)</caption>
        <thead>
          <tr>
            <th scope="col">Risk</th>
            <th scope="col">Category</th>
            <th scope="col" className="num">
              Score
            </th>
            <th scope="col" className="num">
              Residual
            </th>
            <th scope="col">Owner</th>
            <th scope="col">Status</th>
            <th scope="col">Review due</th>
          </tr>
        </thead>
        <tbody>
          {risks.map((r) => (
            <tr key={r.id}>
              <th scope="row" className="plain-th risk-cell">
                <strong>{r.title}</strong>
                <div className="small muted">{r.description}</div>
                {r.mitigations.length === 0 ? null : (
                  <ul className="small mitigations">
                    {r.mitigations.map((m, i) => (
                      <li key={i}>
                        {m.description}{' '}
                        <span className="muted">
                          ({m.status}
                          {m.controls.length === 0 ? '' : `, ${m.controls.join(', ')}`})
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </th>
              <td>{r.category}</td>
              <td className="num nowrap">
                {r.score} <StatusBadge status={r.level} />
              </td>
              <td className="num nowrap">
                {r.residualScore === null || r.residualLevel === null ? (
                  '—'
                ) : (
                  <>
                    {r.residualScore} <StatusBadge status={r.residualLevel} />
                  </>
                )}
              </td>
              <td>{r.owner}</td>
              <td>
                <Badge
                  tone={r.status === 'accepted' ? 'good' : r.status === 'open' ? 'warn' : 'neutral'}
                >
                  {r.status}
                </Badge>
                {r.acceptedBy === null ? null : (
                  <div className="small muted">
                    by {r.acceptedBy}, <Time iso={r.acceptedAt} mode="date" />
                  </div>
                )}
              </td>
              <td className="nowrap">
                <Time iso={r.reviewDue} mode="date" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AssessmentsTab({ assessments }: { assessments: AssessmentView[] }) {
  if (assessments.length === 0) {
    return (
      <Empty>
        No impact assessment is started for this model. Start one with{' '}
        <code>verity compliance assessment start</code>; control C1.2 lists the ones its scope
        requires.
      </Empty>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>DPIA, FRIA and algorithmic impact assessments, latest revision each</caption>
        <thead>
          <tr>
            <th scope="col">Assessment</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">
              Answered
            </th>
            <th scope="col">Author</th>
            <th scope="col">Decision</th>
          </tr>
        </thead>
        <tbody>
          {assessments.map((a) => (
            <tr key={a.id}>
              <th scope="row" className="plain-th">
                <strong>{a.kind.toUpperCase()}</strong> {a.title}
                <div className="small muted">
                  revision {a.revision} · template {a.templateVersion}
                </div>
              </th>
              <td>
                <StatusBadge status={a.status} />
              </td>
              <td className="num nowrap">
                {a.answered} answers
                {a.missing.length === 0 ? null : (
                  <div className="small muted">{a.missing.length} required missing</div>
                )}
              </td>
              <td>
                {a.authoredBy}
                <div className="small muted">
                  updated <Time iso={a.updatedAt} mode="date" />
                </div>
              </td>
              <td>
                {a.decidedBy === null ? (
                  <span className="muted">not decided</span>
                ) : (
                  <>
                    {a.decidedBy}, <Time iso={a.decidedAt} mode="date" />
                    {a.decisionReason === null ? null : (
                      <div className="small muted">{a.decisionReason}</div>
                    )}
                  </>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AttestationsTab({ attestations }: { attestations: ComplianceAttestationView[] }) {
  if (attestations.length === 0) {
    return (
      <Empty>
        No attestation counts for this model. Attested sub-controls (training, restore tests,
        periodic reviews) are met by recording one with <code>verity compliance attest</code>.
      </Empty>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>
          This model’s attestations and the organisation-wide ones that count for it
        </caption>
        <thead>
          <tr>
            <th scope="col">Sub-control</th>
            <th scope="col">Statement</th>
            <th scope="col">Attested by</th>
            <th scope="col">Held</th>
            <th scope="col">Valid until</th>
          </tr>
        </thead>
        <tbody>
          {attestations.map((a) => (
            <tr key={a.id}>
              <th scope="row" className="plain-th nowrap">
                <code>{a.subControl}</code>
                <div className="small muted">
                  {a.model === null ? 'organisation' : 'this model'}
                </div>
              </th>
              <td>
                {a.statement}
                {a.reference === null ? null : <div className="small muted">{a.reference}</div>}
              </td>
              <td>{a.attestedBy}</td>
              <td className="nowrap">
                <Time iso={a.attestedAt} mode="date" />
              </td>
              <td className="nowrap">
                <Time iso={a.validUntil} mode="date" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
