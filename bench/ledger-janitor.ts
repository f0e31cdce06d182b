/**
 * Removes what `npm run bench:ledger` created if the benchmark dies before it can (bench/ledger.ts
 * forks this process, detached, and tells it over IPC what it creates and removes). The benchmark
 * has long synchronous stretches (PGlite runs queries on its thread; the in-memory verification
 * is one loop), and tsx kills a child whose event loop is busy when Ctrl-C comes rather than
 * waiting for its handler, so the benchmark's own cleanup cannot be relied on alone. When the IPC
 * channel closes (the benchmark ended, however), whatever is still owed is removed here.
 */
import { rmSync } from 'node:fs';
import pg from 'pg';

export type JanitorResource =
  { kind: 'dir'; path: string } | { kind: 'database'; serverUrl: string; name: string };

export type JanitorMessage = { add: JanitorResource } | { remove: JanitorResource };

export const resourceKey = (r: JanitorResource) =>
  r.kind === 'dir' ? `dir:${r.path}` : `database:${r.name}`;

const owed = new Map<string, JanitorResource>();

async function remove(resource: JanitorResource): Promise<void> {
  if (resource.kind === 'dir') {
    rmSync(resource.path, { recursive: true, force: true });
    return;
  }
  const client = new pg.Client({
    connectionString: resource.serverUrl,
    connectionTimeoutMillis: 10_000,
  });
  await client.connect();
  try {
    await client.query(`drop database if exists ${resource.name} with (force)`);
  } finally {
    await client.end();
  }
}

async function cleanUp(): Promise<void> {
  for (const resource of owed.values()) {
    try {
      await remove(resource);
      console.error(
        `bench:ledger janitor: removed ${resource.kind === 'dir' ? resource.path : `database ${resource.name}`}`,
      );
    } catch (error) {
      console.error(`bench:ledger janitor: could not remove ${resourceKey(resource)}:`, error);
    }
  }
  owed.clear();
}

// Only when run as the janitor process (bench/ledger-support.ts imports the types above).
if (process.send !== undefined && process.argv.includes('--bench-ledger-janitor')) {
  // Ctrl-C is for the benchmark; this process outlives it to clean up.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => undefined);
  process.on('message', (message: JanitorMessage) => {
    if ('add' in message) owed.set(resourceKey(message.add), message.add);
    else owed.delete(resourceKey(message.remove));
  });
  process.on('disconnect', () => {
    void cleanUp().finally(() => process.exit(0));
  });
}
