import { z } from 'zod';
import type { Actor, ServiceContext } from '../auth/index.js';
import { NotFoundError, UUID_PATTERN, VerityError } from '../lib/index.js';

export const reviewItemSchema = z.object({
  id: z.string(),
  kind: z.string(),
  subjectKind: z.string(),
  subjectId: z.string(),
  summary: z.string(),
  status: z.enum(['open', 'resolved']),
  openedAt: z.string(),
  openedBy: z.string(),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolution: z.string().nullable(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

export const resolveReviewSchema = z.object({
  resolution: z.string().trim().min(1, 'a resolution says what the review found').max(4000),
});

/**
 * Review items: things a person must look at after the fact, such as a break-glass gate
 * override. They stay open (and show in the compliance view) until resolved with a finding.
 */
export async function listReviewItems(
  ctx: Pick<ServiceContext, 'db'>,
  filter: { status?: 'open' | 'resolved' } = {},
): Promise<ReviewItem[]> {
  let query = ctx.db.selectFrom('review_items').selectAll();
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  const rows = await query.orderBy('opened_at', 'desc').orderBy('id', 'desc').limit(500).execute();
  return rows.map(toReviewItem);
}

export async function resolveReviewItem(
  ctx: ServiceContext,
  actor: Actor,
  id: string,
  input: z.input<typeof resolveReviewSchema>,
): Promise<ReviewItem> {
  const { resolution } = resolveReviewSchema.parse(input);
  if (!UUID_PATTERN.test(id)) throw new NotFoundError('review item', id);
  return ctx.committer.commit(actor, 'review.resolve', async (tx, now) => {
    const row = await tx
      .selectFrom('review_items')
      .selectAll()
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('review item', id);
    if (row.status !== 'open') {
      throw new VerityError('CONFLICT', `review item ${id} is already resolved`, { id });
    }
    if (row.opened_by === actor.name) {
      throw new VerityError(
        'SEPARATION_OF_DUTIES',
        `${actor.name} opened this review item (their own override), so cannot resolve it`,
        { id },
      );
    }
    const updated = {
      ...row,
      status: 'resolved',
      resolved_at: now,
      resolved_by: actor.name,
      resolution,
    };
    await tx
      .updateTable('review_items')
      .set({ status: 'resolved', resolved_at: now, resolved_by: actor.name, resolution })
      .where('id', '=', id)
      .execute();
    return {
      result: toReviewItem(updated),
      events: [
        {
          type: 'review-item-resolved',
          subject: { kind: 'review-item', id },
          payload: {
            kind: row.kind,
            subjectKind: row.subject_kind,
            subjectId: row.subject_id,
            resolution,
          },
        },
      ],
    };
  });
}

function toReviewItem(row: {
  id: string;
  kind: string;
  subject_kind: string;
  subject_id: string;
  summary: string;
  status: string;
  opened_at: Date;
  opened_by: string;
  resolved_at: Date | null;
  resolved_by: string | null;
  resolution: string | null;
}): ReviewItem {
  return {
    id: row.id,
    kind: row.kind,
    subjectKind: row.subject_kind,
    subjectId: row.subject_id,
    summary: row.summary,
    status: row.status === 'resolved' ? 'resolved' : 'open',
    openedAt: row.opened_at.toISOString(),
    openedBy: row.opened_by,
    resolvedAt: row.resolved_at?.toISOString() ?? null,
    resolvedBy: row.resolved_by,
    resolution: row.resolution,
  };
}
