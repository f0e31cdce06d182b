import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { NamedActorAuthorizer } from '../auth/index.js';
import { ManualClock } from '../lib/index.js';
import type { OpenDatabase } from '../store/index.js';
import { createDataset } from './__fixtures__/create-dataset.js';
import { Committer } from './commit.js';
import { DbSubtreeHashes } from './db-subtree-hashes.js';
import { Ledger } from './ledger.js';
import { ed25519Signer } from './note/index.js';

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

    it('fills its copy in order from subtree 0 and never across a gap in the stored hashes', async () => {
      const source = new DbSubtreeHashes(database.db);
      await source.fill();
      expect(source.knownSize).toBe(512);
      // Held: (0,0), (0,1) and (7,0); level 6 starts with a gap, so nothing of it is.
      await database.db.deleteFrom('ledger_nodes').execute();
      expect(Buffer.from(await source.subtreeHash(0, 1n)).toString('hex')).toBe(hex(2));
      expect(Buffer.from(await source.subtreeHash(7, 0n)).toString('hex')).toBe(hex(4));
      await expect(source.subtreeHash(6, 3n)).rejects.toMatchObject({ code: 'INTEGRITY_ERROR' });
    });
  });
});

const ORIGIN = 'db-subtree-hashes.test/verity';

describe.each(ENGINES)('proofs served from the in-memory copy of the tree on $name', (engine) => {
  let database: OpenDatabase;
  let committer: Committer;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  const signer = ed25519Signer(ORIGIN, Buffer.alloc(32, 3));
  /** Proofs as a ledger without a copy reads them, every hash from the database. */
  let expected: Map<string, unknown>;
  const SIZE = 100;
  const cases = [
    ['inclusion', 0, SIZE],
    ['inclusion', 37, SIZE],
    ['inclusion', 99, SIZE],
    ['inclusion', 12, 13],
    ['consistency', 1, SIZE],
    ['consistency', 64, SIZE],
    ['consistency', 37, 90],
    ['consistency', 64, 96],
  ] as const;
  const prove = (ledger: Ledger, [kind, a, b]: (typeof cases)[number]) =>
    kind === 'inclusion' ? ledger.inclusionProof(a, b) : ledger.consistencyProof(a, b);

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    database = await engine.open();
    committer = new Committer(database.db, clock, new NamedActorAuthorizer());
    for (let i = 0; i < SIZE; i++) await createDataset(committer, `d${i}`);
    const uncached = new Ledger(database.db, clock, signer, { proofCache: { cacheBytes: 0 } });
    expected = new Map();
    for (const c of cases) expected.set(c.join(':'), await prove(uncached, c));
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('gives the same proofs, and then needs no database for them', async () => {
      const ledger = new Ledger(database.db, clock, signer);
      expect(await ledger.warmProofs()).toEqual({ size: SIZE, bytes: 32 * 197, floorLevel: 0 });
      for (const c of cases) expect(await prove(ledger, c)).toEqual(expected.get(c.join(':')));
      // Stored hashes never change; with them gone, only what is in memory can answer.
      const saved = await database.db.selectFrom('ledger_nodes').selectAll().execute();
      await database.db.deleteFrom('ledger_nodes').execute();
      try {
        for (const c of cases) expect(await prove(ledger, c)).toEqual(expected.get(c.join(':')));
        // A size beyond what it has read is still checked against the log.
        await expect(ledger.inclusionProof(0, SIZE + 1)).rejects.toMatchObject({
          code: 'VALIDATION_ERROR',
        });
        // With a smaller budget only the upper levels are kept; the rest needs the database.
        const small = new Ledger(database.db, clock, signer, {
          proofCache: { cacheBytes: 32 * 30 },
        });
        await database.db.insertInto('ledger_nodes').values(saved).execute();
        // 97 hashes from level 1 up, 47 from level 2, 22 from level 3.
        expect(await small.warmProofs()).toEqual({ size: SIZE, bytes: 32 * 22, floorLevel: 3 });
        await database.db.deleteFrom('ledger_nodes').where('level', '<', 3).execute();
        await expect(small.inclusionProof(37, SIZE)).rejects.toMatchObject({
          code: 'INTEGRITY_ERROR',
        });
        // From 64 to 96: subtrees of 64 and 32 leaves only.
        expect(await small.consistencyProof(64, 96)).toEqual(
          expected.get(['consistency', 64, 96].join(':')),
        );
      } finally {
        await database.db.deleteFrom('ledger_nodes').execute();
        await database.db.insertInto('ledger_nodes').values(saved).execute();
      }
    });

    it('reads the levels below its copy in the proof statement alone, without refilling', async () => {
      let statements = 0;
      const counted = database.db.withPlugin({
        transformQuery: (args) => {
          statements++;
          return args.node;
        },
        transformResult: (args) => Promise.resolve(args.result),
      });
      const small = new Ledger(counted, clock, signer, { proofCache: { cacheBytes: 32 * 30 } });
      await small.warmProofs();
      statements = 0;
      expect(await small.inclusionProof(37, SIZE)).toEqual(
        expected.get(['inclusion', 37, SIZE].join(':')),
      );
      // A fill would start in the background: give it time to show.
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(statements).toBe(1);
    });

    it('reads what the log gained since, and takes it into its copy', async () => {
      const ledger = new Ledger(database.db, clock, signer);
      await ledger.warmProofs();
      for (let i = 0; i < 28; i++) await createDataset(committer, `later${i}`);
      const fresh = new Ledger(database.db, clock, signer, { proofCache: { cacheBytes: 0 } });
      // Beyond the copy: read from the database, and the copy is brought up to date.
      expect(await ledger.inclusionProof(120, 128)).toEqual(await fresh.inclusionProof(120, 128));
      expect(await ledger.warmProofs()).toEqual({ size: 128, bytes: 32 * 255, floorLevel: 0 });
      expect(await ledger.consistencyProof(100, 128)).toEqual(
        await fresh.consistencyProof(100, 128),
      );
    });
  });
});
