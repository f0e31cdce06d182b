import { performance } from 'node:perf_hooks';
import type { Kysely } from 'kysely';
import { cryptoRandom, systemClock, type Clock, type RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { CLOUD_EVENT_CONTENT_TYPE } from './cloud-event.js';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-backoff.js';
import {
  signWebhook,
  WEBHOOK_ID_HEADER,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMESTAMP_HEADER,
} from './webhook-signature.js';

/** The subset of a pino logger the dispatcher uses. */
export interface WebhookLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WebhookDispatcherOptions {
  db: Kysely<Database>;
  clock?: Clock;
  /** Jitter for retry delays; injected so tests are deterministic. */
  random?: RandomSource;
  /** Deliveries in flight at once (per dispatcher). Default 4. */
  concurrency?: number;
  /** Attempts before a delivery is marked `dead`. Default 12. */
  maxAttempts?: number;
  /** Time allowed for one HTTP attempt, connection to response headers. Default 10 s. */
  timeoutMs?: number;
  /**
   * How long a claimed delivery is reserved for this dispatcher. Must exceed `timeoutMs`: when it
   * lapses (its holder crashed) another dispatcher takes the delivery over. Default 60 s.
   */
  leaseSeconds?: number;
  /** How often `start()` looks for due deliveries when idle. Default 1 s. */
  pollIntervalMs?: number;
  retry?: RetryPolicy;
  logger?: WebhookLogger;
  /** The HTTP client; `globalThis.fetch` unless a test supplies another. */
  fetch?: typeof fetch;
}

/** What one attempt came to; `runOnce` returns one per delivery it tried. */
export interface AttemptOutcome {
  deliveryId: string;
  eventId: string;
  outcome: 'delivered' | 'retry' | 'dead' | 'lease-lost';
  statusCode: number | null;
  error: string | null;
}

interface Claimed {
  id: string;
  webhookId: string;
  eventId: string;
  body: string;
  attempts: number;
  url: string;
  secret: string;
  leaseUntil: Date;
}

export const WEBHOOK_USER_AGENT = 'Verity-Webhooks/1';

const silent: WebhookLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/**
 * Sends what the outbox queued. Each round claims due deliveries in a short transaction
 * (`FOR UPDATE SKIP LOCKED`, then a lease), so any number of server instances can run a
 * dispatcher over one database without sending a row twice at once; a lease left by a crashed
 * instance lapses and the row is taken over. Delivery is therefore at least once: a receiver
 * deduplicates on `webhook-id`.
 *
 * Delivery bookkeeping (leases, attempts, statuses) is deliberately not written to the audit
 * ledger. It is operational state, not a change anyone made: recording every retry would fill the
 * tamper-evident log with transport noise, and the ledger already holds what matters, the event
 * itself (whose `ledgerSeq` each delivery carries) and every human action on webhooks (create,
 * update, delete, rotate, ping, redeliver). The attempt log stays queryable in `webhook_attempts`.
 */
export class WebhookDispatcher {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly random: RandomSource;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly leaseMs: number;
  private readonly pollIntervalMs: number;
  private readonly retry: RetryPolicy;
  private readonly logger: WebhookLogger;
  private readonly fetch: typeof fetch;

  private running = false;
  private timer: NodeJS.Timeout | undefined;
  private pumping: Promise<void> | undefined;
  private wanted = false;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(options: WebhookDispatcherOptions) {
    this.db = options.db;
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? cryptoRandom;
    this.concurrency = positiveInteger('concurrency', options.concurrency ?? 4);
    this.maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 12);
    this.timeoutMs = positiveInteger('timeoutMs', options.timeoutMs ?? 10_000);
    this.leaseMs = positiveInteger('leaseSeconds', options.leaseSeconds ?? 60) * 1000;
    this.pollIntervalMs = positiveInteger('pollIntervalMs', options.pollIntervalMs ?? 1000);
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    this.logger = options.logger ?? silent;
    this.fetch = options.fetch ?? globalThis.fetch;
    // A lease shorter than an attempt would let a second dispatcher take a row over while the
    // first is still sending it.
    if (this.leaseMs <= this.timeoutMs) {
      throw new RangeError('leaseSeconds must be longer than timeoutMs');
    }
  }

  /** Starts polling for due deliveries in the background. Idempotent. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.wake();
  }

  /**
   * Stops polling and waits for the attempts in flight to finish and be recorded (each is bounded
   * by `timeoutMs`). Claimed rows never attempted keep their lease until it lapses.
   */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.pumping;
    await Promise.allSettled([...this.inFlight]);
  }

  /**
   * One round, for tests and one-shot jobs: claims up to `concurrency` due deliveries, attempts
   * them all and returns what became of each.
   */
  async runOnce(): Promise<AttemptOutcome[]> {
    const claimed = await this.claim(this.concurrency);
    return Promise.all(claimed.map((d) => this.attempt(d)));
  }

  private wake(): void {
    if (!this.running) return;
    if (this.pumping !== undefined) {
      this.wanted = true;
      return;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pumping = this.pump().finally(() => {
        this.pumping = undefined;
        this.afterPump();
      });
    }, 0);
  }

  private afterPump(): void {
    if (!this.running) return;
    if (this.wanted) {
      this.wanted = false;
      this.wake();
      return;
    }
    this.timer = setTimeout(() => this.wake(), this.pollIntervalMs);
    this.timer.unref();
  }

  private async pump(): Promise<void> {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return;
    try {
      const claimed = await this.claim(free);
      for (const delivery of claimed) {
        const task: Promise<unknown> = this.attempt(delivery)
          .catch((error: unknown) => {
            this.logger.error({ err: error, deliveryId: delivery.id }, 'webhook attempt failed');
          })
          .finally(() => {
            this.inFlight.delete(task);
            this.wake();
          });
        this.inFlight.add(task);
      }
      // A full batch suggests more are due: look again at once rather than after a poll interval.
      if (claimed.length === free) this.wanted = true;
    } catch (error) {
      this.logger.error({ err: error }, 'claiming webhook deliveries failed');
    }
  }

  /**
   * Claims up to `limit` due deliveries of active webhooks: locks them with SKIP LOCKED (rows
   * another instance is claiming at this moment are passed over, not waited for) and leases them
   * until now + lease, all in one short transaction, so the HTTP calls happen outside it.
   */
  private async claim(limit: number): Promise<Claimed[]> {
    const now = this.clock.now();
    const leaseUntil = new Date(now.getTime() + this.leaseMs);
    return this.db.transaction().execute(async (tx) => {
      const due = await tx
        .selectFrom('webhook_deliveries')
        .select(['id', 'webhook_id', 'event_id', 'cloud_event', 'attempts'])
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', now)]))
        // An inactive webhook's deliveries wait, pending, until it is active again.
        .where('webhook_id', 'in', (eb) =>
          eb.selectFrom('webhooks').select('id').where('active', '=', true),
        )
        .orderBy('next_attempt_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      if (due.length === 0) return [];
      await tx
        .updateTable('webhook_deliveries')
        .set({ lease_until: leaseUntil })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .execute();
      const webhooks = await tx
        .selectFrom('webhooks')
        .select(['id', 'url', 'secret'])
        .where('id', 'in', [...new Set(due.map((d) => d.webhook_id))])
        .execute();
      return due.flatMap((d) => {
        const webhook = webhooks.find((w) => w.id === d.webhook_id);
        if (webhook === undefined) return [];
        return [
          {
            id: d.id,
            webhookId: d.webhook_id,
            eventId: d.event_id,
            body: d.cloud_event,
            attempts: d.attempts,
            url: webhook.url,
            secret: webhook.secret,
            leaseUntil,
          },
        ];
      });
    });
  }

  /** One HTTP attempt, then its record. Never throws for what the receiver does. */
  private async attempt(delivery: Claimed): Promise<AttemptOutcome> {
    const at = this.clock.now();
    const timestamp = Math.floor(at.getTime() / 1000);
    const started = performance.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const response = await this.fetch(delivery.url, {
        method: 'POST',
        headers: {
          'content-type': CLOUD_EVENT_CONTENT_TYPE,
          'user-agent': WEBHOOK_USER_AGENT,
          // The event's id, the same on every attempt and for every subscriber, so receivers can
          // deduplicate (Standard Webhooks, "Webhook metadata"); the timestamp is the attempt's.
          [WEBHOOK_ID_HEADER]: delivery.eventId,
          [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
          [WEBHOOK_SIGNATURE_HEADER]: signWebhook(
            delivery.secret,
            delivery.eventId,
            timestamp,
            delivery.body,
          ),
        },
        body: delivery.body,
        // A redirect is a failure: following it would send the event somewhere nobody subscribed
        // (the spec's "Delivery success and failure": update the URL instead).
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      statusCode = response.status;
      // The body is not used; cancelling it frees the connection.
      await response.body?.cancel().catch(() => undefined);
      if (statusCode < 200 || statusCode > 299) {
        error =
          statusCode >= 300 && statusCode < 400
            ? `HTTP ${statusCode}: redirects are not followed; point the webhook at the final URL`
            : `HTTP ${statusCode}`;
      }
    } catch (thrown) {
      error = describeFailure(thrown, this.timeoutMs);
    }
    const durationMs = Math.round(performance.now() - started);
    return this.record(delivery, { at, statusCode, error, durationMs });
  }

  /**
   * Records an attempt and moves the delivery on: delivered, retried later with backoff, or dead.
   * The update is fenced by the lease: if it lapsed and another dispatcher took the row over, this
   * one's result no longer decides the row's state (the attempt is still logged).
   */
  private async record(
    delivery: Claimed,
    result: { at: Date; statusCode: number | null; error: string | null; durationMs: number },
  ): Promise<AttemptOutcome> {
    const now = this.clock.now();
    const attempts = delivery.attempts + 1;
    const delivered = result.error === null;
    const dead = !delivered && attempts >= this.maxAttempts;
    const outcome = await this.db.transaction().execute(async (tx) => {
      const updated = await tx
        .updateTable('webhook_deliveries')
        .set({
          attempts,
          lease_until: null,
          last_status_code: result.statusCode,
          last_error: result.error,
          ...(delivered
            ? { status: 'delivered', delivered_at: now }
            : dead
              ? { status: 'dead' }
              : {
                  next_attempt_at: new Date(
                    now.getTime() + retryDelayMs(attempts, this.random, this.retry),
                  ),
                }),
        })
        .where('id', '=', delivery.id)
        .where('status', '=', 'pending')
        .where('lease_until', '=', delivery.leaseUntil)
        .executeTakeFirst();
      const owned = updated.numUpdatedRows > 0n;
      // The attempt is logged even when the lease was lost (it did happen), unless the delivery
      // itself is gone (its webhook was deleted meanwhile).
      const exists =
        owned ||
        (await tx
          .selectFrom('webhook_deliveries')
          .select('id')
          .where('id', '=', delivery.id)
          .executeTakeFirst()) !== undefined;
      if (exists) {
        const last = await tx
          .selectFrom('webhook_attempts')
          .select((eb) => eb.fn.max('attempt').as('n'))
          .where('delivery_id', '=', delivery.id)
          .executeTakeFirst();
        await tx
          .insertInto('webhook_attempts')
          .values({
            delivery_id: delivery.id,
            attempt: Number(last?.n ?? 0) + 1,
            at: result.at,
            status_code: result.statusCode,
            error: result.error,
            duration_ms: result.durationMs,
          })
          .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
          .execute();
      }
      if (!owned) return 'lease-lost' as const;
      return delivered ? ('delivered' as const) : dead ? ('dead' as const) : ('retry' as const);
    });
    const fields = {
      deliveryId: delivery.id,
      webhookId: delivery.webhookId,
      eventId: delivery.eventId,
      attempt: attempts,
      statusCode: result.statusCode,
      durationMs: result.durationMs,
    };
    if (outcome === 'delivered') this.logger.debug(fields, 'webhook delivered');
    else if (outcome === 'retry')
      this.logger.info({ ...fields, error: result.error }, 'webhook attempt failed; will retry');
    else if (outcome === 'dead')
      this.logger.warn(
        { ...fields, error: result.error },
        'webhook delivery is dead after its last attempt',
      );
    else
      this.logger.warn(
        fields,
        'webhook lease lapsed during the attempt; another dispatcher owns the delivery',
      );
    return {
      deliveryId: delivery.id,
      eventId: delivery.eventId,
      outcome,
      statusCode: result.statusCode,
      error: result.error,
    };
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`${name} must be a positive integer`);
  }
  return value;
}

/** A short, secret-free reason for a failed request (no URL: it may carry a token). */
function describeFailure(thrown: unknown, timeoutMs: number): string {
  if (thrown instanceof Error && (thrown.name === 'TimeoutError' || thrown.name === 'AbortError')) {
    return `no response within ${timeoutMs} ms`;
  }
  const cause = (thrown as { cause?: { code?: unknown; message?: unknown } } | null)?.cause;
  if (cause !== undefined && typeof cause.code === 'string')
    return `connection failed: ${cause.code}`;
  if (cause !== undefined && typeof cause.message === 'string')
    return `request failed: ${cause.message}`;
  return `request failed: ${thrown instanceof Error ? thrown.message : String(thrown)}`;
}
