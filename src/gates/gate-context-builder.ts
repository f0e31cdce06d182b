import type { Kysely, Transaction } from 'kysely';
import { cardGateFacts } from '../cards/index.js';
import type { Environment } from '../environments/index.js';
import type { GateContext } from '../policy/index.js';
import { datasetRefOf, modelRefOf, type ModelRow, type VersionRow } from '../registry/index.js';
import type { Database } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const DAY_MS = 86_400_000;

/**
 * Gathers everything a gate may look at for one version and environment (docs/policies.md,
 * "The context"). Read-only; runs inside the caller's transaction so the decision and the data it
 * judged are one snapshot. Evidence kinds that later modules own (evaluations, monitoring)
 * appear with their empty values until those modules record something.
 */
export async function buildGateContext(
  db: Db,
  model: ModelRow,
  version: VersionRow,
  environment: Environment,
  now: Date,
): Promise<GateContext> {
  const [artifacts, signatures, approvals, deployments, run, inputs, card] = await Promise.all([
    db
      .selectFrom('version_artifacts')
      .select(['path', 'size', 'digest'])
      .where('version_id', '=', version.id)
      .orderBy('path')
      .execute(),
    db
      .selectFrom('model_signatures as s')
      .innerJoin('signing_keys as k', 'k.id', 's.key_id')
      .select(['k.name', 'k.revoked_at'])
      .where('s.version_id', '=', version.id)
      .orderBy('s.created_at')
      .execute(),
    db
      .selectFrom('approvals as a')
      .innerJoin('promotions as p', 'p.id', 'a.promotion_id')
      .select(['a.approver', 'a.role', 'a.decision', 'p.environment'])
      .where('p.version_id', '=', version.id)
      .orderBy('a.decided_at')
      .execute(),
    currentDeployments(db, model.id),
    version.run_id === null
      ? Promise.resolve(undefined)
      : db.selectFrom('runs').selectAll().where('id', '=', version.run_id).executeTakeFirst(),
    version.run_id === null
      ? Promise.resolve([])
      : db
          .selectFrom('run_inputs')
          .innerJoin('dataset_versions as dv', 'dv.id', 'run_inputs.dataset_version_id')
          .innerJoin('datasets as d', 'd.id', 'dv.dataset_id')
          .select(['d.namespace', 'd.name', 'dv.label', 'dv.digest', 'dv.row_count', 'dv.columns'])
          .where('run_inputs.run_id', '=', version.run_id)
          .orderBy('d.name')
          .execute(),
    cardGateFacts(db, model, version),
  ]);
  const valid = signatures.filter((s) => s.revoked_at === null);
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
      artifacts: artifacts.map((a) => ({ path: a.path, size: a.size, digest: a.digest })),
      tags: version.tags,
      params: version.params,
    },
    metrics: version.metrics,
    card,
    evaluations: [],
    fairness: [],
    signatures: {
      count: signatures.length,
      valid: valid.length,
      signers: [...new Set(valid.map((s) => s.name))],
      // A signature is only accepted when it covers exactly the version's files (registry).
      coversAllArtifacts: valid.length > 0,
    },
    approvals: approvals.map((a) => ({
      approver: a.approver,
      role: a.role ?? '',
      decision: a.decision,
      environment: a.environment,
    })),
    lineage: {
      hasRun: run !== undefined,
      run: {
        name: run?.name ?? '',
        status: run?.status ?? '',
        codeRepository: run?.code_repository ?? '',
        codeCommit: run?.code_commit ?? '',
        imageDigest: run?.image_digest ?? '',
      },
      datasetCount: inputs.length,
    },
    datasets: inputs.map((d) => ({
      ref: datasetRefOf({ namespace: d.namespace, name: d.name }, d.label),
      digest: d.digest,
      rowCount: d.row_count ?? 0,
      columns: d.columns.map((c) => c.name),
    })),
    monitoring: { active: false, status: 'none', openAlerts: 0 },
    deployments,
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
 * itself sets). Any other change
 * (artifacts, signatures, metrics, model risk tier, card, evidence) gives a new digest and voids
 * the approvals given against the old one.
 */
export function approvalBasis(context: GateContext): unknown {
  return {
    ...context,
    version: { ...context.version, ageDays: 0, frozen: false },
    approvals: [],
    deployments: [],
  };
}
