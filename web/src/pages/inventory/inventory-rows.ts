import type {
  AlertView,
  Deployment,
  IncidentSummary,
  Model,
  OrganisationPosture,
} from '../../../../src/client/index.js';
import { modelRef, OPEN_INCIDENT_STATUSES } from '../../lib/models.js';

/** One inventory line: the model with what runs where and what needs attention. */
export interface InventoryRow {
  model: Model;
  ref: string;
  /** environment → version label serving it */
  running: Record<string, string>;
  compliance: { met: number; applicable: number; gap: number; partial: number } | undefined;
  firingAlerts: number;
  openIncidents: number;
}

export function inventoryRows(
  models: Model[],
  deployments: Deployment[],
  posture: OrganisationPosture | undefined,
  alerts: AlertView[],
  incidents: IncidentSummary[],
): InventoryRow[] {
  return models.map((model) => {
    const ref = modelRef(model);
    const running: Record<string, string> = {};
    for (const d of deployments) {
      if (d.modelId === model.id) running[d.environment] = d.version.label;
    }
    const p = posture?.models.find((m) => m.name === model.name && m.namespace === model.namespace);
    return {
      model,
      ref,
      running,
      compliance:
        p === undefined
          ? undefined
          : {
              met: p.summary.met,
              applicable: p.summary.applicable,
              gap: p.summary.gap,
              partial: p.summary.partial,
            },
      firingAlerts: alerts.filter(
        (a) => a.status === 'firing' && (a.model === ref || a.model === model.name),
      ).length,
      openIncidents: incidents.filter(
        (i) =>
          !i.drill &&
          OPEN_INCIDENT_STATUSES.has(i.status) &&
          i.affected.some((a) => a.modelId === model.id),
      ).length,
    };
  });
}

export interface InventoryFilter {
  q: string;
  namespace: string;
  riskTier: string;
  attention: 'all' | 'alerts' | 'incidents' | 'gaps';
}

/** Search matches name, namespace, description, owner, use case and tags. */
export function filterRows(rows: InventoryRow[], filter: InventoryFilter): InventoryRow[] {
  const q = filter.q.trim().toLowerCase();
  return rows.filter((row) => {
    const m = row.model;
    if (filter.namespace !== '' && m.namespace !== filter.namespace) return false;
    if (filter.riskTier !== '' && (m.riskTier ?? 'unassigned') !== filter.riskTier) return false;
    if (filter.attention === 'alerts' && row.firingAlerts === 0) return false;
    if (filter.attention === 'incidents' && row.openIncidents === 0) return false;
    if (filter.attention === 'gaps' && (row.compliance?.gap ?? 0) === 0) return false;
    if (q === '') return true;
    const haystack = [
      m.name,
      m.namespace,
      m.description,
      m.owner,
      m.useCase,
      ...Object.entries(m.tags).flat(),
    ]
      .join(' ')
      .toLowerCase();
    return haystack.includes(q);
  });
}
