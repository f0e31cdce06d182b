import type { Kysely, Transaction } from 'kysely';
import { datasetRefOf, modelRefOf, type ModelRow, type VersionRow } from '../registry/index.js';
import type { Database } from '../store/index.js';
import { evaluationFacts, type EvaluationFacts } from '../evaluation/facts.js';
import { monitoringFacts } from '../monitoring/facts.js';
import type { CardEvidence } from './card-schema.js';

type Db = Kysely<Database> | Transaction<Database>;

function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

/** The ids of the rules that failed in a stored gate decision. */
function failedRules(results: unknown[]): string[] {
  const failed: string[] = [];
  for (const r of results) {
    if (r === null || typeof r !== 'object') continue;
    const { pack, rule, status } = r as { pack?: unknown; rule?: unknown; status?: unknown };
    if (status === 'fail' || status === 'error') failed.push(`${String(pack)}/${String(rule)}`);
  }
  return failed;
}

/**
 * Everything Verity can say on a card without anyone writing it: identity, artifacts and their
 * digests, signatures, lineage, training data, metrics, gate decisions, approvals, deployments
 * and the card's own change log. Read-only; run it inside the caller's transaction for a snapshot.
 * Metrics come from the version's registration and from its latest evaluations (with their
 * bootstrap intervals); metrics by group from those evaluations' bias audits.
 */
export async function gatherEvidence(
  db: Db,
  model: ModelRow,
  version: VersionRow,
  /** The version's evaluation facts, when the caller has read them already (the gate). */
  evaluations?: EvaluationFacts,
): Promise<CardEvidence> {
  const [
    artifacts,
    signatures,
    run,
    inputs,
    decisions,
    promotions,
    deployments,
    revisions,
    monitoring,
    evaluated,
  ] = await Promise.all([
    db
      .selectFrom('version_artifacts')
      .select(['path', 'size', 'digest'])
      .where('version_id', '=', version.id)
      .orderBy('path')
      .execute(),
    db
      .selectFrom('model_signatures as s')
      .innerJoin('signing_keys as k', 'k.id', 's.key_id')
      .select(['k.name', 'k.hint', 'k.algorithm', 'k.revoked_at', 's.created_at'])
      .where('s.version_id', '=', version.id)
      .orderBy('s.created_at')
      .orderBy('s.id')
      .execute(),
    version.run_id === null
      ? Promise.resolve(undefined)
      : db.selectFrom('runs').selectAll().where('id', '=', version.run_id).executeTakeFirst(),
    version.run_id === null
      ? Promise.resolve([])
      : db
          .selectFrom('run_inputs')
          .innerJoin('dataset_versions as dv', 'dv.id', 'run_inputs.dataset_version_id')
          .innerJoin('datasets as d', 'd.id', 'dv.dataset_id')
          .select([
            'd.namespace',
            'd.name',
            'dv.label',
            'dv.digest',
            'dv.row_count',
            'dv.columns',
            'dv.source_uri',
          ])
          .where('run_inputs.run_id', '=', version.run_id)
          .orderBy('d.namespace')
          .orderBy('d.name')
          .orderBy('dv.seq')
          .execute(),
    db
      .selectFrom('gate_decisions')
      .selectAll()
      .where('version_id', '=', version.id)
      .orderBy('evaluated_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('promotions')
      .selectAll()
      .where('version_id', '=', version.id)
      .orderBy('requested_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('deployments')
      .select(['environment', 'deployed_at', 'actor', 'kind'])
      .where('version_id', '=', version.id)
      .orderBy('deployed_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('model_cards')
      .select(['revision', 'created_at', 'created_by', 'summary', 'approved_at', 'approved_by'])
      .where('version_id', '=', version.id)
      .orderBy('revision')
      .execute(),
    monitoringFacts(db, model.id),
    evaluations ?? evaluationFacts(db, version.id),
  ]);
  const approvals =
    promotions.length === 0
      ? []
      : await db
          .selectFrom('approvals')
          .selectAll()
          .where(
            'promotion_id',
            'in',
            promotions.map((p) => p.id),
          )
          .orderBy('decided_at')
          .orderBy('id')
          .execute();
  return {
    model: {
      name: model.name,
      namespace: model.namespace,
      ref: modelRefOf(model),
      owner: model.owner,
      useCase: model.use_case,
      riskTier: model.risk_tier,
      version: version.label,
      seq: version.seq,
      format: version.format,
      author: version.author,
      createdAt: iso(version.created_at),
      description: version.description,
    },
    artifacts: artifacts.map((a) => ({ path: a.path, size: a.size, digest: a.digest })),
    signatures: signatures.map((s) => ({
      signer: s.name,
      keyHint: s.hint,
      algorithm: s.algorithm,
      signedAt: iso(s.created_at),
      valid: s.revoked_at === null,
    })),
    lineage: {
      run: run?.name ?? null,
      runStatus: run?.status ?? null,
      codeRepository: run?.code_repository ?? null,
      codeCommit: run?.code_commit ?? null,
      imageDigest: run?.image_digest ?? null,
      packages: run?.packages ?? [],
      params: run?.params ?? {},
    },
    trainingDatasets: inputs.map((d) => ({
      ref: datasetRefOf({ namespace: d.namespace, name: d.name }, d.label),
      digest: d.digest,
      rows: d.row_count,
      columns: d.columns.map((c) => c.name),
      sourceUri: d.source_uri,
    })),
    metrics: [
      ...Object.entries(version.metrics)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, value]) => ({ name, value, slice: 'overall', source: 'version' })),
      ...evaluated.metrics,
    ],
    groupMetrics: evaluated.fairness.map((f) => ({
      metric: f.metric,
      attribute: f.attribute,
      group: f.group,
      value: f.value,
    })),
    evaluationDatasets: evaluated.datasets,
    monitoring: {
      status: monitoring.status,
      monitors: monitoring.monitors,
      openAlerts: monitoring.openAlerts,
    },
    gateDecisions: decisions.map((d) => ({
      environment: d.environment,
      outcome: d.outcome,
      packs: d.packs.map((p) => `${p.name}@${p.version}`),
      failedRules: failedRules(d.results),
      evaluatedAt: iso(d.evaluated_at),
      evaluatedBy: d.evaluated_by,
    })),
    promotions: promotions.map((p) => ({
      environment: p.environment,
      status: p.status,
      requestedBy: p.requested_by,
      requestedAt: iso(p.requested_at),
      overriddenBy: p.overridden_by,
      approvals: approvals
        .filter((a) => a.promotion_id === p.id)
        .map((a) => ({
          approver: a.approver,
          role: a.role ?? '',
          decision: a.decision,
          reason: a.reason,
          decidedAt: iso(a.decided_at),
        })),
    })),
    deployments: deployments.map((d) => ({
      environment: d.environment,
      deployedAt: iso(d.deployed_at),
      actor: d.actor,
      kind: d.kind,
    })),
    changeLog: revisions.map((r) => ({
      revision: r.revision,
      at: iso(r.created_at),
      author: r.created_by,
      summary: r.summary,
      approvedBy: r.approved_by,
      approvedAt: r.approved_at === null ? null : iso(r.approved_at),
    })),
  };
}
