import type { CardView, Run } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatNumber, Time } from '../../components/format.js';
import { Facts, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { modelPath } from '../../lib/models.js';
import { LineChart } from '../../components/charts/index.js';
import { curvesOf, formatParam, metricRows, paramRows } from './model-data.js';
import type { VersionContext } from './ModelVersionPage.js';

async function loadOverview(context: VersionContext) {
  const { modelRef, version } = context;
  const [run, card] = await Promise.all([
    version.runId === null ? Promise.resolve<Run | null>(null) : api.getRun(version.runId),
    api.cards.get(modelRef, version.label),
  ]);
  return { run, card };
}

/** What the version is: description, format, metrics and parameters, run, tags, where it serves. */
export function OverviewTab({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => loadOverview(context),
    [context.modelRef, context.version.id],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the overview">
      {(data) => <Overview context={context} run={data.run} card={data.card} />}
    </AsyncView>
  );
}

function Overview({
  context,
  run,
  card,
}: {
  context: VersionContext;
  run: Run | null;
  card: CardView;
}) {
  const { version, serving, modelRef } = context;
  const metrics = metricRows(version, run);
  const params = paramRows(version.params, run?.params);
  const curves = curvesOf(run);
  const tags = Object.entries(version.tags);
  return (
    <div className="stack">
      <div className="grid grid-2">
        <Section id="overview-about" title={`About ${version.label}`}>
          {version.description === '' ? null : <p className="lead">{version.description}</p>}
          <Facts
            items={[
              ['Format', <code key="f">{version.format}</code>],
              ['Author', version.author],
              ['Registered', <Time key="t" iso={version.createdAt} mode="datetime" />],
              [
                'Aliases',
                version.aliases.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <span className="row">
                    {version.aliases.map((a) => (
                      <Badge key={a} tone="info">
                        {a}
                      </Badge>
                    ))}
                  </span>
                ),
              ],
              [
                'Frozen',
                card.frozen ? (
                  <span>
                    <Badge tone="info">frozen</Badge>{' '}
                    <span className="small">{card.frozenReason ?? ''}</span>
                  </span>
                ) : (
                  <span className="muted">no: its card can still change</span>
                ),
              ],
              [
                'Training run',
                run === null ? (
                  <span className="muted">not recorded</span>
                ) : (
                  <span>
                    {run.name} <StatusBadge status={run.status} />
                  </span>
                ),
              ],
            ]}
          />
          {tags.length === 0 ? null : (
            <>
              <h3 className="subheading">Tags</h3>
              <ul className="tag-list">
                {tags.map(([k, v]) => (
                  <li key={k}>
                    <code>
                      {k}={v}
                    </code>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
        <Section id="overview-serving" title="Serving">
          {serving.length === 0 ? (
            <Empty>
              No version of this model is deployed. A deployment appears here once a promotion is
              approved and recorded with <code>verity deploy record</code>.
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>What each environment runs of {context.model.name} now</caption>
                <thead>
                  <tr>
                    <th scope="col">Environment</th>
                    <th scope="col">Version</th>
                    <th scope="col">Since</th>
                    <th scope="col">By</th>
                  </tr>
                </thead>
                <tbody>
                  {serving.map((s) => (
                    <tr key={s.environment}>
                      <th scope="row">{s.environment}</th>
                      <td>
                        {s.current ? (
                          <Badge tone="good">{s.label} (this version)</Badge>
                        ) : (
                          <Link to={modelPath(modelRef, s.label)}>{s.label}</Link>
                        )}
                        {s.kind === 'rollback' ? <Badge tone="warn">rollback</Badge> : null}
                      </td>
                      <td>
                        <Time iso={s.deployedAt} />
                      </td>
                      <td>
                        {s.actor}
                        {s.reason === '' ? null : (
                          <div className="muted small clamp-2" title={s.reason}>
                            {s.reason}
                          </div>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
      <div className="grid grid-2">
        <Section id="overview-metrics" title="Metrics">
          {metrics.length === 0 ? (
            <Empty>
              No metrics were registered with this version or logged by its run. Evaluations (see
              the Evaluations tab) add measured ones.
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>As registered with the version, and the run’s last logged value</caption>
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Version
                    </th>
                    <th scope="col" className="num">
                      Run
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {metrics.map((m) => (
                    <tr key={m.name}>
                      <th scope="row">
                        <code>{m.name}</code>
                        {m.steps > 1 ? (
                          <span className="muted small"> · {m.steps} steps</span>
                        ) : null}
                      </th>
                      <td className="num">{formatNumber(m.version, 4)}</td>
                      <td className="num">{formatNumber(m.run, 4)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
        <Section id="overview-params" title="Parameters">
          {params.length === 0 ? (
            <Empty>No parameters were recorded for this version or its run.</Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>Hyper-parameters of the version and its training run</caption>
                <thead>
                  <tr>
                    <th scope="col">Parameter</th>
                    <th scope="col">Version</th>
                    <th scope="col">Run</th>
                  </tr>
                </thead>
                <tbody>
                  {params.map((p) => (
                    <tr key={p.name}>
                      <th scope="row">
                        <code>{p.name}</code>
                      </th>
                      <td>
                        {p.inVersion ? formatParam(p.version) : <span className="muted">—</span>}
                      </td>
                      <td>{p.inRun ? formatParam(p.run) : <span className="muted">—</span>}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </Section>
      </div>
      {curves.length === 0 || run === null ? null : (
        <Section id="overview-curves" title="Training curves">
          <LineChart
            title={`${curves.every((c) => c.key.includes('loss')) ? 'Loss' : 'Logged metrics'} by training step, run ${run.name}`}
            description={curves
              .map((c) => {
                const first = c.points[0]!;
                const last = c.points.at(-1)!;
                return `${c.key} goes from ${formatNumber(first.value, 4)} at step ${first.step} to ${formatNumber(last.value, 4)} at step ${last.step}`;
              })
              .join('; ')}
            series={curves.map((c) => ({
              id: c.key,
              label: c.key,
              points: c.points.map((p) => ({ x: p.step, y: p.value })),
            }))}
            xType="linear"
            xLabel="Step"
            yLabel="value"
            formatX={(step) => `step ${formatNumber(step)}`}
            formatTickX={(step) => formatNumber(step)}
            formatY={(value) => formatNumber(value, 4)}
            yFrom="data"
            height={300}
          />
        </Section>
      )}
    </div>
  );
}
