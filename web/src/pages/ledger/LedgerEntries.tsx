import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import type { LedgerEntryView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Link, navigate, useLocation } from '../../app/router.js';
import { Badge } from '../../components/badge.js';
import { formatNumber, Time } from '../../components/format.js';
import { Facts } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { encodeBase64 } from '../../lib/merkle.js';
import {
  FILTER_LIMIT,
  isFiltered,
  knownTypes,
  PAGE_SIZE,
  pageCount,
  pageOf,
  pageOfEntry,
  pageWindow,
  prettyJson,
  queryPath,
  readQuery,
  subjectLabel,
  type LedgerQuery,
} from './ledger-model.js';
import type { CheckpointTrust } from './trust.js';
import { targetFor } from './trust.js';
import { verifyEntryInclusion, type VerificationResult } from './verify-entry.js';

interface EntriesPage {
  /** Entries in the log (or matching the filter). */
  total: number;
  logSize: number;
  page: number;
  items: LedgerEntryView[];
  /** The filter hit the API's limit: later matches are not shown. */
  truncated: boolean;
}

async function loadEntries(query: LedgerQuery): Promise<EntriesPage> {
  if (isFiltered(query)) {
    const bySubject = query.subjectKind !== '' && query.subjectId !== '';
    const answer = await api.auditEntries(
      bySubject
        ? { subjectKind: query.subjectKind, subjectId: query.subjectId, limit: FILTER_LIMIT }
        : { type: query.type, from: 0, limit: FILTER_LIMIT },
    );
    // The subject query has no type parameter: the type narrows it here.
    const matching =
      bySubject && query.type !== ''
        ? answer.items.filter((e) => e.event?.type === query.type)
        : answer.items;
    const page = Math.min(query.page, pageCount(matching.length) - 1);
    return {
      total: matching.length,
      logSize: answer.size,
      page,
      items: pageOf(matching, query.order, page),
      truncated: answer.items.length >= FILTER_LIMIT,
    };
  }
  const { size } = await api.auditHead();
  const page =
    query.entry === undefined
      ? Math.min(query.page, pageCount(size) - 1)
      : pageOfEntry(size, query.order, query.entry);
  const window = pageWindow(size, query.order, page);
  const answer =
    window.limit === 0
      ? { size, items: [] }
      : await api.auditEntries({ from: window.from, limit: window.limit });
  return {
    total: size,
    logSize: answer.size,
    page,
    items: pageOf(answer.items, query.order, 0, PAGE_SIZE),
    truncated: false,
  };
}

type Verification = { status: 'running' } | { status: 'done'; result: VerificationResult };

