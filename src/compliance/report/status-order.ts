import { CONTROL_IDS } from '../catalogue/schema.js';
import type { ModelPosture, PostureStatus, SubControlResult } from '../posture/types.js';

/**
 * Statuses that can be ranked, worst first: gap < partial < met. `not-applicable` has no rank;
 * it neither improves nor worsens anything.
 */
export const STATUS_RANK: Readonly<Record<'gap' | 'partial' | 'met', number>> = {
  gap: 0,
  partial: 1,
  met: 2,
};

export function statusRank(status: string): number | null {
  return status === 'gap' || status === 'partial' || status === 'met' ? STATUS_RANK[status] : null;
}

/**
 * The worst of several statuses: null for none at all, `not-applicable` when every one is,
 * otherwise the lowest ranked among the applicable ones.
 */
export function worstStatus(statuses: readonly PostureStatus[]): PostureStatus | null {
  let worst: PostureStatus | null = null;
  for (const s of statuses) {
    if (s === 'not-applicable') {
      worst ??= s;
      continue;
    }
    const current = worst === null ? null : statusRank(worst);
    if (current === null || STATUS_RANK[s] < current) worst = s;
  }
  return worst;
}

const CONTROL_ORDER = new Map<string, number>(CONTROL_IDS.map((id, i) => [id, i]));

/** `C2.10` → [1, 10]: catalogue order, numeric within a control (C2.9 before C2.10). */
function subControlKey(id: string): [number, number] {
  const [control = '', sub = ''] = id.split('.');
  return [CONTROL_ORDER.get(control) ?? CONTROL_IDS.length, Number(sub) || 0];
}

export function compareSubControlIds(a: string, b: string): number {
  const [ca, sa] = subControlKey(a);
  const [cb, sb] = subControlKey(b);
  return ca - cb || sa - sb || (a < b ? -1 : a > b ? 1 : 0);
}

/** Every sub-control of a posture, in catalogue order. */
export function subControlsOf(posture: ModelPosture): SubControlResult[] {
  return posture.controls
    .flatMap((c) => c.subControls)
    .sort((a, b) => compareSubControlIds(a.id, b.id));
}

/** Sub-controls that need work, gaps first, each group in catalogue order. */
export function openItems(posture: ModelPosture): SubControlResult[] {
  const all = subControlsOf(posture);
  return [...all.filter((s) => s.status === 'gap'), ...all.filter((s) => s.status === 'partial')];
}
