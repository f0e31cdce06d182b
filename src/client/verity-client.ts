import type { Readable } from 'node:stream';
import type {
  AliasEvent,
  CreateDatasetInput,
  CreateModelInput,
  CreateRunInput,
  Dataset,
  DatasetLineage,
  DatasetVersion,
  Deployment,
  Model,
  ModelSignature,
  RegisterSigningKeyInput,
  SigningKey,
  ModelVersion,
  Page,
  RecordDeploymentInput,
  RegisterDatasetVersionInput,
  RegisterVersionInput,
  RollbackInput,
  Run,
  UpdateModelInput,
  UpdateRunInput,
  VersionLineage,
} from '../registry/schemas.js';
import type { EvidenceBundle } from '../ledger/evidence-bundle.js';
import type {
  ConsistencyProofView,
  InclusionProofView,
  StoredCheckpoint as CheckpointView,
} from '../ledger/ledger.js';

import { AccessApi } from './access-api.js';
import { CardApi } from './card-api.js';
import { ComplianceApi } from './compliance-api.js';
import { EvaluationApi } from './evaluation-api.js';
import { IncidentApi } from './incident-api.js';
import { MonitoringApi } from './monitoring-api.js';
import { GovernanceApi } from './governance-api.js';
import { HttpTransport, qs, seg, type ClientOptions } from './http-transport.js';
import { IdentityApi } from './identity-api.js';
import { WebhookApi } from './webhook-api.js';

export type { CheckpointView, ConsistencyProofView, InclusionProofView };
export type {
  Dataset,
  DatasetLineage,
  DatasetVersion,
  Deployment,
  Model,
  ModelSignature,
  ModelVersion,
  Page,
  Run,
  SigningKey,
  VersionLineage,
  EvidenceBundle,
};

export interface LedgerEntryView {
  seq: number;
  leafHash: string;
  /** The exact logged text: leafHash = SHA-256(0x00 || its UTF-8 bytes). */
  entry: string;
  /** Null when the stored text is not JSON (only a tampered row). */
  event: {
    v: 1;
    index: number;
    type: string;
    actor: string;
    time: string;
    subject: { kind: string; id: string; ref?: string };
    payloadDigest: string;
  } | null;
  payload: unknown;
}

export interface AuditKeyView {
  origin: string;
  verifierKey: string;
  keyId: string;
  checkpointKeys: { keyId: string; vkey: string; createdAt: string }[];
  attestationKey: { keyId: string; publicKeyPem: string } | null;
}

export interface AttestationView {
  deploymentId: string;
  envelope: {
    payload: string;
    payloadType: string;
    signatures: { keyid?: string | null; sig: string }[];
  };
  statementDigest: string;
  keyId: string;
  publicKeyPem: string | null;
}

/**
 * The typed HTTP client for Verity's REST API, shared by the CLI, the tests and the dashboard.
 * Every failure is an ApiError carrying the server's stable error code.
 */
export class VerityClient {
  private readonly http: HttpTransport;
  private readonly fetchImpl: typeof fetch;
  /** Environments, policy packs, gates, promotions, review items. */
  readonly governance: GovernanceApi;
  /** The caller's grants, roles, role bindings, namespaces. */
  readonly access: AccessApi;
  /** Sign-in, API tokens, users. */
  readonly identity: IdentityApi;
  readonly webhooks: WebhookApi;
  /** Model cards, their documents, CycloneDX and OpenLineage exports. */
  readonly cards: CardApi;
  /** Monitors, prediction ingestion, monitor runs and alerts. */
  readonly monitoring: MonitoringApi;
  /** Pre-deployment evaluations: run, compare, read, report. */
  readonly evaluations: EvaluationApi;
  /** Incidents, playbooks, regulatory clocks, reviews, drills, escalation policies. */
  readonly incidents: IncidentApi;
  /** Scope and EU AI Act classification, risks, assessments, attestations, posture, reports. */
  readonly compliance: ComplianceApi;

  constructor(options: ClientOptions) {
    this.http = new HttpTransport(options);
    this.fetchImpl = this.http.fetchImpl;
    this.governance = new GovernanceApi(this.http);
    this.access = new AccessApi(this.http);
    this.identity = new IdentityApi(this.http);
    this.webhooks = new WebhookApi(this.http);
    this.cards = new CardApi(this.http);
    this.monitoring = new MonitoringApi(this.http);
    this.evaluations = new EvaluationApi(this.http);
    this.incidents = new IncidentApi(this.http);
    this.compliance = new ComplianceApi(this.http);
  }

