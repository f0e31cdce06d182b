import type { Control, ControlId } from '../catalogue/schema.js';
import { emptyCounts, summarise } from './compute-posture.js';
import type { ModelPosture, OrganisationPosture, PostureStatus } from './types.js';

/**
 * Control effectiveness across the inventory: for each control, how many models meet it; for each
 * framework, how many models it reaches and their statuses; the share of checks passing overall.
 */
export function organisationPosture(
  postures: readonly ModelPosture[],
  controls: readonly Control[],
  asOf: string,
  catalogueVersion: string,
): OrganisationPosture {
  const models = postures.map((p) => ({
    name: p.model.name,
    namespace: p.model.namespace,
    riskTier: p.model.riskTier,
    version: p.version?.label ?? null,
    controls: Object.fromEntries(p.controls.map((c) => [c.id, c.status])) as Record<
      ControlId,
      PostureStatus
    >,
    summary: p.summary,
  }));
  const controlRows = controls.map((control) => {
    const counts = emptyCounts();
    for (const p of postures) {
      const status = p.controls.find((c) => c.id === control.id)?.status ?? 'not-applicable';
      counts[status] += 1;
    }
    const applicable = counts.met + counts.partial + counts.gap;
    return {
      id: control.id,
      title: control.title,
      counts,
      effectiveness: applicable === 0 ? null : counts.met / applicable,
    };
  });
  const frameworkIds = [...new Set(postures.flatMap((p) => p.frameworks.map((f) => f.id)))].sort();
  const frameworks = frameworkIds.map((id) => {
    const counts = emptyCounts();
    let name = id;
    let reached = 0;
    for (const p of postures) {
      const f = p.frameworks.find((x) => x.id === id);
      if (f === undefined) continue;
      name = f.name;
      if (f.applies) reached += 1;
      counts[f.status] += 1;
    }
    return { id, name, models: reached, counts };
  });
  return {
    asOf,
    catalogueVersion,
    models,
    controls: controlRows,
    frameworks,
    summary: summarise(postures.flatMap((p) => p.controls.flatMap((c) => c.subControls))),
  };
}
