import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../support/engines.js';
import { startHarness, type Harness } from '../support/harness.js';

const INDEX =
  '<!doctype html><html><head><script type="module" src="/assets/app-1a2b.js"></script></head><body><div id="root"></div></body></html>';

/** Serving the dashboard build at `/`: files, the app's own paths, and what stays the API's. */
describe('dashboard serving', () => {
  const engine = ENGINES[0]!;
  let h: Harness;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'verity-dashboard-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), INDEX);
    writeFileSync(join(dir, 'assets', 'app-1a2b.js'), 'console.log("verity")');
    writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(join(tmpdir(), 'verity-outside.js'), 'secret');
    h = await startHarness(engine, { dashboardDir: dir });
  });
  afterAll(async () => {
    await h?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, headers: Record<string, string> = {}) =>
    h.app.inject({ method: 'GET', url, headers });

  it('answers the page shell at / without credentials, with its security headers', async () => {
    const r = await get('/');
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.body).toBe(INDEX);
    expect(r.headers['cache-control']).toBe('no-cache');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-frame-options']).toBe('DENY');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });

  it("answers the shell for the app's own paths, so a deep link or reload works", async () => {
    for (const path of ['/models/credit-risk/versions/1.1.0', '/approvals', '/ledger?entry=4']) {
      const r = await get(path);
      expect([path, r.statusCode, r.body]).toEqual([path, 200, INDEX]);
    }
  });

  it('serves hashed assets for a year and other files without caching', async () => {
    const asset = await get('/assets/app-1a2b.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toBe('console.log("verity")');
    const icon = await get('/favicon.svg');
    expect([icon.statusCode, icon.headers['content-type'], icon.headers['cache-control']]).toEqual([
      200,
      'image/svg+xml',
      'no-cache',
    ]);
  });

  it('answers a missing file or a path outside the build with ROUTE_NOT_FOUND, never a file', async () => {
    for (const path of [
      '/assets/missing.js',
      '/assets/..%2F..%2Fverity-outside.js',
      '/..%2F..%2F..%2Fetc%2Fpasswd.txt',
    ]) {
      const r = await get(path);
      expect([path, r.statusCode, r.json<{ error: { code: string } }>().error.code]).toEqual([
        path,
        404,
        'ROUTE_NOT_FOUND',
      ]);
    }
  });

  it('keeps unknown API paths JSON 404s and the API itself behind credentials', async () => {
    const unknown = await get('/api/v1/no-such-route');
    expect([unknown.statusCode, unknown.json<{ error: { code: string } }>().error.code]).toEqual([
      404,
      'ROUTE_NOT_FOUND',
    ]);
    const models = await get('/api/v1/models');
    expect(models.statusCode).toBe(401);
    const post = await h.app.inject({ method: 'POST', url: '/approvals' });
    expect(post.statusCode).toBe(404);
  });

  it('tells the dashboard whether the caller is signed in, with 200 either way', async () => {
    const anonymous = await get('/api/v1/auth/session');
    expect([anonymous.statusCode, anonymous.json()]).toEqual([200, { signedIn: false, me: null }]);
    const badToken = await get('/api/v1/auth/session', { authorization: 'Bearer vrt_nonsense' });
    expect(badToken.json()).toEqual({ signedIn: false, me: null });
    const signed = await get('/api/v1/auth/session', { authorization: `Bearer ${h.token()}` });
    const body = signed.json<{
      signedIn: boolean;
      me: { name: string; permissions: Record<string, string[]> };
    }>();
    expect(body.signedIn).toBe(true);
    expect(body.me.name).toBe('alice');
    expect(body.me.permissions['registry:write']).toEqual(['*']);
  });

  it('says how to build the dashboard when the build is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'verity-no-dashboard-'));
    const other = await startHarness(engine, { dashboardDir: empty });
    try {
      const r = await other.app.inject({ method: 'GET', url: '/' });
      expect(r.statusCode).toBe(503);
      expect(r.body).toContain('npm run build:web');
    } finally {
      await other.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
