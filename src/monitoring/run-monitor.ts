import { sql, type Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import { jsonDigest, NotFoundError, VerityError } from '../lib/index.js';
import {
  findModel,
  modelNamespace,
  modelRefOf,
  newId,
  rollbackWithin,
  type RegistryContext,
} from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import { alertTransitions, judgedBy, type Breach } from './alert-state.js';
import {
  evaluateWindow,
  type WindowPrediction,
  type WindowPredictions,
  type WindowResults,
} from './evaluate-window.js';
import type { DatasetProfile } from './profile/index.js';
import { activeMonitor, monitoredColumns, windowOf, type LoadedMonitor } from './windows.js';
import { hasDecision, isLabelled } from './window-metrics.js';

export interface MonitorRun {
  id: string;
  monitor: string;
  model: string;
  environment: string;
  window: { start: string; end: string };
  status: WindowResults['status'];
  digest: string;
  results: WindowResults;
  alerts: { fired: string[]; repeated: string[]; resolved: string[] };
  actions: { alert: string; kind: string; ok: boolean; detail: string }[];
  createdAt: string;
  createdBy: string;
}

/** JSON has no NaN or ±∞: a run's results are stored and digested with them as null. */
function jsonSafe<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value, (_k, v: unknown) =>
      typeof v === 'number' && !Number.isFinite(v) ? null : v,
    ),
  ) as T;
}

/**
 * What a run needs of the window's stored predictions. The rows (those with a decision or an
 * outcome; features are not read, drift works from the profiles) are read only when a
 * performance or fairness rule needs them; a drift-only monitor gets its two counts from one
 * aggregate instead of reading every row of the window.
 */
async function predictionsIn(
  tx: Transaction<Database>,
  monitor: LoadedMonitor,
  window: { start: Date; end: Date },
): Promise<WindowPredictions> {
  const inWindow = tx
    .selectFrom('predictions')
    .where('model_id', '=', monitor.modelId)
    .where('environment', '=', monitor.environment)
    .where('ts', '>=', window.start)
    .where('ts', '<', window.end);
  if (monitor.config.performance.length === 0 && monitor.config.fairness.length === 0) {
    const counts = await inWindow
      .select([
        sql<string>`count(*) filter (where label is not null)`.as('labelled'),
        sql<string>`count(*) filter (where score is not null or prediction is not null)`.as(
          'decisions',
        ),
      ])
      .executeTakeFirstOrThrow();
    return { rows: [], labelled: Number(counts.labelled), decisions: Number(counts.decisions) };
  }
  const rows: WindowPrediction[] = await inWindow
    .select(['score', 'prediction', 'label', 'segments'])
    .where((eb) =>
      eb.or([
        eb('score', 'is not', null),
        eb('prediction', 'is not', null),
        eb('label', 'is not', null),
      ]),
    )
    .execute();
  return {
    rows,
    labelled: rows.filter(isLabelled).length,
    decisions: rows.filter(hasDecision).length,
  };
}

/**
 * Runs a monitor on one window (default: the newest window with traffic) and records the run as
 * evidence, in one transaction with its consequences: alerts fire, repeat or resolve; a newly
 * fired alert runs the monitor's actions (a rollback is recorded in this same transaction, so the
 * ledger shows the alert and the rollback it caused together).
 */
