import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { SYSTEM_ACTOR, type Actor } from '../auth/index.js';
import { findEnvironment, type Environment } from '../environments/index.js';
import {
  evaluateGateFor,
  gateBasisDigest,
  storeDecision,
  type GateDecision,
  getGateDecision,
} from '../gates/index.js';
import type { EventDraft } from '../ledger/index.js';
import { ConflictError, NotFoundError, UUID_PATTERN, VerityError, uuidv7 } from '../lib/index.js';
import {
  findModel,
  findVersion,
  modelNamespace,
  modelRefOf,
  type ModelRow,
  type VersionRow,
} from '../registry/index.js';
import { json, type Database, type PromotionsTable } from '../store/index.js';
import type { GovernanceContext } from './context.js';
import { getPromotion, type Promotion, type PromotionStatus } from './promotion-views.js';
import {
  approvalsOf,
  chooseRole,
  expiryFrom,
  isExpiredApproval,
  isPastExpiry,
  remainingQuorum,
} from './quorum.js';
import { assertSeparation } from './separation.js';

type Db = Kysely<Database> | Transaction<Database>;
type PromotionRow = Selectable<PromotionsTable>;

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
  const namespace = await modelNamespace(ctx.db, request.model);
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
    { namespace },
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
      if ((await gateBasisDigest(tx, m, version, environment, now)) !== p.input_digest) {
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
      // Break-glass is an incident too (SEV3): someone owns the missing evidence until it exists.
      const opened = await ctx.incidentOpener?.open(
        tx,
        actor,
        {
          title: `Break-glass: ${modelRefOf(m, version.label)} promoted to ${p.environment} past a blocked gate`,
          type: 'other',
          severity: 'SEV3',
          summary: `${actor.name} overrode the ${p.environment} gate (${failed.map((r) => `${r.pack}/${r.rule}`).join(', ')}): ${body.justification}`,
          affected: [{ model: modelRefOf(m), version: version.label, environment: p.environment }],
          source: { kind: 'gate-override', id: p.id, ref: reviewId },
        },
        now,
      );
      events.push(...(opened?.events ?? []));
      return { result: undefined, events };
    },
    { namespace: model.namespace },
  );
  return getPromotion(ctx, id);
}

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
  const basis = await gateBasisDigest(ctx.db, model, version, environment, now);
  if (basis === promotion.input_digest) return;
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
            basisDigest: basis,
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
