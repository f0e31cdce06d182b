import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/index.js';
import { DEFAULT_NAMESPACE, NotFoundError, parseRef, UUID_PATTERN } from '../lib/index.js';
import { findModel, modelRefOf, type RegistryContext } from '../registry/index.js';
import type { Database, PromotionsTable } from '../store/index.js';
import type { GovernanceContext } from './context.js';
import { isExpiredApproval, isPastExpiry, remainingQuorum } from './quorum.js';
import { excludedBySeparation } from './separation.js';

type Db = Kysely<Database> | Transaction<Database>;
type PromotionRow = Selectable<PromotionsTable>;

/** Promotions as the API shows them: status (with expiry applied), approvals, what is still needed. */
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
    // The caller's standing per namespace: one lookup each, however many promotions it has.
    const standing = new Map<string, { held: string[]; mayApprove: boolean }>();
    const standingIn = async (ns: string) => {
      let entry = standing.get(ns);
      if (entry === undefined) {
        entry = {
          held: await ctx.access.heldRoles(actor, ns),
          mayApprove: await ctx.access.may(actor, 'promotion:approve', ns),
        };
        standing.set(ns, entry);
      }
      return entry;
    };
    const mine: Promotion[] = [];
    for (const p of promotions) {
      if (p.requestedBy === actor.name || p.approvals.some((a) => a.approver === actor.name))
        continue;
      const { held, mayApprove } = await standingIn(modelNamespaceOf(p.model));
      if (!mayApprove || !Object.keys(p.remaining).some((r) => held.includes(r))) continue;
      if (await excludedBySeparation(ctx.db, actor, p.id)) continue;
      mine.push(p);
    }
    promotions = mine;
  }
  return promotions;
}

/** The namespace of a model reference as promotions display it (`[namespace/]name`). */
function modelNamespaceOf(ref: string): string {
  return parseRef(ref)?.namespace ?? DEFAULT_NAMESPACE;
}

export async function toPromotions(db: Db, rows: PromotionRow[], now: Date): Promise<Promotion[]> {
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
