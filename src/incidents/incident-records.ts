import type { Transaction } from 'kysely';
import { newId, type RegistryContext } from '../registry/index.js';
import { json, type Database } from '../store/index.js';

/** Appends an entry to an incident's timeline, inside the change it describes. */
export async function timeline(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  incidentId: string,
  entry: { at: Date; actor: string; kind: string; summary: string; details?: unknown },
): Promise<void> {
  await tx
    .insertInto('incident_timeline')
    .values({
      id: newId(ctx),
      incident_id: incidentId,
      at: entry.at,
      actor: entry.actor,
      kind: entry.kind,
      summary: entry.summary,
      details: json(entry.details ?? {}),
    })
    .execute();
}

/**
 * Queues a notification (an escalation level's e-mail, or a retraining webhook at level -1) for
 * delivery after the commit: nothing leaves Verity from inside a transaction.
 */
export async function queueNotification(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  incidentId: string,
  n: { level: number; reason: string; recipients: unknown },
  now: Date,
): Promise<void> {
  await tx
    .insertInto('incident_notifications')
    .values({
      id: newId(ctx),
      incident_id: incidentId,
      level: n.level,
      reason: n.reason,
      recipients: json(n.recipients),
      status: 'pending',
      attempts: 0,
      last_error: null,
      created_at: now,
      sent_at: null,
    })
    .execute();
}
