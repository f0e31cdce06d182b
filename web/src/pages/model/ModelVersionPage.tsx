import type { ReactNode } from 'react';
import type { Environment, Model, ModelVersion } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { PageHeader } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { Tabs } from '../../components/tabs.js';
import { holdsAnywhere, modelPath, namespaceOfRef } from '../../lib/models.js';
import { ApprovalsTab } from './ApprovalsTab.js';
import { ArtifactsTab } from './ArtifactsTab.js';
import { CardTab } from './CardTab.js';
import { EvaluationsTab } from './EvaluationsTab.js';
import { GatesTab } from './GatesTab.js';
import { LineageTab } from './LineageTab.js';
import { holdsIn, optionText, servingOf, versionOptions, type Serving } from './model-data.js';
import { OverviewTab } from './OverviewTab.js';
import './model.css';

/** What every tab is given: the model, the version shown, and what the caller may read. */
export interface VersionContext {
  /** The API reference of the model (`payments/fraud-screening`). */
  modelRef: string;
  namespace: string;
  model: Model;
  version: ModelVersion;
  serving: Serving[];
  /** The caller may read gate decisions and promotions of this model. */
  governance: boolean;
}

const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'card', label: 'Model card' },
  { id: 'artifacts', label: 'Artifacts and signatures' },
  { id: 'lineage', label: 'Lineage' },
  { id: 'evaluations', label: 'Evaluations' },
  { id: 'gates', label: 'Gate decisions' },
  { id: 'approvals', label: 'Approvals' },
] as const;
type TabId = (typeof TABS)[number]['id'];

async function loadVersion(
  modelRef: string,
  versionRef: string | undefined,
  environments: boolean,
) {
  const model = await api.getModel(modelRef);
  if (model.latestVersion === null) {
    return { model, versions: [], version: undefined, deployments: [], environments: [] };
  }
  const [versions, version, deployments, envs] = await Promise.all([
    api.listVersions(modelRef, { limit: 500 }),
    api.getVersion(modelRef, versionRef ?? model.latestVersion.label),
    api.currentDeployments({ model: modelRef }),
    environments ? api.governance.listEnvironments() : Promise.resolve([] as Environment[]),
  ]);
  return { model, versions: versions.items, version, deployments, environments: envs };
}

/**
 * One version of a model: who owns it, what it serves, and every piece of evidence a reviewer
 * needs (card, artifacts and signatures, lineage, evaluations, gate decisions, approvals).
 */
export function ModelVersionPage({ model, versionRef }: { model: string; versionRef?: string }) {
  const { me } = useSession();
  const namespace = namespaceOfRef(model);
  if (!holdsIn(me, 'registry:read', namespace)) {
    return (
      <div className="model-page">
        <PageHeader
          eyebrow={<Link to="/">Inventory</Link>}
          title={model}
          subtitle={`A model in namespace ${namespace}.`}
        />
        <Empty>
          You cannot read models in namespace <strong>{namespace}</strong>: that needs the
          registry:read permission there, which a role binding in that namespace (viewer,
          contributor or above) gives. Ask an administrator if you need access.
        </Empty>
      </div>
    );
  }
  return (
    <div className="model-page">
      <VersionView modelRef={model} versionRef={versionRef} namespace={namespace} />
    </div>
  );
}

