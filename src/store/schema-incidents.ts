import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from './schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface IncidentsTable {
  id: string;
  key: string;
  title: string;
  type: string;
  severity: string;
  status: string;
  summary: string;
  source: Json<unknown>;
  affected: Json<unknown>;
  owner: string | null;
  playbook: string | null;
  drill: boolean;
  onset_at: Nullable<Date>;
  detected_at: Nullable<Date>;
  aware_at: Timestamp;
  opened_at: Timestamp;
  opened_by: string;
  acknowledged_at: Nullable<Date>;
  acknowledged_by: string | null;
  resolved_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  updated_at: Timestamp;
}

export interface IncidentTimelineTable {
  id: string;
  incident_id: string;
  at: Timestamp;
  actor: string;
  kind: string;
  summary: string;
  details: Json<unknown>;
}

export interface IncidentStepsTable {
  incident_id: string;
  step_id: string;
  position: number;
  title: string;
  kind: string;
  action: NullableJson<unknown>;
  status: string;
  result: string | null;
  completed_at: Nullable<Date>;
  completed_by: string | null;
}

export interface IncidentClocksTable {
  incident_id: string;
  rule_id: string;
  started_at: Timestamp;
  due_at: Timestamp;
  warned_at: Nullable<Date>;
  expired_at: Nullable<Date>;
  submitted_at: Nullable<Date>;
  report: Json<unknown>;
  started_by: string;
}

export interface IncidentNotificationsTable {
  id: string;
  incident_id: string;
  level: number;
  reason: string;
  recipients: Json<unknown>;
  status: string;
  attempts: number;
  last_error: string | null;
  created_at: Timestamp;
  sent_at: Nullable<Date>;
}

export interface IncidentReviewsTable {
  incident_id: string;
  summary: string;
  root_cause: string;
  contributing_factors: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string;
  completed_at: Nullable<Date>;
  completed_by: string | null;
}

export interface IncidentActionsTable {
  id: string;
  incident_id: string;
  title: string;
  owner: string;
  due_at: Timestamp;
  done_at: Nullable<Date>;
  done_by: string | null;
  created_at: Timestamp;
}

export interface PlaybooksTable {
  name: string;
  version: number;
  source: string;
  digest: string;
  published_at: Timestamp;
  published_by: string;
}

export interface EscalationPoliciesTable {
  severity: string;
  levels: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface IncidentTables {
  incidents: IncidentsTable;
  incident_timeline: IncidentTimelineTable;
  incident_steps: IncidentStepsTable;
  incident_clocks: IncidentClocksTable;
  incident_notifications: IncidentNotificationsTable;
  incident_reviews: IncidentReviewsTable;
  incident_actions: IncidentActionsTable;
  escalation_policies: EscalationPoliciesTable;
  playbooks: PlaybooksTable;
}
