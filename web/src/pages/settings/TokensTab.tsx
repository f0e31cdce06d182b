import { useState, type FormEvent } from 'react';
import type { CreatedToken, TokenInfo } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatDate, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import {
  checkExpiryDays,
  plural,
  expiryOf,
  scopeKey,
  scopeLabel,
  scopeOptions,
  sortTokens,
} from './settings-data.js';
import { ActionError, ConfirmButton, SecretOnce } from './settings-ui.js';

/** The signed-in user's own API tokens: metadata, creation (secret shown once) and revocation. */
export function TokensTab() {
  const { me } = useSession();
  const { state, reload } = useApi(() => api.identity.listTokens(), []);
  const [created, setCreated] = useState<CreatedToken | undefined>();
  return (
    <>
      {created === undefined ? null : (
        <section className="panel" aria-label="New token">
          <SecretOnce
            title={`Token “${created.token.name}” created`}
            secret={created.secret}
            onDone={() => setCreated(undefined)}
          >
            <p className="small">
              Send it as <code>Authorization: Bearer …</code>, or set it as{' '}
              <code>VERITY_TOKEN</code> for the CLI. It expires on{' '}
              {formatDate(created.token.expiresAt)}
              {created.token.scopes.length === 0
                ? ' and acts with all of your roles.'
                : ` and acts only as ${created.token.scopes.map(scopeLabel).join(', ')}.`}
            </p>
          </SecretOnce>
        </section>
      )}
      <Section title={`API tokens of ${me.name}`} id="tokens">
        <p className="hint">
          Tokens let the CLI, CI pipelines and scripts act as you. Only you see your tokens here;
          Verity stores a hash, never the secret.
        </p>
        <AsyncView state={state} retry={reload} label="Loading your tokens">
          {(tokens) => <TokensTable tokens={tokens} onChange={reload} />}
        </AsyncView>
      </Section>
      <CreateToken
        onCreated={(token) => {
          setCreated(token);
          reload();
        }}
      />
    </>
  );
}

function TokensTable({ tokens, onChange }: { tokens: TokenInfo[]; onChange: () => void }) {
  const revoke = useAction(async (id: string) => {
    await api.identity.revokeToken(id);
    onChange();
  });
  if (tokens.length === 0) {
    return (
      <Empty>
        You have no API tokens. Create one below when a script or pipeline needs to act as you.
      </Empty>
    );
  }
  const active = tokens.filter((t) => t.status === 'active').length;
  return (
    <>
      <ActionError error={revoke.error} />
      <div className="table-wrap">
        <table className="data">
          <caption>
            {plural(tokens.length, 'token')}, {active} active
          </caption>
          <thead>
            <tr>
              <th scope="col">Token</th>
              <th scope="col">Scopes</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Revoked</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sortTokens(tokens).map((token) => (
              <tr key={token.id}>
                <th scope="row" className="row-head">
                  <strong>{token.name}</strong>
                  <div className="muted small">
                    <code>vrt_{token.prefix}…</code>
                  </div>
                </th>
                <td>
                  {token.scopes.length === 0 ? (
                    <span className="muted small">all of your roles</span>
                  ) : (
                    <ul className="plain-list">
                      {token.scopes.map((s) => (
                        <li key={scopeKey(s)}>
                          <Badge tone="info">{s.role}</Badge>{' '}
                          <span className="small">
                            {s.namespace === '*' ? 'all namespaces' : s.namespace}
                          </span>
                        </li>
                      ))}
                    </ul>
                  )}
                </td>
                <td>
                  <StatusBadge status={token.status} />
                </td>
                <td>
                  <Time iso={token.createdAt} mode="date" />
                  {token.createdBy === token.user ? null : (
                    <div className="muted small">issued by {token.createdBy}</div>
                  )}
                </td>
                <td>
                  <Time iso={token.expiresAt} mode="date" />
                </td>
                <td>
                  {token.lastUsedAt === null ? (
                    <span className="muted">never</span>
                  ) : (
                    <Time iso={token.lastUsedAt} />
                  )}
                </td>
                <td>
                  {token.revokedAt === null ? (
                    <span className="muted">—</span>
                  ) : (
                    <>
                      <Time iso={token.revokedAt} />
                      {token.revokedBy === null ? null : (
                        <div className="muted small">by {token.revokedBy}</div>
                      )}
                    </>
                  )}
                </td>
                <td className="actions-cell">
                  {token.status === 'active' ? (
                    <ConfirmButton
                      label="Revoke"
                      question={`Revoke “${token.name}”? Whatever uses it stops working at once.`}
                      confirmLabel="Revoke token"
                      busy={revoke.busy}
                      onConfirm={() => revoke.run(token.id)}
                    />
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function CreateToken({ onCreated }: { onCreated: (token: CreatedToken) => void }) {
  const { me } = useSession();
  const options = scopeOptions(me.bindings);
  const [name, setName] = useState('');
  const [days, setDays] = useState('90');
  const [scopes, setScopes] = useState<string[]>([]);
  const expiry = checkExpiryDays(days);
  const create = useAction(async () => {
    if (!expiry.ok) return;
    const token = await api.identity.createToken({
      name: name.trim(),
      expiresInDays: expiry.days,
      ...(scopes.length === 0
        ? {}
        : { scopes: options.filter((o) => scopes.includes(scopeKey(o))) }),
    });
    setName('');
    setScopes([]);
    setDays('90');
    onCreated(token);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  const toggle = (key: string, on: boolean) =>
    setScopes((list) => (on ? [...list, key] : list.filter((k) => k !== key)));
  return (
    <Section title="Create a token" id="create-token">
      <form className="settings-form" onSubmit={submit}>
        <div className="filters">
          <label className="field">
            <span>Name</span>
            <input
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="ci-credit-risk"
              autoComplete="off"
              aria-describedby="token-name-hint"
            />
          </label>
          <label className="field">
            <span>Expires in (days)</span>
            <input
              required
              type="number"
              min={1}
              max={365}
              step={1}
              value={days}
              onChange={(e) => setDays(e.target.value)}
              aria-describedby="token-expiry-hint"
              aria-invalid={!expiry.ok}
            />
          </label>
        </div>
        <p className="hint" id="token-name-hint">
          A name says where the token is used (lowercase, digits and dashes).
        </p>
        <p className="hint" id="token-expiry-hint" aria-live="polite">
          {expiry.ok ? `Expires on ${formatDate(expiryOf(expiry.days))}.` : expiry.message}
        </p>
        {options.length === 0 ? null : (
          <fieldset className="scope-picker">
            <legend>Scopes (optional)</legend>
            <p className="hint">
              Without scopes the token acts with all of your roles. Tick some to narrow it to those
              only.
            </p>
            {options.map((option) => {
              const key = scopeKey(option);
              return (
                <label key={key} className="checkbox">
                  <input
                    type="checkbox"
                    checked={scopes.includes(key)}
                    onChange={(e) => toggle(key, e.target.checked)}
                  />
                  {scopeLabel(option)}
                </label>
              );
            })}
          </fieldset>
        )}
        <ActionError error={create.error} />
        <button type="submit" className="button primary" disabled={create.busy || !expiry.ok}>
          {create.busy ? 'Creating…' : 'Create token'}
        </button>
      </form>
    </Section>
  );
}
