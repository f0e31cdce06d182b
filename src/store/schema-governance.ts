import type { ColumnType, Generated } from 'kysely';
import type { Json, Timestamp } from './schema.js';

type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface UsersTable {
  name: string;
  display_name: Generated<string>;
  email: string | null;
  password_hash: string | null;
  /** 'local' (password) or 'oidc' (first seen through an identity provider). */
  source: string;
  disabled_at: Nullable<Date>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
}

/** A role bound in a namespace ('*' = every namespace). */
export interface ScopeRow {
  role: string;
  namespace: string;
}

export interface ApiTokensTable {
  id: string;
  user_name: string;
  name: string;
  secret_hash: string;
  prefix: string;
  scopes: Json<ScopeRow[]>;
  expires_at: Timestamp;
  created_at: Timestamp;
  created_by: string;
  revoked_at: Nullable<Date>;
  revoked_by: Nullable<string>;
  last_used_at: Nullable<Date>;
}

export interface SessionsTable {
  id: string;
  user_name: string;
  secret_hash: string;
  created_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: Nullable<Date>;
}

export interface NamespacesTable {
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
  created_by: string;
}

export interface RolesTable {
  name: string;
  description: Generated<string>;
  permissions: Json<string[]>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
}

export interface RoleBindingsTable {
  id: string;
  subject: string;
  role: string;
  namespace: string;
  created_at: Timestamp;
  created_by: string;
}

export interface EnvironmentsTable {
  name: string;
  description: Generated<string>;
  rank: number;
  policy_packs: Json<string[]>;
  quorum: Json<Record<string, number>>;
  approval_ttl_seconds: number;
  freeze_on_approval: boolean;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string;
}

export interface PolicyPacksTable {
  name: string;
  version: number;
  digest: string;
  description: Generated<string>;
  source: string;
  created_at: Timestamp;
  created_by: string;
}

export interface GateDecisionsTable {
  id: string;
  version_id: string;
  environment: string;
  outcome: string;
  results: Json<unknown[]>;
  packs: Json<{ name: string; version: number; digest: string }[]>;
  input_digest: string;
  evaluated_at: Timestamp;
  evaluated_by: string;
}

export interface PromotionsTable {
  id: string;
  model_id: string;
  version_id: string;
  environment: string;
  status: string;
  requested_by: string;
  requested_at: Timestamp;
  justification: Generated<string>;
  decision_id: string;
  input_digest: string;
  quorum: Json<Record<string, number>>;
  overridden_by: Nullable<string>;
  override_justification: Nullable<string>;
  approved_at: Nullable<Date>;
  expires_at: Nullable<Date>;
  closed_at: Nullable<Date>;
  closed_reason: Nullable<string>;
}

export interface ApprovalsTable {
  id: string;
  promotion_id: string;
  approver: string;
  role: string | null;
  decision: string;
  reason: Generated<string>;
  decided_at: Timestamp;
}

export interface ReviewItemsTable {
  id: string;
  kind: string;
  subject_kind: string;
  subject_id: string;
  summary: string;
  status: string;
  opened_at: Timestamp;
  opened_by: string;
  resolved_at: Nullable<Date>;
  resolved_by: Nullable<string>;
  resolution: Nullable<string>;
}

export interface WebhooksTable {
  id: string;
  name: string;
  url: string;
  event_types: Json<string[]>;
  secret: string;
  active: boolean;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: string;
  webhook_id: string;
  event_id: string;
  event_type: string;
  ledger_seq: Nullable<number>;
  cloud_event: string;
  /** pending | delivered | dead */
  status: string;
  attempts: Generated<number>;
  next_attempt_at: Timestamp;
  lease_until: Nullable<Date>;
  last_status_code: Nullable<number>;
  last_error: Nullable<string>;
  created_at: Timestamp;
  delivered_at: Nullable<Date>;
}

export interface WebhookAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Timestamp;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}

export interface GovernanceTables {
  users: UsersTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  namespaces: NamespacesTable;
  roles: RolesTable;
  role_bindings: RoleBindingsTable;
  environments: EnvironmentsTable;
  policy_packs: PolicyPacksTable;
  gate_decisions: GateDecisionsTable;
  promotions: PromotionsTable;
  approvals: ApprovalsTable;
  review_items: ReviewItemsTable;
  model_cards: ModelCardsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
}

export interface ModelCardsTable {
  id: string;
  version_id: string;
  revision: number;
  tier: string;
  authored: Json<unknown>;
  evidence: Json<unknown>;
  authored_digest: string;
  digest: string;
  completeness: number;
  summary: string;
  created_at: Timestamp;
  created_by: string;
  approved_at: Nullable<Date>;
  approved_by: Nullable<string>;
}
