import type { Kysely, Transaction } from 'kysely';
import { findEnvironment } from '../environments/index.js';
import { gateBasisDigest, getGateDecision } from '../gates/index.js';
import type { EventDraft } from '../ledger/index.js';
import { VerityError } from '../lib/index.js';
import { findModel, modelRefOf } from '../registry/index.js';
import type { Database } from '../store/index.js';
import { approvalsOf, isPastExpiry } from './quorum.js';
import type { GovernanceContext } from './context.js';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The deployment guard: a version reaches a gated environment only with an approved promotion
 * that has not expired and whose gate inputs are unchanged. Rollbacks restore a version that was
 * approved for the environment before, without a new request.
 */
export async function clearDeployment(
  ctx: GovernanceContext,
  tx: Transaction<Database>,
  input: {
    modelId: string;
    versionId: string;
    environment: string;
    kind: 'deploy' | 'rollback';
    now: Date;
  },
): Promise<{ promotionId: string | null; policyDecision: unknown; approvers: string[] }> {
  const environment = await findEnvironment(tx, input.environment);
  if (environment.policyPacks.length === 0 && Object.keys(environment.quorum).length === 0) {
    return { promotionId: null, policyDecision: null, approvers: [] };
  }
  const candidates = await tx
    .selectFrom('promotions')
    .selectAll()
    .where('version_id', '=', input.versionId)
    .where('environment', '=', environment.name)
    .where('status', '=', 'approved')
    .orderBy('approved_at', 'desc')
    .execute();
  const promotion =
    input.kind === 'rollback' ? candidates[0] : candidates.find((p) => !isPastExpiry(p, input.now));
  if (promotion === undefined) {
    const expired = candidates.length > 0;
    throw new VerityError(
      'APPROVAL_REQUIRED',
      expired
        ? `the approval of this version for ${environment.name} has expired; request promotion again`
        : `deploying to ${environment.name} needs an approved promotion (verity promote request)`,
      { environment: environment.name, reason: expired ? 'expired' : 'not-approved' },
    );
  }
  if (input.kind === 'deploy') {
    const model = await tx
      .selectFrom('models')
      .selectAll()
      .where('id', '=', input.modelId)
      .executeTakeFirstOrThrow();
    const version = await tx
      .selectFrom('model_versions')
      .selectAll()
      .where('id', '=', input.versionId)
      .executeTakeFirstOrThrow();
    const basis = await gateBasisDigest(tx, model, version, environment, input.now);
    if (basis !== promotion.input_digest) {
      throw new VerityError(
        'APPROVAL_REQUIRED',
        'the version or its evidence changed after approval, which voids it; request promotion again',
        { environment: environment.name, reason: 'gate-inputs-changed', promotionId: promotion.id },
      );
    }
  }
  const decision = await getGateDecision({ db: tx }, promotion.decision_id);
  const approvals = await approvalsOf(tx, promotion.id);
  return {
    promotionId: promotion.id,
    policyDecision: {
      decisionId: decision.id,
      outcome: decision.outcome,
      packs: decision.packs,
      inputDigest: decision.inputDigest,
      overriddenBy: promotion.overridden_by,
    },
    approvers: approvals.filter((a) => a.decision === 'approved').map((a) => a.approver),
  };
}

/** Refuses changes to a frozen version (approved for a freezing environment). */
export async function assertVersionMutable(tx: Db, versionId: string): Promise<void> {
  const row = await tx
    .selectFrom('model_versions')
    .select(['frozen_at', 'frozen_reason'])
    .where('id', '=', versionId)
    .executeTakeFirst();
  if (row?.frozen_at != null) {
    throw new VerityError(
      'VERSION_FROZEN',
      `this version is frozen (${row.frozen_reason ?? 'approved'}); register a new version instead`,
      { versionId, frozenAt: row.frozen_at.toISOString() },
    );
  }
}

/**
 * Voids, inside the transaction of a change, every open promotion (pending, or approved and not
 * expired) whose gate inputs the change altered: a new signature, a model's risk tier, and later
 * a card edit or new evidence. Returns the `promotion-voided` events for the change to record, so
 * the void is ledgered with the change that caused it.
 */
export async function voidChangedPromotions(
  tx: Transaction<Database>,
  target: { versionId?: string; modelId?: string },
  now: Date,
): Promise<EventDraft[]> {
  let query = tx
    .selectFrom('promotions')
    .selectAll()
    .where('status', 'in', ['pending', 'approved'])
    .forUpdate();
  if (target.versionId !== undefined) query = query.where('version_id', '=', target.versionId);
  if (target.modelId !== undefined) query = query.where('model_id', '=', target.modelId);
  const open = await query.execute();
  const events: EventDraft[] = [];
  for (const p of open) {
    if (isPastExpiry(p, now)) continue;
    const model = await findModel(tx, p.model_id);
    const version = await tx
      .selectFrom('model_versions')
      .selectAll()
      .where('id', '=', p.version_id)
      .executeTakeFirstOrThrow();
    const environment = await findEnvironment(tx, p.environment);
    const basis = await gateBasisDigest(tx, model, version, environment, now);
    if (basis === p.input_digest) continue;
    await tx
      .updateTable('promotions')
      .set({
        status: 'voided',
        closed_at: now,
        closed_reason: 'the gate inputs changed after the request',
      })
      .where('id', '=', p.id)
      .execute();
    events.push({
      type: 'promotion-voided',
      subject: { kind: 'model-version', id: version.id, ref: modelRefOf(model, version.label) },
      payload: {
        promotionId: p.id,
        environment: p.environment,
        previousBasisDigest: p.input_digest,
        basisDigest: basis,
      },
    });
  }
  return events;
}
