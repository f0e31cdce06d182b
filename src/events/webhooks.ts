import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import {
  ConflictError,
  NotFoundError,
  sha256Digest,
  UUID_PATTERN,
  ValidationError,
  type Digest,
} from '../lib/index.js';
import { json, type Database, type WebhooksTable } from '../store/index.js';
import { iso, isoOrNull, newEventsId, type EventsContext } from './context.js';
import { PING_EVENT_TYPE } from './outbox.js';
import { generateWebhookSecret } from './webhook-signature.js';
import type {
  CreateWebhookInput,
  DeliveryStatus,
  ListDeliveriesQuery,
  UpdateWebhookInput,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  WebhookWithSecret,
} from './webhook-schemas.js';

type Db = Kysely<Database> | Transaction<Database>;
type WebhookRow = Selectable<WebhooksTable>;

const DEFAULT_DELIVERY_PAGE = 50;

function toWebhook(row: WebhookRow): Webhook {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    eventTypes: row.event_types,
    active: row.active,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
  };
}

/**
 * What the audit log may say about a secret: its digest, so an auditor can tell that it changed
 * and match it against a copy, never the secret (ledger payloads are readable by auditors and are
 * themselves delivered to `*` subscribers).
 */
function secretDigest(secret: string): Digest {
  return sha256Digest(secret);
}

/**
 * What the audit log says about a URL: where it points (scheme, host, port) and a digest of the
 * whole. Receivers often put a token in the path or query (`/hooks/T000/B000/XXXX`); copying it
 * into an event would hand it to every other subscriber.
 */
function urlSummary(url: string): { target: string; urlDigest: Digest } {
  return { target: new URL(url).origin, urlDigest: sha256Digest(url) };
}