function VersionView({
  modelRef,
  versionRef,
  namespace,
}: {
  modelRef: string;
  versionRef: string | undefined;
  namespace: string;
}) {
  const { me } = useSession();
  const governance = holdsIn(me, 'governance:read', namespace);
  const { state, reload } = useApi(
    () => loadVersion(modelRef, versionRef, holdsAnywhere(me, 'governance:read')),
    [modelRef, versionRef],
  );
  const { query } = useLocation();
  const wanted = query.get('tab');
  const tab: TabId = TABS.some((t) => t.id === wanted) ? (wanted as TabId) : 'overview';

  return (
    <AsyncView state={state} retry={reload} label="Loading the model">
      {(data) => {
        const { model, version } = data;
        if (version === undefined) {
          return (
            <>
              <Header model={model} modelRef={modelRef} />
              <Empty>
                {model.name} has no versions yet. Register one with{' '}
                <code>verity version register {modelRef}</code>; it will appear here with its card,
                lineage, evaluations and approvals.
              </Empty>
            </>
          );
        }
        const order = data.environments.map((e) => e.name);
        const context: VersionContext = {
          modelRef,
          namespace,
          model,
          version,
          serving: servingOf(data.deployments, model.id, version.id, order),
          governance,
        };
        const options = versionOptions(data.versions, model);
        const select = (id: string) => {
          const next = new URLSearchParams(query);
          if (id === 'overview') next.delete('tab');
          else next.set('tab', id);
          const search = next.toString();
          navigate(`${window.location.pathname}${search === '' ? '' : `?${search}`}`, {
            replace: true,
          });
        };
        const switchTo = (label: string) => {
          const search = tab === 'overview' ? '' : `?tab=${tab}`;
          navigate(`${modelPath(modelRef, label)}${search}`);
        };
        return (
          <>
            <Header
              model={model}
              modelRef={modelRef}
              actions={
                <label className="field version-switcher">
                  <span>Version</span>
                  <select value={version.label} onChange={(e) => switchTo(e.target.value)}>
                    {options.map((o) => (
                      <option key={o.seq} value={o.label}>
                        {optionText(o)}
                      </option>
                    ))}
                  </select>
                </label>
              }
            />
            <Summary context={context} />
            <Tabs tabs={[...TABS]} selected={tab} onSelect={select} label="Version evidence">
              <TabBody tab={tab} context={context} />
            </Tabs>
          </>
        );
      }}
    </AsyncView>
  );
}

function Header({
  model,
  modelRef,
  actions,
}: {
  model: Model;
  modelRef: string;
  actions?: ReactNode;
}) {
  return (
    <PageHeader
      eyebrow={
        <nav aria-label="Breadcrumb" className="breadcrumb">
          <Link to="/">Inventory</Link>
          <span aria-hidden="true"> / </span>
          <span>{model.namespace}</span>
        </nav>
      }
      title={model.name}
      subtitle={model.description || modelRef}
      {...(actions === undefined ? {} : { actions })}
    />
  );
}

function Summary({ context }: { context: VersionContext }) {
  const { model, version, serving } = context;
  const here = serving.filter((s) => s.current);
  const latest = model.latestVersion?.seq === version.seq;
  return (
    <section className="panel version-summary" aria-label="Summary">
      <dl className="facts">
        <div>
          <dt>Version</dt>
          <dd>
            <span className="version-label">{version.label}</span>{' '}
            {version.aliases.map((a) => (
              <Badge key={a} tone="info">
                {a}
              </Badge>
            ))}{' '}
            {latest ? <Badge>latest</Badge> : null}
          </dd>
        </div>
        <div>
          <dt>Risk tier</dt>
          <dd>
            {model.riskTier === null ? (
              <Badge>unassigned</Badge>
            ) : (
              <StatusBadge status={model.riskTier} />
            )}
          </dd>
        </div>
        <div>
          <dt>Owner</dt>
          <dd>{model.owner}</dd>
        </div>
        <div>
          <dt>Use case</dt>
          <dd>{model.useCase || <span className="muted">not recorded</span>}</dd>
        </div>
        <div>
          <dt>Namespace</dt>
          <dd>{model.namespace}</dd>
        </div>
        <div>
          <dt>Registered</dt>
          <dd>
            <Time iso={version.createdAt} mode="date" /> by {version.author}
          </dd>
        </div>
        <div className="summary-serving">
          <dt>This version serves</dt>
          <dd>
            {here.length === 0 ? (
              <span className="muted">
                no environment
                {serving.length > 0
                  ? ` (${serving.map((s) => `${s.environment} runs ${s.label}`).join(', ')})`
                  : ''}
              </span>
            ) : (
              <span className="row">
                {here.map((s) => (
                  <Badge key={s.environment} tone="good">
                    {s.environment}
                  </Badge>
                ))}
              </span>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function TabBody({ tab, context }: { tab: TabId; context: VersionContext }) {
  switch (tab) {
    case 'overview':
      return <OverviewTab context={context} />;
    case 'card':
      return <CardTab context={context} />;
    case 'artifacts':
      return <ArtifactsTab context={context} />;
    case 'lineage':
      return <LineageTab context={context} />;
    case 'evaluations':
      return <EvaluationsTab context={context} />;
    case 'gates':
      return <GatesTab context={context} />;
    case 'approvals':
      return <ApprovalsTab context={context} />;
  }
}