export async function runMonitor(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  name: string,
  options: { at?: string | undefined; scheduled?: boolean } = {},
): Promise<MonitorRun> {
  const id = await ctx.committer.commit(
    actor,
    options.scheduled === true ? 'monitor.scheduled-run' : 'monitor.run',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const monitor = await activeMonitor(tx, { id: model.id, ref: modelRefOf(model) }, name);
      const window = await chooseWindow(tx, monitor, options.at, now);
      const stored = await tx
        .selectFrom('window_profiles')
        .select('profile')
        .where('monitor_id', '=', monitor.id)
        .where('window_start', '=', window.start)
        .executeTakeFirst();
      const results = jsonSafe(
        evaluateWindow(
          monitor.reference,
          stored?.profile as DatasetProfile | undefined,
          await predictionsIn(tx, monitor, window),
          monitor.config,
          monitoredColumns(monitor),
        ),
      );
      const runId = newId(ctx);
      const digest = jsonDigest(results);
      await tx
        .insertInto('monitor_runs')
        .values({
          id: runId,
          monitor_id: monitor.id,
          window_start: window.start,
          window_end: window.end,
          status: results.status,
          results: json(results),
          digest,
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      await tx
        .updateTable('monitors')
        .set({ last_run_at: now })
        .where('id', '=', monitor.id)
        .execute();
      const ref = `${modelRefOf(model)}/${monitor.name}`;
      const events: EventDraft[] = [
        {
          type: 'monitor-run-recorded',
          subject: { kind: 'monitor', id: monitor.id, ref },
          payload: {
            runId,
            window: { start: window.start.toISOString(), end: window.end.toISOString() },
            status: results.status,
            digest,
            records: results.records,
            driftShare: results.drift?.share ?? null,
            breaches: results.breaches.map((b) => b.key),
          },
        },
      ];
      events.push(
        ...(await applyAlerts(ctx, tx, actor, monitor, ref, runId, results, window.start, now)),
      );
      return { result: runId, events };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getMonitorRun(ctx, id);
}

async function chooseWindow(
  tx: Transaction<Database>,
  monitor: LoadedMonitor,
  at: string | undefined,
  now: Date,
): Promise<{ start: Date; end: Date }> {
  if (at !== undefined) return windowOf(new Date(at), monitor.config.windowSeconds);
  const latest = await tx
    .selectFrom('window_profiles')
    .select('window_start')
    .where('monitor_id', '=', monitor.id)
    .where('window_start', '<=', now)
    .orderBy('window_start', 'desc')
    .limit(1)
    .executeTakeFirst();
  return windowOf(latest?.window_start ?? now, monitor.config.windowSeconds);
}

async function applyAlerts(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  monitor: LoadedMonitor,
  ref: string,
  runId: string,
  results: WindowResults,
  windowStart: Date,
  now: Date,
): Promise<EventDraft[]> {
  const open = await tx
    .selectFrom('alerts')
    .select(['id', 'key'])
    .where('monitor_id', '=', monitor.id)
    .where('status', '=', 'firing')
    .execute();
  const transitions = alertTransitions(
    open,
    results.breaches,
    results.status !== 'no-data',
    judgedBy(results),
  );
  const events: EventDraft[] = [];
  for (const breach of transitions.fire)
    events.push(...(await fire(ctx, tx, actor, monitor, ref, runId, breach, windowStart, now)));
  for (const { alert, breach } of transitions.repeat) {
    await tx
      .updateTable('alerts')
      .set((eb) => ({
        occurrences: eb('occurrences', '+', 1),
        last_run_id: runId,
        last_seen_at: now,
        summary: breach.summary,
        details: json(breach.details),
      }))
      .where('id', '=', alert.id)
      .execute();
  }
  for (const alert of transitions.resolve) {
    await tx
      .updateTable('alerts')
      .set({ status: 'resolved', resolved_at: now, last_run_id: runId })
      .where('id', '=', alert.id)
      .execute();
    events.push({
      type: 'alert-resolved',
      subject: { kind: 'alert', id: alert.id, ref: `${ref}/${alert.key}` },
      payload: { monitor: ref, key: alert.key, runId },
    });
  }
  return events;
}

async function fire(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  monitor: LoadedMonitor,
  ref: string,
  runId: string,
  breach: Breach,
  windowStart: Date,
  now: Date,
): Promise<EventDraft[]> {
  const alertId = newId(ctx);
  const events: EventDraft[] = [
    {
      type: 'alert-fired',
      subject: { kind: 'alert', id: alertId, ref: `${ref}/${breach.key}` },
      payload: {
        monitor: ref,
        environment: monitor.environment,
        key: breach.key,
        kind: breach.kind,
        severity: monitor.config.severity,
        summary: breach.summary,
        runId,
      },
    },
  ];
  const actions: { kind: string; ok: boolean; detail: string }[] = [];
  for (const action of monitor.config.actions) {
    if (action.kind === 'incident') {
      if (ctx.incidentOpener === undefined) {
        actions.push({
          kind: 'incident',
          ok: false,
          detail: 'incident response is not configured',
        });
        continue;
      }
      const opened = await ctx.incidentOpener.openFromAlert(
        tx,
        actor,
        {
          alertId,
          alertKey: breach.key,
          monitor: ref,
          model: ref.slice(0, ref.lastIndexOf('/')),
          environment: monitor.environment,
          kind: breach.kind,
          summary: breach.summary,
          severity: action.severity,
          playbook: action.playbook,
          // The first breached window is the onset: time to detect runs from its start.
          onsetAt: windowStart,
        },
        now,
      );
      events.push(...opened.events);
      actions.push({ kind: 'incident', ok: true, detail: `incident ${opened.key}` });
      continue;
    }
    if (action.kind === 'retrain') {
      events.push({
        type: 'retraining-requested',
        subject: { kind: 'model', id: monitor.modelId, ref: ref.slice(0, ref.lastIndexOf('/')) },
        payload: { monitor: ref, alert: alertId, reason: breach.summary },
      });
      actions.push({
        kind: 'retrain',
        ok: true,
        detail: 'retraining-requested event sent to subscribed webhooks',
      });
      continue;
    }
    try {
      const model = ref.slice(0, ref.lastIndexOf('/'));
      const rolled = await rollbackWithin(
        ctx,
        tx,
        { name: 'verity', via: 'system' },
        {
          model,
          environment: monitor.environment,
          reason: `alert ${breach.key} on monitor ${monitor.name}: ${breach.summary}`,
        },
        now,
      );
      events.push(...rolled.events);
      actions.push({ kind: 'rollback', ok: true, detail: `deployment ${rolled.result}` });
    } catch (error) {
      // A rollback that cannot happen (nothing earlier to return to) is reported, not fatal.
      if (!(error instanceof VerityError)) throw error;
      actions.push({ kind: 'rollback', ok: false, detail: error.message });
    }
  }
  await tx
    .insertInto('alerts')
    .values({
      id: alertId,
      monitor_id: monitor.id,
      model_id: monitor.modelId,
      key: breach.key,
      kind: breach.kind,
      severity: monitor.config.severity,
      status: 'firing',
      summary: breach.summary,
      details: json(breach.details),
      occurrences: 1,
      first_run_id: runId,
      last_run_id: runId,
      fired_at: now,
      last_seen_at: now,
      resolved_at: null,
      actions: json(actions),
    })
    .execute();
  return events;
}

export async function getMonitorRun(
  ctx: Pick<RegistryContext, 'db'>,
  id: string,
): Promise<MonitorRun> {
  const row = await ctx.db
    .selectFrom('monitor_runs as r')
    .innerJoin('monitors as m', 'm.id', 'r.monitor_id')
    .innerJoin('models as md', 'md.id', 'm.model_id')
    .selectAll('r')
    .select(['m.name', 'm.environment', 'md.namespace', 'md.name as model_name'])
    .where('r.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('monitor run', id);
  const alerts = await ctx.db
    .selectFrom('alerts')
    .select(['key', 'first_run_id', 'last_run_id', 'resolved_at', 'status', 'actions'])
    .where('monitor_id', '=', row.monitor_id)
    .where((eb) => eb.or([eb('first_run_id', '=', id), eb('last_run_id', '=', id)]))
    .execute();
  const results = row.results as WindowResults;
  return {
    id: row.id,
    monitor: row.name,
    model: modelRefOf({ namespace: row.namespace, name: row.model_name }),
    environment: row.environment,
    window: { start: row.window_start.toISOString(), end: row.window_end.toISOString() },
    status: row.status as WindowResults['status'],
    digest: row.digest,
    results,
    alerts: {
      fired: alerts.filter((a) => a.first_run_id === id).map((a) => a.key),
      repeated: alerts
        .filter((a) => a.first_run_id !== id && a.status === 'firing')
        .map((a) => a.key),
      resolved: alerts
        .filter((a) => a.status === 'resolved' && a.first_run_id !== id)
        .map((a) => a.key),
    },
    actions: alerts
      .filter((a) => a.first_run_id === id)
      .flatMap((a) =>
        (a.actions as { kind: string; ok: boolean; detail: string }[]).map((x) => ({
          alert: a.key,
          ...x,
        })),
      ),
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
  };
}
