import { CONTROL_IDS, type ControlId } from '../catalogue/schema.js';
import type { ModelPosture, PostureStatus } from '../posture/types.js';
import { worstStatus } from './status-order.js';

export interface ControlFrameworkHeatMap {
  /** Frameworks that apply to at least one of the postures, by id. */
  frameworks: { id: string; name: string }[];
  /** C1..C12; `cells[i]` belongs to `frameworks[i]`, null where no requirement maps the control. */
  rows: { control: ControlId; title: string; cells: (PostureStatus | null)[] }[];
}

/**
 * Controls × applicable frameworks. A cell is the worst status among the framework's requirements
 * that map to the control, over every posture the framework applies to. Requirements that are not
 * in force on the posture date are not-applicable in the posture, so they never darken a cell.
 */
export function controlFrameworkHeatMap(
  postures: readonly ModelPosture[],
): ControlFrameworkHeatMap {
  const names = new Map<string, string>();
  for (const p of postures) for (const f of p.frameworks) if (f.applies) names.set(f.id, f.name);
  const frameworks = [...names.keys()].sort().map((id) => ({ id, name: names.get(id) ?? id }));

  const rows = CONTROL_IDS.map((control) => {
    const title =
      postures.flatMap((p) => p.controls).find((c) => c.id === control)?.title ?? control;
    const cells = frameworks.map(({ id }) => {
      const statuses = postures
        .flatMap((p) => p.frameworks.filter((f) => f.id === id && f.applies))
        .flatMap((f) => f.requirements.filter((r) => r.controls.includes(control)))
        .map((r) => r.status);
      return worstStatus(statuses);
    });
    return { control, title, cells };
  });
  return { frameworks, rows };
}
