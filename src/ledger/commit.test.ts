import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { NamedActorAuthorizer } from '../auth/index.js';
import { canonicalJson, jsonDigest, ManualClock } from '../lib/index.js';
import { json, type OpenDatabase } from '../store/index.js';
import { createDataset } from './__fixtures__/create-dataset.js';
import { Committer } from './commit.js';
import { LedgerReader } from './ledger-reader.js';
import { hashLeaf } from './merkle/index.js';

describe.each(ENGINES)('the one mutation path on $name', (engine) => {
  let database: OpenDatabase;
  let committer: Committer;
  let ledger: LedgerReader;
  const clock = new ManualClock('2026-06-01T12:00:00.000Z');

  beforeAll(async () => {
    if (engine.skip !== undefined) return;
    database = await engine.open();
    committer = new Committer(database.db, clock, new NamedActorAuthorizer());
    ledger = new LedgerReader(database.db);
  });
  afterAll(async () => {
    await database?.close();
  });

  const insertDataset = (name: string) => createDataset(committer, name);

  const count = async (name: string) =>
    (await database.db.selectFrom('datasets').select('id').where('name', '=', name).execute())
      .length;

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('writes the change and its ledger entry together, as canonical JSON with a payload digest', async () => {
      const before = await ledger.size();
      await insertDataset('committed');
      expect(await count('committed')).toBe(1);
      const [entry] = await ledger.range(before, 10);
      const event = {
        v: 1,
        index: before,
        type: 'dataset-created',
        actor: 'alice',
        time: '2026-06-01T12:00:00.000Z',
        subject: { kind: 'dataset', id: 'committed' },
        payloadDigest: jsonDigest({ name: 'committed' }),
      };
      expect(entry?.seq).toBe(before);
      expect(entry?.event).toEqual(event);
      expect(entry?.leafHash).toBe(
        Buffer.from(hashLeaf(Buffer.from(canonicalJson(event)))).toString('hex'),
      );
      expect(entry?.payload).toEqual({ name: 'committed' });
    });

    describe('when the mutation fails after writing', () => {
      it('keeps neither the change nor an entry', async () => {
        const before = await ledger.size();
        const failed = committer.commit({ name: 'alice' }, 'dataset.create', async (tx, now) => {
          await tx
            .insertInto('datasets')
            .values({
              id: 'half',
              namespace: 'default',
              name: 'half',
              owner: 'a',
              tags: json({}),
              created_at: now,
              created_by: 'a',
            })
            .execute();
          throw new Error('fails after the insert');
        });
        await expect(failed).rejects.toThrow('fails after the insert');
        expect(await count('half')).toBe(0);
        expect(await ledger.size()).toBe(before);
      });
    });

    describe('when the event cannot be appended', () => {
      it('rolls back the change', async () => {
        const before = await ledger.size();
        const failed = committer.commit({ name: 'alice' }, 'dataset.create', async (tx, now) => {
          await tx
            .insertInto('datasets')
            .values({
              id: 'bad-event',
              namespace: 'default',
              name: 'bad-event',
              owner: 'a',
              tags: json({}),
              created_at: now,
              created_by: 'a',
            })
            .execute();
          return {
            result: 1,
            events: [
              { type: 'Not Kebab', subject: { kind: 'dataset', id: 'bad-event' }, payload: {} },
            ],
          };
        });
        await expect(failed).rejects.toMatchObject({ code: 'VALIDATION_ERROR' });
        expect(await count('bad-event')).toBe(0);
        expect(await ledger.size()).toBe(before);
      });
    });

    describe('when the actor is not named', () => {
      it('refuses with UNAUTHENTICATED before touching the database', async () => {
        const before = await ledger.size();
        await expect(
          committer.commit({ name: '' }, 'x', () => Promise.reject(new Error('must not run'))),
        ).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
        expect(await ledger.size()).toBe(before);
      });
    });

    describe('when one change of a concurrent group fails', () => {
      it('fails that change alone and commits the others in one gap-free order', async () => {
        const before = await ledger.size();
        const outcomes = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            // The sixth insert repeats the name of the first: a unique violation mid-group.
            insertDataset(i === 5 ? 'group-0' : `group-${i}`),
          ),
        );
        expect(outcomes.map((o) => o.status)).toEqual(
          Array.from({ length: 12 }, (_, i) => (i === 5 ? 'rejected' : 'fulfilled')),
        );
        const failure = outcomes[5] as PromiseRejectedResult;
        expect((failure.reason as { code: string }).code).toBe('ALREADY_EXISTS');
        const entries = await ledger.range(before, 100);
        expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 11 }, (_, i) => before + i));
        expect(entries.map((e) => e.event?.subject.id).sort()).toEqual(
          Array.from({ length: 12 }, (_, i) => `group-${i}`)
            .filter((n) => n !== 'group-5')
            .sort(),
        );
      });
    });

    it('gives concurrent commits one gap-free order', async () => {
      const before = await ledger.size();
      await Promise.all(Array.from({ length: 25 }, (_, i) => insertDataset(`concurrent-${i}`)));
      const entries = await ledger.range(before, 100);
      expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => before + i));
      expect(new Set(entries.map((e) => e.event?.subject.id)).size).toBe(25);
      expect(await ledger.size()).toBe(before + 25);
    });
  });
});
