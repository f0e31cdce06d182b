import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { SYSTEM_ACTOR, type Actor, type RoleAuthorizer } from '../auth/index.js';
import { findEnvironment, type Environment } from '../environments/index.js';
import {
  evaluateGateFor,
  storeDecision,
  type GateDecision,
  getGateDecision,
} from '../gates/index.js';
import type { EventDraft } from '../ledger/index.js';
import { ConflictError, NotFoundError, UUID_PATTERN, VerityError, uuidv7 } from '../lib/index.js';
import {
  findModel,
  findVersion,
  modelRefOf,
  type ModelRow,
  type RegistryContext,
  type VersionRow,
} from '../registry/index.js';
import { json, type Database, type PromotionsTable } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;
type PromotionRow = Selectable<PromotionsTable>;

/** What approvals need beyond the registry: who holds which role. */
export interface GovernanceContext extends RegistryContext {
  access: RoleAuthorizer;
}

export const PROMOTION_STATUSES = [
  'blocked',
  'pending',
  'approved',
  'rejected',
  'voided',
  'expired',
  'cancelled',
  'superseded',
] as const;
export type PromotionStatus = (typeof PROMOTION_STATUSES)[number];

export const requestPromotionSchema = z.object({
  model: z.string().min(1).max(300),
  version: z.string().min(1).max(128),
  environment: z.string().min(1).max(64),
  justification: z.string().max(4000).default(''),
});
export type RequestPromotionInput = z.input<typeof requestPromotionSchema>;

export const approveSchema = z.object({
  reason: z.string().max(4000).default(''),
  /** Which quorum role this approval fills, when the approver holds several. */
  role: z.string().min(1).max(64).optional(),
});
export const rejectSchema = z.object({
  reason: z.string().trim().min(1, 'a rejection needs a reason').max(4000),
});
export const overrideSchema = z.object({
  justification: z
    .string()
    .trim()
    .min(20, 'a break-glass override needs a written justification of at least 20 characters')
    .max(4000),
});

export const approvalSchema = z.object({
  approver: z.string(),
  role: z.string().nullable(),
  decision: z.enum(['approved', 'rejected']),
  reason: z.string(),
  decidedAt: z.string(),
  /** An approval older than the environment's approval lifetime no longer counts. */
  expired: z.boolean(),
});

export const promotionSchema = z.object({
  id: z.string(),
  model: z.string(),
  version: z.string(),
  environment: z.string(),
  status: z.enum(PROMOTION_STATUSES),
  requestedBy: z.string(),
  requestedAt: z.string(),
  justification: z.string(),
  decisionId: z.string(),
  quorum: z.record(z.string(), z.number()),
  /** Approvals still needed, by role. */
  remaining: z.record(z.string(), z.number()),
  approvals: z.array(approvalSchema),
  overriddenBy: z.string().nullable(),
  overrideJustification: z.string().nullable(),
  approvedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
});
export type Promotion = z.infer<typeof promotionSchema>;

/**
 * Requests promotion of a version to an environment. The environment's gate runs first and its
 * decision is stored and ledgered whatever the outcome. A blocked gate leaves a `blocked` request
 * (which only a break-glass override can reopen) and throws GATE_BLOCKED with every failed rule;
 * a passed gate leaves a `pending` request waiting for the quorum (or `approved` at once when the
 * environment needs no approvals).
 */
