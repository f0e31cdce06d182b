import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { asyncFailureOf } from '../ledger/__fixtures__/failure-of.js';
import { LedgerReader } from '../ledger/index.js';
import { sha256Digest, VerityError } from '../lib/index.js';
import { openEventsHarness, type EventsHarness } from './__fixtures__/events-harness.js';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  pingWebhook,
  redeliverWebhookDelivery,
  rotateWebhookSecret,
  updateWebhook,
} from './webhooks.js';
import { createWebhookSchema, updateWebhookSchema } from './webhook-schemas.js';

const alice = { name: 'alice' };
const codeOf = async (fn: () => Promise<unknown>) => (await asyncFailureOf(fn, VerityError)).code;

describe('webhook input validation', () => {
  const valid = { name: 'ci', url: 'https://hooks.example.com/verity', eventTypes: ['*'] };

  it('accepts an https or http URL and the three pattern forms', () => {
    expect(createWebhookSchema.safeParse(valid).success).toBe(true);
    const http = {
      ...valid,
      url: 'http://10.0.0.5:8080/in?x=1',
      eventTypes: ['model-*', 'alias-set'],
    };
    expect(createWebhookSchema.safeParse(http).success).toBe(true);
  });

  it.each([
    ['another scheme', 'ftp://hooks.example.com/x'],
    ['a relative URL', '/hooks'],
    ['a user name and password', 'https://bob:hunter2@hooks.example.com/x'],
    ['a user name alone', 'https://bob@hooks.example.com/x'],
    ['a fragment', 'https://hooks.example.com/x#frag'],
  ])('refuses a URL with %s', (_, url) => {
    expect(createWebhookSchema.safeParse({ ...valid, url }).success).toBe(false);
  });

  it('reports every problem of an input, not only the first', () => {
    const result = createWebhookSchema.safeParse({ name: '../x', url: 'ftp://x', eventTypes: [] });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path[0]).sort()).toEqual([
      'eventTypes',
      'name',
      'url',
    ]);
  });

  it('refuses an empty update', () => {
    expect(updateWebhookSchema.safeParse({}).success).toBe(false);
  });
});

