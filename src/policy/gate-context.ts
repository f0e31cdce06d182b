/**
 * Everything a policy rule can see about a promotion: the model version, its evidence and the
 * target environment. Built from the database by the gate service; the policy engine only reads
 * it. Each field is declared to CEL with the type documented in docs/policies.md.
 */
export interface GateContext {
  environment: { name: string; rank: number }; // rank: 0 dev, 1 staging, 2 production ...
  model: {
    name: string;
    namespace: string;
    ref: string;
    owner: string;
    riskTier: string /* '' if unset */;
    useCase: string;
    tags: Record<string, string>;
  };
  version: {
    label: string;
    seq: number;
    format: string;
    author: string;
    description: string;
    createdAt: string /* ISO */;
    ageDays: number;
    frozen: boolean;
    artifacts: { path: string; size: number; digest: string }[];
    tags: Record<string, string>;
    params: Record<string, unknown>;
  };
  metrics: Record<string, number>;
  card: {
    exists: boolean;
    completeness: number /* 0..1 */;
    missing: string[];
    riskTier: string;
    approved: boolean;
  };
  /** Latest evaluation of each name: its flattened metrics (`evaluations.holdout.roc_auc`). */
  evaluations: Record<string, Record<string, number>>;
  /** One record per kind of evidence those evaluations are (`test`, `bias-audit`, ...). */
  evaluationRuns: {
    name: string;
    kind: string;
    dataset: string;
    createdAt: string;
    metrics: Record<string, number>;
  }[];
  fairness: { metric: string; group: string; value: number; attribute: string }[];
  signatures: { count: number; valid: number; signers: string[]; coversAllArtifacts: boolean };
  approvals: { approver: string; role: string; decision: string; environment: string }[];
  lineage: {
    hasRun: boolean;
    run: {
      name: string;
      status: string;
      codeRepository: string;
      codeCommit: string;
      imageDigest: string;
    };
    datasetCount: number;
  };
  datasets: { ref: string; digest: string; rowCount: number; columns: string[] }[];
  monitoring: {
    active: boolean;
    status: string /* 'none' | 'ok' | 'alerting' */;
    openAlerts: number;
  };
  deployments: { environment: string; label: string }[]; // where this model currently runs
  /** The model's recorded scope and impact assessments (docs/compliance.md). */
  compliance: {
    scoped: boolean;
    euTier: string /* '' until classified */;
    jurisdictions: string[];
    /** Assessment kinds (dpia, fria, aia) the scope requires. */
    requiredAssessments: string[];
    /** Latest status of each kind: draft | submitted | approved | rejected | missing. */
    assessments: Record<string, string>;
  };
}