/** Finds a webhook by name or id (locking it when asked). */
async function findWebhook(db: Db, ref: string, forUpdate = false): Promise<WebhookRow> {
  let query = db
    .selectFrom('webhooks')
    .selectAll()
    .where((eb) =>
      UUID_PATTERN.test(ref)
        ? eb.or([eb('id', '=', ref), eb('name', '=', ref)])
        : eb('name', '=', ref),
    );
  if (forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new NotFoundError('webhook', ref);
  return row;
}

/**
 * Subscribes a URL to events. The signing secret is generated here and returned in this answer
 * only; afterwards only its digest is visible (in the audit log).
 */
export async function createWebhook(
  ctx: EventsContext,
  actor: Actor,
  input: CreateWebhookInput,
): Promise<WebhookWithSecret> {
  const secret = generateWebhookSecret(ctx.random);
  const id = await ctx.committer.commit(actor, 'webhook.write', async (tx, now) => {
    const clash = await tx
      .selectFrom('webhooks')
      .select('id')
      .where('name', '=', input.name)
      .executeTakeFirst();
    if (clash !== undefined) {
      throw new ConflictError(
        `a webhook named '${input.name}' already exists`,
        { name: input.name, id: clash.id },
        'ALREADY_EXISTS',
      );
    }
    const id = newEventsId(ctx);
    const active = input.active ?? true;
    await tx
      .insertInto('webhooks')
      .values({
        id,
        name: input.name,
        url: input.url,
        event_types: json(input.eventTypes),
        secret,
        active,
        created_at: now,
        created_by: actor.name,
        updated_at: now,
      })
      .execute();
    return {
      result: id,
      events: [
        {
          type: 'webhook-created',
          subject: { kind: 'webhook', id, ref: input.name },
          payload: {
            name: input.name,
            ...urlSummary(input.url),
            eventTypes: input.eventTypes,
            active,
            secretDigest: secretDigest(secret),
          },
        },
      ],
    };
  });
  return { ...(await getWebhook(ctx, id)), secret };
}

/** Changes where a webhook points, what it subscribes to, or whether it is active. */
export async function updateWebhook(
  ctx: EventsContext,
  actor: Actor,
  ref: string,
  input: UpdateWebhookInput,
): Promise<Webhook> {
  const id = await ctx.committer.commit(actor, 'webhook.write', async (tx, now) => {
    const row = await findWebhook(tx, ref, true);
    await tx
      .updateTable('webhooks')
      .set({
        ...(input.url === undefined ? {} : { url: input.url }),
        ...(input.eventTypes === undefined ? {} : { event_types: json(input.eventTypes) }),
        ...(input.active === undefined ? {} : { active: input.active }),
        updated_at: now,
      })
      .where('id', '=', row.id)
      .execute();
    return {
      result: row.id,
      events: [
        {
          type: 'webhook-updated',
          subject: { kind: 'webhook', id: row.id, ref: row.name },
          payload: {
            name: row.name,
            changes: {
              ...(input.url === undefined ? {} : urlSummary(input.url)),
              ...(input.eventTypes === undefined ? {} : { eventTypes: input.eventTypes }),
              ...(input.active === undefined ? {} : { active: input.active }),
            },
          },
        },
      ],
    };
  });
  return getWebhook(ctx, id);
}

/**
 * Replaces the signing secret and returns the new one, once. Deliveries still pending are signed
 * with the new secret from their next attempt on.
 */
export async function rotateWebhookSecret(
  ctx: EventsContext,
  actor: Actor,
  ref: string,
): Promise<WebhookWithSecret> {
  const secret = generateWebhookSecret(ctx.random);
  const id = await ctx.committer.commit(actor, 'webhook.write', async (tx, now) => {
    const row = await findWebhook(tx, ref, true);
    await tx
      .updateTable('webhooks')
      .set({ secret, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    return {
      result: row.id,
      events: [
        {
          type: 'webhook-secret-rotated',
          subject: { kind: 'webhook', id: row.id, ref: row.name },
          payload: { name: row.name, secretDigest: secretDigest(secret) },
        },
      ],
    };
  });
  return { ...(await getWebhook(ctx, id)), secret };
}

/**
 * Deletes a webhook with its delivery log: pending deliveries are dropped, nothing more is sent
 * to its URL.
 */
export async function deleteWebhook(ctx: EventsContext, actor: Actor, ref: string): Promise<void> {
  await ctx.committer.commit(actor, 'webhook.delete', async (tx) => {
    const row = await findWebhook(tx, ref, true);
    const pending = await tx
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('webhook_id', '=', row.id)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    const deliveries = tx
      .selectFrom('webhook_deliveries')
      .select('id')
      .where('webhook_id', '=', row.id);
    await tx.deleteFrom('webhook_attempts').where('delivery_id', 'in', deliveries).execute();
    await tx.deleteFrom('webhook_deliveries').where('webhook_id', '=', row.id).execute();
    await tx.deleteFrom('webhooks').where('id', '=', row.id).execute();
    return {
      result: undefined,
      events: [
        {
          type: 'webhook-deleted',
          subject: { kind: 'webhook', id: row.id, ref: row.name },
          payload: { name: row.name, pendingDropped: Number(pending.n) },
        },
      ],
    };
  });
}

export async function getWebhook(ctx: Pick<EventsContext, 'db'>, ref: string): Promise<Webhook> {
  return toWebhook(await findWebhook(ctx.db, ref));
}

/** Every webhook, by name. */
export async function listWebhooks(ctx: Pick<EventsContext, 'db'>): Promise<Webhook[]> {
  const rows = await ctx.db.selectFrom('webhooks').selectAll().orderBy('name').execute();
  return rows.map(toWebhook);
}

/**
 * Commits a `webhook-pinged` event, which the outbox routes to this webhook alone (whatever it
 * subscribes to), and returns the delivery it queued: a way to test a receiver end to end.
 */
export async function pingWebhook(
  ctx: EventsContext,
  actor: Actor,
  ref: string,
): Promise<WebhookDelivery> {
  const id = await ctx.committer.commit(actor, 'webhook.redeliver', async (tx) => {
    const row = await findWebhook(tx, ref, true);
    if (!row.active) {
      throw new ConflictError(`webhook '${row.name}' is inactive; activate it first`, {
        name: row.name,
      });
    }
    return {
      result: row.id,
      events: [
        {
          type: PING_EVENT_TYPE,
          subject: { kind: 'webhook', id: row.id, ref: row.name },
          payload: { name: row.name },
        },
      ],
    };
  });
  // The outbox wrote the delivery in the ping's own transaction; the newest ping delivery of this
  // webhook is that one (or a concurrent ping's, which is just as good an answer).
  const row = await deliveryQuery(ctx.db)
    .where('d.webhook_id', '=', id)
    .where('d.event_type', '=', PING_EVENT_TYPE)
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (row === undefined) {
    throw new ConflictError('the ping was recorded but no delivery was queued: the outbox is off');
  }
  const [delivery] = await toDeliveries(ctx.db, [row]);
  return delivery as WebhookDelivery;
}

function deliveryQuery(db: Db) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhooks as w', 'w.id', 'd.webhook_id')
    .select([
      'd.id',
      'w.name as webhook',
      'd.event_id',
      'd.event_type',
      'd.ledger_seq',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
    ]);
}

type DeliveryRow = {
  id: string;
  webhook: string;
  event_id: string;
  event_type: string;
  ledger_seq: number | null;
  status: string;
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
};

async function toDeliveries(db: Db, rows: DeliveryRow[]): Promise<WebhookDelivery[]> {
  if (rows.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where(
      'delivery_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('delivery_id')
    .orderBy('attempt')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    webhook: r.webhook,
    eventId: r.event_id,
    eventType: r.event_type,
    ledgerSeq: r.ledger_seq,
    status: r.status as DeliveryStatus,
    attempts: r.attempts,
    nextAttemptAt: r.status === 'pending' ? iso(r.next_attempt_at) : null,
    lastStatusCode: r.last_status_code,
    lastError: r.last_error,
    createdAt: iso(r.created_at),
    deliveredAt: isoOrNull(r.delivered_at),
    history: attempts
      .filter((a) => a.delivery_id === r.id)
      .map((a) => ({
        attempt: a.attempt,
        at: iso(a.at),
        statusCode: a.status_code,
        error: a.error,
        durationMs: a.duration_ms,
      })),
  }));
}

/** Opaque keyset cursor: the (created_at, id) of the last delivery returned, base64url JSON. */
function encodeDeliveryCursor(row: DeliveryRow): string {
  return Buffer.from(JSON.stringify([iso(row.created_at), row.id])).toString('base64url');
}

function decodeDeliveryCursor(cursor: string): [string, string] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(key) &&
      key.length === 2 &&
      typeof key[0] === 'string' &&
      typeof key[1] === 'string' &&
      !Number.isNaN(Date.parse(key[0])) &&
      key[1].length <= 64
    ) {
      return [key[0], key[1]];
    }
  } catch {
    // fall through: any undecodable cursor is the same error
  }
  throw new ValidationError('the cursor is not valid for this listing', [], 'INVALID_CURSOR');
}

