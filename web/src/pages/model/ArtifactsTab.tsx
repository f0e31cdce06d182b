import { api, apiUrl, seg } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { Digest, formatBytes, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { signatureRows, type SignatureRow } from './model-data.js';
import type { VersionContext } from './ModelVersionPage.js';

async function loadSignatures(context: VersionContext) {
  const [signatures, keys] = await Promise.all([
    api.listSignatures(context.modelRef, context.version.label),
    api.listSigningKeys(),
  ]);
  return signatureRows(signatures, keys);
}

/** The files of the version with their digests, and the signatures over them. */
export function ArtifactsTab({ context }: { context: VersionContext }) {
  const { version, modelRef } = context;
  const { state, reload } = useApi(
    () => loadSignatures(context),
    [context.modelRef, context.version.id],
  );
  const files = [...version.files].sort((a, b) => a.path.localeCompare(b.path));
  const total = files.reduce((n, f) => n + f.size, 0);
  const base = `/models/${seg(modelRef)}/versions/${seg(version.label)}/files/`;
  return (
    <div className="stack">
      <Section id="artifacts" title="Artifacts">
        {files.length === 0 ? (
          <Empty>
            This version holds no files. Artifacts are uploaded by digest when the version is
            registered; without them there is nothing to verify or deploy.
          </Empty>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <caption>
                {files.length} {files.length === 1 ? 'file' : 'files'}, {formatBytes(total)} in all.
                Each file is stored and served by its SHA-256 digest.
              </caption>
              <thead>
                <tr>
                  <th scope="col">File</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">SHA-256 digest</th>
                  <th scope="col">
                    <span className="visually-hidden">Download</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {files.map((f) => (
                  <tr key={f.path}>
                    <th scope="row" className="file-name">
                      <code>{f.path}</code>
                    </th>
                    <td className="num nowrap">{formatBytes(f.size)}</td>
                    <td>
                      <Digest value={f.digest} length={16} />
                    </td>
                    <td>
                      <a
                        className="button small"
                        href={apiUrl(base + f.path.split('/').map(seg).join('/'))}
                        download
                        aria-label={`Download ${f.path}`}
                      >
                        Download
                      </a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <Section id="signatures" title="Signatures">
        <AsyncView state={state} retry={reload} label="Loading the signatures">
          {(rows) =>
            rows.length === 0 ? (
              <Empty>
                This version carries no signature. A maintainer signs it with{' '}
                <code>
                  verity sign {modelRef}@{version.label} --key signing-key.pem
                </code>{' '}
                (OpenSSF Model Signing); production gates usually require one.
              </Empty>
            ) : (
              <Signatures rows={rows} />
            )
          }
        </AsyncView>
      </Section>
    </div>
  );
}

function Signatures({ rows }: { rows: SignatureRow[] }) {
  return (
    <div className="table-wrap">
      <table className="data">
        <caption>
          OpenSSF Model Signing bundles, verified against every artifact digest when they were added
        </caption>
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">Algorithm</th>
            <th scope="col">Signed</th>
            <th scope="col">Signed by</th>
            <th scope="col">Status</th>
            <th scope="col">Subject digest</th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ signature, key, state }) => (
            <tr key={signature.id}>
              <th scope="row">
                <strong>{signature.keyName}</strong>
                {key === undefined ? null : <div className="muted small">owner {key.owner}</div>}
              </th>
              <td>{key?.algorithm ?? <span className="muted">unknown</span>}</td>
              <td>
                <Time iso={signature.createdAt} mode="datetime" />
              </td>
              <td>{signature.createdBy}</td>
              <td>
                {state === 'valid' ? (
                  <Badge tone="good">valid</Badge>
                ) : (
                  <Badge tone="bad">key revoked</Badge>
                )}
                <div className="muted small">
                  {state === 'valid'
                    ? 'The key is still in force.'
                    : key?.revokedAt == null
                      ? 'The key was revoked.'
                      : `Revoked ${key.revokedAt.slice(0, 10)} by ${key.revokedBy ?? 'unknown'}${key.revocationReason === null ? '' : `: ${key.revocationReason}`}`}
                </div>
              </td>
              <td>
                <Digest value={signature.subjectDigest} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
