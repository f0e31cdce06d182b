import type { ColumnType } from 'kysely';
import type { Int8, Json, Timestamp } from './schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;
type NullableJson<T> = ColumnType<T | null, string | null | undefined, string | null>;

/** Compliance tables (migration 0008). */
export interface ComplianceCataloguesTable {
  version: string;
  controls: Json<unknown>;
  digest: string;
  published_at: Timestamp;
  published_by: string;
}

export interface ComplianceFrameworksTable {
  id: string;
  version: string;
  origin: string;
  definition: Json<unknown>;
  digest: string;
  published_at: Timestamp;
  published_by: string;
}

export interface ModelScopesTable {
  model_id: string;
  revision: number;
  scope: Json<unknown>;
  eu_answers: NullableJson<unknown>;
  recorded_at: Timestamp;
  recorded_by: string;
}

export interface RisksTable {
  id: string;
  model_id: string;
  category: string;
  title: string;
  description: string;
  likelihood: number;
  impact: number;
  owner: string;
  mitigations: Json<unknown[]>;
  residual_likelihood: number | null;
  residual_impact: number | null;
  review_due: string | null;
  status: string;
  accepted_by: string | null;
  accepted_at: Nullable<Date>;
  acceptance: string | null;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ImpactAssessmentsTable {
  id: string;
  model_id: string;
  kind: string;
  template_version: string;
  answers: Json<Record<string, unknown>>;
  status: string;
  revision: number;
  authored_by: string;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
  decided_by: string | null;
  decided_at: Nullable<Date>;
  decision_reason: string | null;
}

export interface ComplianceAttestationsTable {
  id: string;
  sub_control: string;
  model_id: string | null;
  statement: string;
  reference: string | null;
  attested_by: string;
  attested_at: Timestamp;
  valid_until: Timestamp;
}

export interface ComplianceSettingsTable {
  id: number;
  settings: Json<unknown>;
  updated_at: Timestamp;
  updated_by: string;
}

export interface ComplianceSnapshotsTable {
  id: string;
  model_id: string;
  version_id: string | null;
  digest: string;
  posture: Json<unknown>;
  trigger: string;
  created_at: Timestamp;
}

export interface LedgerVerificationsTable {
  id: string;
  ok: boolean;
  size: Int8;
  first_bad_index: Int8 | null;
  verified_at: Timestamp;
  verified_by: string;
}

export interface ComplianceReportsTable {
  id: string;
  kind: string;
  subject: string;
  format: string;
  digest: string;
  duration_ms: number;
  created_at: Timestamp;
  created_by: string;
}

export interface ComplianceTables {
  compliance_catalogues: ComplianceCataloguesTable;
  compliance_frameworks: ComplianceFrameworksTable;
  model_scopes: ModelScopesTable;
  risks: RisksTable;
  impact_assessments: ImpactAssessmentsTable;
  compliance_attestations: ComplianceAttestationsTable;
  compliance_settings: ComplianceSettingsTable;
  compliance_snapshots: ComplianceSnapshotsTable;
  ledger_verifications: LedgerVerificationsTable;
  compliance_reports: ComplianceReportsTable;
}
