import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { AuditKeyView, SigningKey } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { Digest, Time } from '../../components/format.js';
import { Facts, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { plural } from './settings-data.js';
import { ActionError, CopyButton, NoAccess, PreBlock, ReadOnlyNote } from './settings-ui.js';
import { holdsAnywhere } from '../../lib/models.js';

/**
 * The keys Verity trusts and signs with: model-signing keys registered by people, and Verity's
 * own keys that verify the audit log's checkpoints and the promotion attestations.
 */
export function KeysTab() {
  const session = useSession();
  return (
    <>
      {holdsAnywhere(session.me, 'registry:read') ? (
        <SigningKeys />
      ) : (
        <Section title="Model-signing keys" id="signing-keys">
          <NoAccess permission="registry:read">
            The model-signing keys are part of the registry.
          </NoAccess>
        </Section>
      )}
      <VerityKeys />
    </>
  );
}

function SigningKeys() {
  const session = useSession();
  const mayWrite = session.can('key:write');
  const { state, reload } = useApi(() => api.listSigningKeys(), []);
  return (
    <Section
      title="Model-signing keys"
      id="signing-keys"
      actions={
        mayWrite ? undefined : (
          <ReadOnlyNote permission="key:write">Revoking a signing key</ReadOnlyNote>
        )
      }
    >
      <p className="hint">
        Verity accepts a model signature only when it verifies with one of these public keys.
        Revoking a key makes its signatures stop counting: promotions that relied on them are
        voided. Keys are registered with <code>verity key register</code>.
      </p>
      <AsyncView state={state} retry={reload} label="Loading signing keys">
        {(keys) =>
          keys.length === 0 ? (
            <Empty>
              No signing key is registered, so no model signature can be accepted yet. Register one
              with verity key register.
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>
                  {plural(keys.length, 'key')}, {keys.filter((k) => k.revokedAt === null).length}{' '}
                  active
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Algorithm</th>
                    <th scope="col">Owner</th>
                    <th scope="col">Registered</th>
                    <th scope="col">Status</th>
                    {mayWrite ? (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {keys.map((key) => (
                    <SigningKeyRow
                      key={key.id}
                      signingKey={key}
                      mayWrite={mayWrite}
                      onChange={reload}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </AsyncView>
    </Section>
  );
}

function SigningKeyRow({
  signingKey: key,
  mayWrite,
  onChange,
}: {
  signingKey: SigningKey;
  mayWrite: boolean;
  onChange: () => void;
}) {
  return (
    <tr>
      <th scope="row" className="row-head">
        <strong>{key.name}</strong>
        <div className="small muted">
          fingerprint <Digest value={`sha256:${key.hint}`} />
        </div>
        <details className="settings-details">
          <summary className="small">Public key</summary>
          <PreBlock label={`Public key of ${key.name}`} text={key.publicKeyPem.trim()} />
          <CopyButton value={key.publicKeyPem} label="Copy public key" />
        </details>
      </th>
      <td>
        <code>{key.algorithm}</code>
      </td>
      <td>{key.owner}</td>
      <td>
        <Time iso={key.createdAt} mode="date" />
        <div className="muted small">by {key.createdBy}</div>
      </td>
      <td className="status-cell">
        {key.revokedAt === null ? (
          <Badge tone="good">active</Badge>
        ) : (
          <>
            <Badge tone="bad">revoked</Badge>
            <div className="small">
              <Time iso={key.revokedAt} />
              {key.revokedBy === null ? '' : ` by ${key.revokedBy}`}
            </div>
            {key.revocationReason === null ? null : (
              <div className="small muted">“{key.revocationReason}”</div>
            )}
          </>
        )}
      </td>
      {mayWrite ? (
        <td className="actions-cell">
          {key.revokedAt === null ? <RevokeKey name={key.name} onRevoked={onChange} /> : null}
        </td>
      ) : null}
    </tr>
  );
}

/** Revoking needs a reason, recorded in the ledger: the confirm step asks for it. */
function RevokeKey({ name, onRevoked }: { name: string; onRevoked: () => void }) {
  const [asking, setAsking] = useState(false);
  const [reason, setReason] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (asking) input.current?.focus();
  }, [asking]);
  const revoke = useAction(async () => {
    await api.revokeSigningKey(name, reason.trim());
    setAsking(false);
    onRevoked();
  });
  if (!asking) {
    return (
      <button type="button" className="button small danger" onClick={() => setAsking(true)}>
        Revoke
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void revoke.run();
  };
  return (
    <form
      className="confirm-inline revoke-form"
      onSubmit={submit}
      aria-label={`Revoke ${name}`}
      onKeyDown={(e) => {
        if (e.key === 'Escape') setAsking(false);
      }}
    >
      <label className="field">
        <span>Why revoke {name}?</span>
        <input
          ref={input}
          required
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="key material exposed in a CI log"
        />
      </label>
      <div className="row">
        <button type="submit" className="button small danger" disabled={revoke.busy}>
          {revoke.busy ? 'Revoking…' : 'Revoke key'}
        </button>
        <button type="button" className="button small" onClick={() => setAsking(false)}>
          Cancel
        </button>
      </div>
      <ActionError error={revoke.error} />
    </form>
  );
}

function VerityKeys() {
  const { state, reload } = useApi(() => api.auditKey(), []);
  return (
    <AsyncView state={state} retry={reload} label="Loading Verity's keys">
      {(key) => (
        <div className="grid grid-2 keys-grid">
          <AuditLogKeys audit={key} />
          <AttestationKey audit={key} />
        </div>
      )}
    </AsyncView>
  );
}

function AuditLogKeys({ audit }: { audit: AuditKeyView }) {
  return (
    <Section title="Audit log keys" id="audit-keys">
      <p className="hint">
        Checkpoints of the audit log are signed notes; anyone holding the verifier key can check
        them offline (<code>verity audit verify</code>).
      </p>
      <Facts
        items={[
          ['Log origin', <code key="o">{audit.origin}</code>],
          ['Current key id', <code key="k">{audit.keyId}</code>],
        ]}
      />
      <h3 className="subheading">Verifier key</h3>
      <div className="secret-value">
        <code>{audit.verifierKey}</code>
      </div>
      <div className="row">
        <CopyButton value={audit.verifierKey} label="Copy verifier key" />
      </div>
      <h3 className="subheading">Checkpoint keys</h3>
      {audit.checkpointKeys.length === 0 ? (
        <Empty>No checkpoint has been signed yet; the first one records its key here.</Empty>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th scope="col">Key id</th>
                <th scope="col">Verifier key</th>
                <th scope="col">Since</th>
              </tr>
            </thead>
            <tbody>
              {audit.checkpointKeys.map((k) => (
                <tr key={k.keyId}>
                  <th scope="row" className="row-head">
                    <code>{k.keyId}</code>
                    {k.keyId === audit.keyId ? (
                      <div>
                        <Badge tone="good">current</Badge>
                      </div>
                    ) : null}
                  </th>
                  <td className="break">
                    <code>{k.vkey}</code>
                  </td>
                  <td>
                    <Time iso={k.createdAt} mode="date" />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}

function AttestationKey({ audit }: { audit: AuditKeyView }) {
  const key = audit.attestationKey;
  return (
    <Section title="Attestation key" id="attestation-key">
      <p className="hint">
        Every approved promotion carries a DSSE-signed attestation; deploy targets verify it with
        this public key before running a version.
      </p>
      {key === null ? (
        <Empty>
          This server signs no promotion attestations: no attestation key is configured.
        </Empty>
      ) : (
        <>
          <Facts items={[['Key id', <Digest key="k" value={key.keyId} length={16} />]]} />
          <h3 className="subheading">Public key (PEM)</h3>
          <PreBlock label="Attestation public key" text={key.publicKeyPem.trim()} />
          <div className="row">
            <CopyButton value={key.publicKeyPem} label="Copy attestation key" />
          </div>
        </>
      )}
    </Section>
  );
}
