import type { Kysely, Transaction } from 'kysely';
import { iso } from '../../registry/index.js';
import type { Database } from '../../store/index.js';
import type { LedgerRef } from '../checks/facts.js';

type Db = Kysely<Database> | Transaction<Database>;

interface Entry {
  seq: number;
  type: string;
  subjectId: string;
  at: Date;
}

/**
 * The ledger entries about a set of subjects, indexed so each fact can name the entry that
 * recorded it: by subject and type, preferring the entry written in the same transaction as the
 * row (same timestamp), else the latest one.
 */
export class LedgerRefs {
  private readonly bySubject = new Map<string, Entry[]>();

  private constructor(entries: Entry[]) {
    for (const e of entries) {
      const list = this.bySubject.get(e.subjectId) ?? [];
      list.push(e);
      this.bySubject.set(e.subjectId, list);
    }
  }

  static async load(
    db: Db,
    kinds: readonly string[],
    ids: readonly string[],
    until: Date,
  ): Promise<LedgerRefs> {
    const unique = [...new Set(ids)];
    const entries: Entry[] = [];
    for (let i = 0; i < unique.length; i += 500) {
      const chunk = unique.slice(i, i + 500);
      const rows = await db
        .selectFrom('ledger_entries')
        .select(['seq', 'type', 'subject_id', 'recorded_at'])
        .where('subject_kind', 'in', [...kinds])
        .where('subject_id', 'in', chunk)
        .where('recorded_at', '<=', until)
        .orderBy('seq')
        .execute();
      for (const r of rows)
        entries.push({ seq: r.seq, type: r.type, subjectId: r.subject_id, at: r.recorded_at });
    }
    return new LedgerRefs(entries);
  }

  /** The entry of `type` about `subjectId`, written at `at` when given; else the latest. */
  find(subjectId: string, types: string | readonly string[], at?: Date): LedgerRef | null {
    const wanted = typeof types === 'string' ? [types] : types;
    const matches = (this.bySubject.get(subjectId) ?? []).filter((e) => wanted.includes(e.type));
    if (matches.length === 0) return null;
    const exact =
      at === undefined ? undefined : matches.find((e) => e.at.getTime() === at.getTime());
    const pick = exact ?? matches[matches.length - 1];
    return pick === undefined ? null : { ledgerIndex: pick.seq, type: pick.type, at: iso(pick.at) };
  }

  /**
   * Like `find`, but a missing entry (never expected: every row is written with its entry) becomes
   * a placeholder with index -1, which the checks' `outcome` never cites.
   */
  require(subjectId: string, types: string | readonly string[], at?: Date): LedgerRef {
    return (
      this.find(subjectId, types, at) ?? {
        ledgerIndex: -1,
        type: typeof types === 'string' ? types : (types[0] ?? 'unknown'),
        at: at === undefined ? '' : iso(at),
      }
    );
  }
}
