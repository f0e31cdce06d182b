import type { GateDecision } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Digest, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { decisionHeadline, latestPerEnvironment, ruleCounts, sortResults } from './model-data.js';
import type { VersionContext } from './ModelVersionPage.js';

/** Every policy gate decision of the version, each rule's outcome with failures first. */
export function GatesTab({ context }: { context: VersionContext }) {
  if (!context.governance) {
    return (
      <Empty>
        Gate decisions need the governance:read permission in namespace {context.namespace}; your
        roles there do not include it.
      </Empty>
    );
  }
  return <Gates context={context} />;
}

function Gates({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => api.governance.listGateDecisions(context.modelRef, context.version.label),
    [context.modelRef, context.version.id],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the gate decisions">
      {(decisions) =>
        decisions.length === 0 ? (
          <Empty>
            No gate has judged {context.version.label} yet. A decision is recorded when someone
            requests a promotion or runs <code>verity gate check</code>.
          </Empty>
        ) : (
          <Decisions decisions={decisions} />
        )
      }
    </AsyncView>
  );
}

function Decisions({ decisions }: { decisions: GateDecision[] }) {
  const latest = latestPerEnvironment(decisions);
  const current = [...latest.values()];
  const older = decisions.filter((d) => !current.includes(d));
  return (
    <div className="stack">
      <Section id="gates-standing" title="Where the version stands">
        <div className="table-wrap">
          <table className="data">
            <caption>The newest decision for each environment</caption>
            <thead>
              <tr>
                <th scope="col">Environment</th>
                <th scope="col">Outcome</th>
                <th scope="col">Rules</th>
                <th scope="col">Evaluated</th>
              </tr>
            </thead>
            <tbody>
              {current.map((d) => (
                <tr key={d.id ?? d.evaluatedAt}>
                  <th scope="row">
                    <a href={`#gate-${d.id ?? ''}`}>{d.environment}</a>
                  </th>
                  <td>
                    <StatusBadge status={d.outcome} />
                  </td>
                  <td>{decisionHeadline(d.results)}</td>
                  <td>
                    <Time iso={d.evaluatedAt} /> by {d.evaluatedBy}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      {current.map((d, i) => (
        <Decision
          key={d.id ?? d.evaluatedAt}
          decision={d}
          open={i === 0 || d.outcome === 'blocked'}
        />
      ))}
      {older.length === 0 ? null : (
        <Section id="gates-earlier" title={`Earlier decisions (${older.length})`}>
          <p className="muted small">
            Superseded by a newer decision for the same environment; kept as evidence.
          </p>
          {older.map((d) => (
            <details key={d.id ?? d.evaluatedAt} className="older-decision">
              <summary>
                {d.environment} · <StatusBadge status={d.outcome} /> ·{' '}
                <Time iso={d.evaluatedAt} mode="datetime" /> · {decisionHeadline(d.results)}
              </summary>
              <DecisionBody decision={d} open />
            </details>
          ))}
        </Section>
      )}
    </div>
  );
}

function Decision({ decision, open }: { decision: GateDecision; open: boolean }) {
  return (
    <Section
      id={`gate-${decision.id ?? ''}`}
      title={
        <>
          {decision.environment} gate <StatusBadge status={decision.outcome} />
        </>
      }
    >
      <DecisionBody decision={decision} open={open} />
    </Section>
  );
}

const RULE_TONES = {
  pass: 'good',
  fail: 'bad',
  error: 'bad',
  warn: 'warn',
  skip: 'neutral',
} as const;
const RULE_WORDS: Record<string, string> = { skip: 'not applicable', warn: 'warning' };

function RuleBadge({ status }: { status: string }) {
  const tone = RULE_TONES[status as keyof typeof RULE_TONES] ?? 'neutral';
  return <Badge tone={tone}>{RULE_WORDS[status] ?? status}</Badge>;
}

function DecisionBody({ decision, open }: { decision: GateDecision; open: boolean }) {
  const counts = ruleCounts(decision.results);
  const results = sortResults(decision.results);
  return (
    <>
      <div className={`gate-verdict gate-${decision.outcome}`}>
        <strong>
          {decision.outcome === 'blocked' ? 'Blocked' : 'Passed'}:{' '}
          {decisionHeadline(decision.results)}.
        </strong>{' '}
        Evaluated <Time iso={decision.evaluatedAt} mode="datetime" /> by {decision.evaluatedBy}.
      </div>
      <dl className="mini-facts gate-facts">
        <dt>Policy packs</dt>
        <dd>
          {decision.packs.length === 0
            ? 'none (this environment has no gate)'
            : decision.packs.map((p) => `${p.name} v${p.version}`).join(', ')}
        </dd>
        <dt>Rule outcomes</dt>
        <dd>
          {counts.pass} passed, {counts.fail} failed, {counts.error} errors, {counts.warn} warnings,{' '}
          {counts.skip} not applicable
        </dd>
        <dt>Input digest</dt>
        <dd>
          <Digest value={decision.inputDigest} />
        </dd>
      </dl>
      {results.length === 0 ? null : (
        <details className="rules-details" open={open}>
          <summary>
            Every rule’s outcome ({results.length}
            {counts.fail + counts.error > 0 ? `, ${counts.fail + counts.error} failing` : ''})
          </summary>
          <div className="table-wrap">
            <table className="data rules">
              <caption>Failures first, then warnings, rules that did not apply, and passes</caption>
              <thead>
                <tr>
                  <th scope="col">Outcome</th>
                  <th scope="col">Rule</th>
                  <th scope="col">What it checks</th>
                  <th scope="col">Controls</th>
                </tr>
              </thead>
              <tbody>
                {results.map((r) => (
                  <tr key={`${r.pack}/${r.rule}`} className={`rule-${r.status}`}>
                    <td>
                      <RuleBadge status={r.status} />
                      {r.severity === 'blocking' ? null : (
                        <div className="muted small nowrap">non-blocking</div>
                      )}
                    </td>
                    <th scope="row">
                      <code>{r.rule}</code>
                      <div className="muted small">{r.pack}</div>
                    </th>
                    <td>
                      {r.message === '' ? null : (
                        <div className="rule-message">
                          {r.message}
                          {r.errorCode == null ? null : <code> {r.errorCode}</code>}
                        </div>
                      )}
                      <div className={r.message === '' ? undefined : 'muted small'}>
                        {r.description}
                      </div>
                    </td>
                    <td>
                      <span className="row">
                        {r.controls.map((c) => (
                          <Badge key={c}>{c}</Badge>
                        ))}
                      </span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </>
  );
}
