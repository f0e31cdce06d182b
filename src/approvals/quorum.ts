import type { Kysely, Selectable, Transaction } from 'kysely';
import { type Actor } from '../auth/index.js';
import { type Environment } from '../environments/index.js';
import { ConflictError, VerityError } from '../lib/index.js';
import { type Database, type PromotionsTable } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;
type PromotionRow = Selectable<PromotionsTable>;

/** Quorum arithmetic: which approvals still count, what is still needed, when approval lapses. */
export type ApprovalRow = {
  approver: string;
  role: string | null;
  decision: string;
  reason: string;
  decided_at: Date;
};

export async function approvalsOf(db: Db, promotionId: string): Promise<ApprovalRow[]> {
  return db
    .selectFrom('approvals')
    .select(['approver', 'role', 'decision', 'reason', 'decided_at'])
    .where('promotion_id', '=', promotionId)
    .orderBy('decided_at')
    .execute();
}

export function isExpiredApproval(
  decidedAt: Date,
  env: Pick<Environment, 'approvalTtlDays'>,
  now: Date,
): boolean {
  return decidedAt.getTime() + env.approvalTtlDays * 86_400_000 <= now.getTime();
}

export function remainingQuorum(
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

export function expiryFrom(from: Date, env: Pick<Environment, 'approvalTtlDays'>): Date {
  return new Date(from.getTime() + env.approvalTtlDays * 86_400_000);
}

export function isPastExpiry(p: Pick<PromotionRow, 'status' | 'expires_at'>, now: Date): boolean {
  return (
    p.status === 'approved' && p.expires_at !== null && p.expires_at.getTime() <= now.getTime()
  );
}

export function chooseRole(
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

export function describeQuorum(q: Record<string, number>): string {
  return Object.entries(q)
    .map(([role, n]) => `${n} ${role}`)
    .join(' and ');
}
