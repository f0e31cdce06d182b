import type { Kysely } from 'kysely';

/**
 * Incident response: incidents with their timeline, playbook steps, regulatory clocks,
 * notifications (escalations), post-incident reviews with tracked actions, and the escalation
 * policy per severity. A drill is an incident flagged `drill`, whose actions are simulated.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('incidents')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('source', 'jsonb', (c) => c.notNull())
    .addColumn('affected', 'jsonb', (c) => c.notNull())
    .addColumn('owner', 'text')
    .addColumn('playbook', 'text')
    .addColumn('drill', 'boolean', (c) => c.notNull())
    .addColumn('onset_at', 'timestamptz')
    .addColumn('detected_at', 'timestamptz')
    .addColumn('aware_at', 'timestamptz', (c) => c.notNull())
    .addColumn('opened_at', 'timestamptz', (c) => c.notNull())
    .addColumn('opened_by', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'timestamptz')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('incidents_status_idx').on('incidents').columns(['status']).execute();

  await db.schema
    .createTable('incident_timeline')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('incident_timeline_idx')
    .on('incident_timeline')
    .columns(['incident_id', 'at'])
    .execute();

  await db.schema
    .createTable('incident_steps')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('step_id', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('action', 'jsonb')
    .addColumn('status', 'text', (c) => c.notNull()) // pending | done | failed | skipped
    .addColumn('result', 'text')
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'text')
    .addPrimaryKeyConstraint('incident_steps_pkey', ['incident_id', 'step_id'])
    .execute();

  await db.schema
    .createTable('incident_clocks')
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('warned_at', 'timestamptz')
    .addColumn('expired_at', 'timestamptz')
    .addColumn('submitted_at', 'timestamptz')
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('incident_clocks_pkey', ['incident_id', 'rule_id'])
    .execute();

  await db.schema
    .createTable('incident_notifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('level', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('recipients', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending | sent | failed | skipped
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('sent_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('incident_reviews')
    .addColumn('incident_id', 'text', (c) => c.primaryKey())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('root_cause', 'text', (c) => c.notNull())
    .addColumn('contributing_factors', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'timestamptz')
    .addColumn('completed_by', 'text')
    .execute();

  await db.schema
    .createTable('incident_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('incident_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('due_at', 'timestamptz', (c) => c.notNull())
    .addColumn('done_at', 'timestamptz')
    .addColumn('done_by', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .execute();

  // Organisation playbooks (YAML), versioned like policy packs; shipped ones live in the code.
  await db.schema
    .createTable('playbooks')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('published_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('playbooks_pkey', ['name', 'version'])
    .execute();

  await db.schema
    .createTable('escalation_policies')
    .addColumn('severity', 'text', (c) => c.primaryKey())
    .addColumn('levels', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'playbooks',
    'escalation_policies',
    'incident_actions',
    'incident_reviews',
    'incident_notifications',
    'incident_clocks',
    'incident_steps',
    'incident_timeline',
    'incidents',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
