import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../test/support/engines.js';
import { json } from './json-column.js';
import { assertSchemaCurrent, schemaStatus } from './migrate.js';
import { MIGRATIONS } from './migrations/index.js';
import type { OpenDatabase } from './engines.js';
import { translateDriverError } from './translate-error.js';

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    return (error as { code: string }).code;
  }
  return 'NO_ERROR';
}

describe.each(ENGINES)('store contract on $name', (engine) => {
  let database: OpenDatabase;
  beforeAll(async () => {
    if (engine.skip === undefined) database = await engine.open();
  });
  afterAll(async () => {
    await database?.close();
  });

  describe.skipIf(engine.skip !== undefined)(engine.skip ?? 'engine', () => {
    it('reports every migration applied on a migrated database', async () => {
      const status = await schemaStatus(database.db);
      expect(status).toEqual({ applied: Object.keys(MIGRATIONS).sort(), pending: [], unknown: [] });
      await expect(assertSchemaCurrent(database.db)).resolves.toBeUndefined();
    });

    it('refuses a schema newer than the code with SCHEMA_TOO_NEW', async () => {
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(
        database.db,
      );
      try {
        expect(await codeOf(assertSchemaCurrent(database.db))).toBe('SCHEMA_TOO_NEW');
      } finally {
        await sql`delete from kysely_migration where name = '9999-from-the-future'`.execute(
          database.db,
        );
      }
    });

    it('refuses an out-of-date schema with SCHEMA_OUT_OF_DATE naming verity db migrate', async () => {
      const [first] = Object.keys(MIGRATIONS);
      const saved = await sql<{
        timestamp: string;
      }>`select timestamp from kysely_migration where name = ${first}`.execute(database.db);
      await sql`delete from kysely_migration where name = ${first}`.execute(database.db);
      try {
        const error = await assertSchemaCurrent(database.db).then(
          () => undefined,
          (e: unknown) => e as { code: string; message: string },
        );
        expect(error?.code).toBe('SCHEMA_OUT_OF_DATE');
        expect(error?.message).toContain('verity db migrate');
      } finally {
        await sql`insert into kysely_migration (name, timestamp) values (${first}, ${saved.rows[0]?.timestamp})`.execute(
          database.db,
        );
      }
    });

    it('returns int8 columns as numbers and JSON columns as parsed values', async () => {
      const now = new Date('2026-01-01T00:00:00Z');
      await database.db
        .insertInto('datasets')
        .values({
          id: 'd-int8',
          namespace: 'default',
          name: 'int8',
          owner: 'o',
          tags: json({}),
          created_at: now,
          created_by: 'o',
        })
        .execute();
      await database.db
        .insertInto('dataset_versions')
        .values({
          id: 'dv-int8',
          dataset_id: 'd-int8',
          seq: 1,
          label: 'a',
          digest: 'sha256:x',
          files: json([{ path: 'a', size: 1, digest: 'sha256:y' }]),
          columns: json([]),
          row_count: 9_007_199_254_740,
          source_uri: null,
          tags: json({ k: 'v' }),
          created_at: now,
          created_by: 'o',
        })
        .execute();
      const row = await database.db
        .selectFrom('dataset_versions')
        .selectAll()
        .where('id', '=', 'dv-int8')
        .executeTakeFirstOrThrow();
      expect(row.row_count).toBe(9_007_199_254_740);
      expect(row.files).toEqual([{ path: 'a', size: 1, digest: 'sha256:y' }]);
      expect(row.tags).toEqual({ k: 'v' });
      expect(row.created_at).toEqual(now);
    });

    it('translates a unique violation into ALREADY_EXISTS', async () => {
      const now = new Date();
      const insert = () =>
        database.db
          .insertInto('datasets')
          .values({
            id: `d-${Math.random()}`,
            namespace: 'default',
            name: 'unique-one',
            owner: 'o',
            tags: json({}),
            created_at: now,
            created_by: 'o',
          })
          .execute();
      await insert();
      const error = await insert().then(
        () => undefined,
        (e: unknown) => translateDriverError(e) as { code: string },
      );
      expect(error?.code).toBe('ALREADY_EXISTS');
    });

    it('never lets a statement from outside run inside another caller’s transaction', async () => {
      const now = new Date();
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const failing = database.db
        .transaction()
        .execute(async (tx) => {
          await tx
            .insertInto('datasets')
            .values({
              id: 'tx-a',
              namespace: 'default',
              name: 'tx-a',
              owner: 'o',
              tags: json({}),
              created_at: now,
              created_by: 'o',
            })
            .execute();
          await held;
          throw new Error('roll back');
        })
        .catch(() => 'rolled back');
      const outside = database.db
        .insertInto('datasets')
        .values({
          id: 'tx-b',
          namespace: 'default',
          name: 'tx-b',
          owner: 'o',
          tags: json({}),
          created_at: now,
          created_by: 'o',
        })
        .execute();
      await new Promise((r) => setTimeout(r, 50));
      release();
      expect(await failing).toBe('rolled back');
      await outside;
      const names = await database.db
        .selectFrom('datasets')
        .select('name')
        .where('name', 'in', ['tx-a', 'tx-b'])
        .execute();
      expect(names.map((n) => n.name)).toEqual(['tx-b']);
    });
  });
});
