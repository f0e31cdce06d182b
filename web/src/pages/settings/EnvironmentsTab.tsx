import type { Deployment, Environment } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { Facts, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { holdsAnywhere, modelPath } from '../../lib/models.js';
import { deploymentsByEnvironment, environmentsInOrder, quorumText } from './settings-data.js';
import { NoAccess } from './settings-ui.js';

/** The environments a version is promoted through, with their gates and what runs there now. */
export function EnvironmentsTab() {
  const { me } = useSession();
  if (!holdsAnywhere(me, 'governance:read')) {
    return (
      <NoAccess permission="governance:read">
        Environments and their approval rules are governance information.
      </NoAccess>
    );
  }
  return <Environments mayReadDeployments={holdsAnywhere(me, 'registry:read')} />;
}

function Environments({ mayReadDeployments }: { mayReadDeployments: boolean }) {
  const session = useSession();
  const { state, reload } = useApi(async () => {
    const [environments, deployments] = await Promise.all([
      api.governance.listEnvironments(),
      mayReadDeployments ? api.currentDeployments() : Promise.resolve(undefined),
    ]);
    return { environments: environmentsInOrder(environments), deployments };
  }, [mayReadDeployments]);
  return (
    <AsyncView state={state} retry={reload} label="Loading environments">
      {({ environments, deployments }) => {
        const running = deploymentsByEnvironment(deployments ?? []);
        return (
          <Section title="Environments in promotion order" id="environments">
            <p className="hint">
              A version moves up this list through promotions: each environment&rsquo;s gate
              evaluates its policy packs, then the approval quorum signs off.{' '}
              {session.can('environment:write')
                ? 'Change them with verity apply or the API.'
                : 'Changing them needs environment:write (compliance-officer or admin).'}
            </p>
            {environments.length === 0 ? (
              <Empty>
                No environment is configured, so nothing can be promoted or deployed. Configure them
                with verity apply.
              </Empty>
            ) : (
              <>
                <ol className="promotion-path" aria-label="Promotion path">
                  {environments.map((e) => (
                    <li key={e.name}>
                      <span className="env-pill">{e.name}</span>
                    </li>
                  ))}
                </ol>
                <ol className="env-cards">
                  {environments.map((env, i) => (
                    <EnvironmentCard
                      key={env.name}
                      env={env}
                      step={i + 1}
                      running={
                        deployments === undefined ? undefined : (running.get(env.name) ?? [])
                      }
                    />
                  ))}
                </ol>
              </>
            )}
          </Section>
        );
      }}
    </AsyncView>
  );
}

function EnvironmentCard({
  env,
  step,
  running,
}: {
  env: Environment;
  step: number;
  running: Deployment[] | undefined;
}) {
  const id = `env-${env.name}`;
  return (
    <li className="env-card" aria-labelledby={id}>
      <div className="env-card-header">
        <span className="env-step" aria-hidden="true">
          {step}
        </span>
        <h3 id={id}>{env.name}</h3>
        {env.freezeOnApproval ? <Badge tone="info">freezes approved versions</Badge> : null}
      </div>
      <p className="env-description">
        {env.description || <span className="muted">No description.</span>}
      </p>
      <Facts
        items={[
          [
            'Policy packs',
            env.policyPacks.length === 0 ? (
              <span className="muted">none: no gate</span>
            ) : (
              <span className="pack-links">
                {env.policyPacks.map((p) => (
                  <Link key={p} to={`/settings/policy-packs?pack=${encodeURIComponent(p)}`}>
                    {p}
                  </Link>
                ))}
              </span>
            ),
          ],
          [
            'Approval quorum',
            <span key="q" className={Object.keys(env.quorum).length === 0 ? 'muted' : ''}>
              {Object.keys(env.quorum).length === 0 ? 'no approval needed' : quorumText(env.quorum)}
            </span>,
          ],
          [
            'Approval valid for',
            `${env.approvalTtlDays} ${env.approvalTtlDays === 1 ? 'day' : 'days'}`,
          ],
          ['Freeze on approval', env.freezeOnApproval ? 'yes' : 'no'],
        ]}
      />
      <h4 className="subheading">Deployed now</h4>
      {running === undefined ? (
        <p className="muted small">Deployments need registry:read.</p>
      ) : running.length === 0 ? (
        <p className="muted small">Nothing is deployed here.</p>
      ) : (
        <ul className="deployed">
          {running.map((d) => (
            <li key={d.id}>
              <Link to={modelPath(d.model)}>{d.model}</Link>{' '}
              <Link
                to={modelPath(d.model, d.version.label)}
                aria-label={`${d.model} ${d.version.label}`}
              >
                <Badge tone="info">{d.version.label}</Badge>
              </Link>{' '}
              <span className="muted small">
                {d.kind === 'rollback' ? 'rolled back ' : 'since '}
                <Time iso={d.deployedAt} />
              </span>
            </li>
          ))}
        </ul>
      )}
      <p className="muted small env-updated">
        Configured <Time iso={env.updatedAt} mode="date" /> by {env.updatedBy}
      </p>
    </li>
  );
}
