import { SYSTEM_ACTOR } from '../auth/index.js';
import { VerityError } from '../lib/index.js';
import type { RegistryContext } from '../registry/index.js';
import { timeline } from './incident-records.js';
import { renderIncidentEmail, sendMail, type SmtpConfig } from './notify/index.js';
import { recipientsOf } from './timers.js';

/** How notifications leave Verity: e-mail when SMTP is configured, HTTP for retraining hooks. */
export interface DeliveryConfig {
  smtp?: Omit<SmtpConfig, 'clock' | 'random'> | undefined;
  /** The dashboard's base URL, for links in e-mails. */
  publicUrl?: string | undefined;
  fetchImpl?: typeof fetch;
  timeoutMs?: number;
  maxAttempts?: number;
}

/**
 * Sends the pending notifications (after their commit, never inside a transaction): escalation
 * e-mails to the users holding the notified roles, and retraining webhooks. The outcome of each
 * is recorded on the incident's timeline and in the ledger. Without SMTP an e-mail notification
 * is marked `skipped` (the ledger events still reach subscribed webhooks).
 */
export async function deliverNotifications(
  ctx: RegistryContext,
  config: DeliveryConfig,
): Promise<{ sent: number; failed: number; skipped: number }> {
  const maxAttempts = config.maxAttempts ?? 5;
  const pending = await ctx.db
    .selectFrom('incident_notifications as n')
    .innerJoin('incidents as i', 'i.id', 'n.incident_id')
    .select([
      'n.id',
      'n.level',
      'n.reason',
      'n.recipients',
      'n.attempts',
      'i.id as incident_id',
      'i.key',
      'i.title',
      'i.severity',
      'i.status',
      'i.type',
      'i.summary',
      'i.drill',
    ])
    .where('n.status', '=', 'pending')
    .orderBy('n.created_at')
    .limit(100)
    .execute();
  const tally = { sent: 0, failed: 0, skipped: 0 };
  for (const n of pending) {
    let status: 'sent' | 'failed' | 'skipped' | 'pending';
    let detail: string;
    try {
      if (n.reason === 'retrain-webhook') {
        const { url, payload } = n.recipients as { url: string; payload: unknown };
        const response = await (config.fetchImpl ?? fetch)(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-verity-incident': n.key },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(config.timeoutMs ?? 10_000),
        });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        status = 'sent';
        detail = `retraining webhook answered HTTP ${response.status}`;
      } else if (config.smtp === undefined) {
        status = 'skipped';
        detail = 'no SMTP server is configured (VERITY_SMTP_URL); webhooks carry the event';
      } else {
        const { roles, users } = n.recipients as { roles: string[]; users: string[] };
        const to = await recipientsOf(ctx.db, roles, users);
        if (to.length === 0) {
          status = 'skipped';
          detail = `nobody with an e-mail address holds ${roles.join(', ') || 'the listed roles'}`;
        } else {
          const mail = renderIncidentEmail({
            incidentKey: n.drill ? `${n.key} (drill)` : n.key,
            title: n.title,
            severity: n.severity,
            status: n.status,
            type: n.type,
            summary: n.summary,
            ...(config.publicUrl === undefined
              ? {}
              : { url: `${config.publicUrl}/incidents/${n.key}` }),
            reason: n.level <= 0 ? n.reason : `escalation level ${n.level}: ${n.reason}`,
          });
          const sent = await sendMail(
            { ...config.smtp, clock: ctx.clock },
            { to, subject: mail.subject, text: mail.text, headers: { 'X-Verity-Incident': n.key } },
          );
          status = 'sent';
          detail = `e-mailed ${to.length} recipient(s): ${sent.response}`;
        }
      }
    } catch (error) {
      const message =
        error instanceof VerityError || error instanceof Error ? error.message : String(error);
      status = n.attempts + 1 >= maxAttempts ? 'failed' : 'pending';
      detail = `attempt ${n.attempts + 1} failed: ${message}`;
    }
    tally[status === 'pending' ? 'failed' : status]++;
    await ctx.committer.commit(SYSTEM_ACTOR, 'incident.escalate', async (tx, now) => {
      await tx
        .updateTable('incident_notifications')
        .set({
          status,
          attempts: n.attempts + 1,
          last_error: status === 'sent' || status === 'skipped' ? null : detail,
          sent_at: status === 'sent' ? now : null,
        })
        .where('id', '=', n.id)
        .execute();
      await timeline(ctx, tx, n.incident_id, {
        at: now,
        actor: SYSTEM_ACTOR.name,
        kind: `notification-${status}`,
        summary: detail,
        details: { level: n.level, reason: n.reason },
      });
      return {
        result: null,
        events: [
          {
            type: 'incident-notification-delivered',
            subject: { kind: 'incident', id: n.incident_id, ref: n.key },
            payload: { level: n.level, reason: n.reason, status, detail },
          },
        ],
      };
    });
  }
  return tally;
}
