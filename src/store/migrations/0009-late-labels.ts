import type { Kysely } from 'kysely';

/**
 * Late labels: when outcomes are joined to a window's predictions after the window was run, the
 * window records when (`labels_at`), and the scheduler runs it again so that its performance and
 * error-rate fairness take the outcomes in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('window_profiles').addColumn('labels_at', 'timestamptz').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('window_profiles').dropColumn('labels_at').execute();
}
