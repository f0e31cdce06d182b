import type { GateDecision, Promotion } from '../../../../src/client/index.js';
import { Link } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { modelPath } from '../../lib/models.js';
import { decisionHeadline } from '../model/model-data.js';
import { DecisionForm, DecisionHistory, QuorumProgress, type DecisionOutcome } from './decision.js';
import { promotionTitle, statusSentence, type Standing } from './promotion-standing.js';

/**
 * One promotion request: what goes where, who asked and why, what its gate said, the approvals so
 * far and what is still needed, and (when pending) the decision form or why this person cannot
 * decide it.
 */
export function PromotionItem({
  promotion,
  standing,
  gate,
  linkToVersion = false,
  headingLevel = 3,
  onDecided,
  onReload,
}: {
  promotion: Promotion;
  standing: Standing;
  /** The gate decision the request was judged by, when the caller could read it. */
  gate?: GateDecision | undefined;
  /** Show a link to the model version page (the inbox does; the version page itself does not). */
  linkToVersion?: boolean;
  headingLevel?: 3 | 4;
  onDecided: (outcome: DecisionOutcome) => void;
  onReload?: () => void;
}) {
  const p = promotion;
  const title = promotionTitle(p);
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  const Sub = headingLevel === 3 ? 'h4' : 'h5';
  const headingId = `promotion-${p.id}`;
  return (
    <article className="promotion" data-status={p.status} aria-labelledby={headingId}>
      <div className="promotion-head">
        <Heading id={headingId}>
          <span className="visually-hidden">Promotion of </span>
          {p.model} <span className="version-label">{p.version}</span>
          <span className="promotion-arrow" aria-hidden="true">
            →
          </span>
          <span className="visually-hidden"> to </span>
          {p.environment}
        </Heading>
        <div className="row">
          <StatusBadge status={p.status} />
          {p.overriddenBy === null ? null : <Badge tone="bad">break-glass override</Badge>}
          {linkToVersion ? (
            <Link
              to={`${modelPath(p.model, p.version)}?tab=approvals`}
              className="button small"
              aria-label={`Open ${p.model} ${p.version}`}
            >
              Open version
            </Link>
          ) : null}
        </div>
      </div>
      <div className="promotion-body">
        <div>
          <dl className="mini-facts">
            <dt>Requested</dt>
            <dd>
              by <strong>{p.requestedBy}</strong> <Time iso={p.requestedAt} />
            </dd>
            <dt>Status</dt>
            <dd>{statusSentence(p)}</dd>
            <dt>Gate</dt>
            <dd>
              {gate === undefined ? (
                <span className="muted">decision not shown</span>
              ) : (
                <span className="gate-line">
                  <StatusBadge status={gate.outcome} />
                  <span>{decisionHeadline(gate.results)}</span>
                  <span className="muted small">
                    ({gate.packs.map((pk) => `${pk.name} v${pk.version}`).join(', ') || 'no packs'})
                  </span>
                </span>
              )}
            </dd>
            <dt>Quorum</dt>
            <dd>
              <QuorumProgress promotion={p} />
            </dd>
          </dl>
          {p.justification === '' ? (
            <p className="muted small">No justification was given.</p>
          ) : (
            <blockquote className="justification" aria-label="Justification">
              {p.justification}
            </blockquote>
          )}
          {p.overrideJustification === null ? null : (
            <p className="small">
              <strong>Override by {p.overriddenBy}:</strong> {p.overrideJustification}
            </p>
          )}
        </div>
        <div>
          {p.approvals.length === 0 ? null : (
            <>
              <Sub className="promotion-subheading">
                {p.status === 'pending' ? 'Decisions so far' : 'Decisions'}
              </Sub>
              <DecisionHistory promotion={p} />
            </>
          )}
          {p.status === 'pending' ? (
            <DecisionForm
              promotion={p}
              standing={standing}
              title={title}
              onDecided={onDecided}
              {...(onReload === undefined ? {} : { onReload })}
            />
          ) : null}
        </div>
      </div>
    </article>
  );
}