  // ---- models ----
  createModel(input: CreateModelInput): Promise<Model> {
    return this.json('POST', '/models', input);
  }
  getModel(model: string): Promise<Model> {
    return this.json('GET', `/models/${seg(model)}`);
  }
  updateModel(model: string, input: UpdateModelInput): Promise<Model> {
    return this.json('PATCH', `/models/${seg(model)}`, input);
  }
  listModels(
    query: {
      q?: string;
      namespace?: string;
      owner?: string;
      riskTier?: string;
      tag?: string;
      limit?: number;
      cursor?: string;
    } = {},
  ): Promise<Page<Model>> {
    return this.json('GET', `/models${qs(query)}`);
  }

  // ---- versions ----
  registerVersion(model: string, input: RegisterVersionInput): Promise<ModelVersion> {
    return this.json('POST', `/models/${seg(model)}/versions`, input);
  }
  getVersion(model: string, ref: string): Promise<ModelVersion> {
    return this.json('GET', `/models/${seg(model)}/versions/${seg(ref)}`);
  }
  listVersions(
    model: string,
    query: { limit?: number; cursor?: string } = {},
  ): Promise<Page<ModelVersion>> {
    return this.json('GET', `/models/${seg(model)}/versions${qs(query)}`);
  }
  versionLineage(model: string, ref: string): Promise<VersionLineage> {
    return this.json('GET', `/models/${seg(model)}/versions/${seg(ref)}/lineage`);
  }
  /** Streams one artifact file; the caller verifies its digest while writing it. */
  async downloadFile(model: string, ref: string, path: string): Promise<Response> {
    const url = `/models/${seg(model)}/versions/${seg(ref)}/files/${path.split('/').map(seg).join('/')}`;
    return this.raw('GET', url);
  }

  // ---- aliases ----
  setAlias(model: string, alias: string, version: string): Promise<ModelVersion> {
    return this.json('PUT', `/models/${seg(model)}/aliases/${seg(alias)}`, { version });
  }
  async removeAlias(model: string, alias: string): Promise<void> {
    await this.raw('DELETE', `/models/${seg(model)}/aliases/${seg(alias)}`);
  }
  async aliasHistory(model: string, alias?: string): Promise<AliasEvent[]> {
    const page = await this.json<{ items: AliasEvent[] }>(
      'GET',
      `/models/${seg(model)}/aliases/history${qs({ alias })}`,
    );
    return page.items;
  }

  // ---- blobs ----
  async hasBlob(digest: string): Promise<boolean> {
    const response = await this.fetchImpl(this.url(`/blobs/${digest}`), {
      method: 'HEAD',
      headers: this.headers(),
    });
    if (response.status === 404) return false;
    if (!response.ok) await this.fail(response);
    return true;
  }
  /** Uploads content under its digest; `body` is streamed, never held in memory whole. */
  async uploadBlob(
    digest: string,
    size: number,
    body: Readable | Uint8Array,
  ): Promise<{ digest: string; size: number; created: boolean }> {
    // Node's fetch streams a Readable (an async iterable) when `duplex: 'half'` is set; the DOM
    // typing (the dashboard's build) does not know that body type.
    const requestBody: unknown = body;
    const init: RequestInit & { duplex: 'half' } = {
      method: 'PUT',
      headers: {
        ...this.headers(),
        'content-type': 'application/octet-stream',
        'content-length': String(size),
      },
      body: requestBody as NonNullable<RequestInit['body']>,
      duplex: 'half',
    };
    const response = await this.fetchImpl(this.url(`/blobs/${digest}`), init);
    if (!response.ok) await this.fail(response);
    return (await response.json()) as { digest: string; size: number; created: boolean };
  }

  // ---- datasets ----
  createDataset(input: CreateDatasetInput): Promise<Dataset> {
    return this.json('POST', '/datasets', input);
  }
  getDataset(dataset: string): Promise<Dataset> {
    return this.json('GET', `/datasets/${seg(dataset)}`);
  }
  listDatasets(
    query: {
      q?: string;
      namespace?: string;
      owner?: string;
      tag?: string;
      limit?: number;
      cursor?: string;
    } = {},
  ): Promise<Page<Dataset>> {
    return this.json('GET', `/datasets${qs(query)}`);
  }
  registerDatasetVersion(
    dataset: string,
    input: RegisterDatasetVersionInput,
  ): Promise<DatasetVersion> {
    return this.json('POST', `/datasets/${seg(dataset)}/versions`, input);
  }
  getDatasetVersion(dataset: string, ref: string): Promise<DatasetVersion> {
    return this.json('GET', `/datasets/${seg(dataset)}/versions/${seg(ref)}`);
  }
  listDatasetVersions(
    dataset: string,
    query: { limit?: number; cursor?: string } = {},
  ): Promise<Page<DatasetVersion>> {
    return this.json('GET', `/datasets/${seg(dataset)}/versions${qs(query)}`);
  }
  datasetLineage(dataset: string, ref: string): Promise<DatasetLineage> {
    return this.json('GET', `/datasets/${seg(dataset)}/versions/${seg(ref)}/lineage`);
  }

