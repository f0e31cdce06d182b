import type { Kysely, Transaction } from 'kysely';
import { cardGateFacts, gatherEvidence } from '../../cards/index.js';
import { evaluationFacts } from '../../evaluation/index.js';
import { monitorConfigSchema } from '../../monitoring/schemas.js';
import { iso, modelRefOf, type ModelRow, type VersionRow } from '../../registry/index.js';
import type { Database } from '../../store/index.js';
import type { AssessmentKind, ModelFacts } from '../checks/facts.js';
import type { ModelScope } from '../posture/types.js';
import { toRiskItem } from '../risks/risk-store.js';
import type { ComplianceSettings } from '../store/settings.js';
import { LedgerRefs } from './ledger-refs.js';
import { checkAnswers, loadAssessmentTemplate } from '../questionnaires/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const SUBJECT_KINDS = [
  'model',
  'model-version',
  'run',
  'evaluation',
  'monitor',
  'alert',
  'incident',
  'risk',
  'impact-assessment',
  'attestation',
  'review-item',
  'blob',
  'ledger',
] as const;

/** Which version a posture assesses, and why. */
export async function assessedVersion(
  db: Db,
  model: ModelRow,
  explicit: VersionRow | null,
  asOf: Date,
): Promise<{ version: VersionRow | null; basis: 'explicit' | 'deployed' | 'latest' | 'none' }> {
  if (explicit !== null) return { version: explicit, basis: 'explicit' };
  const deployed = await db
    .selectFrom('deployments as d')
    .innerJoin('environments as e', 'e.name', 'd.environment')
    .select('d.version_id')
    .where('d.model_id', '=', model.id)
    .where('d.deployed_at', '<=', asOf)
    .orderBy('e.rank', 'desc')
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .executeTakeFirst();
  if (deployed !== undefined) {
    // What the latest deployment of the highest-ranked environment put there.
    const version = await db
      .selectFrom('model_versions')
      .selectAll()
      .where('id', '=', deployed.version_id)
      .executeTakeFirstOrThrow();
    return { version, basis: 'deployed' };
  }
  const latest = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('created_at', '<=', asOf)
    .orderBy('seq', 'desc')
    .executeTakeFirst();
  return latest === undefined
    ? { version: null, basis: 'none' }
    : { version: latest, basis: 'latest' };
}

/**
 * Reads everything the automated checks need about one model from the store, in a handful of
 * queries, with the ledger entry behind each fact. Rows created after `asOf` are left out where
 * their time is known, so a posture for an earlier date does not see later evidence.
 */