/** The paged, filterable table of entries, each expandable and verifiable. */
export function LedgerEntries({
  trust,
  head,
  onStale,
}: {
  trust: CheckpointTrust;
  head: { size: number; rootHash: string };
  onStale: () => void;
}) {
  const location = useLocation();
  const query = readQuery(location.query);
  const { state, reload } = useApi(
    () => loadEntries(query),
    [query.order, query.page, query.type, query.subjectKind, query.subjectId, query.entry],
  );
  const [expanded, setExpanded] = useState<Set<number>>(
    () => new Set(query.entry === undefined ? [] : [query.entry]),
  );
  const [verifications, setVerifications] = useState<Map<number, Verification>>(new Map());

  useEffect(() => {
    if (query.entry !== undefined) setExpanded((s) => new Set(s).add(query.entry!));
  }, [query.entry]);

  const go = (next: Partial<LedgerQuery>) => navigate(queryPath({ ...query, ...next }));

  const toggle = (seq: number) =>
    setExpanded((s) => {
      const next = new Set(s);
      if (next.has(seq)) next.delete(seq);
      else next.add(seq);
      return next;
    });

  const verify = async (entry: LedgerEntryView) => {
    setVerifications((m) => new Map(m).set(entry.seq, { status: 'running' }));
    setExpanded((s) => new Set(s).add(entry.seq));
    let current = head;
    // An entry newer than the head read at page load: read the head again first.
    if (entry.seq >= head.size) {
      current = await api.auditHead().catch(() => head);
      onStale();
    }
    const result = await verifyEntryInclusion(
      entry,
      targetFor(entry.seq, trust, current),
      (index, size) => api.inclusionProof(index, size),
    );
    setVerifications((m) => new Map(m).set(entry.seq, { status: 'done', result }));
  };

  return (
    <section className="panel" aria-labelledby="ledger-entries-title">
      <div className="panel-header">
        <h2 id="ledger-entries-title">Entries</h2>
        <div className="panel-actions">
          <button type="button" className="button small" onClick={reload}>
            Refresh
          </button>
        </div>
      </div>
      <LedgerFilters query={query} onApply={go} state={state} />
      <AsyncView state={state} retry={reload} label="Reading entries">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>
              {isFiltered(query)
                ? 'No entry matches these filters. Event types are past-tense kebab-case, such as model-version-registered; a subject needs both its kind and its id.'
                : 'The log is empty. Every change Verity makes (a registration, an approval, a deployment) adds an entry.'}
            </Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="data ledger-table">
                  <caption>
                    {describePage(data, query)}
                    {data.truncated
                      ? ` Only the first ${formatNumber(FILTER_LIMIT)} matches are read; narrow the filter to see later ones.`
                      : ''}
                  </caption>
                  <thead>
                    <tr>
                      <th scope="col" className="num">
                        Index
                      </th>
                      <th scope="col">Recorded</th>
                      <th scope="col">Event</th>
                      <th scope="col">Actor</th>
                      <th scope="col">Subject</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions and </span>Proof
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {data.items.map((entry) => (
                      <EntryRows
                        key={entry.seq}
                        entry={entry}
                        open={expanded.has(entry.seq)}
                        focus={query.entry === entry.seq}
                        verification={verifications.get(entry.seq)}
                        onToggle={() => toggle(entry.seq)}
                        onVerify={() => void verify(entry)}
                        onSubject={(kind, id) =>
                          go({ subjectKind: kind, subjectId: id, page: 0, entry: undefined })
                        }
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager
                page={data.page}
                pages={pageCount(data.total)}
                onPage={(page) => go({ page, entry: undefined })}
              />
            </>
          )
        }
      </AsyncView>
    </section>
  );
}

function describePage(data: EntriesPage, query: LedgerQuery): string {
  const first = data.page * PAGE_SIZE + 1;
  const last = Math.min(data.total, first + data.items.length - 1);
  const what = isFiltered(query)
    ? `${formatNumber(data.total)} matching entries`
    : `${formatNumber(data.total)} entries`;
  return `${formatNumber(first)}–${formatNumber(last)} of ${what}, ${query.order === 'newest' ? 'newest' : 'oldest'} first.`;
}

function LedgerFilters({
  query,
  onApply,
  state,
}: {
  query: LedgerQuery;
  onApply: (next: Partial<LedgerQuery>) => void;
  state: { status: string; data?: EntriesPage | undefined };
}) {
  const [type, setType] = useState(query.type);
  const [kind, setKind] = useState(query.subjectKind);
  const [id, setId] = useState(query.subjectId);
  useEffect(() => {
    setType(query.type);
    setKind(query.subjectKind);
    setId(query.subjectId);
  }, [query.type, query.subjectKind, query.subjectId]);
  const types = state.data === undefined ? [] : knownTypes(state.data.items);
  const incomplete = (kind.trim() === '') !== (id.trim() === '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (incomplete) return;
    onApply({
      type: type.trim(),
      subjectKind: kind.trim(),
      subjectId: id.trim(),
      page: 0,
      entry: undefined,
    });
  };
  const filtered = isFiltered(query);
  return (
    <form className="filters" role="search" aria-label="Filter entries" onSubmit={submit}>
      <label className="field">
        <span>Event type</span>
        <input
          list="ledger-types"
          value={type}
          onChange={(e) => setType(e.target.value)}
          placeholder="e.g. deployment-recorded"
          spellCheck={false}
        />
        <datalist id="ledger-types">
          {types.map((t) => (
            <option key={t} value={t} />
          ))}
        </datalist>
      </label>
      <label className="field">
        <span>Subject kind</span>
        <input
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          placeholder="e.g. model"
          spellCheck={false}
          aria-invalid={incomplete && kind.trim() === ''}
        />
      </label>
      <label className="field">
        <span>Subject id</span>
        <input
          value={id}
          onChange={(e) => setId(e.target.value)}
          placeholder="the subject’s id"
          spellCheck={false}
          aria-invalid={incomplete && id.trim() === ''}
        />
      </label>
      <label className="field">
        <span>Order</span>
        <select
          value={query.order}
          onChange={(e) =>
            onApply({ order: e.target.value === 'oldest' ? 'oldest' : 'newest', page: 0 })
          }
        >
          <option value="newest">newest first</option>
          <option value="oldest">oldest first</option>
        </select>
      </label>
      <div className="row">
        <button type="submit" className="button" disabled={incomplete}>
          Apply
        </button>
        {filtered ? (
          <Link to={queryPath({ order: query.order })} className="button ghost">
            Clear filters
          </Link>
        ) : null}
      </div>
      {incomplete ? (
        <p className="hint" role="status">
          A subject filter needs both its kind and its id (the subject column’s filter button fills
          them in).
        </p>
      ) : null}
    </form>
  );
}

function EntryRows({
  entry,
  open,
  focus,
  verification,
  onToggle,
  onVerify,
  onSubject,
}: {
  entry: LedgerEntryView;
  open: boolean;
  focus: boolean;
  verification: Verification | undefined;
  onToggle: () => void;
  onVerify: () => void;
  onSubject: (kind: string, id: string) => void;
}) {
  const row = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (focus) row.current?.scrollIntoView({ block: 'center' });
  }, [focus]);
  const event = entry.event;
  const detailsId = `ledger-entry-${entry.seq}`;
  const verdict =
    verification?.status === 'done' ? (verification.result.ok ? 'verified' : 'failed') : undefined;
  return (
    <Fragment>
      <tr ref={row} className={focus ? 'ledger-focus' : undefined} data-entry={entry.seq}>
        <td className="num mono">{entry.seq}</td>
        <td className="nowrap">
          {event === null ? '—' : <Time iso={event.time} mode="datetime" />}
        </td>
        <td>{event === null ? <Badge tone="bad">not JSON</Badge> : <code>{event.type}</code>}</td>
        <td>{event?.actor ?? '—'}</td>
        <td className="ledger-subject">
          {event === null ? (
            '—'
          ) : (
            <button
              type="button"
              className="link-button"
              onClick={() => onSubject(event.subject.kind, event.subject.id)}
              title="Show every entry about this subject"
            >
              {subjectLabel(event.subject)}
              <span className="visually-hidden">: show every entry about it</span>
            </button>
          )}
        </td>
        <td className="nowrap">
          <div className="row ledger-actions">
            <button
              type="button"
              className="button small"
              aria-expanded={open}
              aria-controls={detailsId}
              onClick={onToggle}
            >
              {open ? 'Hide' : 'Details'}
              <span className="visually-hidden"> of entry {entry.seq}</span>
            </button>
            <button
              type="button"
              className="button small primary"
              onClick={onVerify}
              disabled={verification?.status === 'running'}
            >
              {verification?.status === 'running' ? 'Verifying…' : 'Verify'}
              <span className="visually-hidden"> entry {entry.seq}</span>
            </button>
            {verdict === undefined ? null : (
              <Badge tone={verdict === 'verified' ? 'good' : 'bad'}>{verdict}</Badge>
            )}
          </div>
        </td>
      </tr>
      {open ? (
        <tr className="ledger-details-row">
          <td colSpan={6} id={detailsId}>
            <EntryDetails entry={entry} verification={verification} />
          </td>
        </tr>
      ) : null}
    </Fragment>
  );
}

