import type { EvidenceItem } from '../posture/types.js';
import type { AssessmentKind, Check, ModelFacts } from './facts.js';
import { cite, outcome } from './outcome.js';
import { requiredAssessments } from './required-assessments.js';
import { atOrAfter, day, listed } from './wording.js';

/** C1.1: a scope is recorded and, where the EU AI Act reaches the model, classified. */
export const scopeRecorded: Check = (facts) => {
  const scope = facts.scope;
  if (scope === null)
    return outcome(
      'gap',
      `No scope is recorded for ${facts.model.name}, so the frameworks that apply are unknown.`,
    );
  const evidence = [
    cite(
      scope.evidence,
      `scope recorded by ${scope.recordedBy}: ${scope.jurisdictions.join(', ')}`,
    ),
  ];
  const where = `jurisdictions ${scope.jurisdictions.join(', ')}, area ${scope.area}`;
  if (scope.jurisdictions.includes('EU') && scope.euClassification === null)
    return outcome(
      'partial',
      `The scope (${where}) includes the EU but the EU AI Act questionnaire has not been answered.`,
      evidence,
    );
  const tier =
    scope.euClassification === null ? '' : `; EU AI Act tier ${scope.euClassification.tier}`;
  return outcome(
    'met',
    `Scope recorded by ${scope.recordedBy} on ${day(scope.recordedAt)}: ${where}${tier}.`,
    evidence,
  );
};

const NAMES: Record<AssessmentKind, string> = { dpia: 'DPIA', fria: 'FRIA', aia: 'AIA' };

type Assessment = ModelFacts['assessments'][number];

/** Why an assessment does not count as approved, or null when it does. */
function shortfall(a: Assessment): string | null {
  if (a.status !== 'approved') return `is ${a.status}`;
  if (!a.complete) return 'is approved but incomplete';
  if (a.approvedBy === null || a.approvedAt === null) return 'has no recorded approver';
  if (a.approvedBy === a.authoredBy) return `was approved by its author ${a.authoredBy}`;
  return null;
}

/**
 * C1.2: every assessment the scope requires is approved by someone other than its author, after
 * the assessed version was registered. An approval that predates the version is partial: the
 * assessment must be reopened on material change. Without a version, approval alone counts.
 */
export const impactAssessments: Check = (facts) => {
  if (facts.scope === null)
    return outcome(
      'gap',
      'The scope is not recorded, so the required impact assessments are unknown.',
    );
  const required = requiredAssessments(facts.scope, facts.model.riskTier);
  if (required.length === 0)
    return outcome('not-applicable', 'The scope requires no impact assessment.');

  const version = facts.version;
  const missing: string[] = [];
  const stale: string[] = [];
  const evidence: EvidenceItem[] = [];
  const supporting: EvidenceItem[] = [];
  for (const { kind, reason } of required) {
    const name = NAMES[kind];
    const ofKind = facts.assessments.filter((a) => a.kind === kind);
    // Newest approval first, so a current approval wins over an older one.
    const approved = ofKind
      .filter((a) => shortfall(a) === null)
      .sort((a, b) => Date.parse(b.approvedAt ?? '') - Date.parse(a.approvedAt ?? ''));
    const current = approved.find(
      (a) => version === null || atOrAfter(a.approvedAt ?? '', version.createdAt),
    );
    if (current !== undefined) {
      supporting.push(
        cite(current.evidence, `${name} approved by ${current.approvedBy} (${reason})`),
      );
      continue;
    }
    const earlier = approved[0];
    if (earlier !== undefined && version !== null) {
      stale.push(
        `the ${name} was approved on ${day(earlier.approvedAt ?? '')}, before ${version.label} was registered`,
      );
      evidence.push(cite(earlier.evidence, `${name} approved before ${version.label}`));
      continue;
    }
    const first = ofKind[0];
    if (first === undefined) {
      missing.push(`no ${name} is recorded (${reason})`);
    } else {
      const why = shortfall(first) ?? 'is not approved';
      missing.push(`the ${name} ${why}`);
      evidence.push(cite(first.evidence, `${name} ${why}`));
    }
  }
  const all = [...evidence, ...supporting];
  const names = required.map((r) => NAMES[r.kind]).join(', ');
  if (missing.length > 0) {
    const also = stale.length > 0 ? `; ${listed(stale)}` : '';
    return outcome('gap', `Of the required ${names}: ${listed(missing)}${also}.`, all);
  }
  if (stale.length > 0)
    return outcome(
      'partial',
      `Of the required ${names}: ${listed(stale)}; reopen on material change.`,
      all,
    );
  const after = version === null ? '' : ` after ${version.label} was registered`;
  return outcome(
    'met',
    `Every required assessment (${names}) is approved by someone other than its author${after}.`,
    all,
  );
};
