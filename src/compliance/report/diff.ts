import { CONTROL_IDS } from '../catalogue/schema.js';
import type {
  ControlResult,
  FrameworkResult,
  ModelPosture,
  PostureStatus,
  RequirementResult,
  SubControlResult,
} from '../posture/types.js';
import type { PostureChange, PostureDiff } from './report-data.js';
import { compareSubControlIds, statusRank } from './status-order.js';

type Side = PostureStatus | 'absent';

/**
 * What changed between two postures of a model (two versions, or two dates): every sub-control,
 * control, framework requirement and framework whose status differs, including items present in
 * only one of them (`absent` on the other side).
 *
 * Order: controls C1..C12, each followed by its sub-controls (C2.9 before C2.10); then frameworks
 * by id, each followed by its requirements in the framework's order (the `to` posture's order,
 * then requirements only `from` has). `improved` and `regressed` count the listed changes whose
 * both sides are ranked (gap < partial < met); a change to or from `not-applicable` or `absent`
 * counts as neither.
 */
export function diffPostures(
  from: ModelPosture,
  to: ModelPosture,
  labels: { from: string; to: string },
): PostureDiff {
  const changes: PostureChange[] = [];
  const push = (
    item: string,
    kind: PostureChange['kind'],
    title: string,
    a: Side,
    b: Side,
    detail: string,
  ) => {
    if (a !== b) changes.push({ item, kind, title, from: a, to: b, detail });
  };
  const gone = `Not in the ${labels.to} posture.`;

  for (const id of CONTROL_IDS) {
    const a = from.controls.find((c) => c.id === id);
    const b = to.controls.find((c) => c.id === id);
    if (a === undefined && b === undefined) continue;
    push(
      id,
      'control',
      (b ?? a)?.title ?? id,
      a?.status ?? 'absent',
      b?.status ?? 'absent',
      b === undefined ? gone : controlDetail(b),
    );
    const subs = new Map<string, { a?: SubControlResult; b?: SubControlResult }>();
    for (const s of a?.subControls ?? []) subs.set(s.id, { a: s });
    for (const s of b?.subControls ?? []) subs.set(s.id, { ...subs.get(s.id), b: s });
    for (const sid of [...subs.keys()].sort(compareSubControlIds)) {
      const pair = subs.get(sid) ?? {};
      push(
        sid,
        'sub-control',
        (pair.b ?? pair.a)?.title ?? sid,
        pair.a?.status ?? 'absent',
        pair.b?.status ?? 'absent',
        pair.b === undefined ? gone : pair.b.detail,
      );
    }
  }

  const frameworkIds = [
    ...new Set([...from.frameworks.map((f) => f.id), ...to.frameworks.map((f) => f.id)]),
  ].sort();
  for (const fid of frameworkIds) {
    const a = from.frameworks.find((f) => f.id === fid);
    const b = to.frameworks.find((f) => f.id === fid);
    push(
      fid,
      'framework',
      (b ?? a)?.name ?? fid,
      a?.status ?? 'absent',
      b?.status ?? 'absent',
      b === undefined ? gone : b.reason,
    );
    for (const rid of requirementOrder(a, b)) {
      const ra = a?.requirements.find((r) => r.id === rid);
      const rb = b?.requirements.find((r) => r.id === rid);
      push(
        `${fid} ${rid}`,
        'requirement',
        (rb ?? ra)?.title ?? rid,
        ra?.status ?? 'absent',
        rb?.status ?? 'absent',
        rb === undefined ? gone : rb.reason,
      );
    }
  }

  let improved = 0;
  let regressed = 0;
  for (const c of changes) {
    const ra = statusRank(c.from);
    const rb = statusRank(c.to);
    if (ra === null || rb === null) continue;
    if (rb > ra) improved++;
    else if (rb < ra) regressed++;
  }

  return {
    from: { label: labels.from, asOf: from.asOf, version: from.version?.label ?? null },
    to: { label: labels.to, asOf: to.asOf, version: to.version?.label ?? null },
    changes,
    improved,
    regressed,
  };
}

function requirementOrder(a: FrameworkResult | undefined, b: FrameworkResult | undefined) {
  const ids: string[] = (b?.requirements ?? []).map((r: RequirementResult) => r.id);
  for (const r of a?.requirements ?? []) if (!ids.includes(r.id)) ids.push(r.id);
  return ids;
}

/** A control has no detail of its own: say how its applicable sub-controls stand. */
function controlDetail(control: ControlResult): string {
  const applicable = control.subControls.filter((s) => s.status !== 'not-applicable');
  if (applicable.length === 0) return 'No sub-control applies.';
  const met = applicable.filter((s) => s.status === 'met').length;
  const open = applicable
    .filter((s) => s.status !== 'met')
    .map((s) => `${s.id} ${s.status}`)
    .join(', ');
  return `${met} of ${applicable.length} sub-controls met${open === '' ? '' : `; ${open}`}.`;
}
