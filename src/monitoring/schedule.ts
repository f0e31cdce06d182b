import { SYSTEM_ACTOR } from '../auth/index.js';
import { modelRefOf, type RegistryContext } from '../registry/index.js';
import { runMonitor, type MonitorRun } from './run-monitor.js';
import { monitorConfigSchema } from './schemas.js';

/**
 * Runs every active monitor on each of its windows that has closed, has traffic and has not been
 * run yet, oldest first. What a server instance calls on a timer; safe to call from several
 * instances (a window run twice is two runs of the same data, and alerts de-duplicate).
 */
export async function runDueMonitors(ctx: RegistryContext): Promise<MonitorRun[]> {
  const now = ctx.clock.now();
  const due = await ctx.db
    .selectFrom('window_profiles as w')
    .innerJoin('monitors as m', 'm.id', 'w.monitor_id')
    .innerJoin('models as md', 'md.id', 'm.model_id')
    .select(['m.name', 'md.namespace', 'md.name as model_name', 'w.window_start'])
    .where('m.active', '=', true)
    .where('w.window_end', '<=', now)
    // Never run, or outcomes joined to its predictions since its last run (late labels): no run
    // at or after `labels_at` (any run, when no outcome was ever joined).
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('monitor_runs as r')
            .select('r.id')
            .whereRef('r.monitor_id', '=', 'w.monitor_id')
            .whereRef('r.window_start', '=', 'w.window_start')
            .where((run) =>
              run.or([
                run('w.labels_at', 'is', null),
                run('r.created_at', '>=', run.ref('w.labels_at')),
              ]),
            ),
        ),
      ),
    )
    // Within a window, by model and monitor name: the order (and so the ledger) is the same on
    // every engine and every run.
    .orderBy('w.window_start')
    .orderBy('md.namespace')
    .orderBy('md.name')
    .orderBy('m.name')
    .limit(100)
    .execute();
  const runs: MonitorRun[] = [];
  for (const row of due) {
    runs.push(
      await runMonitor(
        ctx,
        SYSTEM_ACTOR,
        modelRefOf({ namespace: row.namespace, name: row.model_name }),
        row.name,
        {
          at: row.window_start.toISOString(),
          scheduled: true,
        },
      ),
    );
  }
  return runs;
}

/**
 * Drops the raw features of predictions older than the longest retention of their model's monitors
 * in that environment (ids, scores and labels stay: late labels and performance need them). One
 * ledger entry per model and environment purged, with the count and the cut-off.
 */
export async function purgeExpiredFeatures(ctx: RegistryContext): Promise<number> {
  const now = ctx.clock.now();
  const monitors = await ctx.db
    .selectFrom('monitors')
    .select(['model_id', 'environment', 'config'])
    .execute();
  const retention = new Map<string, { modelId: string; environment: string; days: number }>();
  for (const m of monitors) {
    const days = monitorConfigSchema.parse(m.config).retentionDays;
    const key = `${m.model_id} ${m.environment}`;
    const current = retention.get(key);
    if (current === undefined || days > current.days)
      retention.set(key, { modelId: m.model_id, environment: m.environment, days });
  }
  let purged = 0;
  for (const { modelId, environment, days } of retention.values()) {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const stale = await ctx.db
      .selectFrom('predictions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('model_id', '=', modelId)
      .where('environment', '=', environment)
      .where('features', 'is not', null)
      .where('ts', '<', cutoff)
      .executeTakeFirst();
    if (Number(stale?.n ?? 0) === 0) continue;
    purged += await ctx.committer.commit(SYSTEM_ACTOR, 'predictions.purge', async (tx) => {
      const result = await tx
        .updateTable('predictions')
        .set({ features: null })
        .where('model_id', '=', modelId)
        .where('environment', '=', environment)
        .where('features', 'is not', null)
        .where('ts', '<', cutoff)
        .executeTakeFirst();
      const count = Number(result.numUpdatedRows);
      return {
        result: count,
        events: [
          {
            type: 'prediction-features-purged',
            subject: { kind: 'model', id: modelId },
            payload: {
              environment,
              before: cutoff.toISOString(),
              retentionDays: days,
              predictions: count,
            },
          },
        ],
      };
    });
  }
  return purged;
}
