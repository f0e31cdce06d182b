import { useCallback, useState, type FormEvent } from 'react';
import type { AuditKeyView } from '../../../../src/client/index.js';
import { api, describeError } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { useSession } from '../../app/session.js';
import { Badge } from '../../components/badge.js';
import { formatNumber, Time } from '../../components/format.js';
import { Facts, PageHeader, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { LedgerEntries } from './LedgerEntries.js';
import { checkpointTrust, type CheckpointTrust } from './trust.js';
import './ledger.css';

/** The log's head, its latest signed checkpoint (checked here) and the verifier key. */
async function loadTrust(vkey: string | undefined) {
  const [head, checkpoints, key] = await Promise.all([
    api.auditHead(),
    api.checkpoints(),
    api.auditKey(),
  ]);
  const trust = await checkpointTrust(checkpoints, key, vkey);
  return { head, checkpoints, key, trust };
}

export type LedgerTrust = Awaited<ReturnType<typeof loadTrust>>;

/** The audit ledger explorer: what the log holds, and proof in this browser that it holds it. */
export function LedgerPage() {
  const { can } = useSession();
  return (
    <>
      <PageHeader
        title="Audit ledger"
        subtitle="Every change Verity records, in an append-only RFC 9162 Merkle log. Each entry can be proven to be in a signed checkpoint, here in your browser, without trusting the server."
      />
      {can('audit:read') ? (
        <LedgerExplorer />
      ) : (
        <Empty>
          Reading the audit ledger needs the <code>audit:read</code> permission, which auditors,
          risk officers and compliance officers hold. Ask an administrator for a role binding.
        </Empty>
      )}
    </>
  );
}

function LedgerExplorer() {
  const { can } = useSession();
  const [vkey, setVkey] = useState<string | undefined>(undefined);
  const load = useCallback(() => loadTrust(vkey), [vkey]);
  const { state, reload } = useApi(load, [vkey]);
  const sign = useAction(useCallback(() => api.checkpoint(), []));

  const signNow = async () => {
    if ((await sign.run()) !== undefined) reload();
  };

  return (
    <AsyncView state={state} retry={reload} label="Reading the log head and checkpoints">
      {(data) => (
        <>
          <div className="grid grid-3 ledger-trust">
            <HeadPanel data={data} />
            <CheckpointPanel
              data={data}
              canSign={can('audit:checkpoint')}
              signing={sign.busy}
              signError={sign.error}
              onSign={() => void signNow()}
            />
            <KeyPanel
              keyView={data.key}
              trust={data.trust}
              custom={vkey}
              onUse={(value) => setVkey(value)}
            />
          </div>
          <LedgerEntries trust={data.trust} head={data.head} onStale={reload} />
        </>
      )}
    </AsyncView>
  );
}

function HeadPanel({ data }: { data: LedgerTrust }) {
  const latest = data.checkpoints.at(-1);
  const behind = latest === undefined ? data.head.size : data.head.size - latest.size;
  return (
    <Section title="Log head" id="ledger-head">
      <div className="ledger-big">{formatNumber(data.head.size)}</div>
      <p className="muted small">entries in the log of {data.key.origin}</p>
      <Facts
        items={[['Current root (unsigned)', <HashText key="r" value={data.head.rootHash} />]]}
      />
      <p className="small">
        {behind === 0
          ? 'The latest signed checkpoint covers every entry.'
          : `${formatNumber(behind)} ${behind === 1 ? 'entry is' : 'entries are'} newer than the latest signed checkpoint; they are checked against this head until the next checkpoint.`}
      </p>
    </Section>
  );
}

function CheckpointPanel({
  data,
  canSign,
  signing,
  signError,
  onSign,
}: {
  data: LedgerTrust;
  canSign: boolean;
  signing: boolean;
  signError: unknown;
  onSign: () => void;
}) {
  const { trust } = data;
  const latest = data.checkpoints.at(-1);
  const signButton =
    canSign && (latest === undefined || latest.size < data.head.size) ? (
      <button type="button" className="button small" onClick={onSign} disabled={signing}>
        {signing ? 'Signing…' : 'Sign a checkpoint now'}
      </button>
    ) : undefined;
  return (
    <Section title="Latest signed checkpoint" id="ledger-checkpoint" actions={signButton}>
      {signError === undefined ? null : <ActionError error={signError} />}
      {trust.status === 'none' || latest === undefined ? (
        <Empty>
          No checkpoint has been signed yet. The server signs one when it starts and every few
          minutes while the log grows.
        </Empty>
      ) : (
        <>
          <TrustBadge trust={trust} />
          <Facts
            items={[
              ['Origin', <code key="o">{parsedOrigin(trust) ?? data.key.origin}</code>],
              ['Size', formatNumber(latest.size)],
              ['Root hash', <HashText key="r" value={latest.rootHash} />],
              ['Key ID', <code key="k">{latest.keyId}</code>],
              ['Signed', <Time key="t" iso={latest.createdAt} mode="datetime" />],
            ]}
          />
          <details className="ledger-note">
            <summary>Signed note and signature lines</summary>
            <pre aria-label="Checkpoint note, byte for byte">{latest.note}</pre>
            {trust.status === 'verified' ? (
              <ul className="plain small">
                <li>
                  <Badge tone="good">verified</Badge> <code>{trust.verified.signedBy.name}</code>{' '}
                  key <code>{trust.verified.signedBy.keyId}</code>
                </li>
                {trust.verified.otherSignatures.map((s) => (
                  <li key={s.line}>
                    <Badge>ignored</Badge> <code>{s.name}</code> key <code>{s.keyId}</code> (not the
                    log’s key)
                  </li>
                ))}
              </ul>
            ) : null}
          </details>
        </>
      )}
    </Section>
  );
}

function parsedOrigin(trust: CheckpointTrust): string | undefined {
  return trust.status === 'verified' ? trust.verified.checkpoint.origin : undefined;
}

function TrustBadge({ trust }: { trust: CheckpointTrust }) {
  if (trust.status === 'verified') {
    return (
      <p className="ledger-trust-line">
        <Badge tone="good">signature verified</Badge>{' '}
        <span className="small">
          Ed25519, checked in this browser with WebCrypto against the verifier key.
        </span>
      </p>
    );
  }
  if (trust.status === 'unchecked') {
    return (
      <p className="ledger-trust-line">
        <Badge tone="warn">signature not checked here</Badge>{' '}
        <span className="small">
          This browser has no WebCrypto Ed25519; check the signature with{' '}
          <code>verity audit verify</code>.
        </span>
      </p>
    );
  }
  if (trust.status === 'failed') {
    return (
      <p className="ledger-trust-line" role="alert">
        <Badge tone="bad">signature invalid</Badge>{' '}
        <span className="small">
          <code>{trust.reason}</code> {trust.message}
        </span>
      </p>
    );
  }
  return null;
}

function KeyPanel({
  keyView,
  trust,
  custom,
  onUse,
}: {
  keyView: AuditKeyView;
  trust: CheckpointTrust;
  custom: string | undefined;
  onUse: (vkey: string | undefined) => void;
}) {
  const [draft, setDraft] = useState(custom ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const value = draft.trim();
    onUse(value === '' ? undefined : value);
  };
  const older = keyView.checkpointKeys.filter((k) => k.vkey !== keyView.verifierKey);
  return (
    <Section title="Verifier key" id="ledger-key">
      <p className="small muted">
        The C2SP note key that signs this log’s checkpoints. Compare it with the key your
        organisation published; <code>verity audit verify --key</code> uses the same string.
      </p>
      <pre className="ledger-key" aria-label="Verifier key">
        {keyView.verifierKey}
      </pre>
      <Facts
        items={[
          ['Key ID', <code key="k">{keyView.keyId}</code>],
          [
            'Used for the check',
            custom === undefined ? (
              'the server’s key'
            ) : (
              <span key="c">
                the key you entered{' '}
                {trust.status === 'verified' ? <Badge tone="good">matches</Badge> : null}
              </span>
            ),
          ],
        ]}
      />
      {older.length === 0 ? null : (
        <p className="small muted">
          {older.length} earlier {older.length === 1 ? 'key' : 'keys'} signed older checkpoints:{' '}
          {older.map((k) => k.keyId).join(', ')}.
        </p>
      )}
      <details className="ledger-note">
        <summary>Check with a key you hold</summary>
        <form onSubmit={submit}>
          <label className="field">
            <span>Verifier key</span>
            <input
              value={draft}
              onChange={(e) => setDraft(e.target.value)}
              placeholder="origin+keyid+base64"
              spellCheck={false}
            />
          </label>
          <div className="row">
            <button type="submit" className="button small">
              Check the checkpoint with this key
            </button>
            {custom === undefined ? null : (
              <button
                type="button"
                className="button small ghost"
                onClick={() => {
                  setDraft('');
                  onUse(undefined);
                }}
              >
                Use the server’s key
              </button>
            )}
          </div>
        </form>
      </details>
    </Section>
  );
}

/** A base64 or hex hash in full, breakable, in monospace. */
export function HashText({ value }: { value: string }) {
  return <code className="hash">{value}</code>;
}

export function ActionError({ error }: { error: unknown }) {
  const { code, message } = describeError(error);
  return (
    <p className="form-error" role="alert">
      <code>{code}</code> {message}
    </p>
  );
}
