import type {
  ConfidenceTag,
  ControlId,
  EuTier,
  Jurisdiction,
  RequirementStatus,
  ScopeFlag,
  Sector,
  UseCaseArea,
  Clock,
} from '../catalogue/schema.js';

/** The status of a sub-control, control, requirement or framework for one model. */
export const POSTURE_STATUSES = ['met', 'partial', 'gap', 'not-applicable'] as const;
export type PostureStatus = (typeof POSTURE_STATUSES)[number];

/** One ledger entry that backs a status: the auditor can prove it is in the log. */
export interface EvidenceItem {
  /** Leaf index in the audit log. */
  ledgerIndex: number;
  /** The entry's event type, e.g. `model-signature-recorded`. */
  type: string;
  /** ISO time the entry was recorded. */
  at: string;
  /** One line saying what the entry shows. */
  summary: string;
}

export interface SubControlResult {
  id: string;
  controlId: ControlId;
  title: string;
  kind: 'automated' | 'attested';
  /** automated: the check's id; attested: null. */
  check: string | null;
  status: PostureStatus;
  /** Why this status, in one or two sentences with the numbers. */
  detail: string;
  evidence: EvidenceItem[];
  /** The next step when the status is gap or partial. */
  remedy: string;
}

export interface ControlResult {
  id: ControlId;
  title: string;
  status: PostureStatus;
  subControls: SubControlResult[];
}

export interface RequirementResult {
  id: string;
  title: string;
  summary: string;
  numbers: string | null;
  tag: ConfidenceTag;
  /** The requirement's legal status on the posture date (in-force, scheduled, ...). */
  legalStatus: RequirementStatus;
  appliesFrom: string | null;
  status: PostureStatus;
  /** Why not applicable, or which controls fall short. */
  reason: string;
  controls: ControlId[];
  primary: ControlId | null;
  clocks: Clock[];
  /** True when no control covers this requirement (reported as uncovered). */
  uncovered: boolean;
}

export type StatusCounts = Record<PostureStatus, number>;

export interface FrameworkResult {
  id: string;
  name: string;
  version: string;
  voluntary: boolean;
  /** Whether the framework applies to this model on the posture date. */
  applies: boolean;
  /** Why it applies or not (scope match, adoption, effective dates). */
  reason: string;
  status: PostureStatus;
  counts: StatusCounts;
  requirements: RequirementResult[];
}

export interface EuClassification {
  tier: EuTier;
  /** The reasoning, one sentence per step, citing the articles. */
  reasoning: string[];
  /** Annex III point when high-risk by Art 6(2), e.g. `5(b)`. */
  annexIIIPoint: string | null;
  /** Transparency duties (Art 50) that apply, e.g. `50(1) interaction disclosure`. */
  transparencyDuties: string[];
  questionnaireVersion: string;
}

export interface ModelScope {
  jurisdictions: Jurisdiction[];
  sectors: Sector[];
  area: UseCaseArea;
  flags: ScopeFlag[];
  /** Null until the EU AI Act questionnaire is answered. */
  euClassification: EuClassification | null;
}

export interface PostureSummary {
  /** Sub-controls with a status other than not-applicable. */
  applicable: number;
  automated: number;
  attested: number;
  met: number;
  partial: number;
  gap: number;
  /** automated / applicable, 0..1 */
  shareAutomated: number;
  /** met / applicable, 0..1 */
  sharePassing: number;
}

export interface ModelPosture {
  asOf: string;
  catalogueVersion: string;
  model: { id: string; namespace: string; name: string; owner: string; riskTier: string | null };
  /** The version assessed: explicit, the one deployed highest, or the latest. */
  version: { id: string; label: string; seq: number; author: string; createdAt: string } | null;
  versionBasis: 'explicit' | 'deployed' | 'latest' | 'none';
  scope: ModelScope | null;
  controls: ControlResult[];
  frameworks: FrameworkResult[];
  summary: PostureSummary;
}

export interface ControlEffectiveness {
  id: ControlId;
  title: string;
  /** How many models have each status for this control. */
  counts: StatusCounts;
  /** met / (models where applicable), 0..1; null when it applies to no model. */
  effectiveness: number | null;
}

export interface OrganisationPosture {
  asOf: string;
  catalogueVersion: string;
  models: {
    name: string;
    namespace: string;
    riskTier: string | null;
    version: string | null;
    controls: Record<ControlId, PostureStatus>;
    summary: PostureSummary;
  }[];
  controls: ControlEffectiveness[];
  frameworks: { id: string; name: string; models: number; counts: StatusCounts }[];
  summary: PostureSummary;
}
