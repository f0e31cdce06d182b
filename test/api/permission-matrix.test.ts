import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILTIN_ROLE_NAMES } from '../../src/auth/index.js';
import type { RouteAccessEntry } from '../../src/server/access-hook.js';
import { permissionMatrixMarkdown, roleMayCall } from '../../src/server/permission-matrix.js';
import { ENGINES } from '../support/engines.js';
import { startHarness, type Harness } from '../support/harness.js';

const DOC = new URL('../../docs/permissions.md', import.meta.url);

/** A syntactically valid value for each path parameter, naming nothing that exists. */
const PARAM_VALUES: Record<string, string> = {
  model: 'matrix-absent-model',
  dataset: 'matrix-absent-dataset',
  ref: '1.0.0',
  alias: 'champion',
  digest: `sha256:${'0'.repeat(64)}`,
  id: '01890000-0000-7000-8000-000000000000',
  key: 'matrix-absent-key',
  name: 'matrix-absent',
  deliveryId: '01890000-0000-7000-8000-000000000001',
  '*': 'model.bin',
};

function concreteUrl(route: RouteAccessEntry): string {
  return route.url
    .replace(/:([A-Za-z]+)/g, (_, name: string) => PARAM_VALUES[name] ?? 'x')
    .replace(/\*$/, PARAM_VALUES['*'] ?? 'x');
}

/** Routes whose call as an allowed role would end the caller’s own session or similar. */
const CALLERS = [...BUILTIN_ROLE_NAMES, 'anonymous'] as const;

describe.each(ENGINES)('permission matrix on $name', (engine) => {
  let h: Harness;
  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    h = await startHarness(engine);
    await h.addUsers(BUILTIN_ROLE_NAMES.map((role) => ({ name: `as-${role}`, roles: [{ role }] })));
  });
  afterAll(async () => {
    await h?.close();
  });

  describe.skipIf(engine.skip !== undefined)('every route', () => {
    it('is documented: docs/permissions.md is generated from the code and up to date', () => {
      expect(readFileSync(DOC, 'utf8')).toBe(permissionMatrixMarkdown(h.app.routeAccess));
    });

    it('declares an access rule, and nothing is public except health, sign-in, the session probe, the API description and the dashboard shell', () => {
      const open = h.app.routeAccess
        .filter((r) => r.access === 'public')
        .map((r) => `${r.method} ${r.url}`)
        .sort();
      expect(open).toEqual([
        'GET /',
        'GET /*',
        'GET /api/v1/auth/session',
        'GET /api/v1/openapi.json',
        'GET /healthz',
        'GET /readyz',
        'POST /api/v1/auth/login',
      ]);
    });

    it('answers every role exactly as the matrix says, and anonymous callers with 401', async () => {
      const mismatches: string[] = [];
      let calls = 0;
      for (const route of h.app.routeAccess) {
        if (route.method === 'HEAD') continue;
        for (const caller of CALLERS) {
          const headers: Record<string, string> =
            caller === 'anonymous' ? {} : { authorization: `Bearer ${h.token(`as-${caller}`)}` };
          const response = await h.app.inject({
            method: route.method as 'GET',
            url: concreteUrl(route),
            headers: { ...headers, 'content-type': 'application/json' },
            ...(route.method === 'GET' || route.method === 'DELETE' ? {} : { payload: '{}' }),
          });
          calls++;
          const code = response.statusCode;
          const allowed =
            caller === 'anonymous' ? route.access === 'public' : roleMayCall(caller, route.access);
          const refused = code === 401 || code === 403;
          const expectedRefusal = caller === 'anonymous' ? 401 : 403;
          if (allowed && refused) {
            const body = response.body.slice(0, 160);
            // A self-service route may still refuse for ownership reasons; the matrix only
            // governs the permission check, which never answers 403 for an allowed role.
            if (!(code === 403 && route.access === 'authenticated')) {
              mismatches.push(
                `${caller} ${route.method} ${route.url}: expected allowed, got ${code} ${body}`,
              );
            }
          }
          if (!allowed && code !== expectedRefusal) {
            mismatches.push(
              `${caller} ${route.method} ${route.url}: expected ${expectedRefusal}, got ${code}`,
            );
          }
          if (!allowed && code === 403) {
            const error = response.json<{ error: { code: string } }>().error;
            if (error.code !== 'FORBIDDEN')
              mismatches.push(`${caller} ${route.url}: ${error.code}`);
          }
        }
      }
      expect(mismatches).toEqual([]);
      expect(calls).toBeGreaterThan(CALLERS.length * 80);
    });
  });
});
