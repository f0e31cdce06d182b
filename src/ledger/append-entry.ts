import { sql, type Transaction } from 'kysely';
import { canonicalJson, IntegrityError } from '../lib/index.js';
import type { Database } from '../store/index.js';
import { json } from '../store/index.js';
import type { AuditEvent } from './audit-event.js';
import { leafHash } from './merkle-leaf.js';

/**
 * Appends one event at the end of the log, inside the caller's transaction. The row lock on
 * `ledger_head` serialises appenders across connections and server instances, so indexes are
 * gap-free and every reader sees one total order; the lock is held until the caller commits.
 */
export async function appendEntry(
  tx: Transaction<Database>,
  draft: Omit<AuditEvent, 'index'>,
  payload: Record<string, unknown>,
): Promise<number> {
  const head = await sql<{ size: number | string }>`
    select size from ledger_head where id = 1 for update`.execute(tx);
  const row = head.rows[0];
  if (row === undefined) throw new IntegrityError('the ledger head row is missing');
  const seq = Number(row.size);
  const event: AuditEvent = { ...draft, index: seq };
  const entry = canonicalJson(event);
  await tx
    .insertInto('ledger_entries')
    .values({
      seq,
      leaf_hash: leafHash(entry),
      entry,
      type: event.type,
      actor: event.actor,
      subject_kind: event.subject.kind,
      subject_id: event.subject.id,
      recorded_at: event.time,
      payload: json(payload),
    })
    .execute();
  await tx
    .updateTable('ledger_head')
    .set({ size: seq + 1 })
    .where('id', '=', 1)
    .execute();
  return seq;
}
