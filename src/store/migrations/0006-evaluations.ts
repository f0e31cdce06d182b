import type { Kysely } from 'kysely';

/**
 * Pre-deployment evaluations: results computed by Verity from a registered model version on a
 * data file (by digest; linked to the dataset version that holds the file when there is one).
 * A comparison (champion / challenger) is an evaluation of the challenger with a baseline.
 * The result is stored whole with its digest; the ledger entry carries the digest.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('evaluations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('baseline_version_id', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data_digest', 'text', (c) => c.notNull())
    .addColumn('data_file', 'text', (c) => c.notNull())
    .addColumn('dataset_version_id', 'text')
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('result', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('evaluations_version_idx')
    .on('evaluations')
    .columns(['version_id', 'name', 'created_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('evaluations').execute();
}