function EntryDetails({
  entry,
  verification,
}: {
  entry: LedgerEntryView;
  verification: Verification | undefined;
}) {
  const event = entry.event;
  return (
    <div className="ledger-details">
      {verification === undefined ? null : verification.status === 'running' ? (
        <p role="status" className="muted">
          Verifying entry {entry.seq}…
        </p>
      ) : (
        <VerificationReport result={verification.result} />
      )}
      <div className="grid grid-2">
        <div>
          <h3>Canonical entry</h3>
          <p className="small muted">
            The exact logged text (RFC 8785 canonical JSON). Its UTF-8 bytes are the Merkle leaf;
            the payload is not in the leaf, only its digest.
          </p>
          <pre className="ledger-canonical" aria-label={`Canonical JSON of entry ${entry.seq}`}>
            {entry.entry}
          </pre>
          <Facts
            items={[
              [
                'Leaf hash (stored)',
                <code key="l" className="hash">
                  {entry.leafHash}
                </code>,
              ],
              [
                'Payload digest',
                <code key="p" className="hash">
                  {event?.payloadDigest ?? '—'}
                </code>,
              ],
              [
                'Subject',
                event === null ? (
                  '—'
                ) : (
                  <span key="s">
                    {event.subject.kind} <code>{event.subject.id}</code>
                    {event.subject.ref === undefined ? null : (
                      <>
                        {' '}
                        · <code>{event.subject.ref}</code>
                      </>
                    )}
                  </span>
                ),
              ],
            ]}
          />
        </div>
        <div>
          <h3>Payload</h3>
          {entry.payload === null ? (
            <p className="muted small">
              No payload is stored for this entry (it was erased, or the event has none). The entry
              itself still verifies.
            </p>
          ) : (
            <pre className="ledger-canonical" aria-label={`Payload of entry ${entry.seq}`}>
              {prettyJson(entry.payload)}
            </pre>
          )}
        </div>
      </div>
    </div>
  );
}

