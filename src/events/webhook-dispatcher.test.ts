import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { openDatabase } from '../store/index.js';
import {
  harnessOver,
  openEventsHarness,
  type EventsHarness,
} from './__fixtures__/events-harness.js';
import { TestReceiver } from './__fixtures__/test-receiver.js';
import {
  WebhookDispatcher,
  type WebhookDispatcherOptions,
  type WebhookLogger,
} from './webhook-dispatcher.js';
import {
  createWebhook,
  deleteWebhook,
  listWebhookDeliveries,
  pingWebhook,
  redeliverWebhookDelivery,
  updateWebhook,
} from './webhooks.js';

const alice = { name: 'alice' };
/** Jitter fixed at 0x80808080 / 2^32 ≈ 0.502 of each ceiling. */
const halfway = (n: number) => new Uint8Array(n).fill(0x80);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function subscribe(h: EventsHarness, receiver: TestReceiver, eventTypes = ['model-*']) {
  const hook = await createWebhook(h.ctx, alice, {
    name: 'receiver',
    url: receiver.url(),
    eventTypes,
  });
  receiver.secret = hook.secret;
  return hook;
}

function dispatcher(h: EventsHarness, options: Partial<WebhookDispatcherOptions> = {}) {
  return new WebhookDispatcher({ db: h.database.db, clock: h.clock, random: halfway, ...options });
}

const deliveries = (h: EventsHarness) =>
  h.database.db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .orderBy('created_at')
    .orderBy('id')
    .execute();

