import type { Kysely } from 'kysely';

/**
 * Model cards: one row per card revision of a model version. A revision stores what people
 * wrote (`authored`) and the evidence Verity gathered when it was saved (`evidence`), so an old
 * revision reads exactly as it did; `digest` is the SHA-256 of the canonical JSON of the whole
 * card and is what the ledger records (the text itself may hold personal data).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('model_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('authored', 'jsonb', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('authored_digest', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('completeness', 'double precision', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    // The sign-off of this revision by a responsible person who did not write it (Annex IV §2(g)).
    .addColumn('approved_at', 'timestamptz')
    .addColumn('approved_by', 'text')
    .addUniqueConstraint('model_cards_version_revision_key', ['version_id', 'revision'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('model_cards').execute();
}
