import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { VerityClient } from '../../src/client/index.js';
import { ManualClock } from '../../src/lib/index.js';
import { buildApp } from '../../src/server/app.js';
import { assembleRuntime, type Runtime } from '../../src/server/runtime.js';
import { testServerKeys } from './keys.js';
import type { TestEngine } from './engines.js';

export interface Harness {
  runtime: Runtime;
  clock: ManualClock;
  app: FastifyInstance;
  /** A client over real HTTP to the app listening on 127.0.0.1. */
  client(actor?: string): VerityClient;
  baseUrl: string;
  blobDir: string;
  close(): Promise<void>;
}

/** A complete Verity (fresh database, blob directory, app on a loopback port) for one test file. */
export async function startHarness(
  engine: TestEngine,
  options: { maxUploadBytes?: number; maxJsonBytes?: number } = {},
): Promise<Harness> {
  const database = await engine.open();
  const blobDir = mkdtempSync(join(tmpdir(), 'verity-blobs-'));
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const runtime = await assembleRuntime(database, {
    blobRoot: blobDir,
    clock,
    keys: testServerKeys(),
  });
  const app = await buildApp({
    runtime,
    maxUploadBytes: options.maxUploadBytes ?? 64 * 1024 * 1024,
    maxJsonBytes: options.maxJsonBytes ?? 1024 * 1024,
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    runtime,
    clock,
    app,
    baseUrl: address,
    blobDir,
    client: (actor = 'alice') => new VerityClient({ baseUrl: address, actor }),
    close: async () => {
      await app.close();
      await runtime.close();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}
