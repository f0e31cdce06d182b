import type { Kysely } from 'kysely';
import { SYSTEM_ACTOR } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import type { RegistryContext } from '../registry/index.js';
import type { Database } from '../store/index.js';
import { escalationPolicy } from './escalation-policies.js';
import { queueNotification, timeline } from './incident-records.js';
import { clockState, dueEscalations, findRule, type Severity } from './rules/index.js';

/** Thrown inside a timer's transaction when another instance has already done the work. */
class NothingDue extends Error {}

/** What one round of the incident timers did. */
export interface TimerRound {
  escalated: { incident: string; level: number }[];
  warned: { incident: string; rule: string }[];
  expired: { incident: string; rule: string }[];
}

/**
 * One round of the incident timers at `now` (the scheduler calls it every interval; tests call
 * it with an injected clock): escalation levels whose time has come on unacknowledged incidents,
 * regulatory clocks entering their warning window, and clocks passing their deadline. Each
 * incident's changes are one ledgered commit by Verity itself; nothing is recorded twice.
 */
export async function runIncidentTimers(ctx: RegistryContext, now: Date): Promise<TimerRound> {
  const round: TimerRound = { escalated: [], warned: [], expired: [] };
  const active = await ctx.db
    .selectFrom('incidents')
    .selectAll()
    .where('status', 'in', ['open', 'triaged', 'mitigating', 'resolved'])
    .orderBy('opened_at')
    .execute();
  for (const incident of active) {
    const plan = async (db: Kysely<Database>) => {
      const levels = await db
        .selectFrom('incident_notifications')
        .select('level')
        .where('incident_id', '=', incident.id)
        .where('level', '>=', 0)
        .execute();
      const policy = await escalationPolicy(db, incident.severity as Severity);
      const notified = [...new Set(levels.map((l) => l.level))].filter(
        (l) => l < policy.levels.length,
      );
      const due =
        incident.status === 'resolved'
          ? []
          : dueEscalations(
              policy,
              {
                openedAt: incident.opened_at,
                acknowledgedAt: incident.acknowledged_at,
                notifiedLevels: notified,
              },
              now,
            );
      const clocks = await db
        .selectFrom('incident_clocks')
        .selectAll()
        .where('incident_id', '=', incident.id)
        .where('submitted_at', 'is', null)
        .execute();
      const changes = clocks
        .map((c) => ({ c, state: clockState({ ruleId: c.rule_id, startedAt: c.started_at }, now) }))
        .filter(
          ({ c, state }) =>
            (state.status === 'overdue' && c.expired_at === null) ||
            (state.status === 'warning' && c.warned_at === null),
        );
      return { policy, due, changes };
    };
    // A cheap look first; the work is planned again under a lock on the incident, so two
    // instances running the timers at once cannot notify a level or warn twice.
    const first = await plan(ctx.db);
    if (first.due.length === 0 && first.changes.length === 0) continue;
    try {
      const done = await ctx.committer.commit(SYSTEM_ACTOR, 'incident.escalate', async (tx) => {
        // Fresh each time: a mutation may run again when its commit group is retried.
        const local: TimerRound = { escalated: [], warned: [], expired: [] };
        const locked = await tx
          .selectFrom('incidents')
          .select(['acknowledged_at', 'status'])
          .where('id', '=', incident.id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        incident.acknowledged_at = locked.acknowledged_at;
        incident.status = locked.status;
        const { policy, due, changes } = await plan(tx);
        if (due.length === 0 && changes.length === 0) throw new NothingDue();
        const events: EventDraft[] = [];
        const subject = { kind: 'incident', id: incident.id, ref: incident.key };
        for (const level of due) {
          const spec = policy.levels[level];
          if (spec === undefined) continue;
          await queueNotification(
            ctx,
            tx,
            incident.id,
            {
              level,
              reason: level === 0 ? 'opened' : 'not acknowledged',
              recipients: { roles: spec.roles, users: spec.users ?? [] },
            },
            now,
          );
          const who = [...spec.roles, ...(spec.users ?? [])].join(', ');
          await timeline(ctx, tx, incident.id, {
            at: now,
            actor: SYSTEM_ACTOR.name,
            kind: 'escalated',
            summary: `escalation level ${level}: ${who} notified${level === 0 ? '' : ` (not acknowledged after ${spec.afterMinutes} min)`}`,
            details: { level, roles: spec.roles, users: spec.users ?? [] },
          });
          events.push({
            type: 'incident-escalated',
            subject,
            payload: {
              level,
              afterMinutes: spec.afterMinutes,
              roles: spec.roles,
              users: spec.users ?? [],
            },
          });
          local.escalated.push({ incident: incident.key, level });
        }
        for (const { c, state } of changes) {
          const rule = findRule(c.rule_id);
          const expired = state.status === 'overdue';
          await tx
            .updateTable('incident_clocks')
            .set(expired ? { expired_at: now, warned_at: c.warned_at ?? now } : { warned_at: now })
            .where('incident_id', '=', incident.id)
            .where('rule_id', '=', c.rule_id)
            .execute();
          await timeline(ctx, tx, incident.id, {
            at: now,
            actor: SYSTEM_ACTOR.name,
            kind: expired ? 'clock-expired' : 'clock-warning',
            summary: expired
              ? `${rule.framework} deadline passed (${rule.citation}, due ${state.dueAt.toISOString()}) with no report submitted`
              : `${rule.framework} report due ${state.dueAt.toISOString()} (${state.remainingMinutes} min left)`,
            details: { rule: rule.id, dueAt: state.dueAt.toISOString() },
          });
          events.push({
            type: expired ? 'regulatory-clock-expired' : 'regulatory-clock-warning',
            subject,
            payload: {
              rule: rule.id,
              dueAt: state.dueAt.toISOString(),
              remainingMinutes: state.remainingMinutes,
            },
          });
          (expired ? local.expired : local.warned).push({ incident: incident.key, rule: rule.id });
        }
        return { result: local, events };
      });
      round.escalated.push(...done.escalated);
      round.warned.push(...done.warned);
      round.expired.push(...done.expired);
    } catch (error) {
      if (!(error instanceof NothingDue)) throw error;
    }
  }
  return round;
}

/** E-mail addresses of the users bound to `roles` (anywhere) and of `users`, enabled ones. */
export async function recipientsOf(
  db: Kysely<Database>,
  roles: readonly string[],
  users: readonly string[],
): Promise<string[]> {
  const bound =
    roles.length === 0
      ? []
      : await db
          .selectFrom('role_bindings')
          .select('subject')
          .where('role', 'in', [...roles])
          .where('subject', 'like', 'user:%')
          .execute();
  const names = [...new Set([...bound.map((b) => b.subject.slice('user:'.length)), ...users])];
  if (names.length === 0) return [];
  const rows = await db
    .selectFrom('users')
    .select('email')
    .where('name', 'in', names)
    .where('disabled_at', 'is', null)
    .where('email', 'is not', null)
    .orderBy('name')
    .execute();
  return rows.map((r) => r.email as string);
}
