import { useState, type FormEvent } from 'react';
import type { Webhook, WebhookDelivery, WebhookWithSecret } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useAction, useApi } from '../../api/use-api.js';
import { navigate, useLocation } from '../../app/router.js';
import { useSession } from '../../app/session.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatNumber, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { deliveryOutcome, parseEventPatterns, plural } from './settings-data.js';
import { ActionError, ConfirmButton, NoAccess, ReadOnlyNote, SecretOnce } from './settings-ui.js';

const DELIVERY_TONES: Record<string, 'good' | 'warn' | 'bad'> = {
  delivered: 'good',
  pending: 'warn',
  dead: 'bad',
};

/** Webhooks: where Verity sends its events, how deliveries went, and (for admins) changes. */
export function WebhooksTab() {
  const session = useSession();
  if (!session.can('webhook:read')) {
    return (
      <NoAccess permission="webhook:read">
        Webhook URLs and their delivery log are shown to people who administer or audit
        integrations.
      </NoAccess>
    );
  }
  return <Webhooks />;
}

async function loadWebhooks() {
  const webhooks = await api.webhooks.listWebhooks();
  const latest = await Promise.all(
    webhooks.map((w) =>
      api.webhooks.listWebhookDeliveries(w.name, { limit: 1 }).then((page) => page.items[0]),
    ),
  );
  return webhooks.map((webhook, i) => ({ webhook, last: latest[i] }));
}

function Webhooks() {
  const session = useSession();
  const mayWrite = session.can('webhook:write');
  const { query } = useLocation();
  const selected = query.get('webhook') || undefined;
  const { state, reload } = useApi(loadWebhooks, []);
  const [secret, setSecret] = useState<{ what: string; hook: WebhookWithSecret } | undefined>();
  const showLog = (name: string | undefined) =>
    navigate(
      name === undefined
        ? '/settings/webhooks'
        : `/settings/webhooks?webhook=${encodeURIComponent(name)}`,
      { replace: true },
    );
  return (
    <>
      {secret === undefined ? null : (
        <section className="panel" aria-label="Signing secret">
          <SecretOnce
            title={`Signing secret of “${secret.hook.name}” (${secret.what})`}
            secret={secret.hook.secret}
            onDone={() => setSecret(undefined)}
          >
            <p className="small">
              The receiver checks each delivery&rsquo;s <code>webhook-signature</code> header with
              this secret (Standard Webhooks, HMAC-SHA256).
            </p>
          </SecretOnce>
        </section>
      )}
      <Section
        title="Webhooks"
        id="webhooks"
        actions={
          mayWrite ? undefined : (
            <ReadOnlyNote permission="webhook:write">Creating and changing webhooks</ReadOnlyNote>
          )
        }
      >
        <p className="hint">
          Verity posts a signed CloudEvent to each active webhook for every ledger event its
          patterns name, and retries failed deliveries with backoff.
        </p>
        <AsyncView state={state} retry={reload} label="Loading webhooks">
          {(rows) =>
            rows.length === 0 ? (
              <Empty>
                No webhook is configured, so no system hears about promotions, incidents or alerts.{' '}
                {mayWrite
                  ? 'Add one below to notify a chat channel, a ticketing system or a SIEM.'
                  : 'An administrator can add one.'}
              </Empty>
            ) : (
              <WebhooksTable
                rows={rows}
                mayWrite={mayWrite}
                selected={selected}
                onShowLog={showLog}
                onChange={reload}
                onSecret={(hook) => setSecret({ what: 'rotated', hook })}
              />
            )
          }
        </AsyncView>
      </Section>
      {selected === undefined ? null : (
        <DeliveryLog
          key={selected}
          webhook={selected}
          mayWrite={mayWrite}
          onClose={() => showLog(undefined)}
          onChange={reload}
        />
      )}
      {mayWrite ? (
        <CreateWebhook
          onCreated={(hook) => {
            setSecret({ what: 'new webhook', hook });
            reload();
          }}
        />
      ) : null}
    </>
  );
}

