import type { Transaction } from 'kysely';
import { canonicalJson, IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { json } from '../store/index.js';
import type { AuditEvent } from './audit-event.js';
import { appendToFrontier } from './frontier.js';
import { hashLeaf } from './merkle/index.js';

/**
 * Appends one event at the end of the log, inside the caller's transaction: the entry, the
 * complete Merkle subtrees it completes, and the new right edge of the tree. The row lock on
 * `ledger_head` serialises appenders across connections and server instances, so indexes are
 * gap-free and every reader sees one total order; the lock is held until the caller commits.
 */
export async function appendEntry(
  tx: Transaction<Database>,
  draft: Omit<AuditEvent, 'index'>,
  payload: Record<string, unknown>,
): Promise<number> {
  const head = await tx
    .selectFrom('ledger_head')
    .select(['size', 'frontier'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirst();
  if (head === undefined) throw new IntegrityError('the ledger head row is missing');
  const seq = Number(head.size);
  const event: AuditEvent = { ...draft, index: seq };
  const entry = canonicalJson(event);
  // RFC 9162 §2.1.1: the leaf is SHA-256(0x00 || the exact logged bytes).
  const leaf = hashLeaf(Buffer.from(entry, 'utf8'));
  const { frontier, completed } = appendToFrontier(head.frontier, seq, leaf);
  // Entry, completed subtrees and new head in one statement (data-modifying CTEs): the head
  // row stays locked for two round trips per append instead of four.
  await tx
    .with('entry', (db) =>
      db.insertInto('ledger_entries').values({
        seq,
        leaf_hash: Buffer.from(leaf).toString('hex'),
        entry,
        type: event.type,
        actor: event.actor,
        subject_kind: event.subject.kind,
        subject_id: event.subject.id,
        recorded_at: event.time,
        payload: json(payload),
      }),
    )
    .with('nodes', (db) =>
      db.insertInto('ledger_nodes').values(
        completed.map((s) => ({
          level: s.level,
          idx: Number(s.index),
          hash: Buffer.from(s.hash).toString('hex'),
        })),
      ),
    )
    .updateTable('ledger_head')
    .set({ size: seq + 1, frontier: json(frontier) })
    .where('id', '=', 1)
    .execute();
  return seq;
}
