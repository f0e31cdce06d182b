import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import { summaryOf, type IncidentSummary } from './incident-view.js';
import { incidentKpis, type IncidentKpis } from './rules/index.js';

export interface IncidentFilter {
  status?: 'open' | 'triaged' | 'mitigating' | 'resolved' | 'closed' | 'active' | undefined;
  model?: string | undefined;
  severity?: string | undefined;
  drills?: 'include' | 'exclude' | 'only' | undefined;
}

/** Incidents, newest first; `active` is every status before resolved. */
export async function listIncidents(
  db: Kysely<Database>,
  filter: IncidentFilter = {},
): Promise<IncidentSummary[]> {
  let query = db.selectFrom('incidents').selectAll();
  if (filter.status === 'active')
    query = query.where('status', 'in', ['open', 'triaged', 'mitigating']);
  else if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.severity !== undefined) query = query.where('severity', '=', filter.severity);
  const drills = filter.drills ?? 'exclude';
  if (drills !== 'include') query = query.where('drill', '=', drills === 'only');
  const rows = await query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  const items = rows.map(summaryOf);
  return filter.model === undefined
    ? items
    : items.filter((i) => i.affected.some((a) => a.model === filter.model));
}

/** Time to detect, acknowledge and resolve per severity, over real incidents (not drills). */
export async function kpis(db: Kysely<Database>): Promise<IncidentKpis> {
  const rows = await db
    .selectFrom('incidents')
    .select([
      'severity',
      'onset_at',
      'detected_at',
      'opened_at',
      'acknowledged_at',
      'resolved_at',
      'drill',
    ])
    .execute();
  return incidentKpis(
    rows.map((r) => ({
      severity: r.severity as 'SEV1',
      onsetAt: r.onset_at,
      detectedAt: r.detected_at,
      openedAt: r.opened_at,
      acknowledgedAt: r.acknowledged_at,
      resolvedAt: r.resolved_at,
      drill: r.drill,
    })),
  );
}
