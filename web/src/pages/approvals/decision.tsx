import { useCallback, useId, useRef, useState } from 'react';
import type { Promotion } from '../../../../src/client/index.js';
import { api, describeError } from '../../api/client.js';
import { useAction } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { describeQuorum, quorumLines, type Standing } from './promotion-standing.js';
import './approvals.css';

/*
 * Deciding a promotion, shared by the approvals inbox and the model version page: a reason,
 * Approve and Reject, the server's answer (a separation-of-duties refusal is named as such), or a
 * sentence saying why this person cannot act.
 */

/** A refused or failed action: the server's stable code and message, never swallowed. */
export function ActionError({ error, onReload }: { error: unknown; onReload?: () => void }) {
  const { code, message } = describeError(error);
  const stale = code === 'PROMOTION_CLOSED' || code === 'CONFLICT' || code === 'ALREADY_EXISTS';
  const heading =
    code === 'SEPARATION_OF_DUTIES'
      ? 'Refused: separation of duties'
      : code === 'FORBIDDEN'
        ? 'Refused: not allowed'
        : stale
          ? 'Refused: the request changed since this page loaded'
          : 'The action failed';
  return (
    <div className="form-error action-error" role="alert">
      <strong>{heading}</strong> <code>{code}</code>
      <div>{message}</div>
      {stale && onReload !== undefined ? (
        <button type="button" className="button small" onClick={onReload}>
          Show where it stands now
        </button>
      ) : null}
    </div>
  );
}

