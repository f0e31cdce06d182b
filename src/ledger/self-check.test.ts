import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { NamedActorAuthorizer } from '../auth/index.js';
import { ManualClock } from '../lib/index.js';
import type { OpenDatabase } from '../store/index.js';
import { createDataset } from './__fixtures__/create-dataset.js';
import { Committer } from './commit.js';
import { Ledger } from './ledger.js';
import { LogVerifier, type LogVerificationReport } from './log-verifier.js';
import { ed25519Signer } from './note/index.js';
import { selfCheck } from './self-check.js';

const ORIGIN = 'self-check.test/verity';

describe.each(ENGINES)('the server’s self-check across a key rotation on $name', (engine) => {
  let database: OpenDatabase;
  let committer: Committer;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');
  let oldLedger: Ledger;
  let newLedger: Ledger;

  const append = (name: string) => createDataset(committer, name);

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    database = await engine.open();
    committer = new Committer(database.db, clock, new NamedActorAuthorizer());
    // The server ran with one key, signed a checkpoint, then restarted with a new key.
    oldLedger = new Ledger(database.db, clock, ed25519Signer(ORIGIN, Buffer.alloc(32, 1)));
    newLedger = new Ledger(database.db, clock, ed25519Signer(ORIGIN, Buffer.alloc(32, 2)));
    await oldLedger.registerKey();
    for (const name of ['a', 'b', 'c']) await append(name);
    await oldLedger.checkpoint();
    clock.advance(60_000);
    await newLedger.registerKey();
    for (const name of ['d', 'e']) await append(name);
    await newLedger.checkpoint();
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('checks the checkpoints of the earlier key too', async () => {
      const report = await selfCheck(newLedger, () => Promise.reject(new Error('not expected')));
      expect(report).toMatchObject({ ok: true, size: 5, checkpointsChecked: 2 });
    });

    it('an auditor with only the new key is told the older checkpoint does not verify', async () => {
      const notes = (await newLedger.checkpoints()).map((c) => c.note);
      const entries = await newLedger.reader.range(0, 5);
      const onlyNew = new LogVerifier(newLedger.verifierKey, notes);
      const both = new LogVerifier([newLedger.verifierKey, oldLedger.verifierKey], notes);
      for (const e of entries) {
        onlyNew.add({ index: e.seq, entry: e.entry, leafHash: e.leafHash });
        both.add({ index: e.seq, entry: e.entry, leafHash: e.leafHash });
      }
      expect(onlyNew.finish(5).problems.map((p) => p.code)).toEqual(['CHECKPOINT_INVALID']);
      expect(both.finish(5)).toMatchObject({ ok: true, checkpointsChecked: 2 });
    });

    it('finds an entry rewritten under the earlier key and records the failure', async () => {
      await database.db
        .updateTable('ledger_entries')
        .set({ entry: sql<string>`replace(entry, '"actor":"alice"', '"actor":"mallory"')` })
        .where('seq', '=', 1)
        .execute();
      const failures: LogVerificationReport[] = [];
      const report = await selfCheck(newLedger, (r) => {
        failures.push(r);
        return Promise.resolve();
      });
      expect(report.ok).toBe(false);
      expect(report.firstBadIndex).toBe(1);
      expect(report.problems.map((p) => p.code)).toContain('LEAF_HASH_MISMATCH');
      expect(failures).toHaveLength(1);
    });
  });
});
