import type { Control, ControlId, Framework, Requirement } from '../catalogue/schema.js';
import { aggregateStatus } from './aggregate-status.js';
import { frameworkApplies, describeCondition, inForceOn, matchesScope } from './applicability.js';
import type {
  ControlResult,
  FrameworkResult,
  ModelPosture,
  ModelScope,
  PostureStatus,
  PostureSummary,
  RequirementResult,
  StatusCounts,
  SubControlResult,
} from './types.js';

/** The catalogue as it stood on the posture date: controls and the framework versions then known. */
export interface CatalogueView {
  version: string;
  controls: Control[];
  frameworks: Framework[];
}

export interface PostureInput {
  asOf: string;
  catalogue: CatalogueView;
  /** Results of every sub-control (automated checks and attestations) for this model. */
  subControls: SubControlResult[];
  scope: ModelScope | null;
  /** Voluntary frameworks the organisation adopted. */
  adopted: readonly string[];
  model: ModelPosture['model'];
  version: ModelPosture['version'];
  versionBasis: ModelPosture['versionBasis'];
}

export { aggregateStatus };

export function emptyCounts(): StatusCounts {
  return { met: 0, partial: 0, gap: 0, 'not-applicable': 0 };
}

/**
 * A model's posture: each control from its sub-controls, each requirement of each framework from
 * the sub-controls of the controls it maps to, each framework from its requirements. Pure: the
 * same inputs give the same posture.
 */
export function computePosture(input: PostureInput): ModelPosture {
  const date = input.asOf.slice(0, 10);
  const bySub = new Map(input.subControls.map((s) => [s.id, s]));
  const controls: ControlResult[] = input.catalogue.controls.map((control) => {
    const subControls = control.subControls.map((s) => {
      const result = bySub.get(s.id);
      if (result === undefined) throw new Error(`no result for sub-control ${s.id}`);
      return result;
    });
    return {
      id: control.id,
      title: control.title,
      status: aggregateStatus(subControls.map((s) => s.status)),
      subControls,
    };
  });
  const controlSubs = new Map<ControlId, SubControlResult[]>(
    controls.map((c) => [c.id, c.subControls]),
  );
  const frameworks = [...input.catalogue.frameworks]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((f) => frameworkResult(f, input, date, controlSubs, bySub));
  return {
    asOf: input.asOf,
    catalogueVersion: input.catalogue.version,
    model: input.model,
    version: input.version,
    versionBasis: input.versionBasis,
    scope: input.scope,
    controls,
    frameworks,
    summary: summarise(input.subControls),
  };
}

function frameworkResult(
  framework: Framework,
  input: PostureInput,
  date: string,
  controlSubs: Map<ControlId, SubControlResult[]>,
  bySub: Map<string, SubControlResult>,
): FrameworkResult {
  const applicability = frameworkApplies(framework, input.scope, input.adopted, date);
  const requirements = framework.requirements.map((r) =>
    requirementResult(r, applicability.applies, input.scope, date, controlSubs, bySub),
  );
  const counts = emptyCounts();
  for (const r of requirements) if (!r.uncovered) counts[r.status] += 1;
  const status = applicability.applies
    ? aggregateStatus(requirements.filter((r) => !r.uncovered).map((r) => r.status))
    : 'not-applicable';
  return {
    id: framework.id,
    name: framework.name,
    version: framework.version,
    voluntary: framework.voluntary,
    applies: applicability.applies,
    reason: applicability.reason,
    status,
    counts,
    requirements,
  };
}

function requirementResult(
  requirement: Requirement,
  frameworkApplies: boolean,
  scope: ModelScope | null,
  date: string,
  controlSubs: Map<ControlId, SubControlResult[]>,
  bySub: Map<string, SubControlResult>,
): RequirementResult {
  const base = {
    id: requirement.id,
    title: requirement.title,
    summary: requirement.summary,
    numbers: requirement.numbers ?? null,
    tag: requirement.tag,
    legalStatus: requirement.status,
    appliesFrom: requirement.appliesFrom ?? null,
    controls: requirement.controls,
    primary: requirement.primary ?? requirement.controls[0] ?? null,
    clocks: requirement.clocks ?? [],
    uncovered: requirement.controls.length === 0,
  };
  const notApplicable = (reason: string): RequirementResult => ({
    ...base,
    status: 'not-applicable',
    reason,
  });
  if (!frameworkApplies) return notApplicable('the framework does not apply');
  const dated = inForceOn(requirement, date);
  if (!dated.applies) return notApplicable(dated.reason);
  if (requirement.appliesWhen !== undefined) {
    if (scope === null) return notApplicable('scope not recorded (C1.1)');
    if (!matchesScope(requirement.appliesWhen, scope))
      return notApplicable(`applies to ${describeCondition(requirement.appliesWhen)}`);
  }
  if (base.uncovered)
    return {
      ...base,
      status: 'gap',
      reason: 'no Verity control covers this obligation; keep its evidence outside Verity',
    };
  const subs =
    requirement.subControls === undefined
      ? requirement.controls.flatMap((c) => controlSubs.get(c) ?? [])
      : requirement.subControls.flatMap((id) => {
          const s = bySub.get(id);
          return s === undefined ? [] : [s];
        });
  const status = aggregateStatus(subs.map((s) => s.status));
  const short = subs.filter((s) => s.status === 'gap' || s.status === 'partial');
  const reason =
    status === 'not-applicable'
      ? 'none of its sub-controls applies to this model'
      : short.length === 0
        ? `met by ${subs
            .filter((s) => s.status === 'met')
            .map((s) => s.id)
            .join(', ')}`
        : `short: ${short.map((s) => `${s.id} ${s.status}`).join(', ')}`;
  return { ...base, status, reason };
}

export function summarise(subControls: readonly SubControlResult[]): PostureSummary {
  const applicable = subControls.filter((s) => s.status !== 'not-applicable');
  const count = (status: PostureStatus) => applicable.filter((s) => s.status === status).length;
  const automated = applicable.filter((s) => s.kind === 'automated').length;
  return {
    applicable: applicable.length,
    automated,
    attested: applicable.length - automated,
    met: count('met'),
    partial: count('partial'),
    gap: count('gap'),
    shareAutomated: applicable.length === 0 ? 0 : automated / applicable.length,
    sharePassing: applicable.length === 0 ? 0 : count('met') / applicable.length,
  };
}
