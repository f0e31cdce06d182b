import { useState } from 'react';
import type { IncidentView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { Empty } from '../../components/states.js';
import type { SeverityDefinition } from './incident-data.js';
import { ActionError } from './incident-parts.js';

interface NewAction {
  title: string;
  owner: string;
  due: string;
}

/** The post-incident review and its follow-up actions. */
export function ReviewSection({
  incident,
  severity,
  editable,
  reload,
  me,
}: {
  incident: IncidentView;
  severity: SeverityDefinition | undefined;
  editable: boolean;
  reload: () => void;
  me: string;
}) {
  const review = incident.review;
  const complete = review?.completedAt !== null && review?.completedAt !== undefined;
  const [writing, setWriting] = useState(false);
  const completeReview = useAction(async () => {
    await api.incidents.completeReview(incident.key);
    reload();
  });
  const actionDone = useAction(async (id: string) => {
    await api.incidents.completeAction(incident.key, id);
    reload();
  });
  const required = severity?.reviewRequired === true;

  return (
    <div className="grid grid-2 section-grid">
      <Section
        title="Post-incident review"
        id="review"
        actions={
          review === null ? (
            <Badge tone={required ? 'warn' : 'neutral'}>
              {required ? 'required before closing' : 'optional'}
            </Badge>
          ) : complete ? (
            <Badge tone="good">completed</Badge>
          ) : (
            <Badge tone="warn">draft</Badge>
          )
        }
      >
        {review === null ? (
          <Empty>
            No review written yet.{' '}
            {required
              ? `A ${incident.severity} incident closes only after its review is completed.`
              : 'A review is optional at this severity.'}
          </Empty>
        ) : (
          <div className="review">
            <h3>Summary</h3>
            <p>{review.summary}</p>
            <h3>Root cause</h3>
            <p>{review.rootCause}</p>
            {review.contributingFactors.length === 0 ? null : (
              <>
                <h3>Contributing factors</h3>
                <ul>
                  {review.contributingFactors.map((f, i) => (
                    <li key={i}>{f}</li>
                  ))}
                </ul>
              </>
            )}
            <p className="muted small">
              Written by {review.updatedBy} <Time iso={review.updatedAt} mode="datetime" />
              {review.completedAt === null ? null : (
                <>
                  ; completed by {review.completedBy}{' '}
                  <Time iso={review.completedAt} mode="datetime" />
                </>
              )}
            </p>
          </div>
        )}
        {editable && !complete ? (
          <div className="review-actions">
            <div className="row">
              <button
                type="button"
                className="button small"
                aria-expanded={writing}
                onClick={() => setWriting((w) => !w)}
              >
                {writing
                  ? 'Close the editor'
                  : review === null
                    ? 'Write the review'
                    : 'Edit the review'}
              </button>
              {review === null ? null : (
                <button
                  type="button"
                  className="button primary small"
                  disabled={completeReview.busy}
                  onClick={() => void completeReview.run()}
                >
                  Complete the review
                </button>
              )}
            </div>
            <ActionError error={completeReview.error} />
            {writing ? (
              <ReviewForm
                incident={incident}
                me={me}
                done={() => {
                  setWriting(false);
                  reload();
                }}
              />
            ) : null}
          </div>
        ) : null}
      </Section>

      <Section title="Follow-up actions" id="follow-up">
        {incident.actions.length === 0 ? (
          <Empty>No follow-up actions. They are added with the post-incident review.</Empty>
        ) : (
          <div className="table-wrap positioned-wrap">
            <table className="data">
              <caption>
                {incident.actions.filter((a) => a.doneAt === null).length} of{' '}
                {incident.actions.length} still open
              </caption>
              <thead>
                <tr>
                  <th scope="col">Action</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Due</th>
                  <th scope="col">State</th>
                </tr>
              </thead>
              <tbody>
                {incident.actions.map((a) => (
                  <tr key={a.id}>
                    <th scope="row" className="row-heading">
                      {a.title}
                    </th>
                    <td>{a.owner}</td>
                    <td className="nowrap">
                      <Time iso={a.dueAt} mode="date" />
                    </td>
                    <td>
                      {a.doneAt !== null ? (
                        <>
                          <Badge tone="good">done</Badge>
                          <div className="muted small">
                            {a.doneBy} · <Time iso={a.doneAt} mode="date" />
                          </div>
                        </>
                      ) : (
                        <>
                          <Badge tone={a.overdue ? 'bad' : 'warn'}>
                            {a.overdue ? 'overdue' : 'open'}
                          </Badge>
                          {editable ? (
                            <>
                              {' '}
                              <button
                                type="button"
                                className="button small"
                                disabled={actionDone.busy}
                                onClick={() => void actionDone.run(a.id)}
                              >
                                Mark done<span className="visually-hidden">: {a.title}</span>
                              </button>
                            </>
                          ) : null}
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <ActionError error={actionDone.error} />
      </Section>
    </div>
  );
}

function ReviewForm({
  incident,
  me,
  done,
}: {
  incident: IncidentView;
  me: string;
  done: () => void;
}) {
  const review = incident.review;
  const [summary, setSummary] = useState(review?.summary ?? '');
  const [rootCause, setRootCause] = useState(review?.rootCause ?? '');
  const [factors, setFactors] = useState((review?.contributingFactors ?? []).join('\n'));
  const [actions, setActions] = useState<NewAction[]>([]);
  const write = useAction(async () => {
    await api.incidents.writeReview(incident.key, {
      summary: summary.trim(),
      rootCause: rootCause.trim(),
      contributingFactors: factors
        .split('\n')
        .map((f) => f.trim())
        .filter(Boolean),
      actions: actions
        .filter((a) => a.title.trim() !== '')
        .map((a) => ({
          title: a.title.trim(),
          owner: a.owner.trim(),
          dueAt: `${a.due}T17:00:00Z`,
        })),
    });
    done();
  });
  const update = (i: number, change: Partial<NewAction>) =>
    setActions((list) => list.map((a, j) => (j === i ? { ...a, ...change } : a)));
  return (
    <form
      className="review-form"
      onSubmit={(e) => {
        e.preventDefault();
        void write.run();
      }}
    >
      <label className="field">
        <span>Summary</span>
        <textarea required rows={3} value={summary} onChange={(e) => setSummary(e.target.value)} />
      </label>
      <label className="field">
        <span>Root cause</span>
        <textarea
          required
          rows={2}
          value={rootCause}
          onChange={(e) => setRootCause(e.target.value)}
        />
      </label>
      <label className="field">
        <span>Contributing factors (one per line)</span>
        <textarea rows={3} value={factors} onChange={(e) => setFactors(e.target.value)} />
      </label>
      <fieldset className="new-actions">
        <legend>New follow-up actions</legend>
        {actions.map((a, i) => (
          <div key={i} className="new-action">
            <label className="field">
              <span>Action {i + 1}</span>
              <input
                required
                value={a.title}
                onChange={(e) => update(i, { title: e.target.value })}
              />
            </label>
            <label className="field">
              <span>Owner</span>
              <input
                required
                value={a.owner}
                onChange={(e) => update(i, { owner: e.target.value })}
              />
            </label>
            <label className="field">
              <span>Due (17:00 UTC)</span>
              <input
                type="date"
                required
                value={a.due}
                onChange={(e) => update(i, { due: e.target.value })}
              />
            </label>
          </div>
        ))}
        <button
          type="button"
          className="button small"
          onClick={() =>
            setActions((list) => [
              ...list,
              {
                title: '',
                owner: me,
                due: new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10),
              },
            ])
          }
        >
          Add a follow-up action
        </button>
        <p className="hint">Existing actions are kept; new ones are added.</p>
      </fieldset>
      <button type="submit" className="button primary" disabled={write.busy}>
        Save the review
      </button>
      <ActionError error={write.error} />
    </form>
  );
}
