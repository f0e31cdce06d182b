import type { Kysely, Transaction } from 'kysely';
import { cardGateFacts, gatherEvidence } from '../cards/index.js';
import { complianceGateFacts } from '../compliance/gate-facts.js';
import type { Environment } from '../environments/index.js';
import { evaluationFacts } from '../evaluation/index.js';
import { monitoringFacts } from '../monitoring/facts.js';
import type { GateContext } from '../policy/index.js';
import { modelRefOf, type ModelRow, type VersionRow } from '../registry/index.js';
import type { Database } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const DAY_MS = 86_400_000;

/**
 * Gathers everything a gate may look at for one version and environment (docs/policies.md,
 * "The context"). Read-only; runs inside the caller's transaction so the decision and the data it
 * judged are one snapshot. Evidence nobody has recorded (no evaluation, no monitor) appears
 * with its empty value.
 */
export async function buildGateContext(
  db: Db,
  model: ModelRow,
  version: VersionRow,
  environment: Environment,
  now: Date,
): Promise<GateContext> {
  // The card's evidence is the gate's evidence: one read of artifacts, signatures, lineage,
  // datasets and approvals serves both.
  // Evaluations feed both the card's evidence and the gate's own fields: read them once.
  const evaluated = await evaluationFacts(db, version.id);
  const [evidence, deployments, monitoring, compliance] = await Promise.all([
    gatherEvidence(db, model, version, evaluated),
    currentDeployments(db, model.id),
    monitoringFacts(db, model.id, environment.name),
    complianceGateFacts(db, model),
  ]);
  const card = await cardGateFacts(db, version, evidence);
  const valid = evidence.signatures.filter((s) => s.valid);
  const { lineage } = evidence;
  return {
    environment: { name: environment.name, rank: environment.rank },
    model: {
      name: model.name,
      namespace: model.namespace,
      ref: modelRefOf(model),
      owner: model.owner,
      riskTier: model.risk_tier ?? '',
      useCase: model.use_case,
      tags: model.tags,
    },
    version: {
      label: version.label,
      seq: version.seq,
      format: version.format,
      author: version.author,
      description: version.description,
      createdAt: version.created_at.toISOString(),
      ageDays: Math.max(0, Math.floor((now.getTime() - version.created_at.getTime()) / DAY_MS)),
      frozen: version.frozen_at !== null,
      artifacts: evidence.artifacts,
      tags: version.tags,
      params: version.params,
    },
    metrics: version.metrics,
    card,
    evaluations: evaluated.evaluations,
    evaluationRuns: evaluated.evaluationRuns,
    fairness: evaluated.fairness,
    signatures: {
      count: evidence.signatures.length,
      valid: valid.length,
      signers: [...new Set(valid.map((s) => s.signer))],
      // A signature is only accepted when it covers exactly the version's files (registry).
      coversAllArtifacts: valid.length > 0,
    },
    approvals: evidence.promotions.flatMap((p) =>
      p.approvals.map((a) => ({
        approver: a.approver,
        role: a.role,
        decision: a.decision,
        environment: p.environment,
      })),
    ),
    lineage: {
      hasRun: lineage.run !== null,
      run: {
        name: lineage.run ?? '',
        status: lineage.runStatus ?? '',
        codeRepository: lineage.codeRepository ?? '',
        codeCommit: lineage.codeCommit ?? '',
        imageDigest: lineage.imageDigest ?? '',
      },
      datasetCount: evidence.trainingDatasets.length,
    },
    datasets: evidence.trainingDatasets.map((d) => ({
      ref: d.ref,
      digest: d.digest,
      rowCount: d.rows ?? 0,
      columns: d.columns,
    })),
    // Monitors count in the environment the gate guards: production needs its own.
    monitoring: {
      active: monitoring.monitors > 0,
      status: monitoring.status,
      openAlerts: monitoring.openAlerts,
    },
    deployments,
    compliance,
  };
}

/** Where the model runs now: the latest deployment per environment, rollbacks included. */
async function currentDeployments(
  db: Db,
  modelId: string,
): Promise<{ environment: string; label: string }[]> {
  const rows = await db
    .selectFrom('deployments as d')
    .innerJoin('model_versions as v', 'v.id', 'd.version_id')
    .select(['d.environment', 'v.label', 'd.deployed_at', 'd.id'])
    .where('d.model_id', '=', modelId)
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  const seen = new Map<string, string>();
  for (const row of rows) if (!seen.has(row.environment)) seen.set(row.environment, row.label);
  return [...seen].sort().map(([environment, label]) => ({ environment, label }));
}

/**
 * What an approval is bound to: the context minus what legitimately changes while a promotion
 * is open (approvals arriving, deployments elsewhere, the version's age, the freeze that approval
 * itself sets, and monitoring, which watches what is deployed and changes with every window).
 * Any other change
 * (artifacts, signatures, metrics, model risk tier, card, evidence) gives a new digest and voids
 * the approvals given against the old one.
 */
export function approvalBasis(context: GateContext): unknown {
  return {
    ...context,
    version: { ...context.version, ageDays: 0, frozen: false },
    approvals: [],
    deployments: [],
    monitoring: { active: false, status: 'none', openAlerts: 0 },
  };
}
