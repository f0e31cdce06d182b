import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import type { OpenDatabase } from '../store/index.js';
import { DbSubtreeHashes } from './db-subtree-hashes.js';

const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

describe.each(ENGINES)('DbSubtreeHashes on $name', (engine) => {
  let database: OpenDatabase;

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    database = await engine.open();
    // Not a real tree: the source serves whatever hashes are stored, which is what is tested.
    await database.db
      .insertInto('ledger_nodes')
      .values([
        { level: 0, idx: 0, hash: hex(1) },
        { level: 0, idx: 1, hash: hex(2) },
        { level: 6, idx: 3, hash: hex(3) },
        { level: 7, idx: 0, hash: hex(4) },
      ])
      .execute();
    await database.db.updateTable('ledger_head').set({ size: 512 }).where('id', '=', 1).execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('answers the hashes and the size asked for in one tick', async () => {
      const source = new DbSubtreeHashes(database.db);
      const [a, b, size] = await Promise.all([
        source.subtreeHash(0, 1n),
        source.subtreeHash(7, 0n),
        source.currentSize(),
      ]);
      expect(Buffer.from(a).toString('hex')).toBe(hex(2));
      expect(Buffer.from(b).toString('hex')).toBe(hex(4));
      expect(size).toBe(512);
    });

    it('rejects a subtree the log does not hold with INTEGRITY_ERROR, and never remembers it', async () => {
      const source = new DbSubtreeHashes(database.db);
      const [missing, present] = await Promise.allSettled([
        source.subtreeHash(6, 9n),
        source.subtreeHash(0, 0n),
      ]);
      expect(missing).toMatchObject({ status: 'rejected', reason: { code: 'INTEGRITY_ERROR' } });
      expect(present.status).toBe('fulfilled');
      await expect(source.subtreeHash(6, 9n)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
    });

    it('keeps large subtrees in memory after the first read, and reads leaves every time', async () => {
      const source = new DbSubtreeHashes(database.db);
      await Promise.all([source.subtreeHash(6, 3n), source.subtreeHash(0, 0n)]);
      // Stored hashes never change; removing the rows shows which reads still reach the database.
      await database.db.deleteFrom('ledger_nodes').where('level', 'in', [0, 6]).execute();
      expect(Buffer.from(await source.subtreeHash(6, 3n)).toString('hex')).toBe(hex(3));
      await expect(source.subtreeHash(0, 0n)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
    });
  });
});
