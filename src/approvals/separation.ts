import type { Kysely, Selectable, Transaction } from 'kysely';
import { type Actor } from '../auth/index.js';
import { ConflictError, VerityError } from '../lib/index.js';
import { type VersionRow } from '../registry/index.js';
import { type Database, type PromotionsTable } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;
type PromotionRow = Selectable<PromotionsTable>;

/** Separation of duties: who may never approve a promotion, and why. */
/** Who may never approve this promotion, and why. */
export async function conflictsOf(
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

export async function assertSeparation(
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

export async function excludedBySeparation(db: Db, actor: Actor, id: string): Promise<boolean> {
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
