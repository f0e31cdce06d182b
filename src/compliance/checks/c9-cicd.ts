import type { EvidenceItem, PostureStatus } from '../posture/types.js';
import type { Check, CheckOutcome, ModelFacts } from './facts.js';
import { cite, noVersion, outcome, worstOf } from './outcome.js';
import { capitalised, latestBy, listed } from './wording.js';

type Environment = ModelFacts['environments'][number];
type Promotion = ModelFacts['promotions'][number];

/**
 * The gated environments whose gate and quorum the assessed version answers to: those it is
 * deployed in, or, when it is in none of them, the highest-ranked one (the one it is headed for).
 */
function targets(facts: ModelFacts, versionId: string): Environment[] {
  const gated = facts.environments.filter((e) => e.gated);
  const deployed = gated.filter((e) =>
    facts.deployments.some((d) => d.environment === e.name && d.versionId === versionId),
  );
  if (deployed.length > 0) return deployed.sort((a, b) => b.rank - a.rank);
  const highest = [...gated].sort((a, b) => b.rank - a.rank)[0];
  return highest === undefined ? [] : [highest];
}

interface Finding {
  status: PostureStatus;
  text: string;
  evidence: EvidenceItem[];
}

/** Findings for several environments as one outcome: the worst status decides. */
function combine(findings: Finding[], metDetail: string): CheckOutcome {
  const status = worstOf(findings.map((f) => f.status));
  const evidence = [...findings]
    .sort((a, b) => rank(b.status) - rank(a.status))
    .flatMap((f) => f.evidence);
  if (status === 'met') return outcome('met', metDetail, evidence);
  const short = findings.filter((f) => f.status !== 'met').map((f) => f.text);
  return outcome(status, `${capitalised(listed(short, 3))}.`, evidence);
}

function rank(status: PostureStatus): number {
  return status === 'gap' ? 2 : status === 'partial' ? 1 : 0;
}

/**
 * C9.1: the assessed version's latest gate decision passed for each target environment. A
 * blocked decision overridden by break-glass is partial; blocked or undecided is a gap. Across
 * environments the worst finding decides: one environment entered without a passed gate is a
 * gap however many others passed.
 */
export const gatePassed: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const envs = targets(facts, version.id);
  if (envs.length === 0) return outcome('not-applicable', 'No environment is gated.');
  const findings = envs.map((env): Finding => {
    const decision = latestBy(
      facts.gateDecisions.filter((g) => g.versionId === version.id && g.environment === env.name),
      (g) => g.evaluatedAt,
    );
    if (decision === undefined)
      return {
        status: 'gap',
        text: `${version.label} has no gate decision for ${env.name}`,
        evidence: [],
      };
    const cited = cite(
      decision.evidence,
      `${env.name} gate ${decision.outcome} for ${version.label}`,
    );
    if (decision.outcome === 'passed')
      return { status: 'met', text: `${env.name} passed`, evidence: [cited] };
    const override = facts.promotions.find(
      (p) => p.versionId === version.id && p.environment === env.name && p.overriddenBy !== null,
    );
    if (override !== undefined)
      return {
        status: 'partial',
        text: `the ${env.name} gate blocked ${version.label} and ${override.overriddenBy} overrode it (break-glass)`,
        evidence: [
          cited,
          cite(override.evidence, `break-glass override by ${override.overriddenBy}`),
        ],
      };
    return {
      status: 'gap',
      text: `the latest ${env.name} gate decision for ${version.label} is blocked`,
      evidence: [cited],
    };
  });
  return combine(
    findings,
    `The latest gate decision for ${version.label} passed in ${listed(envs.map((e) => e.name))}.`,
  );
};

/** Statuses of a promotion that was approved; approval may since have lapsed or been replaced. */
const APPROVED = new Set(['approved', 'deployed']);
const WITHDRAWN = new Set(['rejected', 'voided', 'cancelled']);

function wasApproved(p: Promotion): boolean {
  return APPROVED.has(p.status) || (p.approvedAt !== null && !WITHDRAWN.has(p.status));
}

/** Roles of the quorum the approvals fall short of, as `risk-officer 0 of 1`. */
function shortOf(p: Promotion): string[] {
  return Object.entries(p.quorum).flatMap(([role, needed]) => {
    const approvers = new Set(
      p.approvals
        .filter((a) => a.decision === 'approved' && a.role === role)
        .map((a) => a.approver),
    );
    return approvers.size >= needed ? [] : [`${role} ${approvers.size} of ${needed}`];
  });
}

/**
 * C9.2: the promotion that put the assessed version in each target environment was approved by
 * the quorum recorded on it (the environment's quorum when it was requested). Each role counts
 * distinct approvers with an approving decision. A promotion approved and later expired or
 * superseded still put the version there, so it counts.
 */
export const approvalQuorum: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const envs = targets(facts, version.id);
  if (envs.length === 0) return outcome('not-applicable', 'No environment is gated.');
  const findings = envs.map((env): Finding => {
    const promotion = latestBy(
      facts.promotions.filter(
        (p) => p.versionId === version.id && p.environment === env.name && wasApproved(p),
      ),
      (p) => p.approvedAt ?? p.requestedAt,
    );
    if (promotion === undefined)
      return {
        status: 'gap',
        text: `${version.label} has no approved promotion to ${env.name}`,
        evidence: [],
      };
    const approvals = promotion.approvals.map((a) =>
      cite(a.evidence, `${a.approver} ${a.decision} as ${a.role ?? 'no role'}`),
    );
    const short = shortOf(promotion);
    if (short.length > 0)
      return {
        status: 'gap',
        text: `the promotion of ${version.label} to ${env.name} lacks its quorum (${short.join(', ')})`,
        evidence: [
          cite(promotion.evidence, `promotion ${promotion.id} to ${env.name}`),
          ...approvals,
        ],
      };
    const roles = Object.entries(promotion.quorum).map(([role, n]) => `${n} ${role}`);
    return {
      status: 'met',
      text: `${env.name} quorum ${roles.length === 0 ? 'none' : roles.join(', ')}`,
      evidence: [
        cite(
          promotion.evidence,
          `promotion ${promotion.id} to ${env.name} approved${roles.length === 0 ? ' (no quorum required)' : ''}`,
        ),
        ...approvals,
      ],
    };
  });
  return combine(
    findings,
    `The promotion of ${version.label} to ${listed(envs.map((e) => e.name))} was approved by its quorum (${findings.map((f) => f.text).join('; ')}).`,
  );
};
