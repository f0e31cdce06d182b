import { sql, type Kysely } from 'kysely';

/**
 * The verifiable ledger: stored hashes of complete Merkle subtrees (so roots and proofs cost
 * O(log n) reads), the right edge of the tree in the head row (so an append reads nothing else),
 * signed checkpoints, the keys that signed them, registered signing keys for model signatures,
 * model signatures and promotion attestations.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Right edge of the tree: the complete subtrees of the binary decomposition of `size`,
  // left to right, as [{ level, hash }]. Updated under the same row lock as `size`.
  await db.schema
    .alterTable('ledger_head')
    .addColumn('frontier', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();

  // Hash of the complete aligned subtree covering leaves [idx * 2^level, (idx + 1) * 2^level).
  // These never change once written (RFC 9162 §2.1: the left subtree is always complete).
  await db.schema
    .createTable('ledger_nodes')
    .addColumn('level', 'smallint', (c) => c.notNull())
    .addColumn('idx', 'bigint', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_nodes_pkey', ['level', 'idx'])
    .execute();

  await db.schema
    .createTable('ledger_keys')
    .addColumn('key_id', 'text', (c) => c.primaryKey())
    .addColumn('vkey', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('ledger_checkpoints')
    .addColumn('size', 'bigint', (c) => c.primaryKey())
    .addColumn('root_hash', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('signing_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('public_key_pem', 'text', (c) => c.notNull())
    .addColumn('hint', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoked_by', 'text')
    .addColumn('revocation_reason', 'text')
    .execute();

  await db.schema
    .createTable('model_signatures')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('version_id', 'text', (c) => c.notNull().references('model_versions.id'))
    .addColumn('key_id', 'text', (c) => c.notNull().references('signing_keys.id'))
    .addColumn('subject_digest', 'text', (c) => c.notNull())
    .addColumn('bundle', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('model_signatures_version_idx')
    .on('model_signatures')
    .column('version_id')
    .execute();

  await db.schema
    .createTable('attestations')
    .addColumn('deployment_id', 'text', (c) => c.primaryKey().references('deployments.id'))
    .addColumn('envelope', 'jsonb', (c) => c.notNull())
    .addColumn('statement_digest', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
}

export function down(): Promise<void> {
  return Promise.reject(
    new Error('Verity migrations are forward-only: restore a backup to go back.'),
  );
}
