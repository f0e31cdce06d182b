import type { ColumnType } from 'kysely';
import type { Json, Timestamp } from './schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

export interface ReferenceProfilesTable {
  id: string;
  model_id: string;
  source: string;
  dataset_version_id: string | null;
  description: string;
  profile: Json<unknown>;
  digest: string;
  created_at: Timestamp;
  created_by: string;
}

export interface MonitorsTable {
  id: string;
  model_id: string;
  name: string;
  environment: string;
  reference_id: string;
  config: Json<unknown>;
  active: boolean;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  last_run_at: Nullable<Date>;
}

export interface WindowProfilesTable {
  monitor_id: string;
  window_start: Timestamp;
  window_end: Timestamp;
  records: number;
  profile: Json<unknown>;
  updated_at: Timestamp;
  /** When outcomes were last joined to this window's predictions (null: never). */
  labels_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface PredictionsTable {
  model_id: string;
  environment: string;
  prediction_id: string;
  ts: Timestamp;
  score: number | null;
  prediction: NullableJson<unknown>;
  label: NullableJson<unknown>;
  labelled_at: Nullable<Date>;
  segments: Json<Record<string, string>>;
  features: NullableJson<Record<string, unknown>>;
  received_at: Timestamp;
}

export interface MonitorRunsTable {
  id: string;
  monitor_id: string;
  window_start: Timestamp;
  window_end: Timestamp;
  status: string;
  results: Json<unknown>;
  digest: string;
  created_at: Timestamp;
  created_by: string;
}

export interface AlertsTable {
  id: string;
  monitor_id: string;
  model_id: string;
  key: string;
  kind: string;
  severity: string;
  status: string;
  summary: string;
  details: Json<unknown>;
  occurrences: number;
  first_run_id: string;
  last_run_id: string;
  fired_at: Timestamp;
  last_seen_at: Timestamp;
  resolved_at: Nullable<Date>;
  actions: Json<unknown[]>;
}

/** Pre-deployment evaluations (migration 0006); `summary` holds the gate's flattened metrics. */
export interface EvaluationsTable {
  id: string;
  model_id: string;
  version_id: string;
  baseline_version_id: string | null;
  name: string;
  kind: string;
  data_digest: string;
  data_file: string;
  dataset_version_id: string | null;
  seed: number;
  summary: Json<unknown>;
  result: Json<unknown>;
  digest: string;
  created_at: Timestamp;
  created_by: string;
}

export interface MonitoringTables {
  reference_profiles: ReferenceProfilesTable;
  monitors: MonitorsTable;
  window_profiles: WindowProfilesTable;
  predictions: PredictionsTable;
  monitor_runs: MonitorRunsTable;
  alerts: AlertsTable;
  evaluations: EvaluationsTable;
}
