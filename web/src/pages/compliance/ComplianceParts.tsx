import { Link } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { Time } from '../../components/format.js';
import {
  codeSegments,
  sortSubControls,
  type EvidenceItem,
  type SubControlResult,
} from './compliance-data.js';

/** Text in which `backticked` parts (CLI commands in remedies) are set as code. */
export function CodeText({ text }: { text: string }) {
  return (
    <>
      {codeSegments(text).map((part, i) =>
        part.code ? <code key={i}>{part.text}</code> : <span key={i}>{part.text}</span>,
      )}
    </>
  );
}

/** Sub-controls with status, why, the next step, and the ledger entries behind each. */
export function SubControlList({
  subControls,
  headingLevel = 4,
}: {
  subControls: readonly SubControlResult[];
  headingLevel?: 3 | 4;
}) {
  const Heading = headingLevel === 3 ? 'h3' : 'h4';
  return (
    <ul className="subcontrols">
      {sortSubControls(subControls).map((s) => (
        <li key={s.id} className={`subcontrol subcontrol-${s.status}`}>
          <div className="subcontrol-head">
            <Heading className="subcontrol-title">
              <code>{s.id}</code> {s.title}
            </Heading>
            <span className="row">
              <StatusBadge status={s.status} />
              <Badge
                tone="info"
                title={
                  s.check === null ? 'met by a person’s attestation' : `decided by check ${s.check}`
                }
              >
                {s.kind}
              </Badge>
            </span>
          </div>
          <p className="subcontrol-detail">{s.detail}</p>
          {s.status === 'gap' || s.status === 'partial' ? (
            <p className="remedy">
              <strong>Next step:</strong> <CodeText text={s.remedy} />
            </p>
          ) : null}
          <EvidenceTable
            evidence={s.evidence}
            subControl={s.id}
            open={s.status === 'gap' || s.status === 'partial'}
          />
        </li>
      ))}
    </ul>
  );
}

/** The ledger entries a status rests on, each linking to the entry in the ledger explorer. */
export function EvidenceTable({
  evidence,
  subControl,
  open,
}: {
  evidence: readonly EvidenceItem[];
  subControl: string;
  /** Whether the status needs work (then the next step says what evidence would change it). */
  open: boolean;
}) {
  if (evidence.length === 0) {
    return (
      <p className="small muted evidence-none">
        {open
          ? 'No ledger entry backs this status yet: doing what the next step asks records one.'
          : 'No ledger entry is cited for this status.'}
      </p>
    );
  }
  return (
    <div className="table-wrap">
      <table className="data evidence">
        <caption>
          Evidence for {subControl}: {evidence.length} ledger{' '}
          {evidence.length === 1 ? 'entry' : 'entries'}
        </caption>
        <thead>
          <tr>
            <th scope="col">Entry</th>
            <th scope="col">Event</th>
            <th scope="col">Recorded</th>
            <th scope="col">What it shows</th>
          </tr>
        </thead>
        <tbody>
          {evidence.map((e) => (
            <tr key={`${e.ledgerIndex}-${e.summary}`}>
              <td className="nowrap">
                <Link
                  to={`/ledger?entry=${e.ledgerIndex}`}
                  aria-label={`Ledger entry ${e.ledgerIndex}: open and verify`}
                >
                  #{e.ledgerIndex}
                </Link>
              </td>
              <td className="nowrap">
                <code>{e.type}</code>
              </td>
              <td className="nowrap">
                <Time iso={e.at} mode="date" />
              </td>
              <td className="evidence-summary">{e.summary}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
