import { useState } from 'react';
import type { GateDecision, Promotion, Run } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { modelPath } from '../../lib/models.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { DecisionNotice, type DecisionOutcome } from '../approvals/decision.js';
import { PromotionItem } from '../approvals/PromotionItem.js';
import { standingOf } from '../approvals/promotion-standing.js';
import type { VersionContext } from './ModelVersionPage.js';

async function loadApprovals(context: VersionContext) {
  const { modelRef, version } = context;
  const [promotions, decisions, run] = await Promise.all([
    api.governance.listPromotions({ model: modelRef, limit: 500 }),
    api.governance.listGateDecisions(modelRef, version.label),
    version.runId === null ? Promise.resolve<Run | null>(null) : api.getRun(version.runId),
  ]);
  return { promotions, decisions, run };
}

/** Promotion requests of this version: status, quorum, and Approve / Reject for those who may. */
export function ApprovalsTab({ context }: { context: VersionContext }) {
  if (!context.governance) {
    return (
      <Empty>
        Promotions and approvals need the governance:read permission in namespace{' '}
        {context.namespace}; your roles there do not include it.
      </Empty>
    );
  }
  return <Approvals context={context} />;
}

function Approvals({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => loadApprovals(context),
    [context.modelRef, context.version.id],
  );
  const [outcome, setOutcome] = useState<DecisionOutcome | undefined>(undefined);
  const onDecided = (result: DecisionOutcome) => {
    setOutcome(result);
    reload();
  };
  return (
    <>
      {outcome === undefined ? null : <DecisionNotice outcome={outcome} />}
      <AsyncView state={state} retry={reload} label="Loading the promotions">
        {(data) => (
          <Requests
            context={context}
            promotions={data.promotions}
            decisions={data.decisions}
            run={data.run}
            onDecided={onDecided}
            onReload={reload}
          />
        )}
      </AsyncView>
    </>
  );
}

function Requests({
  context,
  promotions,
  decisions,
  run,
  onDecided,
  onReload,
}: {
  context: VersionContext;
  promotions: Promotion[];
  decisions: GateDecision[];
  run: Run | null;
  onDecided: (outcome: DecisionOutcome) => void;
  onReload: () => void;
}) {
  const { me } = useSession();
  const { version } = context;
  const mine = promotions.filter((p) => p.version === version.label);
  const others = promotions.filter((p) => p.version !== version.label);
  const open = mine.filter((p) => p.status === 'pending');
  const closed = mine.filter((p) => p.status !== 'pending');
  const conflicts = { author: version.author, runOwner: run?.createdBy };
  const gateOf = (p: Promotion) => decisions.find((d) => d.id === p.decisionId);
  const otherVersions = [...new Set(others.map((p) => p.version))];
  return (
    <div className="stack">
      <Section id="promotions-open" title={`Open requests (${open.length})`}>
        {open.length === 0 ? (
          <Empty>
            No promotion of {version.label} is waiting for approval. A request appears here when
            someone runs <code>verity promote request</code> and the environment’s gate passes.
          </Empty>
        ) : (
          <ul className="promotion-list">
            {open.map((p) => (
              <li key={p.id}>
                <PromotionItem
                  promotion={p}
                  standing={standingOf(p, me, conflicts)}
                  gate={gateOf(p)}
                  onDecided={onDecided}
                  onReload={onReload}
                />
              </li>
            ))}
          </ul>
        )}
      </Section>
      <Section id="promotions-history" title={`History (${closed.length})`}>
        {closed.length === 0 ? (
          <Empty>No earlier promotion requests for {version.label}.</Empty>
        ) : (
          <ul className="promotion-list">
            {closed.map((p) => (
              <li key={p.id}>
                <PromotionItem
                  promotion={p}
                  standing={standingOf(p, me, conflicts)}
                  gate={gateOf(p)}
                  onDecided={onDecided}
                  onReload={onReload}
                />
              </li>
            ))}
          </ul>
        )}
        {otherVersions.length === 0 ? null : (
          <p className="muted small">
            Other versions of {context.model.name} have {others.length} more{' '}
            {others.length === 1 ? 'request' : 'requests'}: see{' '}
            {otherVersions.map((label, i) => (
              <span key={label}>
                {i === 0 ? '' : ', '}
                <Link to={`${modelPath(context.modelRef, label)}?tab=approvals`}>{label}</Link>
              </span>
            ))}
            .
          </p>
        )}
      </Section>
    </div>
  );
}
