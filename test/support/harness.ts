import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { OidcVerifier } from '../../src/auth/identity/index.js';
import { VerityClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { buildApp } from '../../src/server/app.js';
import { assembleRuntime, type Runtime } from '../../src/server/runtime.js';
import { seedOpenEnvironments, seedUsers, TEST_USERS } from './identities.js';
import { testServerKeys } from './keys.js';
import type { TestEngine } from './engines.js';

export interface Harness {
  runtime: Runtime;
  clock: ManualClock;
  app: FastifyInstance;
  /** A client over real HTTP acting as a seeded user (a global admin unless bound otherwise). */
  client(actor?: string): VerityClient;
  /** The API token of a seeded user. */
  token(user?: string): string;
  /** Seeds more users with the given roles; their tokens become available through `token`. */
  addUsers(
    users: readonly { name: string; roles: readonly { role: string; namespace?: string }[] }[],
  ): Promise<void>;
  baseUrl: string;
  blobDir: string;
  close(): Promise<void>;
}

/** A complete Verity (fresh database, blob directory, app on a loopback port) for one test file. */
export async function startHarness(
  engine: TestEngine,
  options: {
    maxUploadBytes?: number;
    maxJsonBytes?: number;
    /** Seed gate-free environments (default true) so registry tests can deploy directly. */
    openEnvironments?: boolean;
    /** Seed the admin test users (default true); off for first-start and demo tests. */
    testUsers?: boolean;
    /** Accept OIDC bearer tokens verified by this verifier. */
    oidc?: OidcVerifier;
    /** Serve this dashboard build at `/` (default: the package's web/dist). */
    dashboardDir?: string;
  } = {},
): Promise<Harness> {
  const database = await engine.open();
  const blobDir = mkdtempSync(join(tmpdir(), 'verity-blobs-'));
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const runtime = await assembleRuntime(database, {
    blobRoot: blobDir,
    clock,
    keys: testServerKeys(),
    ...(options.oidc === undefined ? {} : { oidc: options.oidc }),
  });
  const app = await buildApp({
    runtime,
    maxUploadBytes: options.maxUploadBytes ?? 64 * 1024 * 1024,
    maxJsonBytes: options.maxJsonBytes ?? 1024 * 1024,
    ...(options.dashboardDir === undefined ? {} : { dashboardDir: options.dashboardDir }),
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const tokens =
    options.testUsers === false
      ? new Map<string, string>()
      : await seedUsers(
          runtime,
          TEST_USERS.map((name) => ({ name, roles: [{ role: 'admin' }] })),
        );
  if (options.openEnvironments !== false) await seedOpenEnvironments(runtime);
  const token = (user = 'alice'): string => {
    const secret = tokens.get(user);
    if (secret === undefined) throw new Error(`no seeded test user '${user}'`);
    return secret;
  };
  return {
    runtime,
    clock,
    app,
    baseUrl: address,
    blobDir,
    client: (actor = 'alice') => new VerityClient({ baseUrl: address, token: token(actor) }),
    token,
    addUsers: async (users) => {
      for (const [name, secret] of await seedUsers(runtime, users)) tokens.set(name, secret);
    },
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}