describe.each(ENGINES)('webhook subscriptions on $name', (engine) => {
  let h: EventsHarness;
  beforeAll(async () => {
    if (engine.skip === undefined) h = await openEventsHarness(engine);
  });
  afterAll(async () => {
    await h?.close();
  });

  const deliveryRows = (webhookId: string) =>
    h.database.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('webhook_id', '=', webhookId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('creates a webhook and shows its secret once: never in get or list', async () => {
      const created = await createWebhook(h.ctx, alice, {
        name: 'ci',
        url: 'https://hooks.example.com/verity/T000/XXXX',
        eventTypes: ['model-version-*'],
      });
      expect(created).toMatchObject({
        name: 'ci',
        url: 'https://hooks.example.com/verity/T000/XXXX',
        eventTypes: ['model-version-*'],
        active: true,
        createdBy: 'alice',
        createdAt: '2026-03-01T09:00:00.000Z',
      });
      expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      const read = await getWebhook(h.ctx, 'ci');
      expect(read).not.toHaveProperty('secret');
      const withoutSecret = Object.fromEntries(
        Object.entries(created).filter(([key]) => key !== 'secret'),
      );
      expect(read).toEqual(withoutSecret);
      expect(await getWebhook(h.ctx, created.id)).toEqual(read);
      expect((await listWebhooks(h.ctx)).find((w) => w.name === 'ci')).toEqual(read);
    });

    it('records creation in the ledger with the secret’s digest and the URL’s origin only', async () => {
      const created = await createWebhook(h.ctx, alice, {
        name: 'audited',
        url: 'https://hooks.example.com/path/with/token?key=abc',
        eventTypes: ['*'],
        active: false,
      });
      const [entry] = await new LedgerReader(h.database.db).forSubject('webhook', created.id);
      expect(entry?.event?.type).toBe('webhook-created');
      expect(entry?.payload).toEqual({
        name: 'audited',
        target: 'https://hooks.example.com',
        urlDigest: sha256Digest('https://hooks.example.com/path/with/token?key=abc'),
        eventTypes: ['*'],
        active: false,
        secretDigest: sha256Digest(created.secret),
      });
      const stored = JSON.stringify(entry);
      expect(stored).not.toContain(created.secret.slice(6));
      expect(stored).not.toContain('key=abc');
    });

    it('refuses a second webhook with the same name with ALREADY_EXISTS', async () => {
      const input = { name: 'dup', url: 'https://a.example.com/', eventTypes: ['*'] };
      await createWebhook(h.ctx, alice, input);
      expect(await codeOf(() => createWebhook(h.ctx, alice, input))).toBe('ALREADY_EXISTS');
    });

    it('answers NOT_FOUND for an unknown webhook', async () => {
      expect(await codeOf(() => getWebhook(h.ctx, 'nope'))).toBe('NOT_FOUND');
      expect(await codeOf(() => updateWebhook(h.ctx, alice, 'nope', { active: false }))).toBe(
        'NOT_FOUND',
      );
      expect(await codeOf(() => deleteWebhook(h.ctx, alice, 'nope'))).toBe('NOT_FOUND');
    });

    it('updates the URL, patterns and active flag, recording what changed', async () => {
      const created = await createWebhook(h.ctx, alice, {
        name: 'upd',
        url: 'https://a.example.com/1',
        eventTypes: ['*'],
      });
      h.clock.advance(1000);
      const updated = await updateWebhook(h.ctx, alice, 'upd', {
        url: 'https://b.example.com/2',
        eventTypes: ['alias-set'],
        active: false,
      });
      expect(updated).toMatchObject({
        url: 'https://b.example.com/2',
        eventTypes: ['alias-set'],
        active: false,
        updatedAt: '2026-03-01T09:00:01.000Z',
        createdAt: created.createdAt,
      });
      const entries = await new LedgerReader(h.database.db).forSubject('webhook', created.id);
      expect(entries.at(-1)?.payload).toEqual({
        name: 'upd',
        changes: {
          target: 'https://b.example.com',
          urlDigest: sha256Digest('https://b.example.com/2'),
          eventTypes: ['alias-set'],
          active: false,
        },
      });
    });

    it('rotates the secret: a new one, shown once, its digest in the ledger', async () => {
      const created = await createWebhook(h.ctx, alice, {
        name: 'rot',
        url: 'https://a.example.com/',
        eventTypes: ['*'],
      });
      const rotated = await rotateWebhookSecret(h.ctx, alice, 'rot');
      expect(rotated.secret).not.toBe(created.secret);
      expect(rotated.secret).toMatch(/^whsec_/);
      const row = await h.database.db
        .selectFrom('webhooks')
        .select('secret')
        .where('id', '=', created.id)
        .executeTakeFirstOrThrow();
      expect(row.secret).toBe(rotated.secret);
      const entries = await new LedgerReader(h.database.db).forSubject('webhook', created.id);
      expect(entries.at(-1)?.event?.type).toBe('webhook-secret-rotated');
      expect(entries.at(-1)?.payload).toEqual({
        name: 'rot',
        secretDigest: sha256Digest(rotated.secret),
      });
    });

    describe('the outbox', () => {
      it('queues one delivery per matching active webhook, in the change’s transaction', async () => {
        const all = await createWebhook(h.ctx, alice, {
          name: 'ob-all',
          url: 'https://a.example.com/',
          eventTypes: ['*'],
        });
        const versions = await createWebhook(h.ctx, alice, {
          name: 'ob-versions',
          url: 'https://b.example.com/',
          eventTypes: ['model-version-*'],
        });
        const off = await createWebhook(h.ctx, alice, {
          name: 'ob-off',
          url: 'https://c.example.com/',
          eventTypes: ['*'],
          active: false,
        });
        const before = (await deliveryRows(all.id)).length;
        await h.record('model-version-registered', 'v-9');
        await h.record('alias-set', 'm-9');

        const toAll = (await deliveryRows(all.id)).slice(before);
        expect(toAll.map((d) => d.event_type)).toEqual(['model-version-registered', 'alias-set']);
        const toVersions = await deliveryRows(versions.id);
        expect(toVersions.map((d) => d.event_type)).toEqual(['model-version-registered']);
        expect(await deliveryRows(off.id)).toEqual([]);

        const [first] = toAll;
        const [same] = toVersions;
        // One CloudEvent per ledger event: both subscribers get the same id and document.
        expect(same?.event_id).toBe(first?.event_id);
        expect(same?.cloud_event).toBe(first?.cloud_event);
        expect(first).toMatchObject({
          status: 'pending',
          attempts: 0,
          lease_until: null,
          next_attempt_at: new Date('2026-03-01T09:00:01.000Z'),
        });
        const size = await new LedgerReader(h.database.db).size();
        expect(first?.ledger_seq).toBe(size - 2);
        expect(JSON.parse(first?.cloud_event ?? '')).toEqual({
          specversion: '1.0',
          id: first?.event_id,
          source: '/verity/test.verity.local/log',
          type: 'dev.verity.model-version-registered',
          subject: 'model/v-9',
          time: '2026-03-01T09:00:01.000Z',
          datacontenttype: 'application/json',
          data: {
            ledgerSeq: size - 2,
            actor: 'alice',
            subject: { kind: 'model', id: 'v-9' },
            payload: { note: 'model-version-registered' },
          },
        });
      });

      it('queues nothing for a change that rolls back', async () => {
        const failing = await openEventsHarness(engine, {
          extraHooks: [() => Promise.reject(new Error('a later hook fails'))],
          database: h.database,
        });
        const hook = await createWebhook(h.ctx, alice, {
          name: 'ob-rollback',
          url: 'https://a.example.com/',
          eventTypes: ['never-committed'],
        });
        const size = await new LedgerReader(h.database.db).size();
        await expect(failing.record('never-committed')).rejects.toThrow('a later hook fails');
        expect(await deliveryRows(hook.id)).toEqual([]);
        expect(await new LedgerReader(h.database.db).size()).toBe(size);
      });
    });

    describe('ping', () => {
      it('queues a webhook-pinged delivery for that webhook alone', async () => {
        const target = await createWebhook(h.ctx, alice, {
          name: 'ping-me',
          url: 'https://a.example.com/',
          eventTypes: ['alias-set'],
        });
        const bystander = await createWebhook(h.ctx, alice, {
          name: 'ping-bystander',
          url: 'https://b.example.com/',
          eventTypes: ['*'],
        });
        const bystanderBefore = (await deliveryRows(bystander.id)).length;
        const delivery = await pingWebhook(h.ctx, alice, 'ping-me');
        expect(delivery).toMatchObject({
          webhook: 'ping-me',
          eventType: 'webhook-pinged',
          status: 'pending',
          attempts: 0,
          history: [],
        });
        expect((await deliveryRows(target.id)).map((d) => d.id)).toEqual([delivery.id]);
        expect((await deliveryRows(bystander.id)).length).toBe(bystanderBefore);
      });

      it('refuses to ping an inactive webhook with CONFLICT', async () => {
        await createWebhook(h.ctx, alice, {
          name: 'ping-off',
          url: 'https://a.example.com/',
          eventTypes: ['*'],
          active: false,
        });
        expect(await codeOf(() => pingWebhook(h.ctx, alice, 'ping-off'))).toBe('CONFLICT');
      });
    });

    describe('the delivery log', () => {
      it('lists newest first, pages with a cursor and filters by status', async () => {
        const hook = await createWebhook(h.ctx, alice, {
          name: 'log',
          url: 'https://a.example.com/',
          eventTypes: ['log-entry-written'],
        });
        for (let i = 0; i < 5; i++) {
          h.clock.advance(1000);
          await h.record('log-entry-written', `m-${i}`);
        }
        const rows = await deliveryRows(hook.id);
        await h.database.db
          .updateTable('webhook_deliveries')
          .set({ status: 'dead' })
          .where('id', '=', rows[1]!.id)
          .execute();

        const first = await listWebhookDeliveries(h.ctx, 'log', { limit: 2 });
        expect(first.items.map((d) => d.id)).toEqual([rows[4]!.id, rows[3]!.id]);
        expect(first.nextCursor).not.toBeNull();
        const second = await listWebhookDeliveries(h.ctx, 'log', {
          limit: 2,
          cursor: first.nextCursor!,
        });
        expect(second.items.map((d) => d.id)).toEqual([rows[2]!.id, rows[1]!.id]);
        const third = await listWebhookDeliveries(h.ctx, 'log', {
          limit: 2,
          cursor: second.nextCursor!,
        });
        expect(third.items.map((d) => d.id)).toEqual([rows[0]!.id]);
        expect(third.nextCursor).toBeNull();

        const dead = await listWebhookDeliveries(h.ctx, 'log', { status: 'dead' });
        expect(dead.items.map((d) => [d.id, d.status, d.nextAttemptAt])).toEqual([
          [rows[1]!.id, 'dead', null],
        ]);
      });

      it('refuses a forged cursor with INVALID_CURSOR', async () => {
        await createWebhook(h.ctx, alice, {
          name: 'log-cursor',
          url: 'https://a.example.com/',
          eventTypes: ['*'],
        });
        for (const cursor of ['not-base64-json', Buffer.from('[1,2]').toString('base64url')]) {
          expect(await codeOf(() => listWebhookDeliveries(h.ctx, 'log-cursor', { cursor }))).toBe(
            'INVALID_CURSOR',
          );
        }
      });
    });

    describe('redelivery', () => {
      it('puts a dead delivery back to pending with a fresh budget and records the request', async () => {
        const hook = await createWebhook(h.ctx, alice, {
          name: 'redeliver',
          url: 'https://a.example.com/',
          eventTypes: ['thing-happened'],
        });
        await h.record('thing-happened');
        const [row] = await deliveryRows(hook.id);
        await h.database.db
          .updateTable('webhook_deliveries')
          .set({ status: 'dead', attempts: 12, last_status_code: 500, last_error: 'HTTP 500' })
          .where('id', '=', row!.id)
          .execute();
        h.clock.advance(60_000);
        const requeued = await redeliverWebhookDelivery(h.ctx, alice, 'redeliver', row!.id);
        expect(requeued).toMatchObject({
          id: row!.id,
          eventId: row!.event_id,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: h.clock.now().toISOString(),
          lastStatusCode: 500,
        });
        const entries = await new LedgerReader(h.database.db).forSubject('webhook', hook.id);
        expect(entries.at(-1)?.event?.type).toBe('webhook-redelivery-requested');
        expect(entries.at(-1)?.payload).toEqual({
          name: 'redeliver',
          deliveryId: row!.id,
          eventId: row!.event_id,
          eventType: 'thing-happened',
          previousStatus: 'dead',
        });
      });

      it('answers NOT_FOUND for a delivery of another webhook', async () => {
        const a = await createWebhook(h.ctx, alice, {
          name: 'redeliver-a',
          url: 'https://a.example.com/',
          eventTypes: ['other-thing-happened'],
        });
        await createWebhook(h.ctx, alice, {
          name: 'redeliver-b',
          url: 'https://b.example.com/',
          eventTypes: ['nothing'],
        });
        await h.record('other-thing-happened');
        const [row] = await deliveryRows(a.id);
        expect(
          await codeOf(() => redeliverWebhookDelivery(h.ctx, alice, 'redeliver-b', row!.id)),
        ).toBe('NOT_FOUND');
      });
    });

    it('deletes a webhook with its delivery log, and its URL gets nothing more', async () => {
      const hook = await createWebhook(h.ctx, alice, {
        name: 'gone',
        url: 'https://a.example.com/',
        eventTypes: ['gone-thing-happened'],
      });
      await h.record('gone-thing-happened');
      const [row] = await deliveryRows(hook.id);
      await h.database.db
        .insertInto('webhook_attempts')
        .values({
          delivery_id: row!.id,
          attempt: 1,
          at: h.clock.now(),
          status_code: 500,
          error: 'HTTP 500',
          duration_ms: 3,
        })
        .execute();
      await deleteWebhook(h.ctx, alice, 'gone');
      expect(await codeOf(() => getWebhook(h.ctx, 'gone'))).toBe('NOT_FOUND');
      expect(await deliveryRows(hook.id)).toEqual([]);
      const attempts = await h.database.db
        .selectFrom('webhook_attempts')
        .select('attempt')
        .where('delivery_id', '=', row!.id)
        .execute();
      expect(attempts).toEqual([]);
      await h.record('gone-thing-happened');
      expect(await deliveryRows(hook.id)).toEqual([]);
      const entries = await new LedgerReader(h.database.db).forSubject('webhook', hook.id);
      expect(entries.at(-1)?.payload).toEqual({ name: 'gone', pendingDropped: 1 });
    });
  });
});
