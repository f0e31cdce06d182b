import type { ScopeFlag } from '../catalogue/schema.js';
import type { EvidenceItem, ModelScope, PostureStatus } from '../posture/types.js';
import type { RiskItem } from '../report/report-data.js';

/**
 * Everything the automated checks read about one model, gathered from the store in one pass by
 * `gatherModelFacts`. The checks themselves are pure functions of this object, so each can be
 * tested by building facts by hand. Every fact that can back a status carries the ledger entry
 * that recorded it (`evidence`).
 */

export type LedgerRef = Omit<EvidenceItem, 'summary'>;

export type { AssessmentKind } from '../questionnaires/index.js';
import type { AssessmentKind } from '../questionnaires/index.js';

export interface ModelFacts {
  /** The posture date, ISO. Checks measure ages and validity against it, never the wall clock. */
  asOf: string;
  model: { id: string; name: string; owner: string; riskTier: string | null; createdAt: string };
  scope: (ModelScope & { recordedAt: string; recordedBy: string; evidence: LedgerRef }) | null;
  /** The version assessed; null when the model has no version. */
  version: {
    id: string;
    label: string;
    seq: number;
    author: string;
    createdAt: string;
    evidence: LedgerRef;
  } | null;
  /** Versions registered before the assessed one. */
  earlierVersions: { id: string; label: string; seq: number }[];
  /** Every configured environment; `gated` when it has policy packs or a quorum. */
  environments: { name: string; rank: number; gated: boolean; quorum: Record<string, number> }[];
  /** What runs now: the current deployment per environment. */
  deployments: {
    environment: string;
    versionId: string;
    versionLabel: string;
    deployedAt: string;
    kind: string;
    /** A signed promotion attestation is stored for this deployment. */
    attested: boolean;
    evidence: LedgerRef;
  }[];
  /** Signatures of the assessed and the deployed versions. */
  signatures: {
    versionId: string;
    keyId: string;
    keyRevoked: boolean;
    createdAt: string;
    evidence: LedgerRef;
  }[];
  /** The latest card revision of the assessed version. */
  card: {
    revision: number;
    tier: string;
    complete: boolean;
    missing: string[];
    approvedBy: string | null;
    evidence: LedgerRef;
  } | null;
  /** The latest gate decision per (version, environment) for the assessed and deployed versions. */
  gateDecisions: {
    versionId: string;
    environment: string;
    outcome: 'passed' | 'blocked';
    evaluatedAt: string;
    evidence: LedgerRef;
  }[];
  /** Promotions of the model's versions (every status). */
  promotions: {
    id: string;
    versionId: string;
    versionAuthor: string;
    environment: string;
    status: string;
    requestedBy: string;
    requestedAt: string;
    approvedAt: string | null;
    overriddenBy: string | null;
    quorum: Record<string, number>;
    approvals: {
      approver: string;
      role: string | null;
      decision: 'approved' | 'rejected';
      at: string;
      evidence: LedgerRef;
    }[];
    evidence: LedgerRef;
  }[];
  /** Review items opened for break-glass overrides of the model's promotions. */
  reviewItems: {
    id: string;
    kind: string;
    status: 'open' | 'resolved';
    openedAt: string;
    resolvedAt: string | null;
    evidence: LedgerRef;
  }[];
  /** Evaluations of the assessed version (including comparisons where it is the challenger). */
  evaluations: {
    id: string;
    versionId: string;
    baselineVersionId: string | null;
    name: string;
    kind: string;
    createdBy: string;
    createdAt: string;
    hasBiasAudit: boolean;
    /** Lowest impact ratio over every audited group; null without an audit. */
    minImpactRatio: number | null;
    worstGroup: string | null;
    hasRobustness: boolean;
    evidence: LedgerRef;
  }[];
  /** The assessed version's training run. */
  run: {
    id: string;
    codeRepository: string | null;
    codeCommit: string | null;
    imageDigest: string | null;
    inputs: { datasetName: string; versionLabel: string; tags: Record<string, string> }[];
    evidence: LedgerRef;
  } | null;
  monitors: {
    id: string;
    name: string;
    environment: string;
    active: boolean;
    drift: boolean;
    performance: boolean;
    fairness: boolean;
    retentionDays: number;
    /** Action kinds of its alert rules: rollback, retrain, incident. */
    actions: string[];
    evidence: LedgerRef;
  }[];
  /** Alerts currently firing. */
  alerts: {
    id: string;
    severity: string;
    firedAt: string;
    summary: string;
    incidentKey: string | null;
    evidence: LedgerRef;
  }[];
  incidents: {
    key: string;
    severity: string;
    status: string;
    drill: boolean;
    openedAt: string;
    resolvedAt: string | null;
    reviewed: boolean;
    /** Regulatory clocks past their deadline with no submitted report. */
    overdueClocks: { rule: string; deadline: string }[];
    evidence: LedgerRef;
  }[];
  /** Integrity failures recorded against the model's artifacts. */
  integrityFailures: { at: string; ref: string; incidentClosed: boolean; evidence: LedgerRef }[];
  risks: (RiskItem & { evidence: LedgerRef })[];
  assessments: {
    id: string;
    kind: AssessmentKind;
    status: 'draft' | 'submitted' | 'approved' | 'rejected';
    authoredBy: string;
    approvedBy: string | null;
    approvedAt: string | null;
    /** Answered every required question. */
    complete: boolean;
    evidence: LedgerRef;
  }[];
  /** Attestations for this model and for the organisation, newest first. */
  attestations: {
    subControl: string;
    modelScoped: boolean;
    statement: string;
    attestedBy: string;
    attestedAt: string;
    validUntil: string;
    evidence: LedgerRef;
  }[];
  /** The last full verification of the audit log, organisation-wide. */
  ledgerVerification: {
    ok: boolean;
    at: string;
    size: number;
    firstBadIndex: number | null;
    evidence: LedgerRef | null;
  } | null;
  settings: { logRetentionDays: number };
}

export interface CheckOutcome {
  status: PostureStatus;
  detail: string;
  evidence: EvidenceItem[];
}

/** An automated check: a pure function of the facts. */
export type Check = (facts: ModelFacts) => CheckOutcome;

/** Convenience re-export for check authors. */
export type { ScopeFlag };
