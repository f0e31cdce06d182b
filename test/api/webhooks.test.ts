import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/lib/index.js';
import type { FastifyInstance } from 'fastify';
import { API_PREFIX, buildApp } from '../../src/server/app.js';
import { assembleRuntime, type Runtime } from '../../src/server/runtime.js';
import { ENGINES } from '../support/engines.js';
import { seedUsers } from '../support/identities.js';
import { testServerKeys } from '../support/keys.js';

/**
 * The webhook routes in process (`app.inject`) in the full app, behind the real access hook and
 * error handler; the service behaviour itself is tested in src/events.
 */
describe.each(ENGINES)('webhook API on $name', (engine) => {
  let runtime: Runtime;
  let app: FastifyInstance;
  let tokens: Map<string, string>;
  let blobDir: string;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    blobDir = mkdtempSync(join(tmpdir(), 'verity-blobs-'));
    runtime = await assembleRuntime(await engine.open(), {
      blobRoot: blobDir,
      clock: new ManualClock('2026-03-01T09:00:00.000Z'),
      keys: testServerKeys(),
    });
    tokens = await seedUsers(runtime, [
      { name: 'alice', roles: [{ role: 'admin' }] },
      { name: 'aud', roles: [{ role: 'auditor' }] },
      { name: 'vic', roles: [{ role: 'viewer' }] },
    ]);
    app = await buildApp({ runtime, maxUploadBytes: 1024, maxJsonBytes: 1024 * 1024 });
  });
  afterAll(async () => {
    await app?.close();
    await runtime?.close();
    if (blobDir !== undefined) rmSync(blobDir, { recursive: true, force: true });
  });

  const call = (
    user: string | null,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ) =>
    app.inject({
      method,
      url: `${API_PREFIX}${path}`,
      headers: user === null ? {} : { authorization: `Bearer ${tokens.get(user) ?? ''}` },
      ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
    });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('creates (secret once), reads, updates, rotates and deletes a webhook', async () => {
      const created = await call('alice', 'POST', '/webhooks', {
        name: 'ci',
        url: 'https://hooks.example.com/verity',
        eventTypes: ['model-version-*'],
      });
      expect(created.statusCode).toBe(201);
      const body = created.json<{ id: string; secret: string; createdBy: string }>();
      expect(body.secret).toMatch(/^whsec_/);
      expect(body.createdBy).toBe('alice');

      const read = await call('aud', 'GET', '/webhooks/ci');
      expect(read.statusCode).toBe(200);
      expect(read.json()).not.toHaveProperty('secret');
      const list = await call('aud', 'GET', '/webhooks');
      expect(list.json<{ items: { name: string }[] }>().items.map((w) => w.name)).toEqual(['ci']);
      expect(list.body).not.toContain(body.secret);

      const patched = await call('alice', 'PATCH', '/webhooks/ci', { active: false });
      expect(patched.json()).toMatchObject({ active: false, eventTypes: ['model-version-*'] });

      const rotated = await call('alice', 'POST', '/webhooks/ci/rotate-secret');
      expect(rotated.statusCode).toBe(200);
      expect(rotated.json<{ secret: string }>().secret).not.toBe(body.secret);

      expect((await call('alice', 'DELETE', '/webhooks/ci')).statusCode).toBe(204);
      const gone = await call('alice', 'GET', '/webhooks/ci');
      expect(gone.statusCode).toBe(404);
      expect(gone.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('pings, lists the delivery and queues it again', async () => {
      await call('alice', 'POST', '/webhooks', {
        name: 'pinged',
        url: 'https://hooks.example.com/ping',
        eventTypes: ['nothing-else'],
      });
      const ping = await call('alice', 'POST', '/webhooks/pinged/ping');
      expect(ping.statusCode).toBe(202);
      const delivery = ping.json<{ id: string; eventType: string; status: string }>();
      expect(delivery).toMatchObject({ eventType: 'webhook-pinged', status: 'pending' });

      const log = await call('aud', 'GET', '/webhooks/pinged/deliveries?limit=10');
      expect(log.json<{ items: { id: string }[] }>().items.map((d) => d.id)).toEqual([delivery.id]);
      const again = await call(
        'alice',
        'POST',
        `/webhooks/pinged/deliveries/${delivery.id}/redeliver`,
      );
      expect(again.statusCode).toBe(202);
      expect(again.json()).toMatchObject({ id: delivery.id, status: 'pending', attempts: 0 });
    });

    it('refuses a URL with credentials or another scheme with VALIDATION_ERROR, writing nothing', async () => {
      const response = await call('alice', 'POST', '/webhooks', {
        name: 'bad',
        url: 'ftp://user:pw@hooks.example.com/x',
        eventTypes: ['*'],
      });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ error: { code: 'VALIDATION_ERROR' } });
      expect(response.body).not.toContain('pw@');
      expect((await call('alice', 'GET', '/webhooks/bad')).statusCode).toBe(404);
    });

    it('asks for webhook:read to read and webhook:write to change', async () => {
      expect((await call(null, 'GET', '/webhooks')).statusCode).toBe(401);
      const viewer = await call('vic', 'GET', '/webhooks');
      expect(viewer.statusCode).toBe(403);
      expect(viewer.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
      const auditor = await call('aud', 'POST', '/webhooks', {
        name: 'audit-made',
        url: 'https://hooks.example.com/',
        eventTypes: ['*'],
      });
      expect(auditor.statusCode).toBe(403);
    });
  });
});
