import type { Kysely } from 'kysely';
import type { Database } from '../store/index.js';
import type { AuditEvent } from './audit-event.js';

/** A stored ledger entry: its index, the leaf bytes' hash, the event and its payload. */
export interface LedgerEntry {
  seq: number;
  leafHash: string;
  /** The exact logged text; `leafHash` = SHA-256(0x00 || its UTF-8 bytes). */
  entry: string;
  /** The parsed event; null when the stored text is not JSON (a tampered row). */
  event: AuditEvent | null;
  payload: unknown;
}

/** Read access to the audit log; proofs and checkpoints build on it. */
export class LedgerReader {
  constructor(private readonly db: Kysely<Database>) {}

  async size(): Promise<number> {
    const row = await this.db
      .selectFrom('ledger_head')
      .select('size')
      .where('id', '=', 1)
      .executeTakeFirst();
    return Number(row?.size ?? 0);
  }

  /** Entries about one subject, oldest first. */
  async forSubject(kind: string, id: string, limit = 1000): Promise<LedgerEntry[]> {
    const rows = await this.db
      .selectFrom('ledger_entries')
      .selectAll()
      .where('subject_kind', '=', kind)
      .where('subject_id', '=', id)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map(toEntry);
  }

  /** Entries from index `from` (inclusive), oldest first; optionally of one event type. */
  async range(from: number, limit: number, type?: string): Promise<LedgerEntry[]> {
    let query = this.db.selectFrom('ledger_entries').selectAll().where('seq', '>=', from);
    if (type !== undefined) query = query.where('type', '=', type);
    const rows = await query.orderBy('seq').limit(limit).execute();
    return rows.map(toEntry);
  }
}

function toEntry(row: {
  seq: number;
  leaf_hash: string;
  entry: string;
  payload: unknown;
}): LedgerEntry {
  return {
    seq: Number(row.seq),
    leafHash: row.leaf_hash,
    entry: row.entry,
    event: parseEvent(row.entry),
    payload: row.payload,
  };
}

function parseEvent(text: string): AuditEvent | null {
  try {
    return JSON.parse(text) as AuditEvent;
  } catch {
    return null;
  }
}
