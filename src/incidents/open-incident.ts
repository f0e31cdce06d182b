import { sql, type Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import {
  findModel,
  modelRefOf,
  newId,
  resolveVersion,
  type RegistryContext,
} from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import { escalationPolicy } from './escalation-policies.js';
import type { AffectedModel, IncidentSource } from './incident-view.js';
import { choosePlaybook } from './playbook-store.js';
import { queueNotification, timeline } from './incident-records.js';
import { runAction } from './run-step.js';
import type { IncidentType, Severity } from './rules/index.js';

/** The advisory lock that serialises incident numbering (an arbitrary constant, 'INCI'). */
const INCIDENT_KEY_LOCK = 0x494e4349;

/** What opening an incident needs, whoever opens it (a person, an alert, a drill). */
export interface OpenIncidentRequest {
  title: string;
  type: IncidentType;
  severity: Severity;
  summary: string;
  affected: { model: string; version?: string | undefined; environment?: string | undefined }[];
  owner?: string | undefined;
  playbook?: string | undefined;
  onsetAt?: Date | undefined;
  detectedAt?: Date | undefined;
  awareAt?: Date | undefined;
  source: IncidentSource;
  drill?: boolean;
}

/**
 * `INC-2026-007`: the year of opening and a sequence per year (`DRILL-` for drills). A
 * transaction-scoped advisory lock makes two server instances opening incidents at once take
 * turns, so they never compute the same number.
 */
async function nextKey(tx: Transaction<Database>, drill: boolean, now: Date): Promise<string> {
  await sql`select pg_advisory_xact_lock(${INCIDENT_KEY_LOCK})`.execute(tx);
  const prefix = `${drill ? 'DRILL' : 'INC'}-${now.getUTCFullYear()}-`;
  const row = await tx
    .selectFrom('incidents')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('key', 'like', `${prefix}%`)
    .executeTakeFirstOrThrow();
  return `${prefix}${String(Number(row.n) + 1).padStart(3, '0')}`;
}

async function resolveAffected(
  tx: Transaction<Database>,
  affected: OpenIncidentRequest['affected'],
): Promise<AffectedModel[]> {
  const out: AffectedModel[] = [];
  for (const a of affected) {
    const model = await findModel(tx, a.model);
    const version =
      a.version === undefined ? undefined : await resolveVersion(tx, model, a.version);
    out.push({
      model: modelRefOf(model),
      modelId: model.id,
      version: version?.label ?? null,
      versionId: version?.id ?? null,
      environment: a.environment ?? null,
    });
  }
  return out;
}

/**
 * Opens an incident inside the caller's transaction (a person's request, or the monitor run
 * whose alert caused it, so the alert, the incident and what its playbook did are one change):
 * the incident with its key, the chosen playbook's steps, the first escalation level's
 * notifications, and every `auto` action step run at once. Returns the events to record.
 */
export async function openIncidentWithin(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  request: OpenIncidentRequest,
  now: Date,
): Promise<{ result: { id: string; key: string }; events: EventDraft[] }> {
  const drill = request.drill === true;
  const affected = await resolveAffected(tx, request.affected);
  const chosen = await choosePlaybook(tx, request);
  const id = newId(ctx);
  const key = await nextKey(tx, drill, now);
  await tx
    .insertInto('incidents')
    .values({
      id,
      key,
      title: request.title,
      type: request.type,
      severity: request.severity,
      status: 'open',
      summary: request.summary,
      source: json(request.source),
      affected: json(affected),
      owner: request.owner ?? null,
      playbook: chosen?.playbook.name ?? null,
      drill,
      onset_at: request.onsetAt ?? null,
      detected_at: request.detectedAt ?? null,
      aware_at: request.awareAt ?? now,
      opened_at: now,
      opened_by: actor.name,
      acknowledged_at: null,
      acknowledged_by: null,
      resolved_at: null,
      closed_at: null,
      updated_at: now,
    })
    .execute();
  const steps = chosen?.playbook.steps ?? [];
  for (const [position, step] of steps.entries()) {
    await tx
      .insertInto('incident_steps')
      .values({
        incident_id: id,
        step_id: step.id,
        position,
        title: step.title,
        kind: step.kind,
        action: step.kind === 'action' ? json(step.action) : null,
        status: 'pending',
        result: null,
        completed_at: null,
        completed_by: null,
      })
      .execute();
  }
  await timeline(ctx, tx, id, {
    at: now,
    actor: actor.name,
    kind: 'opened',
    summary: `${request.severity} ${request.type} incident opened${request.source.kind === 'alert' ? ` by alert ${request.source.ref ?? ''}` : ''}${chosen === undefined ? '' : `; playbook ${chosen.playbook.name}`}`,
    details: { source: request.source },
  });
  const policy = await escalationPolicy(tx, request.severity);
  const first = policy.levels[0];
  if (first !== undefined && first.afterMinutes === 0) {
    await queueNotification(
      ctx,
      tx,
      id,
      {
        level: 0,
        reason: drill ? 'drill' : 'opened',
        recipients: { roles: first.roles, users: first.users ?? [] },
      },
      now,
    );
  }
  const events: EventDraft[] = [
    {
      type: 'incident-opened',
      subject: { kind: 'incident', id, ref: key },
      payload: {
        key,
        title: request.title,
        type: request.type,
        severity: request.severity,
        source: request.source,
        affected: affected.map((a) => ({
          model: a.model,
          version: a.version,
          environment: a.environment,
        })),
        playbook:
          chosen === undefined ? null : { name: chosen.playbook.name, digest: chosen.digest },
        drill,
        awareAt: (request.awareAt ?? now).toISOString(),
        notify: first === undefined ? null : { roles: first.roles, users: first.users ?? [] },
      },
    },
  ];
  const incident = { id, key, title: request.title, drill, affected };
  for (const step of steps) {
    if (step.kind !== 'action' || !step.auto) continue;
    const outcome = await runAction(ctx, tx, actor, incident, step.action, now);
    events.push(...(await completeStep(ctx, tx, incident, step.id, outcome, actor, now, 'auto')));
  }
  return { result: { id, key }, events };
}

/** Records a step's outcome: the step row, a timeline entry and the events (its action's too). */
export async function completeStep(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  incident: { id: string; key: string },
  stepId: string,
  outcome: { ok: boolean; detail: string; events: EventDraft[] },
  actor: Actor,
  now: Date,
  how: 'auto' | 'run' | 'done' | 'skipped',
): Promise<EventDraft[]> {
  const status = how === 'skipped' ? 'skipped' : outcome.ok ? 'done' : 'failed';
  await tx
    .updateTable('incident_steps')
    .set({ status, result: outcome.detail, completed_at: now, completed_by: actor.name })
    .where('incident_id', '=', incident.id)
    .where('step_id', '=', stepId)
    .execute();
  await timeline(ctx, tx, incident.id, {
    at: now,
    actor: actor.name,
    kind: `step-${status}`,
    summary: `${stepId}: ${outcome.detail}`,
    details: { step: stepId, how },
  });
  return [
    {
      type: 'incident-step-completed',
      subject: { kind: 'incident', id: incident.id, ref: incident.key },
      payload: { step: stepId, status, how, detail: outcome.detail },
    },
    ...outcome.events,
  ];
}
