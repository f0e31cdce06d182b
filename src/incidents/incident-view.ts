import type { Kysely, Selectable, Transaction } from 'kysely';
import { NotFoundError } from '../lib/index.js';
import { iso, isoOrNull } from '../registry/index.js';
import type { Database, IncidentsTable } from '../store/index.js';
import { clockState, findRule, type ClockStatus } from './rules/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface AffectedModel {
  model: string;
  modelId: string;
  version: string | null;
  versionId: string | null;
  environment: string | null;
}

export interface IncidentSource {
  kind: 'manual' | 'alert' | 'drill' | 'gate-override' | 'integrity' | 'security';
  id?: string;
  ref?: string;
}

export interface IncidentSummary {
  id: string;
  key: string;
  title: string;
  type: string;
  severity: string;
  status: string;
  summary: string;
  source: IncidentSource;
  affected: AffectedModel[];
  owner: string | null;
  playbook: string | null;
  drill: boolean;
  onsetAt: string | null;
  detectedAt: string | null;
  awareAt: string;
  openedAt: string;
  openedBy: string;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  updatedAt: string;
}

export interface IncidentView extends IncidentSummary {
  steps: {
    id: string;
    position: number;
    title: string;
    kind: string;
    action: unknown;
    status: string;
    result: string | null;
    completedAt: string | null;
    completedBy: string | null;
  }[];
  clocks: {
    rule: string;
    framework: string;
    title: string;
    citation: string;
    startedAt: string;
    dueAt: string;
    warnAt: string;
    status: ClockStatus;
    remainingMinutes: number;
    submittedAt: string | null;
    report: {
      fields: { name: string; label: string; required: boolean; value: string | null }[];
      missing: string[];
    };
  }[];
  timeline: { at: string; actor: string; kind: string; summary: string; details: unknown }[];
  review: {
    summary: string;
    rootCause: string;
    contributingFactors: string[];
    updatedAt: string;
    updatedBy: string;
    completedAt: string | null;
    completedBy: string | null;
  } | null;
  actions: {
    id: string;
    title: string;
    owner: string;
    dueAt: string;
    doneAt: string | null;
    doneBy: string | null;
    overdue: boolean;
  }[];
  notifications: {
    level: number;
    reason: string;
    recipients: unknown;
    status: string;
    createdAt: string;
    sentAt: string | null;
    lastError: string | null;
  }[];
}

type IncidentRow = Selectable<IncidentsTable>;

export function summaryOf(row: IncidentRow): IncidentSummary {
  return {
    id: row.id,
    key: row.key,
    title: row.title,
    type: row.type,
    severity: row.severity,
    status: row.status,
    summary: row.summary,
    source: row.source as IncidentSource,
    affected: row.affected as AffectedModel[],
    owner: row.owner,
    playbook: row.playbook,
    drill: row.drill,
    onsetAt: isoOrNull(row.onset_at),
    detectedAt: isoOrNull(row.detected_at),
    awareAt: iso(row.aware_at),
    openedAt: iso(row.opened_at),
    openedBy: row.opened_by,
    acknowledgedAt: isoOrNull(row.acknowledged_at),
    acknowledgedBy: row.acknowledged_by,
    resolvedAt: isoOrNull(row.resolved_at),
    closedAt: isoOrNull(row.closed_at),
    updatedAt: iso(row.updated_at),
  };
}

/** The incident row by key (`INC-2026-001`) or id; NOT_FOUND otherwise. */
export async function incidentRow(db: Db, keyOrId: string) {
  const row = await db
    .selectFrom('incidents')
    .selectAll()
    .where((eb) => eb.or([eb('key', '=', keyOrId), eb('id', '=', keyOrId)]))
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('incident', keyOrId);
  return row;
}

/** Everything about one incident, with each regulatory clock's state at `now`. */
export async function incidentView(db: Db, keyOrId: string, now: Date): Promise<IncidentView> {
  const row = await incidentRow(db, keyOrId);
  const [steps, clocks, timeline, review, actions, notifications] = await Promise.all([
    db
      .selectFrom('incident_steps')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('incident_clocks')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('started_at')
      .orderBy('rule_id')
      .execute(),
    db
      .selectFrom('incident_timeline')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('incident_reviews')
      .selectAll()
      .where('incident_id', '=', row.id)
      .executeTakeFirst(),
    db
      .selectFrom('incident_actions')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('due_at')
      .orderBy('id')
      .execute(),
    db
      .selectFrom('incident_notifications')
      .selectAll()
      .where('incident_id', '=', row.id)
      .orderBy('created_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...summaryOf(row),
    steps: steps.map((s) => ({
      id: s.step_id,
      position: s.position,
      title: s.title,
      kind: s.kind,
      action: s.action,
      status: s.status,
      result: s.result,
      completedAt: isoOrNull(s.completed_at),
      completedBy: s.completed_by,
    })),
    clocks: clocks.map((c) => {
      const rule = findRule(c.rule_id);
      const state = clockState(
        { ruleId: c.rule_id, startedAt: c.started_at, submittedAt: c.submitted_at },
        now < c.started_at ? c.started_at : now,
      );
      return {
        rule: c.rule_id,
        framework: rule.framework,
        title: rule.title,
        citation: rule.citation,
        startedAt: iso(c.started_at),
        dueAt: state.dueAt.toISOString(),
        warnAt: state.warnAt.toISOString(),
        status: state.status,
        remainingMinutes: state.remainingMinutes,
        submittedAt: isoOrNull(c.submitted_at),
        report: c.report as IncidentView['clocks'][number]['report'],
      };
    }),
    timeline: timeline.map((t) => ({
      at: iso(t.at),
      actor: t.actor,
      kind: t.kind,
      summary: t.summary,
      details: t.details,
    })),
    review:
      review === undefined
        ? null
        : {
            summary: review.summary,
            rootCause: review.root_cause,
            contributingFactors: review.contributing_factors as string[],
            updatedAt: iso(review.updated_at),
            updatedBy: review.updated_by,
            completedAt: isoOrNull(review.completed_at),
            completedBy: review.completed_by,
          },
    actions: actions.map((a) => ({
      id: a.id,
      title: a.title,
      owner: a.owner,
      dueAt: iso(a.due_at),
      doneAt: isoOrNull(a.done_at),
      doneBy: a.done_by,
      overdue: a.done_at === null && now >= a.due_at,
    })),
    notifications: notifications.map((n) => ({
      level: n.level,
      reason: n.reason,
      recipients: n.recipients,
      status: n.status,
      createdAt: iso(n.created_at),
      sentAt: isoOrNull(n.sent_at),
      lastError: n.last_error,
    })),
  };
}
