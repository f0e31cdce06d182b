import type { Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import { ConflictError, NotFoundError, ValidationError } from '../lib/index.js';
import { newId, type RegistryContext } from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import {
  incidentRow,
  incidentView,
  type AffectedModel,
  type IncidentView,
} from './incident-view.js';
import { timeline } from './incident-records.js';
import { completeStep, openIncidentWithin } from './open-incident.js';
import type { PlaybookAction } from './playbooks/index.js';
import { runAction } from './run-step.js';
import {
  assertTransition,
  deadline,
  draftReport,
  findRule,
  type IncidentType,
  type Severity,
} from './rules/index.js';
import {
  noteSchema,
  openIncidentSchema,
  reportSchema,
  reviewSchema,
  startClockSchema,
  stepSchema,
  transitionSchema,
  updateIncidentSchema,
} from './schemas.js';

type Row = Awaited<ReturnType<typeof incidentRow>>;
type Change = (
  tx: Transaction<Database>,
  incident: Row,
  now: Date,
) => Promise<{ summary: string; kind: string; events?: EventDraft[]; details?: unknown }>;

const subject = (row: { id: string; key: string }) => ({
  kind: 'incident',
  id: row.id,
  ref: row.key,
});

/**
 * One change to an incident: reads the row inside the transaction, applies `change`, writes a
 * timeline entry and an `incident-updated` event (plus the change's own), in one commit.
 */
async function changeIncident(
  ctx: RegistryContext,
  actor: Actor,
  action: string,
  keyOrId: string,
  change: Change,
): Promise<IncidentView> {
  const key = await ctx.committer.commit(actor, action, async (tx, now) => {
    const row = await incidentRow(tx, keyOrId);
    if (row.status === 'closed') {
      throw new ConflictError(`incident ${row.key} is closed`, { incident: row.key }, 'CONFLICT');
    }
    const done = await change(tx, row, now);
    await tx.updateTable('incidents').set({ updated_at: now }).where('id', '=', row.id).execute();
    await timeline(ctx, tx, row.id, {
      at: now,
      actor: actor.name,
      kind: done.kind,
      summary: done.summary,
      details: done.details,
    });
    return {
      result: row.key,
      events: [
        {
          type: 'incident-updated',
          subject: subject(row),
          payload: { change: done.kind, summary: done.summary, details: done.details ?? {} },
        },
        ...(done.events ?? []),
      ],
    };
  });
  return incidentView(ctx.db, key, ctx.clock.now());
}

/** Opens an incident by hand (API, CLI). */
export async function openIncident(
  ctx: RegistryContext,
  actor: Actor,
  body: unknown,
): Promise<IncidentView> {
  const input = openIncidentSchema.parse(body);
  const { key } = await ctx.committer.commit(actor, 'incident.open', (tx, now) =>
    openIncidentWithin(
      ctx,
      tx,
      actor,
      {
        ...input,
        onsetAt: input.onsetAt === undefined ? undefined : new Date(input.onsetAt),
        awareAt: input.awareAt === undefined ? undefined : new Date(input.awareAt),
        source: { kind: 'manual' },
      },
      now,
    ),
  );
  return incidentView(ctx.db, key, ctx.clock.now());
}

export async function acknowledgeIncident(ctx: RegistryContext, actor: Actor, key: string) {
  return changeIncident(ctx, actor, 'incident.update', key, async (tx, row, now) => {
    if (row.acknowledged_at !== null) {
      throw new ConflictError(
        `incident ${row.key} was acknowledged by ${row.acknowledged_by ?? ''}`,
        { incident: row.key },
        'CONFLICT',
      );
    }
    await tx
      .updateTable('incidents')
      .set({ acknowledged_at: now, acknowledged_by: actor.name, owner: row.owner ?? actor.name })
      .where('id', '=', row.id)
      .execute();
    return { kind: 'acknowledged', summary: `acknowledged by ${actor.name}; escalation stops` };
  });
}

export async function updateIncident(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  body: unknown,
) {
  const input = updateIncidentSchema.parse(body);
  return changeIncident(ctx, actor, 'incident.update', key, async (tx, row) => {
    await tx
      .updateTable('incidents')
      .set({
        ...(input.title === undefined ? {} : { title: input.title }),
        ...(input.summary === undefined ? {} : { summary: input.summary }),
        ...(input.type === undefined ? {} : { type: input.type }),
        ...(input.severity === undefined ? {} : { severity: input.severity }),
        ...(input.owner === undefined ? {} : { owner: input.owner }),
      })
      .where('id', '=', row.id)
      .execute();
    const parts = Object.entries(input).map(([k, v]) =>
      k === 'summary'
        ? 'summary edited'
        : `${k} ${(row as unknown as Record<string, string | null>)[k] ?? '-'} → ${v ?? '-'}`,
    );
    return { kind: 'updated', summary: parts.join('; '), details: input };
  });
}

export async function addNote(ctx: RegistryContext, actor: Actor, key: string, body: unknown) {
  const { text } = noteSchema.parse(body);
  return changeIncident(ctx, actor, 'incident.update', key, () =>
    Promise.resolve({ kind: 'note', summary: text }),
  );
}

/** Moves the incident along open → triaged → mitigating → resolved → closed. */
export async function transitionIncident(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  body: unknown,
) {
  const input = transitionSchema.parse(body);
  return changeIncident(ctx, actor, 'incident.update', key, async (tx, row, now) => {
    const review = await tx
      .selectFrom('incident_reviews')
      .select('completed_at')
      .where('incident_id', '=', row.id)
      .executeTakeFirst();
    const open = await tx
      .selectFrom('incident_actions')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('incident_id', '=', row.id)
      .where('done_at', 'is', null)
      .executeTakeFirstOrThrow();
    assertTransition(row.status as 'open', input.status, {
      severity: row.severity as Severity,
      reviewCompleted: review?.completed_at !== undefined && review.completed_at !== null,
      openActions: Number(open.n),
    });
    await tx
      .updateTable('incidents')
      .set({
        status: input.status,
        ...(input.status === 'resolved' ? { resolved_at: now } : {}),
        ...(input.status === 'mitigating' && row.status === 'resolved'
          ? { resolved_at: null }
          : {}),
        ...(input.status === 'closed' ? { closed_at: now } : {}),
        // Working an incident acknowledges it.
        ...(row.acknowledged_at === null
          ? { acknowledged_at: now, acknowledged_by: actor.name }
          : {}),
      })
      .where('id', '=', row.id)
      .execute();
    return {
      kind: 'status',
      summary: `${row.status} → ${input.status}${input.note === undefined ? '' : `: ${input.note}`}`,
      details: { from: row.status, to: input.status },
    };
  });
}

/** Runs an action step, or marks a step done or skipped. */
export async function workStep(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  stepId: string,
  body: unknown,
) {
  const input = stepSchema.parse(body);
  const viewKey = await ctx.committer.commit(actor, 'incident.step', async (tx, now) => {
    const row = await incidentRow(tx, key);
    if (row.status === 'closed') {
      throw new ConflictError(`incident ${row.key} is closed`, { incident: row.key }, 'CONFLICT');
    }
    const step = await tx
      .selectFrom('incident_steps')
      .selectAll()
      .where('incident_id', '=', row.id)
      .where('step_id', '=', stepId)
      .executeTakeFirst();
    if (step === undefined) throw new NotFoundError('playbook step', `${row.key}/${stepId}`);
    if (step.status === 'done' || step.status === 'skipped') {
      throw new ConflictError(
        `step ${stepId} is already ${step.status}`,
        { step: stepId },
        'CONFLICT',
      );
    }
    if (input.outcome === 'run' && step.kind !== 'action') {
      throw new ValidationError(`step ${stepId} is a checklist item: mark it done or skipped`, [
        { code: 'not_an_action', path: ['outcome'], message: 'only action steps run' },
      ]);
    }
    const incident = {
      id: row.id,
      key: row.key,
      title: row.title,
      drill: row.drill,
      affected: row.affected as AffectedModel[],
    };
    const outcome =
      input.outcome === 'run'
        ? await runAction(ctx, tx, actor, incident, step.action as PlaybookAction, now)
        : {
            ok: true,
            detail: input.note ?? (input.outcome === 'done' ? 'done' : 'skipped'),
            events: [],
          };
    const events = await completeStep(ctx, tx, row, stepId, outcome, actor, now, input.outcome);
    await tx.updateTable('incidents').set({ updated_at: now }).where('id', '=', row.id).execute();
    return { result: row.key, events };
  });
  return incidentView(ctx.db, viewKey, ctx.clock.now());
}

function factsOf(row: Row, actions: string[]) {
  return {
    incidentKey: row.key,
    title: row.title,
    summary: row.summary,
    type: row.type as IncidentType,
    severity: row.severity as Severity,
    awareAt: row.aware_at,
    onsetAt: row.onset_at,
    models: (row.affected as AffectedModel[]).map((a) => ({
      model: a.model,
      ...(a.version === null ? {} : { version: a.version }),
      ...(a.environment === null ? {} : { environment: a.environment }),
    })),
    actions,
  };
}

/** Marks the incident reportable under a rule: its clock starts (from awareness by default). */
export async function startClock(ctx: RegistryContext, actor: Actor, key: string, body: unknown) {
  const input = startClockSchema.parse(body);
  const rule = findRule(input.rule);
  return changeIncident(ctx, actor, 'incident.clock', key, async (tx, row, now) => {
    const existing = await tx
      .selectFrom('incident_clocks')
      .select('rule_id')
      .where('incident_id', '=', row.id)
      .where('rule_id', '=', rule.id)
      .executeTakeFirst();
    if (existing !== undefined) {
      throw new ConflictError(
        `the ${rule.id} clock of ${row.key} is already running`,
        { rule: rule.id },
        'ALREADY_EXISTS',
      );
    }
    const startedAt = input.startedAt === undefined ? row.aware_at : new Date(input.startedAt);
    if (startedAt.getTime() > now.getTime()) {
      throw new ValidationError('a clock cannot start in the future', [
        { code: 'future_start', path: ['startedAt'], message: 'after now' },
      ]);
    }
    const steps = await tx
      .selectFrom('incident_steps')
      .select(['title', 'result'])
      .where('incident_id', '=', row.id)
      .where('status', '=', 'done')
      .orderBy('position')
      .execute();
    const report = draftReport(
      rule,
      factsOf(
        row,
        steps.map((s) => `${s.title}: ${s.result ?? 'done'}`),
      ),
    );
    const dueAt = deadline(rule, startedAt);
    await tx
      .insertInto('incident_clocks')
      .values({
        incident_id: row.id,
        rule_id: rule.id,
        started_at: startedAt,
        due_at: dueAt,
        warned_at: null,
        expired_at: null,
        submitted_at: null,
        report: json(report),
        started_by: actor.name,
      })
      .execute();
    return {
      kind: 'clock-started',
      summary: `reportable under ${rule.framework} (${rule.citation}): report due ${dueAt.toISOString()}`,
      details: { rule: rule.id, startedAt: startedAt.toISOString(), dueAt: dueAt.toISOString() },
      events: [
        {
          type: 'regulatory-clock-started',
          subject: subject(row),
          payload: {
            rule: rule.id,
            framework: rule.framework,
            startedAt: startedAt.toISOString(),
            dueAt: dueAt.toISOString(),
          },
        },
      ],
    };
  });
}

async function clockRow(tx: Transaction<Database>, row: Row, ruleId: string) {
  const clock = await tx
    .selectFrom('incident_clocks')
    .selectAll()
    .where('incident_id', '=', row.id)
    .where('rule_id', '=', ruleId)
    .executeTakeFirst();
  if (clock === undefined) throw new NotFoundError('regulatory clock', `${row.key}/${ruleId}`);
  return clock;
}

/** Fills fields of the draft report (before submission). */
export async function editReport(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  ruleId: string,
  body: unknown,
) {
  const { fields } = reportSchema.parse(body);
  return changeIncident(ctx, actor, 'incident.clock', key, async (tx, row) => {
    const clock = await clockRow(tx, row, ruleId);
    if (clock.submitted_at !== null) {
      throw new ConflictError(
        `the ${ruleId} report of ${row.key} was submitted`,
        { rule: ruleId },
        'CONFLICT',
      );
    }
    const report = clock.report as {
      ruleId: string;
      fields: { name: string; label: string; required: boolean; value: string | null }[];
      missing: string[];
    };
    const known = new Set(report.fields.map((f) => f.name));
    const unknown = Object.keys(fields).filter((f) => !known.has(f));
    if (unknown.length > 0) {
      throw new ValidationError(
        `the ${ruleId} report has no field ${unknown.join(', ')}`,
        unknown.map((f) => ({
          code: 'unknown_field',
          path: ['fields', f],
          message: `known fields: ${[...known].join(', ')}`,
        })),
      );
    }
    const next = report.fields.map((f) =>
      f.name in fields
        ? { ...f, value: fields[f.name] === '' ? null : (fields[f.name] ?? null) }
        : f,
    );
    const updated = {
      ...report,
      fields: next,
      missing: next.filter((f) => f.value === null).map((f) => f.name),
    };
    await tx
      .updateTable('incident_clocks')
      .set({ report: json(updated) })
      .where('incident_id', '=', row.id)
      .where('rule_id', '=', ruleId)
      .execute();
    return {
      kind: 'report-edited',
      summary: `${ruleId} report: ${Object.keys(fields).join(', ')}`,
      details: { rule: ruleId, fields: Object.keys(fields) },
    };
  });
}

/** Records that the report went to the authority; every required field must be filled. */
export async function submitReport(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  ruleId: string,
) {
  return changeIncident(ctx, actor, 'incident.clock', key, async (tx, row, now) => {
    const clock = await clockRow(tx, row, ruleId);
    if (clock.submitted_at !== null) {
      throw new ConflictError(
        `the ${ruleId} report of ${row.key} was already submitted`,
        { rule: ruleId },
        'CONFLICT',
      );
    }
    const report = clock.report as {
      fields: { name: string; required: boolean; value: string | null }[];
    };
    const missing = report.fields.filter((f) => f.required && f.value === null);
    if (missing.length > 0) {
      throw new ValidationError(
        `the ${ruleId} report lacks required fields: ${missing.map((f) => f.name).join(', ')}`,
        missing.map((f) => ({
          code: 'required_field',
          path: ['fields', f.name],
          message: 'required',
        })),
      );
    }
    await tx
      .updateTable('incident_clocks')
      .set({ submitted_at: now })
      .where('incident_id', '=', row.id)
      .where('rule_id', '=', ruleId)
      .execute();
    const late = now.getTime() >= clock.due_at.getTime();
    return {
      kind: 'report-submitted',
      summary: `${ruleId} report submitted${late ? ' LATE' : ''} (due ${clock.due_at.toISOString()})`,
      details: { rule: ruleId, late },
      events: [
        {
          type: 'regulatory-report-submitted',
          subject: subject(row),
          payload: { rule: ruleId, dueAt: clock.due_at.toISOString(), late, report: clock.report },
        },
      ],
    };
  });
}

/** Writes (or rewrites) the post-incident review and its follow-up actions. */
export async function writeReview(ctx: RegistryContext, actor: Actor, key: string, body: unknown) {
  const input = reviewSchema.parse(body);
  return changeIncident(ctx, actor, 'incident.review', key, async (tx, row, now) => {
    const existing = await tx
      .selectFrom('incident_reviews')
      .select('completed_at')
      .where('incident_id', '=', row.id)
      .executeTakeFirst();
    if (existing?.completed_at !== undefined && existing.completed_at !== null) {
      throw new ConflictError(
        `the review of ${row.key} is complete`,
        { incident: row.key },
        'CONFLICT',
      );
    }
    const values = {
      summary: input.summary,
      root_cause: input.rootCause,
      contributing_factors: json(input.contributingFactors),
      updated_at: now,
      updated_by: actor.name,
    };
    await tx
      .insertInto('incident_reviews')
      .values({ incident_id: row.id, ...values, completed_at: null, completed_by: null })
      .onConflict((oc) => oc.column('incident_id').doUpdateSet(values))
      .execute();
    for (const a of input.actions) {
      await tx
        .insertInto('incident_actions')
        .values({
          id: newId(ctx),
          incident_id: row.id,
          title: a.title,
          owner: a.owner,
          due_at: new Date(a.dueAt),
          done_at: null,
          done_by: null,
          created_at: now,
        })
        .execute();
    }
    return {
      kind: 'review',
      summary: `post-incident review written; root cause: ${input.rootCause}`,
      details: { actions: input.actions.length },
    };
  });
}

/** Completes the review (needed before a SEV1 or SEV2 closes). */
export async function completeReview(ctx: RegistryContext, actor: Actor, key: string) {
  return changeIncident(ctx, actor, 'incident.review', key, async (tx, row, now) => {
    const review = await tx
      .selectFrom('incident_reviews')
      .select('completed_at')
      .where('incident_id', '=', row.id)
      .executeTakeFirst();
    if (review === undefined) throw new NotFoundError('post-incident review', row.key);
    if (review.completed_at !== null) {
      throw new ConflictError(
        `the review of ${row.key} is already complete`,
        { incident: row.key },
        'CONFLICT',
      );
    }
    await tx
      .updateTable('incident_reviews')
      .set({ completed_at: now, completed_by: actor.name })
      .where('incident_id', '=', row.id)
      .execute();
    return {
      kind: 'review-completed',
      summary: `post-incident review completed by ${actor.name}`,
      events: [
        { type: 'incident-review-completed', subject: subject(row), payload: { by: actor.name } },
      ],
    };
  });
}

/** Marks a follow-up action done. */
export async function completeAction(
  ctx: RegistryContext,
  actor: Actor,
  key: string,
  actionId: string,
) {
  return changeIncident(ctx, actor, 'incident.review', key, async (tx, row, now) => {
    const action = await tx
      .selectFrom('incident_actions')
      .selectAll()
      .where('incident_id', '=', row.id)
      .where('id', '=', actionId)
      .executeTakeFirst();
    if (action === undefined) throw new NotFoundError('follow-up action', `${row.key}/${actionId}`);
    if (action.done_at !== null) {
      throw new ConflictError(
        `action ${actionId} is already done`,
        { action: actionId },
        'CONFLICT',
      );
    }
    await tx
      .updateTable('incident_actions')
      .set({ done_at: now, done_by: actor.name })
      .where('id', '=', actionId)
      .execute();
    return { kind: 'action-done', summary: `done: ${action.title}`, details: { action: actionId } };
  });
}