export async function requestPromotion(
  ctx: GovernanceContext,
  actor: Actor,
  input: RequestPromotionInput,
): Promise<Promotion> {
  const request = requestPromotionSchema.parse(input);
  const { model } = await findVersion(ctx.db, request.model, request.version);
  const outcome = await ctx.committer.commit(
    actor,
    'promotion.request',
    async (tx, now) => {
      const { model: m, version } = await findVersion(tx, request.model, request.version);
      const environment = await findEnvironment(tx, request.environment);
      const open = await tx
        .selectFrom('promotions')
        .selectAll()
        .where('version_id', '=', version.id)
        .where('environment', '=', environment.name)
        .where('status', 'in', ['pending', 'approved', 'blocked'])
        .forUpdate()
        .execute();
      const live = open.find((p) => p.status !== 'blocked' && !isPastExpiry(p, now));
      if (live !== undefined) {
        throw new ConflictError(
          `${modelRefOf(m, version.label)} already has a ${live.status} promotion to ${environment.name}`,
          { promotionId: live.id, status: live.status },
          'ALREADY_EXISTS',
        );
      }
      const evaluation = await evaluateGateFor(tx, m, version, environment, actor, now);
      const { decision, event } = await storeDecision(tx, ctx, version.id, evaluation, now);
      const id = uuidv7(ctx.clock, ctx.random);
      const events: EventDraft[] = [event];
      for (const old of open) {
        await close(
          tx,
          old.id,
          old.status === 'blocked' ? 'superseded' : 'expired',
          now,
          `superseded by ${id}`,
        );
      }
      const blocked = decision.outcome === 'blocked';
      const autoApproved = !blocked && Object.keys(environment.quorum).length === 0;
      await tx
        .insertInto('promotions')
        .values({
          id,
          model_id: m.id,
          version_id: version.id,
          environment: environment.name,
          status: blocked ? 'blocked' : autoApproved ? 'approved' : 'pending',
          requested_by: actor.name,
          requested_at: now,
          justification: request.justification,
          decision_id: decision.id ?? '',
          input_digest: evaluation.basisDigest,
          quorum: json(environment.quorum),
          approved_at: autoApproved ? now : null,
          expires_at: autoApproved ? expiryFrom(now, environment) : null,
        })
        .execute();
      events.push({
        type: blocked ? 'promotion-blocked' : 'promotion-requested',
        subject: subjectOf(m, version),
        payload: {
          promotionId: id,
          environment: environment.name,
          decisionId: decision.id,
          outcome: decision.outcome,
          quorum: environment.quorum,
          basisDigest: evaluation.basisDigest,
          justification: request.justification,
        },
      });
      if (autoApproved) {
        events.push(...(await approved(tx, m, version, environment, id, now)));
      }
      return { result: { id, decision }, events };
    },
    { namespace: model.namespace },
  );
  const promotion = await getPromotion(ctx, outcome.id);
  if (outcome.decision.outcome === 'blocked') throw gateBlocked(promotion, outcome.decision);
  return promotion;
}

/**
 * Approves a pending promotion. Separation of duties: the version's author, the owner of the run
 * that produced it, the requester and a break-glass overrider cannot approve it, whatever their
 * roles. The approval fills one quorum role the approver holds in the model's namespace. If the
 * gate's inputs (artifacts, signatures, metrics, card, evidence) changed since the request, the
 * promotion is voided instead and must be requested again.
 */
export async function approvePromotion(
  ctx: GovernanceContext,
  actor: Actor,
  id: string,
  input: z.input<typeof approveSchema> = {},
): Promise<Promotion> {
  const body = approveSchema.parse(input);
  const { promotion, model } = await loadForDecision(ctx, id);
  await voidIfChanged(ctx, promotion);
  const held = await ctx.access.heldRoles(actor, model.namespace);
  await ctx.committer.commit(
    actor,
    'promotion.approve',
    async (tx, now) => {
      const p = await lockOpen(tx, id, ['pending']);
      const { model: m, version } = await versionOf(tx, p);
      await assertSeparation(tx, actor, p, version);
      const environment = await findEnvironment(tx, p.environment);
      const evaluation = await evaluateGateFor(tx, m, version, environment, actor, now);
      if (evaluation.basisDigest !== p.input_digest) {
        throw closed(p, 'the gate inputs changed while this approval was being recorded');
      }
      const approvals = await approvalsOf(tx, p.id);
      const remaining = remainingQuorum(p.quorum, approvals, environment, now);
      const role = chooseRole(actor, held, remaining, body.role, p.quorum);
      await tx
        .insertInto('approvals')
        .values({
          id: uuidv7(ctx.clock, ctx.random),
          promotion_id: p.id,
          approver: actor.name,
          role,
          decision: 'approved',
          reason: body.reason,
          decided_at: now,
        })
        .execute();
      const events: EventDraft[] = [
        {
          type: 'approval-granted',
          subject: subjectOf(m, version),
          payload: { promotionId: p.id, environment: p.environment, role, reason: body.reason },
        },
      ];
      const after = remainingQuorum(p.quorum, await approvalsOf(tx, p.id), environment, now);
      if (Object.keys(after).length === 0) {
        const valid = (await approvalsOf(tx, p.id)).filter(
          (a) => a.decision === 'approved' && !isExpiredApproval(a.decided_at, environment, now),
        );
        const oldest = valid.reduce((min, a) => (a.decided_at < min ? a.decided_at : min), now);
        await tx
          .updateTable('promotions')
          .set({
            status: 'approved',
            approved_at: now,
            expires_at: expiryFrom(oldest, environment),
          })
          .where('id', '=', p.id)
          .execute();
        events.push(...(await approved(tx, m, version, environment, p.id, now)));
      }
      return { result: undefined, events };
    },
    { namespace: model.namespace },
  );
  return getPromotion(ctx, id);
}

