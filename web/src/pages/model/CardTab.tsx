import type { CardView } from '../../../../src/client/index.js';
import { api, apiUrl, seg } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { formatPercent, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { cardSections, type CardValue } from './model-data.js';
import type { VersionContext } from './ModelVersionPage.js';

/** The model card: how complete it is, who signed it off, the documents, and what it says. */
export function CardTab({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => api.cards.get(context.modelRef, context.version.label),
    [context.modelRef, context.version.id],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the model card">
      {(card) => <Card context={context} card={card} />}
    </AsyncView>
  );
}

const TIER_NAMES: Record<string, string> = {
  high: 'high-risk',
  limited: 'limited-risk',
  minimal: 'minimal-risk',
};

function Card({ context, card }: { context: VersionContext; card: CardView }) {
  const base = `/models/${seg(context.modelRef)}/versions/${seg(context.version.label)}`;
  const { completeness } = card;
  const sections = cardSections(card.card.authored);
  const score = completeness.score;
  const tone = score >= 1 ? 'good' : score >= 0.75 ? 'warn' : 'bad';
  return (
    <div className="stack">
      <div className="grid grid-3">
        <Section id="card-completeness" title="Completeness">
          <div className="completeness">
            <div className={`completeness-score tone-${tone}`}>{formatPercent(score, 0)}</div>
            <div>
              <div>
                {completeness.present} of {completeness.required} required fields
              </div>
              <div className="muted small">
                {TIER_NAMES[completeness.tier] ?? completeness.tier} template (EU AI Act Annex IV)
              </div>
            </div>
          </div>
          <div
            className="meter wide-meter"
            role="img"
            aria-label={`${completeness.present} of ${completeness.required} required fields present`}
          >
            <span className="meter-good" style={{ width: `${score * 100}%` }} />
          </div>
          {completeness.missing.length === 0 ? (
            <p className="small good-text">Every field the template requires is filled.</p>
          ) : (
            <>
              <h3 className="subheading">Missing ({completeness.missing.length})</h3>
              <ul className="missing-list">
                {completeness.missing.map((m) => (
                  <li key={m.path}>
                    <strong>{m.title}</strong>{' '}
                    <span className="muted small">
                      {m.annexIV === '' ? '' : `Annex IV ${m.annexIV} · `}
                      {m.source === 'author'
                        ? 'written by people'
                        : 'filled by Verity from evidence'}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          )}
        </Section>
        <Section id="card-signoff" title="Sign-off">
          {card.approved ? (
            <p>
              <Badge tone="good">approved</Badge> by <strong>{card.approvedBy}</strong>{' '}
              <Time iso={card.approvedAt} mode="datetime" />
            </p>
          ) : (
            <p>
              <Badge tone="warn">{card.exists ? 'draft' : 'not written'}</Badge>{' '}
              {card.exists
                ? 'Nobody has signed this card off yet. A responsible person who did not write it approves it with verity card approve.'
                : 'Nobody has written this card yet: it holds only the evidence Verity gathered.'}
            </p>
          )}
          <dl className="mini-facts">
            <dt>Revision</dt>
            <dd>{card.revision === 0 ? 'none yet' : card.revision}</dd>
            <dt>Last edited</dt>
            <dd>
              {card.updatedAt === null ? (
                '—'
              ) : (
                <>
                  <Time iso={card.updatedAt} /> by {card.updatedBy}
                </>
              )}
            </dd>
            <dt>Frozen</dt>
            <dd>{card.frozen ? `yes, ${card.frozenReason ?? ''}` : 'no'}</dd>
            <dt>Digest</dt>
            <dd>
              <code className="small" title={card.digest}>
                {card.digest.slice(0, 19)}…
              </code>
            </dd>
          </dl>
        </Section>
        <Section id="card-documents" title="Documents">
          <p className="small muted">
            The card as a document, and the machine-readable bill of materials.
          </p>
          <ul className="download-list">
            <li>
              <a className="button small" href={apiUrl(`${base}/card/render?format=pdf`)} download>
                Card as PDF
              </a>
            </li>
            <li>
              <a
                className="button small"
                href={apiUrl(`${base}/card/render?format=html`)}
                target="_blank"
                rel="noopener"
              >
                Card as HTML
              </a>
            </li>
            <li>
              <a className="button small" href={apiUrl(`${base}/card/render?format=md`)} download>
                Card as Markdown
              </a>
            </li>
            <li>
              <a className="button small" href={apiUrl(`${base}/cyclonedx`)} download>
                CycloneDX ML-BOM (JSON)
              </a>
            </li>
          </ul>
        </Section>
      </div>
      <Section id="card-content" title="What the card says">
        {sections.length === 0 ? (
          <Empty>
            Nobody has written any part of this card yet. Authors fill it with{' '}
            <code>verity card edit</code>; the evidence sections (artifacts, lineage, metrics,
            gates) are filled by Verity and shown in the other tabs.
          </Empty>
        ) : (
          <>
            <nav aria-label="Card sections" className="card-toc">
              <ul>
                {sections.map((s) => (
                  <li key={s.id}>
                    <a href={`#card-${s.id}`}>{s.title}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <div className="card-sections">
              {sections.map((s) => (
                <section
                  key={s.id}
                  id={`card-${s.id}`}
                  className="card-section"
                  aria-labelledby={`card-${s.id}-h`}
                >
                  <h3 id={`card-${s.id}-h`}>{s.title}</h3>
                  <dl>
                    {s.fields.map((f) => (
                      <div key={f.key}>
                        <dt className={f.key === s.id ? 'visually-hidden' : undefined}>
                          {f.title}
                        </dt>
                        <dd>
                          <Value value={f.value} />
                        </dd>
                      </div>
                    ))}
                  </dl>
                </section>
              ))}
            </div>
          </>
        )}
      </Section>
    </div>
  );
}

function Value({ value }: { value: CardValue }) {
  switch (value.kind) {
    case 'text':
      return <>{value.text}</>;
    case 'list':
      return (
        <ul>
          {value.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      );
    case 'records':
      return (
        <ul>
          {value.rows.map((row, i) => (
            <li key={i}>
              <strong>{row.name}</strong>
              {row.detail === '' ? null : <>: {row.detail}</>}
            </li>
          ))}
        </ul>
      );
  }
}
