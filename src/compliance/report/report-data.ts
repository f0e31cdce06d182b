import type { ModelPosture, OrganisationPosture, PostureStatus } from '../posture/types.js';

/**
 * What the report builders read. Everything here is gathered from the store by the compliance
 * service; the builders (Markdown, HTML, JSON, OSCAL) are pure functions of these objects.
 */

export interface ReportMeta {
  generatedAt: string;
  generatedBy: string;
  verityVersion: string;
  /** Audit log size and root when the report was made; the evidence bundle proves entries to it. */
  ledger: { origin: string; size: number; rootHash: string };
}

export interface RiskItem {
  id: string;
  category: string;
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  score: number;
  level: 'low' | 'medium' | 'high' | 'critical';
  owner: string;
  status: 'open' | 'mitigated' | 'accepted' | 'closed';
  mitigations: {
    description: string;
    controls: string[];
    status: 'planned' | 'implemented';
    evidence: string[];
  }[];
  residualLikelihood: number | null;
  residualImpact: number | null;
  residualScore: number | null;
  residualLevel: 'low' | 'medium' | 'high' | 'critical' | null;
  reviewDue: string | null;
  acceptedBy: string | null;
  acceptedAt: string | null;
  acceptance: string | null;
}

export interface AssessmentSummary {
  id: string;
  /** dpia | fria | aia */
  kind: string;
  title: string;
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
  version: string | null;
  answered: number;
  required: number;
  missing: string[];
  authoredBy: string;
  approvedBy: string | null;
  approvedAt: string | null;
  /** A few key answers, question text → answer, for the report body. */
  highlights: { question: string; answer: string }[];
}

export interface EvaluationSummaryItem {
  name: string;
  kind: string;
  createdAt: string;
  createdBy: string;
  /** Headline metrics (e.g. roc_auc, accuracy, ece), each with its interval when known. */
  metrics: { name: string; value: number; lower: number | null; upper: number | null }[];
  minImpactRatio: number | null;
  /** The group with the lowest impact ratio, e.g. `age_band=under-25`. */
  worstGroup: string | null;
}

export interface IncidentItem {
  key: string;
  severity: string;
  status: string;
  title: string;
  openedAt: string;
  resolvedAt: string | null;
  clocks: { rule: string; deadline: string; status: string }[];
}

export interface CardSummary {
  revision: number;
  tier: string;
  complete: boolean;
  missing: string[];
  approvedBy: string | null;
  approvedAt: string | null;
  intendedUse: string | null;
  limitations: string | null;
}

export interface ModelReportData {
  meta: ReportMeta;
  posture: ModelPosture;
  versions: { label: string; createdAt: string; author: string }[];
  deployments: { environment: string; version: string; deployedAt: string; kind: string }[];
  card: CardSummary | null;
  evaluations: EvaluationSummaryItem[];
  risks: RiskItem[];
  assessments: AssessmentSummary[];
  incidents: IncidentItem[];
}

export interface FrameworkReportData {
  meta: ReportMeta;
  frameworkId: string;
  /** One posture per model in the organisation's inventory (the framework may not apply to all). */
  postures: ModelPosture[];
}

export interface OrganisationReportData {
  meta: ReportMeta;
  posture: OrganisationPosture;
  /**
   * The model postures the organisation posture was built from. The controls × frameworks heat
   * map needs requirement-level statuses, which the organisation posture does not carry; without
   * them the report says the heat map is unavailable.
   */
  postures?: ModelPosture[];
  kpis: ComplianceKpis;
}

export interface ComplianceKpis {
  /** Milliseconds to produce the last full model report (audit cycle time), or null. */
  auditCycleMs: number | null;
  auditCycleAt: string | null;
  shareAutomated: number;
  sharePassing: number;
  /** Mean time to detect / resolve, in minutes (from incidents), or null without incidents. */
  mttdMinutes: number | null;
  mttrMinutes: number | null;
  /** Median minutes from promotion request to approval; from registration to production deployment. */
  approvalLeadMinutes: number | null;
  deploymentLeadMinutes: number | null;
  openGaps: number;
}

/** A change of one status between two postures (versions or dates). */
export interface PostureChange {
  /** `C6.1`, `C6`, or `eu-ai-act Art 9` */
  item: string;
  kind: 'sub-control' | 'control' | 'requirement' | 'framework';
  title: string;
  from: PostureStatus | 'absent';
  to: PostureStatus | 'absent';
  /** The new detail, when the status changed. */
  detail: string;
}

export interface PostureDiff {
  from: { label: string; asOf: string; version: string | null };
  to: { label: string; asOf: string; version: string | null };
  changes: PostureChange[];
  /** Counts of improvements (toward met) and regressions (toward gap). */
  improved: number;
  regressed: number;
}
