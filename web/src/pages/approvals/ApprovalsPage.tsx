import { useCallback, useId, useState } from 'react';
import type { Me, Promotion, PromotionStatus, ReviewItem } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { PageHeader, Section, Stat } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { holdsAnywhere, modelPath } from '../../lib/models.js';
import { ActionError, DecisionNotice, type DecisionOutcome } from './decision.js';
import { PromotionItem } from './PromotionItem.js';
import {
  describeQuorum,
  PROMOTION_FILTERS,
  standingOf,
  statusSentence,
} from './promotion-standing.js';
import './approvals.css';

/** The inbox: requests awaiting the caller (with their gate decisions), and open reviews. */
async function loadInbox(me: Me) {
  const mayApprove = holdsAnywhere(me, 'promotion:approve');
  const [awaiting, pending, reviews] = await Promise.all([
    mayApprove ? api.governance.listPromotions({ awaiting: 'me' }) : Promise.resolve([]),
    api.governance.listPromotions({ status: 'pending', limit: 500 }),
    api.governance.listReviewItems({ status: 'open' }),
  ]);
  const [gates, subjects] = await Promise.all([
    Promise.all(awaiting.map((p) => api.governance.getGateDecision(p.decisionId))),
    Promise.all(
      reviews.map((r) =>
        // A review whose promotion cannot be read still shows, without its promotion's details.
        r.subjectKind === 'promotion'
          ? api.governance.getPromotion(r.subjectId).catch(() => undefined)
          : Promise.resolve<Promotion | undefined>(undefined),
      ),
    ),
  ]);
  return { awaiting, pending, gates, reviews, subjects };
}

/**
 * Approvals: what waits for the signed-in person's decision (approve or reject inline), every
 * recent promotion with its status, and break-glass overrides still awaiting review.
 */
export function ApprovalsPage() {
  const { me } = useSession();
  if (!holdsAnywhere(me, 'governance:read')) {
    return (
      <div className="approvals-page">
        <PageHeader title="Approvals" />
        <Empty>
          Promotions and approvals need the governance:read permission, which the viewer,
          contributor, maintainer, risk-officer, compliance-officer and auditor roles carry. Ask an
          administrator for a role binding.
        </Empty>
      </div>
    );
  }
  return <Inbox me={me} />;
}

