import type { Actor } from '../auth/index.js';
import { jsonDigest, ValidationError } from '../lib/index.js';
import { findModel, modelNamespace, modelRefOf, type RegistryContext } from '../registry/index.js';
import { parseProfile } from './profile/index.js';
import { getMonitorRun, type MonitorRun } from './run-monitor.js';
import { activeMonitor, assertSameBins, mergeIntoWindow, windowOf } from './windows.js';

/**
 * Merges a profile built by a client (`verity monitor profile`) into a monitor's window: raw
 * production data never leaves the client. The profile must be counted in the monitor's
 * reference bins; one ledger entry records its digest and size.
 */
export async function uploadWindowProfile(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  name: string,
  input: { windowStart: string; profile: unknown },
): Promise<{ monitor: string; window: { start: string; end: string }; records: number }> {
  const profile = parseProfile(input.profile);
  const at = new Date(input.windowStart);
  if (Number.isNaN(at.getTime())) throw new ValidationError(`'${input.windowStart}' is not a time`);
  return ctx.committer.commit(
    actor,
    'predictions.ingest',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const loaded = await activeMonitor(tx, { id: model.id, ref: modelRefOf(model) }, name);
      assertSameBins(loaded.reference, profile);
      const window = windowOf(at, loaded.config.windowSeconds);
      await mergeIntoWindow(tx, loaded.id, window, profile, now);
      const result = {
        monitor: `${modelRefOf(model)}/${name}`,
        window: { start: window.start.toISOString(), end: window.end.toISOString() },
        records: profile.rowCount,
      };
      return {
        result,
        events: [
          {
            type: 'profile-ingested',
            subject: { kind: 'monitor', id: loaded.id, ref: result.monitor },
            payload: { ...result, digest: jsonDigest(profile) },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
}

export async function listMonitorRuns(
  ctx: RegistryContext,
  modelRef: string,
  name: string,
  limit = 20,
): Promise<MonitorRun[]> {
  const model = await findModel(ctx.db, modelRef);
  const rows = await ctx.db
    .selectFrom('monitor_runs as r')
    .innerJoin('monitors as m', 'm.id', 'r.monitor_id')
    .select('r.id')
    .where('m.model_id', '=', model.id)
    .where('m.name', '=', name)
    .orderBy('r.created_at', 'desc')
    .orderBy('r.id', 'desc')
    .limit(Math.min(Math.max(limit, 1), 200))
    .execute();
  return Promise.all(rows.map((r) => getMonitorRun(ctx, r.id)));
}

export interface AlertView {
  id: string;
  model: string;
  monitor: string;
  environment: string;
  key: string;
  kind: string;
  severity: string;
  status: string;
  summary: string;
  details: unknown;
  occurrences: number;
  firedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  actions: unknown[];
}

/** Alerts, newest first; by model, status. `within` limits to namespaces the caller may read. */
export async function listAlerts(
  ctx: RegistryContext,
  filter: {
    model?: string | undefined;
    status?: 'firing' | 'resolved' | undefined;
    within?: readonly string[] | undefined;
    limit?: number | undefined;
  },
): Promise<AlertView[]> {
  let query = ctx.db
    .selectFrom('alerts as a')
    .innerJoin('monitors as m', 'm.id', 'a.monitor_id')
    .innerJoin('models as md', 'md.id', 'a.model_id')
    .selectAll('a')
    .select(['m.name as monitor_name', 'm.environment', 'md.namespace', 'md.name as model_name']);
  if (filter.model !== undefined)
    query = query.where('a.model_id', '=', (await findModel(ctx.db, filter.model)).id);
  if (filter.status !== undefined) query = query.where('a.status', '=', filter.status);
  if (filter.within !== undefined) {
    if (filter.within.length === 0) return [];
    query = query.where('md.namespace', 'in', filter.within);
  }
  const rows = await query
    .orderBy('a.fired_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 100, 1), 500))
    .execute();
  return rows.map((r) => ({
    id: r.id,
    model: modelRefOf({ namespace: r.namespace, name: r.model_name }),
    monitor: r.monitor_name,
    environment: r.environment,
    key: r.key,
    kind: r.kind,
    severity: r.severity,
    status: r.status,
    summary: r.summary,
    details: r.details,
    occurrences: r.occurrences,
    firedAt: r.fired_at.toISOString(),
    lastSeenAt: r.last_seen_at.toISOString(),
    resolvedAt: r.resolved_at?.toISOString() ?? null,
    actions: r.actions,
  }));
}
