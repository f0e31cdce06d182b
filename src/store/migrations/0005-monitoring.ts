import type { Kysely } from 'kysely';

/**
 * Monitoring: reference profiles, monitors, per-window profiles of production traffic, the
 * predictions needed to join late labels (features kept only for the configured retention),
 * monitor runs (evidence) and alerts with their firing / resolved state.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reference_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull()) // 'dataset' | 'upload'
    .addColumn('dataset_version_id', 'text')
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('profile', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('monitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('reference_id', 'text', (c) => c.notNull())
    .addColumn('config', 'jsonb', (c) => c.notNull())
    .addColumn('active', 'boolean', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_run_at', 'timestamptz')
    .addUniqueConstraint('monitors_model_name_key', ['model_id', 'name'])
    .execute();

  // One row per (monitor, window): the merged profile of the traffic in that window, counted
  // into the reference's bins, so a run costs the same whatever the traffic was.
  await db.schema
    .createTable('window_profiles')
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('window_end', 'timestamptz', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('profile', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('window_profiles_pkey', ['monitor_id', 'window_start'])
    .execute();

  await db.schema
    .createTable('predictions')
    .addColumn('model_id', 'text', (c) => c.notNull())
    .addColumn('environment', 'text', (c) => c.notNull())
    .addColumn('prediction_id', 'text', (c) => c.notNull())
    .addColumn('ts', 'timestamptz', (c) => c.notNull())
    .addColumn('score', 'double precision')
    .addColumn('prediction', 'jsonb')
    .addColumn('label', 'jsonb')
    .addColumn('labelled_at', 'timestamptz')
    .addColumn('segments', 'jsonb', (c) => c.notNull())
    // Raw features, kept for the monitor's retention (null when not kept or after it).
    .addColumn('features', 'jsonb')
    .addColumn('received_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('predictions_pkey', ['model_id', 'environment', 'prediction_id'])
    .execute();
  await db.schema
    .createIndex('predictions_model_ts_idx')
    .on('predictions')
    .columns(['model_id', 'environment', 'ts'])
    .execute();

  await db.schema
    .createTable('monitor_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('window_start', 'timestamptz', (c) => c.notNull())
    .addColumn('window_end', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'ok' | 'breach' | 'no-data'
    .addColumn('results', 'jsonb', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('monitor_runs_monitor_idx')
    .on('monitor_runs')
    .columns(['monitor_id', 'window_start'])
    .execute();

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('monitor_id', 'text', (c) => c.notNull())
    .addColumn('model_id', 'text', (c) => c.notNull())
    // What the alert is about, e.g. `drift:dataset`, `performance:roc_auc`: one open alert per key.
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // 'firing' | 'resolved'
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('details', 'jsonb', (c) => c.notNull())
    .addColumn('occurrences', 'integer', (c) => c.notNull())
    .addColumn('first_run_id', 'text', (c) => c.notNull())
    .addColumn('last_run_id', 'text', (c) => c.notNull())
    .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('actions', 'jsonb', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('alerts_monitor_idx')
    .on('alerts')
    .columns(['monitor_id', 'key', 'status'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'alerts',
    'monitor_runs',
    'predictions',
    'window_profiles',
    'monitors',
    'reference_profiles',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