  // ---- runs ----
  createRun(input: CreateRunInput): Promise<Run> {
    return this.json('POST', '/runs', input);
  }
  getRun(id: string): Promise<Run> {
    return this.json('GET', `/runs/${seg(id)}`);
  }
  updateRun(id: string, input: UpdateRunInput): Promise<Run> {
    return this.json('PATCH', `/runs/${seg(id)}`, input);
  }
  listRuns(
    query: { status?: string; q?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<Run>> {
    return this.json('GET', `/runs${qs(query)}`);
  }

  // ---- deployments ----
  recordDeployment(input: RecordDeploymentInput): Promise<Deployment> {
    return this.json('POST', '/deployments', input);
  }
  rollback(input: RollbackInput): Promise<Deployment> {
    return this.json('POST', '/deployments/rollback', input);
  }
  async currentDeployments(
    query: { model?: string; environment?: string; at?: string } = {},
  ): Promise<Deployment[]> {
    return (await this.json<{ items: Deployment[] }>('GET', `/deployments/current${qs(query)}`))
      .items;
  }
  deploymentHistory(
    query: { model?: string; environment?: string; limit?: number; cursor?: string } = {},
  ): Promise<Page<Deployment>> {
    return this.json('GET', `/deployments${qs(query)}`);
  }

  // ---- audit ----
  auditEntries(
    query: {
      subjectKind?: string;
      subjectId?: string;
      type?: string;
      from?: number;
      limit?: number;
    } = {},
  ): Promise<{ size: number; items: LedgerEntryView[] }> {
    return this.json('GET', `/audit/entries${qs(query)}`);
  }

  auditKey(): Promise<AuditKeyView> {
    return this.json('GET', '/audit/key');
  }
  auditHead(): Promise<{ size: number; rootHash: string }> {
    return this.json('GET', '/audit/head');
  }
  async checkpoints(): Promise<CheckpointView[]> {
    return (await this.json<{ items: CheckpointView[] }>('GET', '/audit/checkpoints')).items;
  }
  /** Signs a checkpoint of the current log now (or returns the one for this size). */
  checkpoint(): Promise<CheckpointView> {
    return this.json('POST', '/audit/checkpoints', undefined, true);
  }
  inclusionProof(index: number, size?: number): Promise<InclusionProofView> {
    return this.json('GET', `/audit/proofs/inclusion${qs({ index, size })}`);
  }
  consistencyProof(from: number, to?: number): Promise<ConsistencyProofView> {
    return this.json('GET', `/audit/proofs/consistency${qs({ from, to })}`);
  }
  evidence(subjectKind: string, subjectId: string, ref?: string): Promise<EvidenceBundle> {
    return this.json('GET', `/audit/evidence${qs({ subjectKind, subjectId, ref })}`);
  }

  // ---- signing ----
  registerSigningKey(input: RegisterSigningKeyInput): Promise<SigningKey> {
    return this.json('POST', '/signing-keys', input);
  }
  async listSigningKeys(): Promise<SigningKey[]> {
    return (await this.json<{ items: SigningKey[] }>('GET', '/signing-keys')).items;
  }
  revokeSigningKey(name: string, reason: string): Promise<SigningKey> {
    return this.json('POST', `/signing-keys/${seg(name)}/revoke`, { reason });
  }
  addSignature(model: string, ref: string, bundle: unknown): Promise<ModelSignature> {
    return this.json('POST', `/models/${seg(model)}/versions/${seg(ref)}/signatures`, { bundle });
  }
  async listSignatures(model: string, ref: string): Promise<ModelSignature[]> {
    const page = await this.json<{ items: ModelSignature[] }>(
      'GET',
      `/models/${seg(model)}/versions/${seg(ref)}/signatures`,
    );
    return page.items;
  }
  attestation(deploymentId: string): Promise<AttestationView> {
    return this.json('GET', `/deployments/${seg(deploymentId)}/attestation`);
  }

  // ---- health ----
  ready(): Promise<{ status: string; engine: string; ledgerSize: number }> {
    return this.request('GET', '/readyz', undefined, '');
  }

  // ---- plumbing: ./http-transport.ts, shared with the domain clients ----
  private url(path: string): string {
    return this.http.url(path);
  }
  private headers(): Record<string, string> {
    return this.http.headers();
  }
  private json<T>(method: string, path: string, body?: unknown, emptyBody = false): Promise<T> {
    return this.http.json(method, path, body, emptyBody);
  }
  private request<T>(method: string, path: string, body: unknown, prefix: string): Promise<T> {
    return this.http.request(method, path, body, prefix);
  }
  private raw(method: string, path: string): Promise<Response> {
    return this.http.raw(method, path);
  }
  private fail(response: Response): Promise<never> {
    return this.http.fail(response);
  }
}