/** A webhook's delivery log, newest first, with every attempt of each delivery. */
export async function listWebhookDeliveries(
  ctx: Pick<EventsContext, 'db'>,
  ref: string,
  query: ListDeliveriesQuery = {},
): Promise<WebhookDeliveryPage> {
  const webhook = await findWebhook(ctx.db, ref);
  const limit = query.limit ?? DEFAULT_DELIVERY_PAGE;
  let select = deliveryQuery(ctx.db).where('d.webhook_id', '=', webhook.id);
  if (query.status !== undefined) select = select.where('d.status', '=', query.status);
  if (query.cursor !== undefined) {
    const [createdAt, id] = decodeDeliveryCursor(query.cursor);
    select = select.where((eb) =>
      eb.or([
        eb('d.created_at', '<', new Date(createdAt)),
        eb.and([eb('d.created_at', '=', new Date(createdAt)), eb('d.id', '<', id)]),
      ]),
    );
  }
  const rows = await select
    .orderBy('d.created_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toDeliveries(ctx.db, page),
    nextCursor: rows.length > limit && last !== undefined ? encodeDeliveryCursor(last) : null,
  };
}

/** One delivery of a webhook, with its attempts. */
export async function getWebhookDelivery(
  ctx: Pick<EventsContext, 'db'>,
  ref: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const webhook = await findWebhook(ctx.db, ref);
  const row = await deliveryQuery(ctx.db)
    .where('d.webhook_id', '=', webhook.id)
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('delivery', deliveryId);
  const [delivery] = await toDeliveries(ctx.db, [row]);
  return delivery as WebhookDelivery;
}

/**
 * Queues a delivery again, whatever its state (delivered, dead, or pending and waiting for its
 * next attempt): it becomes pending, due now, with a fresh retry budget. The attempt history is
 * kept. The receiver sees the same `webhook-id`, so one that already processed it can skip it.
 */
export async function redeliverWebhookDelivery(
  ctx: EventsContext,
  actor: Actor,
  ref: string,
  deliveryId: string,
): Promise<WebhookDelivery> {
  await ctx.committer.commit(actor, 'webhook.redeliver', async (tx, now) => {
    const webhook = await findWebhook(tx, ref);
    const delivery = await tx
      .selectFrom('webhook_deliveries')
      .select(['id', 'event_id', 'event_type', 'status'])
      .where('webhook_id', '=', webhook.id)
      .where('id', '=', deliveryId)
      .forUpdate()
      .executeTakeFirst();
    if (delivery === undefined) throw new NotFoundError('delivery', deliveryId);
    await tx
      .updateTable('webhook_deliveries')
      .set({
        status: 'pending',
        attempts: 0,
        next_attempt_at: now,
        // A lease still held means an attempt is in flight: it is left to finish (or to expire,
        // if its holder crashed) so the same delivery is never sent twice at once.
        delivered_at: null,
      })
      .where('id', '=', delivery.id)
      .execute();
    return {
      result: undefined,
      events: [
        {
          type: 'webhook-redelivery-requested',
          subject: { kind: 'webhook', id: webhook.id, ref: webhook.name },
          payload: {
            name: webhook.name,
            deliveryId: delivery.id,
            eventId: delivery.event_id,
            eventType: delivery.event_type,
            previousStatus: delivery.status,
          },
        },
      ],
    };
  });
  return getWebhookDelivery(ctx, ref, deliveryId);
}