describe.each(ENGINES)('webhook dispatcher on $name', (engine) => {
  let h: EventsHarness;
  let receiver: TestReceiver;
  beforeAll(async () => {
    if (engine.skip === undefined) h = await openEventsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });
  // One database for the file (opening one per test costs seconds); each test starts from no
  // webhooks and no deliveries, and its own receiver.
  beforeEach(async () => {
    if (engine.skip !== undefined) return;
    await h.database.db.deleteFrom('webhook_attempts').execute();
    await h.database.db.deleteFrom('webhook_deliveries').execute();
    await h.database.db.deleteFrom('webhooks').execute();
    receiver = await TestReceiver.start(() => h.clock.now());
  });
  afterEach(async () => {
    await receiver?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('POSTs a signed CloudEvent that a real receiver verifies, and records the attempt', async () => {
      await subscribe(h, receiver);
      await h.record('model-created', 'm-1');
      const d = dispatcher(h);

      const outcomes = await d.runOnce();
      expect(outcomes.map((o) => [o.outcome, o.statusCode, o.error])).toEqual([
        ['delivered', 204, null],
      ]);
      const [request] = receiver.requests;
      const body = JSON.parse(request!.body) as { id: string; type: string; data: unknown };
      expect(request).toMatchObject({ method: 'POST', path: '/hook', verified: { id: body.id } });
      expect(request!.verified).toEqual({
        id: body.id,
        timestamp: Math.floor(h.clock.now().getTime() / 1000),
      });
      expect(request!.headers).toMatchObject({
        'content-type': 'application/cloudevents+json',
        'user-agent': 'Verity-Webhooks/1',
        'webhook-id': body.id,
        'webhook-timestamp': String(Math.floor(h.clock.now().getTime() / 1000)),
      });
      expect(body.type).toBe('dev.verity.model-created');

      const [row] = await deliveries(h);
      expect(row).toMatchObject({
        status: 'delivered',
        attempts: 1,
        lease_until: null,
        last_status_code: 204,
        last_error: null,
        delivered_at: h.clock.now(),
      });
      const page = await listWebhookDeliveries(h.ctx, 'receiver');
      expect(page.items[0]?.history).toEqual([
        {
          attempt: 1,
          at: h.clock.now().toISOString(),
          statusCode: 204,
          error: null,
          durationMs: expect.any(Number) as number,
        },
      ]);
      expect(await d.runOnce()).toEqual([]);
    });

    it('retries with exponential, jittered backoff until the receiver recovers', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = (_, i) => (i < 2 ? 500 : 200);
      await h.record('model-created');
      const d = dispatcher(h);
      const start = h.clock.now().getTime();

      expect((await d.runOnce()).map((o) => o.outcome)).toEqual(['retry']);
      let [row] = await deliveries(h);
      // First failure: ceiling 2 s, jitter 0.502 → 1003 ms.
      expect(row).toMatchObject({ attempts: 1, lease_until: null, last_status_code: 500 });
      expect(row?.next_attempt_at).toEqual(new Date(start + 1003));
      expect(await d.runOnce()).toEqual([]);

      h.clock.advance(1003);
      expect((await d.runOnce()).map((o) => o.outcome)).toEqual(['retry']);
      [row] = await deliveries(h);
      // Second failure: ceiling 4 s → 2007 ms.
      expect(row?.next_attempt_at).toEqual(new Date(start + 1003 + 2007));

      h.clock.advance(2007);
      expect((await d.runOnce()).map((o) => o.outcome)).toEqual(['delivered']);
      const [delivery] = (await listWebhookDeliveries(h.ctx, 'receiver')).items;
      expect(delivery?.history.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
        [1, 500, 'HTTP 500'],
        [2, 500, 'HTTP 500'],
        [3, 200, null],
      ]);
      // Every attempt carries the same webhook-id (the receiver's idempotency key), a fresh
      // timestamp, and verifies.
      const ids = receiver.requests.map((r) => r.headers['webhook-id']);
      expect(new Set(ids).size).toBe(1);
      expect(receiver.requests.map((r) => r.headers['webhook-timestamp'])).toEqual(
        [0, 1, 3].map((s) => String(start / 1000 + s)),
      );
      expect(receiver.requests.every((r) => 'id' in r.verified)).toBe(true);
    });

    it('marks a delivery dead after maxAttempts; redelivery gives it a fresh budget', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = () => 503;
      await h.record('model-created');
      const warnings: string[] = [];
      const logger: WebhookLogger = {
        debug: () => undefined,
        info: () => undefined,
        warn: (_, msg) => warnings.push(msg),
        error: () => undefined,
      };
      // Zero jitter: each retry is due at once, so no clock needs advancing.
      const d = dispatcher(h, { maxAttempts: 3, random: (n) => new Uint8Array(n), logger });
      const outcomes = [];
      for (let i = 0; i < 4; i++) outcomes.push(...(await d.runOnce()).map((o) => o.outcome));
      expect(outcomes).toEqual(['retry', 'retry', 'dead']);
      const [dead] = await deliveries(h);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, last_status_code: 503 });
      expect(warnings).toEqual(['webhook delivery is dead after its last attempt']);

      receiver.behaviour = () => 200;
      await redeliverWebhookDelivery(h.ctx, alice, 'receiver', dead!.id);
      expect((await d.runOnce()).map((o) => o.outcome)).toEqual(['delivered']);
      const [delivery] = (await listWebhookDeliveries(h.ctx, 'receiver')).items;
      expect(delivery?.status).toBe('delivered');
      expect(delivery?.history.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 503],
        [2, 503],
        [3, 503],
        [4, 200],
      ]);
    });

    it('treats a redirect as a failure and does not follow it', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = () => 302;
      await h.record('model-created');
      const [outcome] = await dispatcher(h).runOnce();
      expect(outcome?.outcome).toBe('retry');
      expect(outcome?.error).toBe(
        'HTTP 302: redirects are not followed; point the webhook at the final URL',
      );
      expect(receiver.requests.map((r) => r.path)).toEqual(['/hook']);
    });

    it('gives up on an attempt after the timeout and schedules a retry', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = () => 'hang';
      await h.record('model-created');
      const [outcome] = await dispatcher(h, { timeoutMs: 300 }).runOnce();
      expect(outcome).toMatchObject({
        outcome: 'retry',
        statusCode: null,
        error: 'no response within 300 ms',
      });
    });

    it('records a refused connection as a failed attempt', async () => {
      const hook = await subscribe(h, receiver);
      const closed = await TestReceiver.start(() => h.clock.now());
      const url = closed.url();
      await closed.close();
      await updateWebhook(h.ctx, alice, hook.name, { url });
      await h.record('model-created');
      const [outcome] = await dispatcher(h).runOnce();
      expect(outcome).toMatchObject({
        outcome: 'retry',
        statusCode: null,
        error: 'connection failed: ECONNREFUSED',
      });
    });

    it('hands a delivery whose dispatcher died mid-attempt to another once the lease lapses, with the same webhook-id', async () => {
      await subscribe(h, receiver);
      // The first request is never answered: its dispatcher is "killed" (abandoned) meanwhile.
      receiver.behaviour = (_, i) => (i === 0 ? 'hang' : 200);
      await h.record('model-created');
      const options = { timeoutMs: 20_000, leaseSeconds: 30 };
      const abandoned = dispatcher(h, options).runOnce();
      await receiver.waitForRequests(1);

      const successor = dispatcher(h, options);
      expect(await successor.runOnce()).toEqual([]); // still leased
      h.clock.advance(30_001);
      expect((await successor.runOnce()).map((o) => o.outcome)).toEqual(['delivered']);
      const [first, second] = receiver.requests;
      expect(second?.headers['webhook-id']).toBe(first?.headers['webhook-id']);
      expect(second?.verified).toMatchObject({ id: first?.headers['webhook-id'] });

      // If the abandoned attempt ever completes, its lease is gone: it cannot undo the delivery.
      receiver.release(500);
      expect((await abandoned).map((o) => o.outcome)).toEqual(['lease-lost']);
      const [row] = await deliveries(h);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_status_code: 200 });
      // Both attempts are in the log, the successor's first.
      const [delivery] = (await listWebhookDeliveries(h.ctx, 'receiver')).items;
      expect(delivery?.history.map((a) => [a.attempt, a.statusCode])).toEqual([
        [1, 200],
        [2, 500],
      ]);
    });

    it('leaves no attempt behind for a delivery whose webhook was deleted mid-attempt', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = () => 'hang';
      await h.record('model-created');
      const attempt = dispatcher(h).runOnce();
      await receiver.waitForRequests(1);
      await deleteWebhook(h.ctx, alice, 'receiver');
      receiver.release(200);
      expect((await attempt).map((o) => o.outcome)).toEqual(['lease-lost']);
      expect(await h.database.db.selectFrom('webhook_attempts').selectAll().execute()).toEqual([]);
    });

    it('delivers an event committed while no dispatcher ran, once one starts', async () => {
      await subscribe(h, receiver);
      await h.record('model-created');
      h.clock.advance(3_600_000);
      expect((await dispatcher(h).runOnce()).map((o) => o.outcome)).toEqual(['delivered']);
    });

    it('never sends a delivery twice when two dispatchers share the database', async () => {
      await subscribe(h, receiver);
      for (let i = 0; i < 12; i++) await h.record('model-created', `m-${i}`);
      const a = dispatcher(h, { concurrency: 3 });
      const b = dispatcher(h, { concurrency: 3 });
      let round: unknown[];
      do {
        round = (await Promise.all([a.runOnce(), b.runOnce()])).flat();
      } while (round.length > 0);
      const ids = receiver.requests.map((r) => r.headers['webhook-id']);
      expect(ids.length).toBe(12);
      expect(new Set(ids).size).toBe(12);
      expect((await deliveries(h)).every((d) => d.status === 'delivered')).toBe(true);
    });

    it('holds the deliveries of an inactive webhook until it is active again', async () => {
      await subscribe(h, receiver);
      await h.record('model-created');
      await updateWebhook(h.ctx, alice, 'receiver', { active: false });
      const d = dispatcher(h);
      expect(await d.runOnce()).toEqual([]);
      await updateWebhook(h.ctx, alice, 'receiver', { active: true });
      expect((await d.runOnce()).map((o) => o.outcome)).toEqual(['delivered']);
    });

    it('delivers a ping to its receiver as dev.verity.webhook-pinged', async () => {
      await subscribe(h, receiver, ['nothing-else']);
      const ping = await pingWebhook(h.ctx, alice, 'receiver');
      expect((await dispatcher(h).runOnce()).map((o) => o.deliveryId)).toEqual([ping.id]);
      const body = JSON.parse(receiver.requests[0]!.body) as { type: string; id: string };
      expect(body.type).toBe('dev.verity.webhook-pinged');
      expect(body.id).toBe(ping.eventId);
    });

    it('start() delivers in the background; stop() waits for the attempt in flight', async () => {
      await subscribe(h, receiver);
      receiver.behaviour = () => 'hang';
      const d = dispatcher(h, { pollIntervalMs: 10 });
      d.start();
      await h.record('model-created');
      await receiver.waitForRequests(1);
      let stopped = false;
      const stopping = d.stop().then(() => {
        stopped = true;
      });
      await sleep(50);
      expect(stopped).toBe(false);
      receiver.release(200);
      await stopping;
      const [row] = await deliveries(h);
      expect(row).toMatchObject({ status: 'delivered', attempts: 1 });
    });

    it('refuses a lease that is not longer than the attempt timeout', () => {
      expect(() => dispatcher(h, { timeoutMs: 30_000, leaseSeconds: 30 })).toThrow(RangeError);
    });
  });
});

describe('restart of an embedded Verity home', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'verity-events-'));
  });
  afterEach(() => {
    rmSync(home, { recursive: true, force: true });
  });

  it('delivers, after the database is closed and reopened, an event committed before', async () => {
    const template = new Blob([readFileSync(inject('pgliteTemplate'))]);
    const first = harnessOver(
      await openDatabase({ engine: 'pglite', home, loadDataDir: template }),
    );
    const receiver = await TestReceiver.start(() => first.clock.now());
    try {
      await subscribe(first, receiver);
      await first.record('model-created');
      await first.close();

      const second = harnessOver(await openDatabase({ engine: 'pglite', home }));
      try {
        second.clock.set(first.clock.now());
        const outcomes = await dispatcher(second).runOnce();
        expect(outcomes.map((o) => o.outcome)).toEqual(['delivered']);
        expect(receiver.requests[0]?.verified).toMatchObject({ id: outcomes[0]?.eventId });
      } finally {
        await second.close();
      }
    } finally {
      await receiver.close();
    }
  });
});