function WebhooksTable({
  rows,
  mayWrite,
  selected,
  onShowLog,
  onChange,
  onSecret,
}: {
  rows: { webhook: Webhook; last: WebhookDelivery | undefined }[];
  mayWrite: boolean;
  selected: string | undefined;
  onShowLog: (name: string | undefined) => void;
  onChange: () => void;
  onSecret: (hook: WebhookWithSecret) => void;
}) {
  const [pinged, setPinged] = useState<string | undefined>();
  const act = useAction(
    async (kind: 'pause' | 'resume' | 'ping' | 'delete' | 'rotate', webhook: Webhook) => {
      setPinged(undefined);
      if (kind === 'pause' || kind === 'resume') {
        await api.webhooks.updateWebhook(webhook.name, { active: kind === 'resume' });
      } else if (kind === 'ping') {
        await api.webhooks.pingWebhook(webhook.name);
        setPinged(webhook.name);
      } else if (kind === 'delete') {
        await api.webhooks.deleteWebhook(webhook.name);
        if (selected === webhook.name) onShowLog(undefined);
      } else {
        onSecret(await api.webhooks.rotateWebhookSecret(webhook.name));
      }
      onChange();
    },
  );
  return (
    <>
      <ActionError error={act.error} />
      {pinged === undefined ? null : (
        <p className="notice" role="status">
          Ping queued for {pinged}; it appears in the delivery log.
        </p>
      )}
      <div className="table-wrap">
        <table className="data">
          <caption>
            {plural(rows.length, 'webhook')}, {rows.filter((r) => r.webhook.active).length} active
          </caption>
          <thead>
            <tr>
              <th scope="col">Webhook</th>
              <th scope="col">Events</th>
              <th scope="col">State</th>
              <th scope="col">Last delivery</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ webhook, last }) => (
              <tr key={webhook.id} aria-current={selected === webhook.name ? 'true' : undefined}>
                <th scope="row" className="row-head">
                  <strong>{webhook.name}</strong>
                  <div className="small break">
                    <code>{webhook.url}</code>
                  </div>
                  <div className="muted small">
                    created <Time iso={webhook.createdAt} mode="date" /> by {webhook.createdBy}
                  </div>
                </th>
                <td>
                  <ul className="plain-list">
                    {webhook.eventTypes.map((e) => (
                      <li key={e}>
                        <code>{e === '*' ? '* (every event)' : e}</code>
                      </li>
                    ))}
                  </ul>
                </td>
                <td>
                  {webhook.active ? (
                    <Badge tone="good">active</Badge>
                  ) : (
                    <Badge tone="warn">paused</Badge>
                  )}
                </td>
                <td>
                  {last === undefined ? (
                    <span className="muted">none yet</span>
                  ) : (
                    <>
                      <Badge tone={DELIVERY_TONES[last.status] ?? 'neutral'}>{last.status}</Badge>{' '}
                      <span className="small">{deliveryOutcome(last)}</span>
                      <div className="muted small">
                        <code>{last.eventType}</code> · <Time iso={last.createdAt} />
                      </div>
                    </>
                  )}
                </td>
                <td className="actions-cell">
                  <div className="action-row">
                    <button
                      type="button"
                      className="button small"
                      aria-pressed={selected === webhook.name}
                      onClick={() => onShowLog(webhook.name)}
                    >
                      Delivery log
                    </button>
                    {mayWrite ? (
                      <>
                        <button
                          type="button"
                          className="button small"
                          disabled={act.busy}
                          onClick={() => void act.run(webhook.active ? 'pause' : 'resume', webhook)}
                        >
                          {webhook.active ? 'Pause' : 'Resume'}
                        </button>
                        <button
                          type="button"
                          className="button small"
                          disabled={act.busy || !webhook.active}
                          title={webhook.active ? 'Send a test event' : 'Resume it to ping it'}
                          onClick={() => void act.run('ping', webhook)}
                        >
                          Ping
                        </button>
                        <ConfirmButton
                          tone="plain"
                          label="Rotate secret"
                          question="The receiver must switch to the new secret."
                          confirmLabel="Rotate"
                          busy={act.busy}
                          onConfirm={() => act.run('rotate', webhook)}
                        />
                        <ConfirmButton
                          label="Delete"
                          question={`Delete ${webhook.name} and its delivery log?`}
                          confirmLabel={`Delete ${webhook.name}`}
                          busy={act.busy}
                          onConfirm={() => act.run('delete', webhook)}
                        />
                      </>
                    ) : null}
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function DeliveryLog({
  webhook,
  mayWrite,
  onClose,
  onChange,
}: {
  webhook: string;
  mayWrite: boolean;
  onClose: () => void;
  onChange: () => void;
}) {
  const { state, reload } = useApi(
    () => api.webhooks.listWebhookDeliveries(webhook, { limit: 50 }),
    [webhook],
  );
  const redeliver = useAction(async (id: string) => {
    await api.webhooks.redeliverWebhookDelivery(webhook, id);
    reload();
    onChange();
  });
  return (
    <Section
      title={`Delivery log of ${webhook}`}
      id="deliveries"
      actions={
        <>
          <button type="button" className="button small" onClick={reload}>
            Refresh
          </button>
          <button type="button" className="button small" onClick={onClose}>
            Close
          </button>
        </>
      }
    >
      <ActionError error={redeliver.error} />
      <AsyncView state={state} retry={reload} label="Loading deliveries">
        {(page) =>
          page.items.length === 0 ? (
            <Empty>
              Nothing has been sent to {webhook} yet. Deliveries appear when an event its patterns
              name is recorded{mayWrite ? ', or when you ping it' : ''}.
            </Empty>
          ) : (
            <div className="table-wrap">
              <table className="data">
                <caption>
                  {page.nextCursor === null
                    ? `${plural(page.items.length, 'delivery', 'deliveries')}, newest first`
                    : `The newest ${page.items.length} deliveries`}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Event</th>
                    <th scope="col">Status</th>
                    <th scope="col" className="num">
                      Attempts
                    </th>
                    <th scope="col">Last answer</th>
                    <th scope="col">Queued</th>
                    <th scope="col">Delivered / next try</th>
                    {mayWrite ? (
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    ) : null}
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((d) => (
                    <tr key={d.id}>
                      <th scope="row" className="row-head">
                        <code>{d.eventType}</code>
                        <div className="muted small">
                          {d.ledgerSeq === null
                            ? 'not in the ledger'
                            : `ledger #${formatNumber(d.ledgerSeq)}`}
                        </div>
                      </th>
                      <td>
                        <StatusBadge status={d.status} />
                      </td>
                      <td className="num">
                        {formatNumber(d.attempts)}
                        {d.history.length > d.attempts ? (
                          <div className="muted small">{formatNumber(d.history.length)} in all</div>
                        ) : null}
                      </td>
                      <td className="small">
                        {deliveryOutcome(d)}
                        {d.history.length === 0 ? null : (
                          <details className="settings-details">
                            <summary>Every attempt</summary>
                            <ol className="attempts">
                              {d.history.map((a) => (
                                <li key={a.attempt}>
                                  <Time iso={a.at} mode="datetime" />:{' '}
                                  {a.statusCode === null
                                    ? (a.error ?? 'no answer')
                                    : `HTTP ${a.statusCode}`}{' '}
                                  <span className="muted">in {formatNumber(a.durationMs)} ms</span>
                                </li>
                              ))}
                            </ol>
                          </details>
                        )}
                      </td>
                      <td>
                        <Time iso={d.createdAt} />
                      </td>
                      <td>
                        {d.deliveredAt !== null ? (
                          <Time iso={d.deliveredAt} />
                        ) : d.nextAttemptAt !== null ? (
                          <>
                            due <Time iso={d.nextAttemptAt} />
                          </>
                        ) : (
                          <span className="muted">gave up</span>
                        )}
                      </td>
                      {mayWrite ? (
                        <td className="actions-cell">
                          {d.status === 'pending' ? null : (
                            <button
                              type="button"
                              className="button small"
                              disabled={redeliver.busy}
                              onClick={() => void redeliver.run(d.id)}
                            >
                              Redeliver
                            </button>
                          )}
                        </td>
                      ) : null}
                    </tr>
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

function CreateWebhook({ onCreated }: { onCreated: (hook: WebhookWithSecret) => void }) {
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState('*');
  const [active, setActive] = useState(true);
  const patterns = parseEventPatterns(events);
  const create = useAction(async () => {
    const hook = await api.webhooks.createWebhook({
      name: name.trim(),
      url: url.trim(),
      eventTypes: patterns,
      active,
    });
    setName('');
    setUrl('');
    setEvents('*');
    setActive(true);
    onCreated(hook);
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void create.run();
  };
  return (
    <Section title="Add a webhook" id="create-webhook">
      <form className="settings-form" onSubmit={submit}>
        <div className="form-grid">
          <label className="field">
            <span>Name</span>
            <input
              required
              value={name}
              onChange={(e) => setName(e.target.value)}
              placeholder="risk-channel"
              autoComplete="off"
            />
          </label>
          <label className="field">
            <span>URL</span>
            <input
              required
              type="url"
              value={url}
              onChange={(e) => setUrl(e.target.value)}
              placeholder="https://hooks.example.com/verity"
            />
          </label>
        </div>
        <label className="field">
          <span>Event types</span>
          <textarea
            required
            value={events}
            onChange={(e) => setEvents(e.target.value)}
            aria-describedby="webhook-events-hint"
            rows={2}
          />
        </label>
        <p className="hint" id="webhook-events-hint">
          Separated by commas or lines: an exact type (<code>promotion-approved</code>), a prefix (
          <code>incident-*</code>) or <code>*</code> for every event. {patterns.length} pattern
          {patterns.length === 1 ? '' : 's'}.
        </p>
        <label className="checkbox">
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          Active: start delivering at once
        </label>
        <ActionError error={create.error} />
        <button type="submit" className="button primary" disabled={create.busy}>
          {create.busy ? 'Adding…' : 'Add webhook'}
        </button>
      </form>
    </Section>
  );
}
