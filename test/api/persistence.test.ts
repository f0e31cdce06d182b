import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Digest } from '../../src/lib/index.js';
import { createModel, getVersion, registerVersion } from '../../src/registry/index.js';
import { loadServerKeys } from '../../src/server/server-keys.js';
import { blobRootFor, databaseConfigFor, openRuntime } from '../../src/server/runtime.js';
import { seedUsers } from '../support/identities.js';

describe('embedded storage in VERITY_HOME', () => {
  let home: string;
  beforeAll(() => {
    home = mkdtempSync(join(tmpdir(), 'verity-home-'));
  });
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  const open = () =>
    openRuntime({
      database: databaseConfigFor(home, undefined),
      blobRoot: blobRootFor(home),
      keys: loadServerKeys({ home, ledgerOrigin: 'test.verity.local/log' }),
    });

  it('keeps models, versions and artifacts across a restart, and refuses a second opener', async () => {
    const content = Buffer.from('weights that must survive');
    const digest = sha256Digest(content);
    const first = await open();
    try {
      await expect(open()).rejects.toMatchObject({
        code: 'HOME_LOCKED',
        details: { pid: process.pid },
      });
      await seedUsers(first, [{ name: 'ops', roles: [{ role: 'contributor' }] }]);
      await createModel(first.registry, { name: 'ops' }, { name: 'durable' });
      await first.blobs.put(Readable.from([content]), {
        digest,
        size: content.length,
        maxBytes: 1024,
      });
      await registerVersion(first.registry, { name: 'ops' }, 'durable', {
        label: '1.0.0',
        format: 'other',
        files: [{ path: 'w.bin', size: content.length, digest }],
      });
    } finally {
      await first.close();
    }

    const second = await open();
    try {
      const version = await getVersion(second.registry, 'durable', '1.0.0');
      expect(version.files).toEqual([{ path: 'w.bin', size: content.length, digest }]);
      expect(await second.blobs.verify(digest)).toEqual({ size: content.length });
      expect(await second.ledger.size()).toBe(2);
    } finally {
      await second.close();
    }
    // Two cold opens of an embedded home (initdb, then recovery) take ~15 s each on a busy machine.
  }, 120_000);
});
