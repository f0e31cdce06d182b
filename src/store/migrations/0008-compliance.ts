import type { Kysely } from 'kysely';

/**
 * Compliance: the control catalogue and framework versions as Verity believed them when each was
 * published (shipped or imported), each model's scope and EU AI Act classification (kept per
 * revision), the risk register, impact assessments, attestations, organisation settings, the
 * posture snapshots the checks record, the full-log verifications and the reports produced (the
 * audit-cycle KPI).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('compliance_catalogues')
    .addColumn('version', 'text', (c) => c.primaryKey())
    .addColumn('controls', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('compliance_frameworks')
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull()) // shipped | imported
    .addColumn('definition', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('compliance_frameworks_pk', ['id', 'version'])
    .execute();

  await db.schema
    .createTable('model_scopes')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('scope', 'jsonb', (c) => c.notNull())
    .addColumn('eu_answers', 'jsonb')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('model_scopes_pk', ['model_id', 'revision'])
    .execute();

  await db.schema
    .createTable('risks')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('likelihood', 'integer', (c) => c.notNull())
    .addColumn('impact', 'integer', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('mitigations', 'jsonb', (c) => c.notNull())
    .addColumn('residual_likelihood', 'integer')
    .addColumn('residual_impact', 'integer')
    .addColumn('review_due', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accepted_by', 'text')
    .addColumn('accepted_at', 'timestamptz')
    .addColumn('acceptance', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('risks_model_idx').on('risks').columns(['model_id']).execute();

  await db.schema
    .createTable('impact_assessments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('template_version', 'text', (c) => c.notNull())
    .addColumn('answers', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('authored_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'timestamptz')
    .addColumn('decision_reason', 'text')
    .execute();
  await db.schema
    .createIndex('impact_assessments_model_idx')
    .on('impact_assessments')
    .columns(['model_id', 'kind'])
    .execute();

  await db.schema
    .createTable('compliance_attestations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sub_control', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text')
    .addColumn('statement', 'text', (c) => c.notNull())
    .addColumn('reference', 'text')
    .addColumn('attested_by', 'text', (c) => c.notNull())
    .addColumn('attested_at', 'timestamptz', (c) => c.notNull())
    .addColumn('valid_until', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('compliance_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('compliance_snapshots')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text')
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('posture', 'jsonb', (c) => c.notNull())
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('compliance_snapshots_model_idx')
    .on('compliance_snapshots')
    .columns(['model_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ledger_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ok', 'boolean', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('first_bad_index', 'bigint')
    .addColumn('verified_at', 'timestamptz', (c) => c.notNull())
    .addColumn('verified_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('compliance_reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'compliance_reports',
    'ledger_verifications',
    'compliance_snapshots',
    'compliance_settings',
    'compliance_attestations',
    'impact_assessments',
    'risks',
    'model_scopes',
    'compliance_frameworks',
    'compliance_catalogues',
  ])
    await db.schema.dropTable(table).execute();
}