function Inbox({ me }: { me: Me }) {
  const inbox = useApi(() => loadInbox(me), [me.name]);
  const { query } = useLocation();
  const status = (query.get('status') ?? '') as PromotionStatus | '';
  const recent = useApi(
    () => api.governance.listPromotions({ limit: 50, ...(status === '' ? {} : { status }) }),
    [status],
  );
  const [outcome, setOutcome] = useState<DecisionOutcome | undefined>(undefined);
  const mayApprove = holdsAnywhere(me, 'promotion:approve');
  const onDecided = (result: DecisionOutcome) => {
    setOutcome(result);
    inbox.reload();
    recent.reload();
  };
  const setStatus = (value: string) => {
    navigate(value === '' ? '/approvals' : `/approvals?status=${encodeURIComponent(value)}`, {
      replace: true,
    });
  };
  const roles = [
    ...new Set(
      me.bindings.map((b) => `${b.role}${b.namespace === '*' ? '' : ` in ${b.namespace}`}`),
    ),
  ];

  return (
    <div className="approvals-page">
      <PageHeader
        title="Approvals"
        subtitle="Promotion requests waiting for your decision, every recent request, and break-glass overrides awaiting review."
      />
      {outcome === undefined ? null : <DecisionNotice outcome={outcome} />}
      <AsyncView state={inbox.state} retry={inbox.reload} label="Loading your approvals">
        {(data) => (
          <>
            <div className="stats">
              {mayApprove ? (
                <Stat
                  label="awaiting your decision"
                  value={data.awaiting.length}
                  {...(data.awaiting.length > 0 ? { tone: 'warn' as const } : {})}
                />
              ) : null}
              <Stat label="pending requests in all" value={data.pending.length} />
              <Stat
                label="open break-glass reviews"
                value={data.reviews.length}
                {...(data.reviews.length > 0 ? { tone: 'bad' as const } : {})}
              />
            </div>
            <Section
              id="awaiting"
              title={
                mayApprove ? `Awaiting your decision (${data.awaiting.length})` : 'Your decisions'
              }
            >
              {!mayApprove ? (
                <p className="notice">
                  You cannot approve or reject promotions: that needs the promotion:approve
                  permission, which the maintainer, risk-officer and compliance-officer roles carry.
                  You hold {roles.length === 0 ? 'no role' : roles.join(', ')}. You can follow every
                  request below; a request you made shows what it still needs.
                </p>
              ) : data.awaiting.length === 0 ? (
                <Empty>
                  Nothing is waiting for you. A request appears here when a version passes its
                  environment’s gate and still needs an approval from a role you hold (
                  {[...new Set(me.bindings.map((b) => b.role))].join(', ')}), unless it is your own
                  work.
                </Empty>
              ) : (
                <ul className="promotion-list">
                  {data.awaiting.map((p, i) => (
                    <li key={p.id}>
                      <PromotionItem
                        promotion={p}
                        standing={standingOf(p, me)}
                        gate={data.gates[i]}
                        linkToVersion
                        onDecided={onDecided}
                        onReload={() => {
                          inbox.reload();
                          recent.reload();
                        }}
                      />
                    </li>
                  ))}
                </ul>
              )}
            </Section>
            <Reviews
              me={me}
              items={data.reviews}
              subjects={data.subjects}
              onResolved={() => {
                inbox.reload();
              }}
            />
          </>
        )}
      </AsyncView>
      <Section
        id="recent"
        title="Recent promotions"
        actions={
          <label className="field inline-field">
            <span>Status</span>
            <select value={status} onChange={(e) => setStatus(e.target.value)}>
              <option value="">all</option>
              {PROMOTION_FILTERS.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        }
      >
        <AsyncView state={recent.state} retry={recent.reload} label="Loading the promotions">
          {(items) => <RecentTable items={items} status={status} me={me} />}
        </AsyncView>
      </Section>
    </div>
  );
}

function RecentTable({ items, status, me }: { items: Promotion[]; status: string; me: Me }) {
  if (items.length === 0) {
    return (
      <Empty>
        {status === ''
          ? 'No promotion has been requested yet. Requests appear here when someone runs verity promote request.'
          : `No ${status} promotion. Choose another status to see the rest.`}
      </Empty>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>
          The {items.length} most recent {status === '' ? '' : `${status} `}
          {items.length === 1 ? 'request' : 'requests'}, newest first
        </caption>
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Environment</th>
            <th scope="col">Status</th>
            <th scope="col">Requested</th>
            <th scope="col">Decisions</th>
            <th scope="col">Where it stands</th>
          </tr>
        </thead>
        <tbody>
          {items.map((p) => (
            <tr key={p.id} data-promotion={p.id}>
              <th scope="row" className="promotion-cell">
                <Link to={`${modelPath(p.model, p.version)}?tab=approvals`}>
                  {p.model} <span className="version-label">{p.version}</span>
                </Link>
              </th>
              <td>{p.environment}</td>
              <td>
                <StatusBadge status={p.status} />
                {p.overriddenBy === null ? null : (
                  <div>
                    <Badge tone="bad">override</Badge>
                  </div>
                )}
              </td>
              <td>
                {p.requestedBy === me.name ? <strong>you</strong> : p.requestedBy}
                <div className="muted small">
                  <Time iso={p.requestedAt} />
                </div>
              </td>
              <td>
                {p.approvals.length === 0 ? (
                  <span className="muted">none</span>
                ) : (
                  <ul className="decisions compact">
                    {p.approvals.map((a) => (
                      <li key={`${a.approver}-${a.decidedAt}`}>
                        {a.approver}{' '}
                        <span className="muted small">
                          {a.decision}
                          {a.role === null ? '' : ` as ${a.role}`}
                          {a.expired ? ', lapsed' : ''}
                        </span>
                      </li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="small stand-cell">
                {p.status === 'pending' && Object.keys(p.remaining).length > 0
                  ? `Needs ${describeQuorum(p.remaining)}.`
                  : statusSentence(p)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Break-glass overrides waiting for someone to review them after the fact. */
function Reviews({
  me,
  items,
  subjects,
  onResolved,
}: {
  me: Me;
  items: ReviewItem[];
  /** The promotion each item is about, when it is about one. */
  subjects: (Promotion | undefined)[];
  onResolved: () => void;
}) {
  const mayResolve = (me.permissions['review:resolve'] ?? []).includes('*');
  return (
    <Section id="reviews" title={`Break-glass reviews (${items.length} open)`}>
      {items.length === 0 ? (
        <Empty>
          No override is waiting for review. When someone overrides a blocked gate, a review item
          opens here until a compliance officer records what the review found.
        </Empty>
      ) : (
        <>
          {mayResolve ? null : (
            <p className="muted small">
              Resolving a review needs the review:resolve permission (compliance officers); you can
              read them.
            </p>
          )}
          <ul className="promotion-list">
            {items.map((item, i) => (
              <li key={item.id}>
                <ReviewCard
                  item={item}
                  subject={subjects[i]}
                  me={me}
                  mayResolve={mayResolve}
                  onResolved={onResolved}
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function ReviewCard({
  item,
  subject,
  me,
  mayResolve,
  onResolved,
}: {
  item: ReviewItem;
  subject: Promotion | undefined;
  me: Me;
  mayResolve: boolean;
  onResolved: () => void;
}) {
  const id = useId();
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  const resolve = useAction(
    useCallback(
      (resolution: string) => api.governance.resolveReviewItem(item.id, { resolution }),
      [item.id],
    ),
  );
  const own = item.openedBy === me.name;
  const submit = async () => {
    if (text.trim() === '') {
      setMissing(true);
      return;
    }
    setMissing(false);
    const done = await resolve.run(text.trim());
    if (done !== undefined) onResolved();
  };
  return (
    <article className="promotion" data-status="blocked" aria-labelledby={`${id}-h`}>
      <div className="promotion-head">
        <h3 id={`${id}-h`}>{item.kind === 'gate-override' ? 'Gate override' : item.kind}</h3>
        <div className="row">
          <StatusBadge status={item.status} />
          {subject === undefined ? null : (
            <Link
              to={`${modelPath(subject.model, subject.version)}?tab=approvals`}
              className="button small"
              aria-label={`Open ${subject.model} ${subject.version}`}
            >
              Open version
            </Link>
          )}
        </div>
      </div>
      {subject === undefined ? null : (
        <p className="small">
          Promotion of <strong>{subject.model}</strong>{' '}
          <span className="version-label">{subject.version}</span> to{' '}
          <strong>{subject.environment}</strong>, now <StatusBadge status={subject.status} />
        </p>
      )}
      <p className="review-summary">{item.summary}</p>
      <p className="muted small">
        Opened by {item.openedBy} <Time iso={item.openedAt} />
      </p>
      {!mayResolve ? null : own ? (
        <p className="notice notice-warn">
          <strong>Separation of duties. </strong>You made this override, so someone else must review
          it.
        </p>
      ) : (
        <form
          className="decision-form"
          onSubmit={(e) => e.preventDefault()}
          aria-label="Resolve the review"
        >
          <label className="field" htmlFor={`${id}-resolution`}>
            <span>What the review found</span>
            <textarea
              id={`${id}-resolution`}
              value={text}
              aria-invalid={missing}
              onChange={(e) => setText(e.target.value)}
              maxLength={4000}
            />
          </label>
          {missing ? (
            <p className="form-error" role="alert">
              Write what the review found: it is recorded with the resolution.
            </p>
          ) : null}
          <button
            type="button"
            className="button primary"
            disabled={resolve.busy}
            onClick={() => void submit()}
          >
            {resolve.busy ? 'Resolving…' : 'Resolve review'}
          </button>
          {resolve.error === undefined ? null : <ActionError error={resolve.error} />}
        </form>
      )}
    </article>
  );
}
