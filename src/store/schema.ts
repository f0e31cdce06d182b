import type { ColumnType, Generated } from 'kysely';

/**
 * Row types of every table, as Kysely sees them. JSON columns are written as JSON text
 * (see `json()` in json-column.ts) and read back parsed; timestamps are `timestamptz`.
 */
import type { GovernanceTables } from './schema-governance.js';
import type { ComplianceTables } from './schema-compliance.js';
import type { IncidentTables } from './schema-incidents.js';
import type { MonitoringTables } from './schema-monitoring.js';

export type * from './schema-governance.js';
export type * from './schema-monitoring.js';
export type * from './schema-incidents.js';
export type * from './schema-compliance.js';

export type Json<T> = ColumnType<T, string, string>;
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** int8 columns: both drivers are configured to return JS numbers (see engines). */
export type Int8 = ColumnType<number, number, number>;

export interface ModelsTable {
  id: string;
  namespace: string;
  name: string;
  description: Generated<string>;
  owner: string;
  use_case: Generated<string>;
  risk_tier: string | null;
  tags: Json<Record<string, string>>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
}

export interface ArtifactFile {
  path: string;
  size: number;
  digest: string;
}

export interface ModelVersionsTable {
  id: string;
  model_id: string;
  seq: number;
  label: string;
  description: string;
  format: string;
  input_schema: Json<unknown>;
  output_schema: Json<unknown>;
  params: Json<Record<string, unknown>>;
  metrics: Json<Record<string, number>>;
  tags: Json<Record<string, string>>;
  author: string;
  run_id: string | null;
  created_at: Timestamp;
  frozen_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  frozen_reason: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface VersionArtifactsTable {
  version_id: string;
  path: string;
  size: Int8;
  digest: string;
}

export interface ModelAliasesTable {
  model_id: string;
  alias: string;
  version_id: string;
  updated_at: Timestamp;
  updated_by: string;
}

export interface AliasHistoryTable {
  id: string;
  model_id: string;
  alias: string;
  version_id: string | null;
  previous_version_id: string | null;
  actor: string;
  at: Timestamp;
}

export interface DatasetsTable {
  id: string;
  namespace: string;
  name: string;
  description: Generated<string>;
  owner: string;
  tags: Json<Record<string, string>>;
  created_at: Timestamp;
  created_by: string;
}

export interface DatasetVersionsTable {
  id: string;
  dataset_id: string;
  seq: number;
  label: string;
  digest: string;
  files: Json<ArtifactFile[]>;
  columns: Json<{ name: string; type: string }[]>;
  row_count: Int8 | null;
  source_uri: string | null;
  tags: Json<Record<string, string>>;
  created_at: Timestamp;
  created_by: string;
}

export interface RunsTable {
  id: string;
  name: string;
  status: string;
  params: Json<Record<string, unknown>>;
  code_repository: string | null;
  code_commit: string | null;
  image_digest: string | null;
  packages: Json<string[]>;
  tags: Json<Record<string, string>>;
  started_at: Timestamp | null;
  ended_at: Timestamp | null;
  created_at: Timestamp;
  created_by: string;
}

export interface RunMetricsTable {
  run_id: string;
  key: string;
  step: Int8;
  value: number;
}

export interface RunInputsTable {
  run_id: string;
  dataset_version_id: string;
}

export interface DeploymentsTable {
  id: string;
  environment: string;
  model_id: string;
  version_id: string;
  kind: string;
  reason: Generated<string>;
  actor: string;
  deployed_at: Timestamp;
  replaces_id: string | null;
}

export interface LedgerEntriesTable {
  seq: Int8;
  leaf_hash: string;
  entry: string;
  type: string;
  actor: string;
  subject_kind: string;
  subject_id: string;
  recorded_at: Timestamp;
  payload: ColumnType<unknown, string | null, string | null>;
}

export interface LedgerHeadTable {
  id: Generated<number>;
  size: Int8;
  /** Right edge of the Merkle tree: [{ level, hash }], largest subtree first. */
  frontier: ColumnType<{ level: number; hash: string }[], string | undefined, string>;
}

export interface LedgerNodesTable {
  level: number;
  idx: Int8;
  hash: string;
}

export interface LedgerKeysTable {
  key_id: string;
  vkey: string;
  purpose: string;
  created_at: Timestamp;
}

export interface LedgerCheckpointsTable {
  size: Int8;
  root_hash: string;
  note: string;
  key_id: string;
  created_at: Timestamp;
}

export interface SigningKeysTable {
  id: string;
  name: string;
  owner: string;
  algorithm: string;
  public_key_pem: string;
  hint: string;
  created_at: Timestamp;
  created_by: string;
  revoked_at: Timestamp | null;
  revoked_by: string | null;
  revocation_reason: string | null;
}

export interface ModelSignaturesTable {
  id: string;
  version_id: string;
  key_id: string;
  subject_digest: string;
  bundle: Json<unknown>;
  created_at: Timestamp;
  created_by: string;
}

export interface AttestationsTable {
  deployment_id: string;
  envelope: Json<unknown>;
  statement_digest: string;
  key_id: string;
  created_at: Timestamp;
}

export interface Database
  extends GovernanceTables, MonitoringTables, IncidentTables, ComplianceTables {
  models: ModelsTable;
  model_versions: ModelVersionsTable;
  version_artifacts: VersionArtifactsTable;
  model_aliases: ModelAliasesTable;
  alias_history: AliasHistoryTable;
  datasets: DatasetsTable;
  dataset_versions: DatasetVersionsTable;
  runs: RunsTable;
  run_metrics: RunMetricsTable;
  run_inputs: RunInputsTable;
  deployments: DeploymentsTable;
  ledger_entries: LedgerEntriesTable;
  ledger_head: LedgerHeadTable;
  ledger_nodes: LedgerNodesTable;
  ledger_keys: LedgerKeysTable;
  ledger_checkpoints: LedgerCheckpointsTable;
  signing_keys: SigningKeysTable;
  model_signatures: ModelSignaturesTable;
  attestations: AttestationsTable;
}
