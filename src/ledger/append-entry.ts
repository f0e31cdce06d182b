import type { Insertable, Transaction } from 'kysely';
import { canonicalJson, IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { json } from '../store/index.js';
import type { AuditEvent } from './audit-event.js';
import { appendToFrontier } from './frontier.js';
import { hashLeaf, type Subtree } from './merkle/index.js';

/** An event to append, with the payload stored beside it (only its digest is in the leaf). */
export interface PendingEntry {
  draft: Omit<AuditEvent, 'index'>;
  payload: Record<string, unknown>;
}

/**
 * Appends events at the end of the log, in order, inside the caller's transaction: the entries,
 * the complete Merkle subtrees they complete, and the new right edge of the tree. The row lock on
 * `ledger_head` serialises appenders across connections and server instances, so indexes are
 * gap-free and every reader sees one total order; the lock is held until the caller commits.
 * Whatever the number of events, this is two statements: lock the head, then one statement of
 * data-modifying CTEs that writes entries, subtrees and head together.
 */
export async function appendEntries(
  tx: Transaction<Database>,
  pending: readonly PendingEntry[],
): Promise<number[]> {
  if (pending.length === 0) return [];
  const head = await tx
    .selectFrom('ledger_head')
    .select(['size', 'frontier'])
    .where('id', '=', 1)
    .forUpdate()
    .executeTakeFirst();
  if (head === undefined) throw new IntegrityError('the ledger head row is missing');
  let frontier = head.frontier;
  const first = Number(head.size);
  const entries: Insertable<Database['ledger_entries']>[] = [];
  const nodes: Subtree[] = [];
  for (const [offset, { draft, payload }] of pending.entries()) {
    const seq = first + offset;
    const event: AuditEvent = { ...draft, index: seq };
    const entry = canonicalJson(event);
    // RFC 9162 §2.1.1: the leaf is SHA-256(0x00 || the exact logged bytes).
    const leaf = hashLeaf(Buffer.from(entry, 'utf8'));
    const step = appendToFrontier(frontier, seq, leaf);
    frontier = step.frontier;
    nodes.push(...step.completed);
    entries.push({
      seq,
      leaf_hash: Buffer.from(leaf).toString('hex'),
      entry,
      type: event.type,
      actor: event.actor,
      subject_kind: event.subject.kind,
      subject_id: event.subject.id,
      recorded_at: event.time,
      payload: json(payload),
    });
  }
  await tx
    .with('entries', (db) => db.insertInto('ledger_entries').values(entries))
    .with('nodes', (db) =>
      db.insertInto('ledger_nodes').values(
        nodes.map((s) => ({
          level: s.level,
          idx: Number(s.index),
          hash: Buffer.from(s.hash).toString('hex'),
        })),
      ),
    )
    .updateTable('ledger_head')
    .set({ size: first + pending.length, frontier: json(frontier) })
    .where('id', '=', 1)
    .execute();
  return entries.map((e) => e.seq);
}
