import { connect } from 'node:net';
import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from '../../src/blobs/index.js';
import { sha256Digest } from '../../src/lib/index.js';
import { ENGINES } from '../support/engines.js';
import { upload } from '../support/fixtures.js';
import { startHarness, type Harness } from '../support/harness.js';

type ErrorJson = {
  error: { code: string; message: string; details: Record<string, unknown> };
  requestId: string;
};

/** Sends a request whose body stops short of its Content-Length, then closes the socket. */
function truncatedUpload(
  baseUrl: string,
  digest: string,
  declared: number,
  sent: string,
  token: string,
): Promise<void> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(
        `PUT /api/v1/blobs/${digest} HTTP/1.1\r\nHost: ${url.host}\r\nauthorization: Bearer ${token}\r\ncontent-type: application/octet-stream\r\ncontent-length: ${declared}\r\n\r\n${sent}`,
      );
      setTimeout(() => socket.destroy(), 100);
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
}

describe.each(ENGINES)('bad input on $name', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    if (engine.skip === undefined)
      h = await startHarness(engine, { maxUploadBytes: 4096, maxJsonBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await h?.close();
  });

  const send = async (
    method: 'POST' | 'PUT' | 'PATCH' | 'GET' | 'DELETE',
    url: string,
    body?: string,
    type = 'application/json',
  ) => {
    const response = await h.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${h.token()}`,
        ...(body === undefined ? {} : { 'content-type': type }),
      },
      ...(body === undefined ? {} : { payload: body }),
    });
    return {
      status: response.statusCode,
      body: response.json<ErrorJson>(),
      headers: response.headers,
    };
  };

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('answers malformed JSON with MALFORMED_JSON and a request id', async () => {
      const r = await send('POST', '/api/v1/models', '{"name": "x",');
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('MALFORMED_JSON');
      expect(r.body.requestId).toBe(r.headers['x-request-id']);
    });

    it('answers an empty JSON body with MALFORMED_JSON', async () => {
      const r = await send('POST', '/api/v1/models', '');
      expect([r.status, r.body.error.code]).toEqual([400, 'MALFORMED_JSON']);
    });

    it('answers wrong types with VALIDATION_ERROR listing every problem', async () => {
      const r = await send(
        'POST',
        '/api/v1/models',
        JSON.stringify({ name: 42, tags: 'x', riskTier: 7 }),
      );
      expect(r.status).toBe(400);
      expect(r.body.error.code).toBe('VALIDATION_ERROR');
      const paths = (r.body.error.details.issues as { path: string[] }[]).map((i) =>
        i.path.join('.'),
      );
      expect(paths.sort()).toEqual(['body.name', 'body.riskTier', 'body.tags']);
    });

    it('answers an oversized JSON body with PAYLOAD_TOO_LARGE', async () => {
      const r = await send(
        'POST',
        '/api/v1/models',
        JSON.stringify({ name: 'big', description: 'x'.repeat(100_000) }),
      );
      expect([r.status, r.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    });

    it('answers an unsupported content type with UNSUPPORTED_MEDIA_TYPE', async () => {
      const r = await send('POST', '/api/v1/models', 'name=x', 'application/x-www-form-urlencoded');
      expect([r.status, r.body.error.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    });

    it('refuses U+0000 in any text (body, path or query) with VALIDATION_ERROR and stores nothing', async () => {
      const before = await h.runtime.ledger.size();
      const cases: [method: 'POST' | 'GET', url: string, body: string | undefined, path: string][] =
        [
          [
            'POST',
            '/api/v1/models',
            '{"name":"nul","description":"a\\u0000b"}',
            'body.description',
          ],
          [
            'POST',
            '/api/v1/models',
            '{"name":"nul","tags":{"k\\u0000":"v"}}',
            'body.tags.k\\u0000',
          ],
          [
            'POST',
            '/api/v1/models/nul/predictions',
            '[{"id":"ok","timestamp":"2026-01-01T00:00:00Z","features":{}},{"id":"a\\u0000","timestamp":"2026-01-01T00:00:00Z","features":{}}]',
            'body.1.id',
          ],
          ['GET', '/api/v1/models/a%00b', undefined, 'params.model'],
          ['GET', '/api/v1/audit/entries?type=a%00', undefined, 'query.type'],
        ];
      for (const [method, url, body, path] of cases) {
        const r = await send(method, url, body);
        expect([r.status, r.body.error.code], url).toEqual([400, 'VALIDATION_ERROR']);
        expect(r.body.error.message).toBe(
          `${path} contains the character U+0000, which cannot be stored; nothing was changed`,
        );
        expect(r.body.error.details).toMatchObject({ issues: [{ code: 'nul_character' }] });
      }
      expect(await h.runtime.ledger.size()).toBe(before);
      // The text of the escape (a backslash, then u0000) is ordinary text and is stored.
      const r = await send(
        'POST',
        '/api/v1/models',
        '{"name":"escape-text","description":"\\\\u0000"}',
      );
      expect(r.status).toBe(201);
      expect((r.body as unknown as { description: string }).description).toBe('\\u0000');
    });

    it('answers an unknown route with ROUTE_NOT_FOUND', async () => {
      const r = await send('GET', '/api/v1/nothing-here');
      expect([r.status, r.body.error.code]).toEqual([404, 'ROUTE_NOT_FOUND']);
    });

    it('answers unknown ids and malformed references with stable codes', async () => {
      expect(
        (await send('GET', '/api/v1/runs/0190a000-0000-7000-8000-000000000000')).body.error.code,
      ).toBe('NOT_FOUND');
      expect((await send('GET', '/api/v1/runs/not-a-uuid')).body.error.code).toBe(
        'VALIDATION_ERROR',
      );
      expect((await send('GET', '/api/v1/models/bad%20name')).body.error.code).toBe(
        'VALIDATION_ERROR',
      );
      expect((await send('GET', '/api/v1/models/nope/versions/!!')).body.error.code).toBe(
        'NOT_FOUND',
      );
      expect((await send('GET', '/api/v1/blobs/sha256:abc')).body.error.code).toBe(
        'VALIDATION_ERROR',
      );
      expect((await send('GET', `/api/v1/blobs/sha256:${'1'.repeat(64)}`)).body.error.code).toBe(
        'NOT_FOUND',
      );
    });

    it('refuses an upload above the size limit with PAYLOAD_TOO_LARGE and stores nothing', async () => {
      const content = 'x'.repeat(5000);
      const digest = sha256Digest(content);
      const r = await send('PUT', `/api/v1/blobs/${digest}`, content, 'application/octet-stream');
      expect([r.status, r.body.error.code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
      expect(await h.runtime.blobs.stat(digest)).toBeUndefined();
    });

    it('stores nothing from a truncated upload', async () => {
      const full = 'complete artifact content';
      const digest = sha256Digest(full);
      await truncatedUpload(h.baseUrl, digest, full.length, full.slice(0, 10), h.token());
      await new Promise((r) => setTimeout(r, 100));
      expect(await h.runtime.blobs.stat(digest)).toBeUndefined();
      // The same digest uploads fine afterwards.
      const r = await send('PUT', `/api/v1/blobs/${digest}`, full, 'application/octet-stream');
      expect(r.status).toBe(201);
    });

    it('refuses to serve an artifact corrupted on disk with INTEGRITY_ERROR', async () => {
      const client = h.client();
      await client.createModel({ name: 'tampered' });
      const file = await upload(client, 'model.bin', 'trusted weights');
      await client.registerVersion('tampered', { label: '1.0.0', format: 'other', files: [file] });
      writeFileSync(new FsBlobStore(h.blobDir).pathOf(file.digest), 'evil weights!!!');
      const r = await h.app.inject({
        method: 'GET',
        url: '/api/v1/models/tampered/versions/1.0.0/files/model.bin',
        headers: { authorization: `Bearer ${h.token()}` },
      });
      expect(r.statusCode).toBe(500);
      expect(r.json<ErrorJson>().error.code).toBe('INTEGRITY_ERROR');
      expect(r.body).not.toContain('evil');
      // The failure itself is on record.
      const events = await h.client().auditEntries({ type: 'integrity-check-failed' });
      expect(events.items.at(-1)?.event).toMatchObject({
        actor: 'verity',
        subject: { kind: 'blob', id: file.digest },
      });
      expect(events.items.at(-1)?.payload).toMatchObject({
        path: 'model.bin',
        route: 'artifact download',
      });
      // And it opened a SEV2 integrity incident, with the security-breach playbook.
      const incidents = await h.client().incidents.list();
      expect(incidents[0]).toMatchObject({
        type: 'integrity',
        severity: 'SEV2',
        playbook: 'security-breach',
        source: { kind: 'integrity', id: file.digest },
      });
    });

    it('never answers junk with a 5xx on any write route', async () => {
      const routes: ['POST' | 'PUT' | 'PATCH', string][] = [
        ['POST', '/api/v1/models'],
        ['PATCH', '/api/v1/models/credit'],
        ['POST', '/api/v1/models/credit/versions'],
        ['PUT', '/api/v1/models/credit/aliases/champion'],
        ['POST', '/api/v1/datasets'],
        ['POST', '/api/v1/datasets/d/versions'],
        ['POST', '/api/v1/runs'],
        ['PATCH', '/api/v1/runs/0190a000-0000-7000-8000-000000000000'],
        ['POST', '/api/v1/deployments'],
        ['POST', '/api/v1/deployments/rollback'],
      ];
      const junk = [
        'null',
        '[]',
        '"s"',
        '{}',
        '{"name":null}',
        '{"name":"ok","tags":{"k":1}}',
        '{"label":"1.0.0","format":"onnx","files":[{"path":"a","size":-1,"digest":"x"}]}',
        '{"metrics":[{"key":"k","value":"NaN"}]}',
        '{"version":{}}',
        '{"model":"m","version":"1","environment":"Prod!"}',
      ];
      const before = await h.runtime.ledger.size();
      for (const [method, url] of routes) {
        for (const body of junk) {
          const r = await send(method, url, body);
          expect(r.status, `${method} ${url} ${body}`).toBeGreaterThanOrEqual(400);
          expect(r.status, `${method} ${url} ${body}`).toBeLessThan(500);
          expect(typeof r.body.error.code).toBe('string');
        }
      }
      expect(await h.runtime.ledger.size()).toBe(before);
    });
  });
});
