import type { CommitHook, CommittedEvent } from '../ledger/index.js';
import { uuidv7, type RandomSource } from '../lib/index.js';
import type { Insertable } from 'kysely';
import type { WebhookDeliveriesTable } from '../store/index.js';
import { toCloudEvent } from './cloud-event.js';
import { matchesAnyEventType } from './event-patterns.js';

/** A test event (`POST /webhooks/{name}/ping`): delivered to its own webhook and no other. */
export const PING_EVENT_TYPE = 'webhook-pinged';

/** Rows per INSERT: keeps a large commit group under PostgreSQL's 65 535 bind parameters. */
const INSERT_CHUNK = 1000;

export interface WebhookOutboxOptions {
  /** Names this installation in each CloudEvent's `source` (`/verity/<origin>`). */
  origin: string;
  /** Randomness for event and delivery ids (UUIDv7); injected so tests are reproducible. */
  random?: RandomSource;
}

/** Whether `event` goes to `webhook`: by its patterns, except that a ping goes only to its own. */
export function deliversTo(
  event: Pick<CommittedEvent, 'type' | 'subject'>,
  webhook: { id: string; eventTypes: readonly string[] },
): boolean {
  if (event.type === PING_EVENT_TYPE) {
    return event.subject.kind === 'webhook' && event.subject.id === webhook.id;
  }
  return matchesAnyEventType(webhook.eventTypes, event.type);
}

/**
 * The transactional outbox, as a commit hook: for each committed event, one pending
 * `webhook_deliveries` row per active webhook that subscribes to it, holding the CloudEvent to
 * send. It runs inside the transaction that records the change and its ledger entry, so the
 * three commit together: a crash can delay a delivery (the dispatcher picks the row up when it
 * runs again) but never lose one, and a rolled-back change never announces anything.
 *
 * Cost per commit group: one query for the active webhooks (none → done) and, when something
 * matches, one INSERT per thousand deliveries. Matching happens here rather than in SQL because
 * patterns are few and tiny, and it keeps the query the same on every engine.
 */
export function webhookOutbox(options: WebhookOutboxOptions): CommitHook {
  return async (tx, events) => {
    if (events.length === 0) return;
    const webhooks = await tx
      .selectFrom('webhooks')
      .select(['id', 'event_types'])
      .where('active', '=', true)
      .execute();
    if (webhooks.length === 0) return;
    const rows: Insertable<WebhookDeliveriesTable>[] = [];
    for (const event of events) {
      const targets = webhooks.filter((w) =>
        deliversTo(event, { id: w.id, eventTypes: w.event_types }),
      );
      if (targets.length === 0) continue;
      // Ids are UUIDv7 stamped with the commit time, so they sort with the events they name.
      const at = { now: () => new Date(event.time) };
      // One CloudEvent per ledger event: every subscriber sees the same `id` (= `webhook-id`).
      const eventId = uuidv7(at, options.random);
      const cloudEvent = JSON.stringify(
        toCloudEvent(event, { origin: options.origin, id: eventId }),
      );
      for (const webhook of targets) {
        rows.push({
          id: uuidv7(at, options.random),
          webhook_id: webhook.id,
          event_id: eventId,
          event_type: event.type,
          ledger_seq: event.seq,
          cloud_event: cloudEvent,
          status: 'pending',
          attempts: 0,
          next_attempt_at: event.time,
          lease_until: null,
          last_status_code: null,
          last_error: null,
          created_at: event.time,
          delivered_at: null,
        });
      }
    }
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await tx
        .insertInto('webhook_deliveries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    }
  };
}