/** Rejects a pending or approved promotion; the reason is required and recorded. */
export async function rejectPromotion(
  ctx: GovernanceContext,
  actor: Actor,
  id: string,
  input: z.input<typeof rejectSchema>,
): Promise<Promotion> {
  const body = rejectSchema.parse(input);
  const { model } = await loadForDecision(ctx, id);
  await ctx.committer.commit(
    actor,
    'promotion.reject',
    async (tx, now) => {
      const p = await lockOpen(tx, id, ['pending', 'approved']);
      const { model: m, version } = await versionOf(tx, p);
      const already = await tx
        .selectFrom('approvals')
        .select('id')
        .where('promotion_id', '=', p.id)
        .where('approver', '=', actor.name)
        .executeTakeFirst();
      if (already !== undefined) {
        await tx.deleteFrom('approvals').where('id', '=', already.id).execute();
      }
      await tx
        .insertInto('approvals')
        .values({
          id: uuidv7(ctx.clock, ctx.random),
          promotion_id: p.id,
          approver: actor.name,
          role: null,
          decision: 'rejected',
          reason: body.reason,
          decided_at: now,
        })
        .execute();
      await close(tx, p.id, 'rejected', now, body.reason);
      return {
        result: undefined,
        events: [
          {
            type: 'promotion-rejected',
            subject: subjectOf(m, version),
            payload: { promotionId: p.id, environment: p.environment, reason: body.reason },
          },
        ],
      };
    },
    { namespace: model.namespace },
  );
  return getPromotion(ctx, id);
}

/** The requester withdraws an open request. */
export async function cancelPromotion(
  ctx: GovernanceContext,
  actor: Actor,
  id: string,
): Promise<Promotion> {
  const { model } = await loadForDecision(ctx, id);
  await ctx.committer.commit(
    actor,
    'promotion.cancel',
    async (tx, now) => {
      const p = await lockOpen(tx, id, ['pending', 'approved', 'blocked']);
      if (p.requested_by !== actor.name) {
        throw new VerityError(
          'FORBIDDEN',
          `only ${p.requested_by}, who requested it, can cancel it`,
        );
      }
      const { model: m, version } = await versionOf(tx, p);
      await close(tx, p.id, 'cancelled', now, 'cancelled by the requester');
      return {
        result: undefined,
        events: [
          {
            type: 'promotion-cancelled',
            subject: subjectOf(m, version),
            payload: { promotionId: p.id, environment: p.environment },
          },
        ],
      };
    },
    { namespace: model.namespace },
  );
  return getPromotion(ctx, id);
}

/**
 * Break-glass: an admin overrides a blocked gate with a written justification. The request moves
 * on to approvals (the quorum still applies), the ledger event is flagged `breakGlass`, and a
 * review item stays open until a compliance officer resolves it.
 */
