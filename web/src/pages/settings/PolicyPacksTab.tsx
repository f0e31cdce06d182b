import type { PolicyPack, PolicyPackSummary } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, useLocation } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { Digest, formatNumber, Time } from '../../components/format.js';
import { Facts, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { packUsage, plural, ruleExpressions, type RuleExpression } from './settings-data.js';
import { CopyButton, NoAccess, PreBlock, ReadOnlyNote } from './settings-ui.js';
import { holdsAnywhere } from '../../lib/models.js';

const packPath = (name: string, version?: number) =>
  `/settings/policy-packs?pack=${encodeURIComponent(name)}${version === undefined ? '' : `&version=${version}`}`;

/** Policy packs: the rules each environment's gate evaluates, their versions and source. */
export function PolicyPacksTab() {
  const { me } = useSession();
  if (!holdsAnywhere(me, 'governance:read')) {
    return (
      <NoAccess permission="governance:read">Policy packs are governance information.</NoAccess>
    );
  }
  return <PolicyPacks />;
}

async function loadPacks() {
  const [packs, environments] = await Promise.all([
    api.governance.listPolicyPacks(),
    api.governance.listEnvironments(),
  ]);
  return { packs, usage: packUsage(environments) };
}

function PolicyPacks() {
  const session = useSession();
  const { query } = useLocation();
  const { state, reload } = useApi(loadPacks, []);
  const versionText = query.get('version');
  const version =
    versionText !== null && /^\d+$/.test(versionText) ? Number(versionText) : undefined;
  return (
    <AsyncView state={state} retry={reload} label="Loading policy packs">
      {({ packs, usage }) => {
        if (packs.length === 0) {
          return (
            <Empty>
              No policy pack is published, so gates check nothing. Publish one with verity policy
              publish.
            </Empty>
          );
        }
        // Without a choice: the first pack an environment uses, else the first one.
        const wanted = query.get('pack');
        const selected =
          packs.find((p) => p.name === wanted) ?? packs.find((p) => usage.has(p.name)) ?? packs[0]!;
        return (
          <div className="packs-layout">
            <nav className="panel packs-nav" aria-labelledby="packs-nav-title">
              <h2 id="packs-nav-title">Policy packs</h2>
              <ul>
                {packs.map((p) => (
                  <li key={p.name}>
                    <Link
                      to={packPath(p.name)}
                      className="pack-link"
                      {...(p.name === selected.name ? { 'aria-current': 'page' as const } : {})}
                    >
                      <strong>{p.name}</strong>
                      <span className="small muted">
                        v{p.version} · {p.rules} rules
                      </span>
                      <span className="small muted">
                        {usage.has(p.name)
                          ? `used by ${usage.get(p.name)!.join(', ')}`
                          : 'not used by any environment'}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
              {session.can('policy:write') ? (
                <p className="hint">Publish a new version with verity policy publish.</p>
              ) : (
                <ReadOnlyNote permission="policy:write">Publishing packs</ReadOnlyNote>
              )}
            </nav>
            <PackDetail
              key={`${selected.name}@${version ?? 'latest'}`}
              summary={selected}
              version={version}
              usedBy={usage.get(selected.name) ?? []}
            />
          </div>
        );
      }}
    </AsyncView>
  );
}

async function loadPack(name: string, version: number | undefined) {
  const [pack, history, yaml] = await Promise.all([
    api.governance.getPolicyPack(name, version),
    api.governance.policyPackHistory(name),
    import('yaml'),
  ]);
  let expressions = new Map<string, RuleExpression>();
  try {
    expressions = ruleExpressions(yaml.parse(pack.source));
  } catch {
    // A stored pack always parses; if not, the rules are still shown from the API.
  }
  return { pack, history, expressions };
}

function PackDetail({
  summary,
  version,
  usedBy,
}: {
  summary: PolicyPackSummary;
  version: number | undefined;
  usedBy: string[];
}) {
  const { state, reload } = useApi(() => loadPack(summary.name, version), [summary.name, version]);
  return (
    <div className="packs-detail">
      <AsyncView state={state} retry={reload} label={`Loading ${summary.name}`}>
        {({ pack, history, expressions }) => (
          <>
            <PackSummary pack={pack} latest={summary.version} usedBy={usedBy} />
            <PackRules pack={pack} expressions={expressions} />
            <PackHistory history={history} shown={pack.version} latest={summary.version} />
            <Section
              title={`Source of ${pack.name} v${pack.version}`}
              id="pack-source"
              actions={<CopyButton value={pack.source} label="Copy YAML" />}
            >
              <PreBlock
                label={`YAML source of ${pack.name} version ${pack.version}`}
                text={pack.source}
              />
            </Section>
          </>
        )}
      </AsyncView>
    </div>
  );
}

function PackSummary({
  pack,
  latest,
  usedBy,
}: {
  pack: PolicyPack;
  latest: number;
  usedBy: string[];
}) {
  const blocking = pack.ruleList.filter((r) => r.severity === 'blocking').length;
  return (
    <Section
      title={
        <>
          {pack.name}{' '}
          <Badge tone={pack.version === latest ? 'good' : 'warn'}>
            {pack.version === latest ? `v${pack.version}, latest` : `v${pack.version} of ${latest}`}
          </Badge>
        </>
      }
      id="pack"
    >
      <p>{pack.description || <span className="muted">No description.</span>}</p>
      {pack.version === latest ? null : (
        <p className="notice">
          An older version: gates evaluate v{latest}.{' '}
          <Link to={packPath(pack.name)}>Show the latest</Link>
        </p>
      )}
      <Facts
        items={[
          [
            'Rules',
            `${formatNumber(pack.rules)} (${formatNumber(blocking)} blocking, ${formatNumber(pack.rules - blocking)} warnings)`,
          ],
          ['Used by', usedBy.length === 0 ? 'no environment' : usedBy.join(', ')],
          [
            'Published',
            <span key="p">
              <Time iso={pack.createdAt} mode="date" /> by {pack.createdBy}
            </span>,
          ],
          ['Digest', <Digest key="d" value={pack.digest} />],
        ]}
      />
    </Section>
  );
}

function PackRules({
  pack,
  expressions,
}: {
  pack: PolicyPack;
  expressions: Map<string, RuleExpression>;
}) {
  return (
    <Section title="Rules" id="pack-rules">
      <p className="hint">
        A blocking rule that fails blocks the promotion; a warning is recorded with the decision.
        Expressions are CEL over the version, its model, lineage, signatures, metrics and the target
        environment.
      </p>
      <div className="table-wrap">
        <table className="data rules-table">
          <caption>
            {plural(pack.ruleList.length, 'rule')} of {pack.name} v{pack.version}
          </caption>
          <thead>
            <tr>
              <th scope="col">Rule</th>
              <th scope="col">Severity</th>
              <th scope="col">Checks</th>
              <th scope="col">CEL expression</th>
            </tr>
          </thead>
          <tbody>
            {pack.ruleList.map((rule) => {
              const expression = expressions.get(rule.id);
              return (
                <tr key={rule.id}>
                  <th scope="row" className="row-head">
                    <code className="rule-id">{rule.id}</code>
                    <div className="muted small">controls {rule.controls.join(', ')}</div>
                  </th>
                  <td>
                    <Badge tone={rule.severity === 'blocking' ? 'bad' : 'warn'}>
                      {rule.severity}
                    </Badge>
                  </td>
                  <td className="rule-description">
                    {rule.description}
                    {expression === undefined || expression.message === '' ? null : (
                      <div className="muted small">When it fails: “{expression.message}”</div>
                    )}
                  </td>
                  <td className="rule-expression">
                    {expression === undefined ? (
                      <span className="muted small">see the source below</span>
                    ) : (
                      <dl className="cel">
                        {expression.when === null ? null : (
                          <>
                            <dt>when</dt>
                            <dd>
                              <code>{expression.when}</code>
                            </dd>
                          </>
                        )}
                        <dt>require</dt>
                        <dd>
                          <code>{expression.require}</code>
                        </dd>
                      </dl>
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

function PackHistory({
  history,
  shown,
  latest,
}: {
  history: PolicyPackSummary[];
  shown: number;
  latest: number;
}) {
  return (
    <Section title="Version history" id="pack-history">
      <div className="table-wrap">
        <table className="data">
          <caption>
            {history.length === 1
              ? 'One version: this pack has not changed since it was published'
              : `${history.length} versions, newest first`}
          </caption>
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col" className="num">
                Rules
              </th>
              <th scope="col">Digest</th>
              <th scope="col">Published</th>
            </tr>
          </thead>
          <tbody>
            {history.map((h) => (
              <tr key={h.version}>
                <th scope="row" className="row-head">
                  {h.version === shown ? (
                    <strong aria-current="true">v{h.version} (shown)</strong>
                  ) : (
                    <Link to={packPath(h.name, h.version === latest ? undefined : h.version)}>
                      v{h.version}
                    </Link>
                  )}
                  {h.version === latest ? <span className="muted small"> latest</span> : null}
                </th>
                <td className="num">{formatNumber(h.rules)}</td>
                <td>
                  <Digest value={h.digest} />
                </td>
                <td>
                  <Time iso={h.createdAt} mode="date" />
                  <div className="muted small">by {h.createdBy}</div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Section>
  );
}