export async function gatherModelFacts(
  db: Db,
  input: {
    model: ModelRow;
    version: VersionRow | null;
    asOf: Date;
    settings: ComplianceSettings;
  },
): Promise<ModelFacts> {
  const { model, version, asOf, settings } = input;
  const modelRef = modelRefOf(model);

  const environments = await db.selectFrom('environments').selectAll().orderBy('rank').execute();
  const deploymentRows = await db
    .selectFrom('deployments as d')
    .innerJoin('model_versions as v', 'v.id', 'd.version_id')
    .leftJoin('attestations as a', 'a.deployment_id', 'd.id')
    .distinctOn(['d.environment'])
    .select([
      'd.id',
      'd.environment',
      'd.version_id',
      'v.label',
      'd.deployed_at',
      'd.kind',
      'a.deployment_id as attested',
    ])
    .where('d.model_id', '=', model.id)
    .where('d.deployed_at', '<=', asOf)
    .orderBy('d.environment')
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  const versions = await db
    .selectFrom('model_versions')
    .select(['id', 'label', 'seq', 'author', 'created_at', 'run_id'])
    .where('model_id', '=', model.id)
    .orderBy('seq')
    .execute();
  const versionIds = new Set<string>(deploymentRows.map((d) => d.version_id));
  if (version !== null) versionIds.add(version.id);
  const relevantVersions = [...versionIds];

  const scopeRow = await db
    .selectFrom('model_scopes')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('recorded_at', '<=', asOf)
    .orderBy('revision', 'desc')
    .executeTakeFirst();

  const signatures =
    relevantVersions.length === 0
      ? []
      : await db
          .selectFrom('model_signatures as s')
          .innerJoin('signing_keys as k', 'k.id', 's.key_id')
          .select(['s.version_id', 's.key_id', 'k.revoked_at', 's.created_at'])
          .where('s.version_id', 'in', relevantVersions)
          .where('s.created_at', '<=', asOf)
          .execute();

  const cardRow =
    version === null
      ? undefined
      : await db
          .selectFrom('model_cards')
          .selectAll()
          .where('version_id', '=', version.id)
          .where('created_at', '<=', asOf)
          .orderBy('revision', 'desc')
          .executeTakeFirst();

  // Completeness against today's evidence, as the gate sees it (not the revision's snapshot).
  const cardFacts =
    version === null || cardRow === undefined
      ? null
      : await cardGateFacts(
          db,
          version,
          await gatherEvidence(db, model, version, await evaluationFacts(db, version.id)),
        );
  const cardApproved =
    cardRow !== undefined && cardRow.approved_at !== null && cardRow.approved_at <= asOf;

  const gateRows =
    relevantVersions.length === 0
      ? []
      : await db
          .selectFrom('gate_decisions')
          .distinctOn(['version_id', 'environment'])
          .select(['id', 'version_id', 'environment', 'outcome', 'evaluated_at'])
          .where('version_id', 'in', relevantVersions)
          .where('evaluated_at', '<=', asOf)
          .orderBy('version_id')
          .orderBy('environment')
          .orderBy('evaluated_at', 'desc')
          .execute();

  const promotionRows = await db
    .selectFrom('promotions as p')
    .innerJoin('model_versions as v', 'v.id', 'p.version_id')
    .selectAll('p')
    .select('v.author as version_author')
    .where('p.model_id', '=', model.id)
    .where('p.requested_at', '<=', asOf)
    .orderBy('p.requested_at')
    .execute();
  const promotionIds = promotionRows.map((p) => p.id);
  const approvalRows =
    promotionIds.length === 0
      ? []
      : await db
          .selectFrom('approvals')
          .selectAll()
          .where('promotion_id', 'in', promotionIds)
          .where('decided_at', '<=', asOf)
          .execute();
  const reviewRows =
    promotionIds.length === 0
      ? []
      : await db
          .selectFrom('review_items')
          .selectAll()
          .where('subject_id', 'in', promotionIds)
          .where('opened_at', '<=', asOf)
          .execute();

  const evaluationRows =
    version === null
      ? []
      : await db
          .selectFrom('evaluations')
          .select([
            'id',
            'version_id',
            'baseline_version_id',
            'name',
            'kind',
            'summary',
            'created_at',
            'created_by',
          ])
          .where('version_id', '=', version.id)
          .where('created_at', '<=', asOf)
          .orderBy('created_at')
          .execute();

  const runRow =
    version?.run_id == null
      ? undefined
      : await db.selectFrom('runs').selectAll().where('id', '=', version.run_id).executeTakeFirst();
  const runInputs =
    runRow === undefined
      ? []
      : await db
          .selectFrom('run_inputs')
          .innerJoin('dataset_versions as dv', 'dv.id', 'run_inputs.dataset_version_id')
          .innerJoin('datasets as d', 'd.id', 'dv.dataset_id')
          .select(['d.name', 'dv.label', 'dv.tags'])
          .where('run_inputs.run_id', '=', runRow.id)
          .execute();

  const monitorRows = await db
    .selectFrom('monitors')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('created_at', '<=', asOf)
    .execute();
  const alertRows = await db
    .selectFrom('alerts')
    .select(['id', 'severity', 'fired_at', 'summary', 'status'])
    .where('model_id', '=', model.id)
    .where('status', '=', 'firing')
    .where('fired_at', '<=', asOf)
    .execute();

  const incidentRows = (
    await db.selectFrom('incidents').selectAll().where('opened_at', '<=', asOf).execute()
  ).filter((i) =>
    (i.affected as { model: string }[]).some((a) => a.model === modelRef || a.model === model.name),
  );
  const incidentIds = incidentRows.map((i) => i.id);
  const clockRows =
    incidentIds.length === 0
      ? []
      : await db
          .selectFrom('incident_clocks')
          .selectAll()
          .where('incident_id', 'in', incidentIds)
          .execute();
  const reviewedRows =
    incidentIds.length === 0
      ? []
      : await db
          .selectFrom('incident_reviews')
          .select(['incident_id', 'completed_at'])
          .where('incident_id', 'in', incidentIds)
          .execute();

  const artifactDigests =
    versions.length === 0
      ? []
      : (
          await db
            .selectFrom('version_artifacts')
            .select('digest')
            .where(
              'version_id',
              'in',
              versions.map((v) => v.id),
            )
            .execute()
        ).map((a) => a.digest);
  const integrityRows =
    artifactDigests.length === 0
      ? []
      : await db
          .selectFrom('ledger_entries')
          .select(['seq', 'subject_id', 'recorded_at'])
          .where('subject_kind', '=', 'blob')
          .where('subject_id', 'in', [...new Set(artifactDigests)])
          .where('type', '=', 'integrity-check-failed')
          .where('recorded_at', '<=', asOf)
          .execute();
  const integrityIncidents =
    integrityRows.length === 0
      ? []
      : (
          await db
            .selectFrom('incidents')
            .select(['source', 'status'])
            .where('type', '=', 'integrity')
            .execute()
        ).map((i) => ({ id: (i.source as { id: string }).id, status: i.status }));

  const riskRows = await db
    .selectFrom('risks')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('created_at', '<=', asOf)
    .execute();
  const assessmentRows = await db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('created_at', '<=', asOf)
    .execute();
  const attestationRows = await db
    .selectFrom('compliance_attestations')
    .selectAll()
    .where((eb) => eb.or([eb('model_id', '=', model.id), eb('model_id', 'is', null)]))
    .where('attested_at', '<=', asOf)
    .orderBy('attested_at', 'desc')
    .execute();
  const verification = await db
    .selectFrom('ledger_verifications')
    .selectAll()
    .where('verified_at', '<=', asOf)
    .orderBy('verified_at', 'desc')
    .executeTakeFirst();

  const refs = await LedgerRefs.load(
    db,
    SUBJECT_KINDS,
    [
      model.id,
      ...versions.map((v) => v.id),
      ...(runRow === undefined ? [] : [runRow.id]),
      ...evaluationRows.map((e) => e.id),
      ...monitorRows.map((m) => m.id),
      ...alertRows.map((a) => a.id),
      ...incidentIds,
      ...riskRows.map((r) => r.id),
      ...assessmentRows.map((a) => a.id),
      ...attestationRows.map((a) => a.id),
      ...reviewRows.map((r) => r.id),
      ...(verification === undefined ? [] : [verification.id]),
    ],
    asOf,
  );

  const incidentByAlert = new Map<string, string>();
  for (const i of incidentRows) {
    const source = i.source as { kind?: string; id?: string };
    if (source.kind === 'alert' && source.id !== undefined) incidentByAlert.set(source.id, i.key);
  }

  return {
    asOf: asOf.toISOString(),
    model: {
      id: model.id,
      name: modelRef,
      owner: model.owner,
      riskTier: model.risk_tier,
      createdAt: iso(model.created_at),
    },
    scope:
      scopeRow === undefined
        ? null
        : {
            ...(scopeRow.scope as ModelScope),
            recordedAt: iso(scopeRow.recorded_at),
            recordedBy: scopeRow.recorded_by,
            evidence: refs.require(model.id, 'model-scope-recorded', scopeRow.recorded_at),
          },
    version:
      version === null
        ? null
        : {
            id: version.id,
            label: version.label,
            seq: version.seq,
            author: version.author,
            createdAt: iso(version.created_at),
            evidence: refs.require(version.id, 'model-version-registered'),
          },
    earlierVersions:
      version === null
        ? []
        : versions
            .filter((v) => v.seq < version.seq)
            .map((v) => ({ id: v.id, label: v.label, seq: v.seq })),
    environments: environments.map((e) => ({
      name: e.name,
      rank: e.rank,
      gated: e.policy_packs.length > 0 || Object.values(e.quorum).some((n) => n > 0),
      quorum: e.quorum,
    })),
    deployments: deploymentRows.map((d) => ({
      environment: d.environment,
      versionId: d.version_id,
      versionLabel: d.label,
      deployedAt: iso(d.deployed_at),
      kind: d.kind,
      attested: d.attested !== null,
      evidence: refs.require(
        d.version_id,
        ['deployment-recorded', 'deployment-rolled-back'],
        d.deployed_at,
      ),
    })),
    signatures: signatures.map((s) => ({
      versionId: s.version_id,
      keyId: s.key_id,
      keyRevoked: s.revoked_at !== null && s.revoked_at <= asOf,
      createdAt: iso(s.created_at),
      evidence: refs.require(s.version_id, 'model-version-signed', s.created_at),
    })),
    card:
      cardRow === undefined || cardFacts === null
        ? null
        : {
            revision: cardRow.revision,
            tier: cardFacts.riskTier,
            complete: cardFacts.missing.length === 0,
            missing: cardFacts.missing,
            approvedBy: cardApproved ? cardRow.approved_by : null,
            evidence: refs.require(
              version?.id ?? '',
              cardApproved ? 'model-card-approved' : 'model-card-revised',
              cardApproved ? (cardRow.approved_at ?? undefined) : cardRow.created_at,
            ),
          },
    gateDecisions: gateRows.map((g) => ({
      versionId: g.version_id,
      environment: g.environment,
      outcome: g.outcome === 'passed' ? 'passed' : 'blocked',
      evaluatedAt: iso(g.evaluated_at),
      evidence: refs.require(g.version_id, 'gate-evaluated', g.evaluated_at),
    })),
    promotions: promotionRows.map((p) => ({
      id: p.id,
      versionId: p.version_id,
      versionAuthor: p.version_author,
      environment: p.environment,
      status: p.status,
      requestedBy: p.requested_by,
      requestedAt: iso(p.requested_at),
      approvedAt: p.approved_at === null ? null : iso(p.approved_at),
      overriddenBy: p.overridden_by,
      quorum: p.quorum,
      approvals: approvalRows
        .filter((a) => a.promotion_id === p.id)
        .map((a) => ({
          approver: a.approver,
          role: a.role,
          decision: a.decision === 'approved' ? 'approved' : 'rejected',
          at: iso(a.decided_at),
          evidence: refs.require(
            p.version_id,
            a.decision === 'approved' ? 'approval-granted' : 'promotion-rejected',
            a.decided_at,
          ),
        })),
      evidence: refs.require(p.version_id, 'promotion-requested', p.requested_at),
    })),
    reviewItems: reviewRows.map((r) => ({
      id: r.id,
      kind: r.kind,
      status: r.status === 'resolved' ? 'resolved' : 'open',
      openedAt: iso(r.opened_at),
      resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
      evidence:
        refs.find(r.id, 'review-item-resolved') ??
        refs.require(r.subject_id, 'gate-overridden', r.opened_at),
    })),
    evaluations: evaluationRows.map((e) => {
      const summary = e.summary as {
        kinds?: string[];
        metrics?: Record<string, number>;
        fairness?: { metric: string; attribute: string; group: string; value: number }[];
      };
      const ratios = (summary.fairness ?? []).filter((f) => f.metric === 'impact_ratio');
      const worst = ratios.reduce<(typeof ratios)[number] | undefined>(
        (a, b) => (a === undefined || b.value < a.value ? b : a),
        undefined,
      );
      const kinds = summary.kinds ?? [];
      return {
        id: e.id,
        versionId: e.version_id,
        baselineVersionId: e.baseline_version_id,
        name: e.name,
        kind: e.kind,
        createdBy: e.created_by,
        createdAt: iso(e.created_at),
        hasBiasAudit: kinds.includes('bias-audit'),
        minImpactRatio: summary.metrics?.min_impact_ratio ?? worst?.value ?? null,
        worstGroup: worst === undefined ? null : `${worst.attribute}=${worst.group}`,
        hasRobustness: kinds.includes('robustness'),
        evidence: refs.require(e.id, 'evaluation-recorded'),
      };
    }),
    run:
      runRow === undefined
        ? null
        : {
            id: runRow.id,
            codeRepository: runRow.code_repository,
            codeCommit: runRow.code_commit,
            imageDigest: runRow.image_digest,
            inputs: runInputs.map((i) => ({
              datasetName: i.name,
              versionLabel: i.label,
              tags: i.tags,
            })),
            evidence: refs.require(runRow.id, 'run-logged'),
          },
    monitors: monitorRows.map((m) => {
      const config = monitorConfigSchema.parse(m.config);
      return {
        id: m.id,
        name: m.name,
        environment: m.environment,
        active: m.active,
        drift: true,
        performance: config.performance.length > 0,
        fairness: config.fairness.length > 0,
        retentionDays: config.retentionDays,
        actions: config.actions.map((a) => a.kind),
        evidence: refs.require(m.id, ['monitor-updated', 'monitor-created']),
      };
    }),
    alerts: alertRows.map((a) => ({
      id: a.id,
      severity: a.severity,
      firedAt: iso(a.fired_at),
      summary: a.summary,
      incidentKey: incidentByAlert.get(a.id) ?? null,
      evidence: refs.require(a.id, 'alert-fired', a.fired_at),
    })),
    incidents: incidentRows.map((i) => ({
      key: i.key,
      severity: i.severity,
      status: i.status,
      drill: i.drill,
      openedAt: iso(i.opened_at),
      resolvedAt: i.resolved_at === null ? null : iso(i.resolved_at),
      reviewed: reviewedRows.some((r) => r.incident_id === i.id && r.completed_at !== null),
      overdueClocks: clockRows
        .filter((c) => c.incident_id === i.id && c.submitted_at === null && c.due_at < asOf)
        .map((c) => ({ rule: c.rule_id, deadline: iso(c.due_at) })),
      evidence: refs.require(i.id, 'incident-opened'),
    })),
    integrityFailures: integrityRows.map((r) => ({
      at: iso(r.recorded_at),
      ref: r.subject_id,
      incidentClosed: integrityIncidents.some(
        (i) => i.id === r.subject_id && (i.status === 'closed' || i.status === 'resolved'),
      ),
      evidence: { ledgerIndex: r.seq, type: 'integrity-check-failed', at: iso(r.recorded_at) },
    })),
    risks: riskRows.map((r) => ({
      ...toRiskItem(r),
      evidence: refs.require(r.id, ['risk-accepted', 'risk-updated', 'risk-recorded']),
    })),
    assessments: assessmentRows.map((a) => {
      const kind = a.kind as AssessmentKind;
      const decided = a.decided_at !== null && a.decided_at <= asOf;
      const status = (
        decided
          ? a.status
          : a.status === 'approved' || a.status === 'rejected'
            ? 'submitted'
            : a.status
      ) as ModelFacts['assessments'][number]['status'];
      return {
        id: a.id,
        kind,
        status,
        authoredBy: a.authored_by,
        approvedBy: status === 'approved' ? a.decided_by : null,
        approvedAt: status === 'approved' && a.decided_at !== null ? iso(a.decided_at) : null,
        complete: checkAnswers(loadAssessmentTemplate(kind), a.answers).missing.length === 0,
        evidence: refs.require(a.id, [
          'impact-assessment-approved',
          'impact-assessment-rejected',
          'impact-assessment-submitted',
          'impact-assessment-updated',
          'impact-assessment-started',
        ]),
      };
    }),
    attestations: attestationRows.map((a) => ({
      subControl: a.sub_control,
      modelScoped: a.model_id !== null,
      statement: a.statement,
      attestedBy: a.attested_by,
      attestedAt: iso(a.attested_at),
      validUntil: iso(a.valid_until),
      evidence: refs.require(a.id, 'attestation-recorded'),
    })),
    ledgerVerification:
      verification === undefined
        ? null
        : {
            ok: verification.ok,
            at: iso(verification.verified_at),
            size: verification.size,
            firstBadIndex: verification.first_bad_index,
            evidence: refs.find(verification.id, 'ledger-verified'),
          },
    settings: { logRetentionDays: settings.logRetentionDays },
  };
}