/** Who has approved so far and what is still needed, per quorum role. */
export function QuorumProgress({ promotion }: { promotion: Promotion }) {
  const lines = quorumLines(promotion);
  if (lines.length === 0) {
    return <span className="muted">This environment needs no approvals.</span>;
  }
  return (
    <ul className="quorum">
      {lines.map((line) => (
        <li key={line.role}>
          <Badge tone={line.have >= line.needed ? 'good' : 'warn'}>
            {line.have} of {line.needed}
          </Badge>{' '}
          <span>{line.role}</span>
          {line.approvers.length === 0 ? null : (
            <span className="muted small"> · {line.approvers.join(', ')}</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** Earlier decisions on a request: who, in which role, why, when. */
export function DecisionHistory({ promotion }: { promotion: Promotion }) {
  if (promotion.approvals.length === 0) return null;
  return (
    <ul className="decisions">
      {promotion.approvals.map((a) => (
        <li key={`${a.approver}-${a.decidedAt}`}>
          <Badge tone={a.decision === 'approved' ? (a.expired ? 'neutral' : 'good') : 'bad'}>
            {a.decision}
            {a.expired ? ' (lapsed)' : ''}
          </Badge>{' '}
          <strong>{a.approver}</strong>
          {a.role === null ? null : <span className="muted"> as {a.role}</span>}{' '}
          <time className="muted small" dateTime={a.decidedAt}>
            {a.decidedAt.slice(0, 16).replace('T', ' ')} UTC
          </time>
          {a.reason === '' ? null : <div className="small">“{a.reason}”</div>}
        </li>
      ))}
    </ul>
  );
}

export type DecisionOutcome = { action: 'approved' | 'rejected'; promotion: Promotion };

/**
 * Reason, Approve and Reject for one pending request; or why this person cannot decide it. A
 * rejection needs a reason (checked here and by the server); an approval records one if given.
 */
export function DecisionForm({
  promotion,
  standing,
  title,
  onDecided,
  onReload,
}: {
  promotion: Promotion;
  standing: Standing;
  /** Names the request for screen readers (`credit-risk 1.1.0 → production-ie`). */
  title: string;
  onDecided: (outcome: DecisionOutcome) => void;
  /** Loads the list again (offered when the server says the request changed meanwhile). */
  onReload?: () => void;
}) {
  const id = useId();
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const field = useRef<HTMLTextAreaElement>(null);
  const approve = useAction(
    useCallback(
      (text: string) =>
        api.governance.approvePromotion(promotion.id, text === '' ? {} : { reason: text }),
      [promotion.id],
    ),
  );
  const reject = useAction(
    useCallback(
      (text: string) => api.governance.rejectPromotion(promotion.id, { reason: text }),
      [promotion.id],
    ),
  );
  const [last, setLast] = useState<'approve' | 'reject'>('approve');
  const busy = approve.busy || reject.busy;
  const error = last === 'approve' ? approve.error : reject.error;

  if (!standing.canApprove && !standing.canReject) {
    return (
      <p className={standing.separation === true ? 'notice notice-warn' : 'notice'}>
        {standing.separation === true ? <strong>Separation of duties. </strong> : null}
        {standing.reason}
      </p>
    );
  }

  const onApprove = async () => {
    setMissing(false);
    setLast('approve');
    const result = await approve.run(reason.trim());
    if (result !== undefined) {
      setReason('');
      onDecided({ action: 'approved', promotion: result });
    }
  };
  const onReject = async () => {
    const text = reason.trim();
    if (text === '') {
      setMissing(true);
      field.current?.focus();
      return;
    }
    setMissing(false);
    setLast('reject');
    const result = await reject.run(text);
    if (result !== undefined) {
      setReason('');
      onDecided({ action: 'rejected', promotion: result });
    }
  };

  return (
    <form
      className="decision-form"
      aria-label={`Decide ${title}`}
      onSubmit={(event) => event.preventDefault()}
    >
      <label className="field" htmlFor={`${id}-reason`}>
        <span>Reason</span>
        <textarea
          id={`${id}-reason`}
          ref={field}
          value={reason}
          onChange={(e) => {
            setReason(e.target.value);
            if (e.target.value.trim() !== '') setMissing(false);
          }}
          aria-describedby={`${id}-hint${missing ? ` ${id}-missing` : ''}`}
          aria-invalid={missing}
          maxLength={4000}
          placeholder="What you checked and why you decide this way"
        />
      </label>
      <p id={`${id}-hint`} className="hint">
        Recorded in the audit ledger with your name. Required to reject.
        {standing.canApprove && standing.role !== undefined
          ? ` Your approval counts as ${standing.role}.`
          : ''}
      </p>
      {missing ? (
        <p id={`${id}-missing`} className="form-error" role="alert">
          Write why you reject this request: a rejection needs a reason.
        </p>
      ) : null}
      {standing.reason === undefined ? null : <p className="notice">{standing.reason}</p>}
      <div className="row decision-actions">
        {standing.canApprove ? (
          <button
            type="button"
            className="button good"
            disabled={busy}
            onClick={() => void onApprove()}
          >
            {approve.busy ? 'Approving…' : 'Approve'}
          </button>
        ) : null}
        {standing.canReject ? (
          <button
            type="button"
            className="button danger"
            disabled={busy}
            onClick={() => void onReject()}
          >
            {reject.busy ? 'Rejecting…' : 'Reject'}
          </button>
        ) : null}
        <span className="muted small">
          {Object.keys(promotion.remaining).length === 0
            ? ''
            : `Still needs ${describeQuorum(promotion.remaining)}.`}
        </span>
      </div>
      {error === undefined ? null : (
        <ActionError error={error} {...(onReload === undefined ? {} : { onReload })} />
      )}
    </form>
  );
}

/** Said after a decision: what happened and where the request stands now. */
export function DecisionNotice({ outcome }: { outcome: DecisionOutcome }) {
  const p = outcome.promotion;
  const now =
    p.status === 'approved'
      ? `It is now approved${p.expiresAt === null ? '' : ` and may be deployed until ${p.expiresAt.slice(0, 10)}`}.`
      : p.status === 'pending'
        ? `It is still pending: it needs ${describeQuorum(p.remaining)}.`
        : `It is now ${p.status}.`;
  return (
    <p className="notice notice-good" role="status">
      You {outcome.action} {p.model} {p.version} → {p.environment}. {now}
    </p>
  );
}