export async function overrideGate(
  ctx: GovernanceContext,
  actor: Actor,
  id: string,
  input: z.input<typeof overrideSchema>,
): Promise<Promotion> {
  const body = overrideSchema.parse(input);
  const { model } = await loadForDecision(ctx, id);
  await ctx.committer.commit(
    actor,
    'gate.override',
    async (tx, now) => {
      const p = await lockOpen(tx, id, ['blocked']);
      const { model: m, version } = await versionOf(tx, p);
      const environment = await findEnvironment(tx, p.environment);
      const decision = await getGateDecision({ db: tx }, p.decision_id);
      const autoApproved = Object.keys(p.quorum).length === 0;
      await tx
        .updateTable('promotions')
        .set({
          status: autoApproved ? 'approved' : 'pending',
          overridden_by: actor.name,
          override_justification: body.justification,
          approved_at: autoApproved ? now : null,
          expires_at: autoApproved ? expiryFrom(now, environment) : null,
        })
        .where('id', '=', p.id)
        .execute();
      const reviewId = uuidv7(ctx.clock, ctx.random);
      const failed = decision.results.filter((r) => r.status === 'fail' || r.status === 'error');
      await tx
        .insertInto('review_items')
        .values({
          id: reviewId,
          kind: 'gate-override',
          subject_kind: 'promotion',
          subject_id: p.id,
          summary: `${actor.name} overrode the ${p.environment} gate for ${modelRefOf(m, version.label)} (${failed
            .map((r) => r.rule)
            .join(', ')}): ${body.justification}`,
          status: 'open',
          opened_at: now,
          opened_by: actor.name,
        })
        .execute();
      const events: EventDraft[] = [
        {
          type: 'gate-overridden',
          subject: subjectOf(m, version),
          payload: {
            breakGlass: true,
            promotionId: p.id,
            environment: p.environment,
            decisionId: p.decision_id,
            failedRules: failed.map((r) => `${r.pack}/${r.rule}`),
            justification: body.justification,
            reviewItemId: reviewId,
          },
        },
      ];
      if (autoApproved) events.push(...(await approved(tx, m, version, environment, p.id, now)));
      return { result: undefined, events };
    },
    { namespace: model.namespace },
  );
  return getPromotion(ctx, id);
}

