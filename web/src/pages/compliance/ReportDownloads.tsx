import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import type { ReportFormat, ReportRequest } from '../../../../src/client/index.js';
import { describeError, seg } from '../../api/client.js';
import { useSession } from '../../app/session.js';
import { Digest, formatBytes } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { formatMs } from './compliance-data.js';
import { fetchFile, saveFile, type DownloadedFile } from './downloads.js';

const FORMATS: { id: ReportFormat; label: string }[] = [
  { id: 'pdf', label: 'PDF' },
  { id: 'html', label: 'HTML' },
  { id: 'markdown', label: 'Markdown' },
  { id: 'json', label: 'JSON' },
];

function report(request: ReportRequest, fallback: string) {
  return fetchFile('POST', '/compliance/reports', request, fallback);
}

/** The organisation's reports: organisation, a framework's gap assessment, OSCAL. */
export function OrganisationReports({
  frameworks,
}: {
  frameworks: { id: string; name: string; models: number }[];
}) {
  const applying = frameworks.filter((f) => f.models > 0);
  const others = frameworks.filter((f) => f.models === 0);
  const [framework, setFramework] = useState(applying[0]?.id ?? frameworks[0]?.id ?? '');
  const frameworkId = useId();
  return (
    <ReportsSection>
      {(disabled) => (
        <>
          <DownloadRow
            title="Organisation report"
            description="Control effectiveness across the inventory, the models × controls matrix, every framework and the KPIs."
            disabled={disabled}
            withFormat
            fetch={(format) =>
              report({ kind: 'organisation', format }, `verity-organisation.${format}`)
            }
          />
          <DownloadRow
            title="Framework gap assessment"
            description="One framework across every model: requirement by requirement, with the next step for each gap. Scheduled requirements are listed for planning."
            disabled={disabled || framework === ''}
            withFormat
            extra={
              <label className="field" htmlFor={frameworkId}>
                <span>Framework</span>
                <select
                  id={frameworkId}
                  value={framework}
                  onChange={(e) => setFramework(e.target.value)}
                >
                  {applying.length === 0 ? null : (
                    <optgroup label="Applies to a model">
                      {applying.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                  {others.length === 0 ? null : (
                    <optgroup label="Applies to no model">
                      {others.map((f) => (
                        <option key={f.id} value={f.id}>
                          {f.name}
                        </option>
                      ))}
                    </optgroup>
                  )}
                </select>
              </label>
            }
            fetch={(format) =>
              report({ kind: 'framework', framework, format }, `verity-${framework}.${format}`)
            }
          />
          <DownloadRow
            title="OSCAL assessment results"
            description="The posture of every model as OSCAL 1.1.2 JSON: an observation per sub-control, a finding per applicable one, evidence linked to ledger entries."
            disabled={disabled}
            fetch={() => fetchFile('GET', '/compliance/oscal', undefined, 'verity-oscal.json')}
          />
        </>
      )}
    </ReportsSection>
  );
}

/** One model's report, OSCAL and evidence bundle. */
export function ModelReports({ model }: { model: string }) {
  const slug = model.replace('/', '-');
  return (
    <ReportsSection>
      {(disabled) => (
        <>
          <DownloadRow
            title="Model report"
            description="Technical documentation following EU AI Act Annex IV and the model risk report: risks, assessments, evaluations, incidents, every control and framework, and the gaps with next steps."
            disabled={disabled}
            withFormat
            fetch={(format) => report({ kind: 'model', model, format }, `${slug}-report.${format}`)}
          />
          <DownloadRow
            title="OSCAL assessment results"
            description="This model’s posture as OSCAL 1.1.2 JSON."
            disabled={disabled}
            fetch={() =>
              fetchFile(
                'GET',
                `/compliance/oscal?model=${encodeURIComponent(model)}`,
                undefined,
                `${slug}-oscal.json`,
              )
            }
          />
          <DownloadRow
            title="Evidence bundle"
            description="The report, posture, signatures and every ledger entry behind each status with its inclusion proof to a signed checkpoint. Check it offline with verity audit verify-bundle."
            disabled={disabled}
            fetch={() =>
              fetchFile(
                'GET',
                `/models/${seg(model)}/compliance/bundle`,
                undefined,
                `${slug}-evidence.json`,
              )
            }
          />
        </>
      )}
    </ReportsSection>
  );
}

function ReportsSection({ children }: { children: (disabled: boolean) => ReactNode }) {
  const { can } = useSession();
  const allowed = can('audit:export');
  return (
    <Section title="Reports and evidence" id="reports">
      {allowed ? (
        <p className="small muted">
          Producing a report is recorded in the audit ledger with the document’s SHA-256 and the
          time it took.
        </p>
      ) : (
        <p className="notice" id="reports-permission">
          Producing reports and evidence bundles needs the <code>audit:export</code> permission,
          which compliance officers and auditors hold.
        </p>
      )}
      <div className="downloads">{children(!allowed)}</div>
    </Section>
  );
}

type Fetcher = (format: ReportFormat) => Promise<DownloadedFile>;

function DownloadRow({
  title,
  description,
  disabled,
  withFormat = false,
  extra,
  fetch,
}: {
  title: string;
  description: string;
  disabled: boolean;
  withFormat?: boolean;
  extra?: ReactNode;
  fetch: Fetcher;
}) {
  const [format, setFormat] = useState<ReportFormat>('pdf');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState<{ file: DownloadedFile; url: string } | undefined>();
  const urls = useRef<string[]>([]);
  const formatId = useId();
  const headingId = useId();

  useEffect(
    () => () => {
      for (const url of urls.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const run = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const file = await fetch(format);
      const url = saveFile(file);
      urls.current.push(url);
      setSaved({ file, url });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const failure = error === undefined ? undefined : describeError(error);
  return (
    <div className="download-row" role="group" aria-labelledby={headingId}>
      <div className="download-text">
        <h3 id={headingId}>{title}</h3>
        <p className="small muted">{description}</p>
      </div>
      <div className="download-controls">
        {extra}
        {withFormat ? (
          <label className="field" htmlFor={formatId}>
            <span>Format</span>
            <select
              id={formatId}
              value={format}
              onChange={(e) => setFormat(e.target.value as ReportFormat)}
            >
              {FORMATS.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.label}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <button
          type="button"
          className="button primary"
          onClick={() => void run()}
          disabled={disabled || busy}
          {...(disabled ? { 'aria-describedby': 'reports-permission' } : {})}
        >
          {busy ? 'Producing…' : 'Download'}
          <span className="visually-hidden"> {title}</span>
        </button>
      </div>
      <div className="download-result" aria-live="polite">
        {failure === undefined ? null : (
          <p className="form-error" role="alert">
            <code>{failure.code}</code> {failure.message}
          </p>
        )}
        {saved === undefined ? null : (
          <p className="small download-done">
            Saved{' '}
            <a href={saved.url} download={saved.file.filename}>
              {saved.file.filename}
            </a>{' '}
            ({formatBytes(saved.file.blob.size)})
            {saved.file.digest === '' ? null : (
              <>
                {' '}
                · <Digest value={saved.file.digest} /> · produced in{' '}
                {formatMs(saved.file.durationMs)}, recorded in the ledger
              </>
            )}
          </p>
        )}
      </div>
    </div>
  );
}