function VerificationReport({ result }: { result: VerificationResult }) {
  return (
    <div className={`verify-report ${result.ok ? 'verify-ok' : 'verify-failed'}`}>
      <p className="verify-summary" role="status">
        <Badge tone={result.ok ? 'good' : 'bad'}>{result.ok ? 'verified' : 'not verified'}</Badge>{' '}
        {result.summary}
      </p>
      <ol className="verify-steps">
        {result.steps.map((step) => (
          <li key={step.key} className={`verify-step verify-${step.status}`}>
            <div className="verify-step-head">
              <Badge
                tone={step.status === 'ok' ? 'good' : step.status === 'failed' ? 'bad' : 'neutral'}
              >
                {step.status === 'ok' ? 'passed' : step.status}
              </Badge>{' '}
              <strong>{step.title}</strong>
            </div>
            <p className="small">{step.detail}</p>
            {step.values.length === 0 ? null : (
              <dl className="verify-values">
                {step.values.map((v) => (
                  <div key={v.label}>
                    <dt>{v.label}</dt>
                    <dd>
                      <code className="hash">{v.value}</code>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
            {step.path === undefined || step.path.length === 0 ? null : (
              <details>
                <summary className="small">Audit path: {step.path.length} hashing steps</summary>
                <div className="table-wrap">
                  <table className="data verify-path">
                    <thead>
                      <tr>
                        <th scope="col" className="num">
                          Step
                        </th>
                        <th scope="col">Sibling hash (from the proof)</th>
                        <th scope="col">Computed</th>
                        <th scope="col">Result</th>
                      </tr>
                    </thead>
                    <tbody>
                      {step.path.map((s) => (
                        <tr key={s.position}>
                          <td className="num">{s.position + 1}</td>
                          <td>
                            <code className="hash">{encodeBase64(s.sibling)}</code>
                          </td>
                          <td className="nowrap">
                            {s.side === 'left' ? 'NODE(sibling, hash)' : 'NODE(hash, sibling)'}
                          </td>
                          <td>
                            <code className="hash">{encodeBase64(s.result)}</code>
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              </details>
            )}
          </li>
        ))}
      </ol>
    </div>
  );
}

function Pager({
  page,
  pages,
  onPage,
}: {
  page: number;
  pages: number;
  onPage: (page: number) => void;
}) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label="Pages of entries">
      <button
        type="button"
        className="button small"
        onClick={() => onPage(0)}
        disabled={page === 0}
      >
        First
      </button>
      <button
        type="button"
        className="button small"
        onClick={() => onPage(page - 1)}
        disabled={page === 0}
      >
        Previous
      </button>
      <span className="small">
        Page {formatNumber(page + 1)} of {formatNumber(pages)}
      </span>
      <button
        type="button"
        className="button small"
        onClick={() => onPage(page + 1)}
        disabled={page >= pages - 1}
      >
        Next
      </button>
      <button
        type="button"
        className="button small"
        onClick={() => onPage(pages - 1)}
        disabled={page >= pages - 1}
      >
        Last
      </button>
    </nav>
  );
}