export async function getPromotion(
  ctx: { db: Db; clock: RegistryContext['clock'] },
  id: string,
): Promise<Promotion> {
  if (!UUID_PATTERN.test(id)) throw new NotFoundError('promotion', id);
  const row = await ctx.db
    .selectFrom('promotions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('promotion', id);
  const [promotion] = await toPromotions(ctx.db, [row], ctx.clock.now());
  if (promotion === undefined) throw new NotFoundError('promotion', id);
  return promotion;
}

export interface PromotionFilter {
  status?: PromotionStatus;
  environment?: string;
  model?: string;
  /** Only pending requests this actor may approve (their inbox). */
  awaiting?: Actor;
  limit?: number;
}

/** Promotions, newest first. */
export async function listPromotions(
  ctx: GovernanceContext,
  filter: PromotionFilter = {},
): Promise<Promotion[]> {
  let query = ctx.db.selectFrom('promotions').selectAll();
  if (filter.environment !== undefined) query = query.where('environment', '=', filter.environment);
  if (filter.model !== undefined) {
    const model = await findModel(ctx.db, filter.model);
    query = query.where('model_id', '=', model.id);
  }
  if (filter.awaiting !== undefined) query = query.where('status', '=', 'pending');
  else if (filter.status !== undefined && filter.status !== 'expired') {
    query = query.where('status', '=', filter.status);
  }
  const rows = await query
    .orderBy('requested_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(filter.limit ?? 100, 500))
    .execute();
  let promotions = await toPromotions(ctx.db, rows, ctx.clock.now());
  if (filter.status === 'expired') promotions = promotions.filter((p) => p.status === 'expired');
  else if (filter.status !== undefined)
    promotions = promotions.filter((p) => p.status === filter.status);
  if (filter.awaiting !== undefined) {
    const actor = filter.awaiting;
    const mine: Promotion[] = [];
    for (const p of promotions) {
      const ns = (await findModel(ctx.db, p.model)).namespace;
      const held = await ctx.access.heldRoles(actor, ns);
      if (!(await ctx.access.may(actor, 'promotion:approve', ns))) continue;
      if (p.requestedBy === actor.name || p.approvals.some((a) => a.approver === actor.name))
        continue;
      if (!Object.keys(p.remaining).some((r) => held.includes(r))) continue;
      if (await excludedBySeparation(ctx.db, actor, p.id)) continue;
      mine.push(p);
    }
    promotions = mine;
  }
  return promotions;
}

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
    const evaluation = await evaluateGateFor(
      tx,
      model,
      version,
      environment,
      SYSTEM_ACTOR,
      input.now,
    );
    if (evaluation.basisDigest !== promotion.input_digest) {
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

// ---------------------------------------------------------------------------------------------

async function loadForDecision(ctx: GovernanceContext, id: string) {
  if (!UUID_PATTERN.test(id)) throw new NotFoundError('promotion', id);
  const promotion = await ctx.db
    .selectFrom('promotions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  if (promotion === undefined) throw new NotFoundError('promotion', id);
  const model = await findModel(ctx.db, promotion.model_id);
  return { promotion, model };
}

/**
 * Voids a pending or approved promotion whose gate inputs changed since it was requested. Done in
 * its own commit (by Verity itself) so the void is recorded even though the caller's action then
 * fails with PROMOTION_CLOSED.
 */
async function voidIfChanged(ctx: GovernanceContext, promotion: PromotionRow): Promise<void> {
  if (promotion.status !== 'pending' && promotion.status !== 'approved') return;
  const { model, version } = await versionOf(ctx.db, promotion);
  const environment = await findEnvironment(ctx.db, promotion.environment);
  const now = ctx.clock.now();
  const evaluation = await evaluateGateFor(ctx.db, model, version, environment, SYSTEM_ACTOR, now);
  if (evaluation.basisDigest === promotion.input_digest) return;
  await ctx.committer.commit(SYSTEM_ACTOR, 'promotion.void', async (tx, at) => {
    const p = await lockOpen(tx, promotion.id, ['pending', 'approved']);
    await close(tx, p.id, 'voided', at, 'the gate inputs changed after the request');
    return {
      result: undefined,
      events: [
        {
          type: 'promotion-voided',
          subject: subjectOf(model, version),
          payload: {
            promotionId: p.id,
            environment: p.environment,
            previousBasisDigest: p.input_digest,
            basisDigest: evaluation.basisDigest,
          },
        },
      ],
    };
  });
  throw new VerityError(
    'PROMOTION_CLOSED',
    'the version or its evidence changed since the request, which voids it; request promotion again',
    { promotionId: promotion.id, status: 'voided' },
  );
}

async function lockOpen(
  tx: Transaction<Database>,
  id: string,
  allowed: PromotionStatus[],
): Promise<PromotionRow> {
  const p = await tx
    .selectFrom('promotions')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (p === undefined) throw new NotFoundError('promotion', id);
  if (!allowed.includes(p.status as PromotionStatus)) throw closed(p, `it is ${p.status}`);
  return p;
}

function closed(p: PromotionRow, why: string): VerityError {
  return new VerityError('PROMOTION_CLOSED', `promotion ${p.id} cannot take this action: ${why}`, {
    promotionId: p.id,
    status: p.status,
  });
}

async function versionOf(
  db: Db,
  p: PromotionRow,
): Promise<{ model: ModelRow; version: VersionRow }> {
  const model = await findModel(db, p.model_id);
  const version = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('id', '=', p.version_id)
    .executeTakeFirst();
  if (version === undefined) throw new NotFoundError('model version', p.version_id);
  return { model, version };
}

/** Who may never approve this promotion, and why. */
async function conflictsOf(
  db: Db,
  p: PromotionRow,
  version: VersionRow,
): Promise<Map<string, string>> {
  const conflicts = new Map<string, string>();
  conflicts.set(version.author, 'registered this version');
  if (version.run_id !== null) {
    const run = await db
      .selectFrom('runs')
      .select('created_by')
      .where('id', '=', version.run_id)
      .executeTakeFirst();
    if (run !== undefined && !conflicts.has(run.created_by)) {
      conflicts.set(run.created_by, 'owns the run that produced this version');
    }
  }
  if (!conflicts.has(p.requested_by)) conflicts.set(p.requested_by, 'requested this promotion');
  if (p.overridden_by !== null && !conflicts.has(p.overridden_by)) {
    conflicts.set(p.overridden_by, 'overrode its gate');
  }
  return conflicts;
}

async function assertSeparation(
  db: Db,
  actor: Actor,
  p: PromotionRow,
  version: VersionRow,
): Promise<void> {
  const why = (await conflictsOf(db, p, version)).get(actor.name);
  if (why !== undefined) {
    throw new VerityError(
      'SEPARATION_OF_DUTIES',
      `${actor.name} ${why}, so cannot approve it: separation of duties`,
      { promotionId: p.id, reason: why },
    );
  }
  const already = await db
    .selectFrom('approvals')
    .select('decision')
    .where('promotion_id', '=', p.id)
    .where('approver', '=', actor.name)
    .executeTakeFirst();
  if (already !== undefined) {
    throw new ConflictError(
      `${actor.name} has already ${already.decision} this promotion`,
      {
        promotionId: p.id,
      },
      'ALREADY_EXISTS',
    );
  }
}

async function excludedBySeparation(db: Db, actor: Actor, id: string): Promise<boolean> {
  const p = await db
    .selectFrom('promotions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  const version = await db
    .selectFrom('model_versions')
    .selectAll()
    .where('id', '=', p.version_id)
    .executeTakeFirstOrThrow();
  return (await conflictsOf(db, p, version)).has(actor.name);
}

function chooseRole(
  actor: Actor,
  held: readonly string[],
  remaining: Record<string, number>,
  wanted: string | undefined,
  quorum: Record<string, number>,
): string {
  const needed = Object.keys(remaining);
  if (wanted !== undefined) {
    if (!Object.hasOwn(quorum, wanted)) {
      throw new VerityError(
        'VALIDATION_ERROR',
        `role '${wanted}' is not part of this environment's quorum`,
        {
          quorum,
        },
      );
    }
    if (!held.includes(wanted)) {
      throw new VerityError('FORBIDDEN', `${actor.name} does not hold the role '${wanted}' here`, {
        role: wanted,
      });
    }
    if (!needed.includes(wanted)) {
      throw new ConflictError(
        `no more '${wanted}' approvals are needed`,
        { remaining },
        'CONFLICT',
      );
    }
    return wanted;
  }
  const role = needed.find((r) => held.includes(r));
  if (role === undefined) {
    throw new VerityError(
      'FORBIDDEN',
      `this promotion still needs approval from ${describeQuorum(remaining)}; ${actor.name} holds ${
        held.length === 0 ? 'none of those roles' : held.join(', ')
      }`,
      { remaining, held },
    );
  }
  return role;
}

function describeQuorum(q: Record<string, number>): string {
  return Object.entries(q)
    .map(([role, n]) => `${n} ${role}`)
    .join(' and ');
}

type ApprovalRow = {
  approver: string;
  role: string | null;
  decision: string;
  reason: string;
  decided_at: Date;
};

async function approvalsOf(db: Db, promotionId: string): Promise<ApprovalRow[]> {
  return db
    .selectFrom('approvals')
    .select(['approver', 'role', 'decision', 'reason', 'decided_at'])
    .where('promotion_id', '=', promotionId)
    .orderBy('decided_at')
    .execute();
}

function isExpiredApproval(
  decidedAt: Date,
  env: Pick<Environment, 'approvalTtlDays'>,
  now: Date,
): boolean {
  return decidedAt.getTime() + env.approvalTtlDays * 86_400_000 <= now.getTime();
}

function remainingQuorum(
  quorum: Record<string, number>,
  approvals: readonly ApprovalRow[],
  env: Pick<Environment, 'approvalTtlDays'>,
  now: Date,
): Record<string, number> {
  const remaining: Record<string, number> = {};
  for (const [role, needed] of Object.entries(quorum)) {
    const got = approvals.filter(
      (a) =>
        a.decision === 'approved' && a.role === role && !isExpiredApproval(a.decided_at, env, now),
    ).length;
    if (got < needed) remaining[role] = needed - got;
  }
  return remaining;
}

function expiryFrom(from: Date, env: Pick<Environment, 'approvalTtlDays'>): Date {
  return new Date(from.getTime() + env.approvalTtlDays * 86_400_000);
}

function isPastExpiry(p: Pick<PromotionRow, 'status' | 'expires_at'>, now: Date): boolean {
  return (
    p.status === 'approved' && p.expires_at !== null && p.expires_at.getTime() <= now.getTime()
  );
}

async function close(
  tx: Transaction<Database>,
  id: string,
  status: PromotionStatus,
  now: Date,
  reason: string,
): Promise<void> {
  await tx
    .updateTable('promotions')
    .set({ status, closed_at: now, closed_reason: reason })
    .where('id', '=', id)
    .execute();
}

/** Events (and the freeze) that follow a promotion reaching `approved`. */
async function approved(
  tx: Transaction<Database>,
  model: ModelRow,
  version: VersionRow,
  environment: Environment,
  promotionId: string,
  now: Date,
): Promise<EventDraft[]> {
  const approvers = (await approvalsOf(tx, promotionId))
    .filter((a) => a.decision === 'approved')
    .map((a) => ({ approver: a.approver, role: a.role }));
  const events: EventDraft[] = [
    {
      type: 'promotion-approved',
      subject: subjectOf(model, version),
      payload: {
        promotionId,
        environment: environment.name,
        approvers,
        expiresAt: expiryFrom(now, environment).toISOString(),
      },
    },
  ];
  if (environment.freezeOnApproval && version.frozen_at === null) {
    await tx
      .updateTable('model_versions')
      .set({ frozen_at: now, frozen_reason: `approved for ${environment.name}` })
      .where('id', '=', version.id)
      .execute();
    events.push({
      type: 'model-version-frozen',
      subject: subjectOf(model, version),
      payload: { promotionId, environment: environment.name },
    });
  }
  return events;
}

function subjectOf(model: ModelRow, version: VersionRow) {
  return { kind: 'model-version', id: version.id, ref: modelRefOf(model, version.label) };
}

function gateBlocked(promotion: Promotion, decision: GateDecision): VerityError {
  const failed = decision.results.filter((r) => r.status === 'fail' || r.status === 'error');
  return new VerityError(
    'GATE_BLOCKED',
    `the ${decision.environment} gate blocked ${decision.model}@${decision.version}: ${failed
      .map((r) => `${r.rule}: ${r.message}`)
      .join('; ')}`,
    { promotionId: promotion.id, decision },
  );
}

async function toPromotions(db: Db, rows: PromotionRow[], now: Date): Promise<Promotion[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [approvals, refs, envs] = await Promise.all([
    db
      .selectFrom('approvals')
      .selectAll()
      .where('promotion_id', 'in', ids)
      .orderBy('decided_at')
      .execute(),
    db
      .selectFrom('model_versions as v')
      .innerJoin('models as m', 'm.id', 'v.model_id')
      .select(['v.id', 'v.label', 'm.namespace', 'm.name'])
      .where(
        'v.id',
        'in',
        rows.map((r) => r.version_id),
      )
      .execute(),
    db.selectFrom('environments').select(['name', 'approval_ttl_seconds']).execute(),
  ]);
  return rows.map((row) => {
    const ref = refs.find((r) => r.id === row.version_id);
    const ttlDays =
      (envs.find((e) => e.name === row.environment)?.approval_ttl_seconds ?? 0) / 86_400;
    const env = { approvalTtlDays: ttlDays };
    const mine = approvals.filter((a) => a.promotion_id === row.id);
    const status: PromotionStatus = isPastExpiry(row, now)
      ? 'expired'
      : (row.status as PromotionStatus);
    return {
      id: row.id,
      model: ref === undefined ? row.model_id : modelRefOf(ref),
      version: ref?.label ?? row.version_id,
      environment: row.environment,
      status,
      requestedBy: row.requested_by,
      requestedAt: row.requested_at.toISOString(),
      justification: row.justification,
      decisionId: row.decision_id,
      quorum: row.quorum,
      remaining: status === 'pending' ? remainingQuorum(row.quorum, mine, env, now) : {},
      approvals: mine.map((a) => ({
        approver: a.approver,
        role: a.role,
        decision: a.decision === 'rejected' ? ('rejected' as const) : ('approved' as const),
        reason: a.reason,
        decidedAt: a.decided_at.toISOString(),
        expired: isExpiredApproval(a.decided_at, env, now),
      })),
      overriddenBy: row.overridden_by,
      overrideJustification: row.override_justification,
      approvedAt: row.approved_at?.toISOString() ?? null,
      expiresAt: row.expires_at?.toISOString() ?? null,
      closedAt: row.closed_at?.toISOString() ?? null,
      closedReason: row.closed_reason,
    };
  });
}
