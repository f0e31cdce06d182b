import type { Kysely, Transaction } from 'kysely';
import type { BlobStore } from '../blobs/index.js';
import type { Committer, EventDraft } from '../ledger/index.js';
import { uuidv7, type Clock, type RandomSource } from '../lib/index.js';
import type { Database } from '../store/index.js';
import type { DsseEnvelope, PromotionPredicate } from '../signing/index.js';

/**
 * Signs a promotion attestation (a DSSE-signed in-toto statement) when a deployment is recorded.
 * The registry calls it inside the deployment's transaction, so the record and its attestation
 * exist together or not at all.
 */
export interface Attestor {
  /** Key hint (hex SHA-256 of the public key PEM), also the DSSE `keyid`. */
  keyId: string;
  publicKeyPem: string;
  attest(input: {
    files: { path: string; digest: string }[];
    predicate: PromotionPredicate;
  }): DsseEnvelope;
}

/** What a guard learned about a deployment it allowed: goes into the signed attestation. */
export interface DeploymentClearance {
  promotionId: string | null;
  policyDecision: unknown;
  approvers: string[];
}

/**
 * Decides, inside the deployment's transaction, whether a version may be deployed to an
 * environment (an approved, unexpired, unvoided promotion). Throws to refuse. The approvals module
 * provides it; the registry only asks.
 */
export interface DeploymentGuard {
  clear(
    tx: Transaction<Database>,
    input: {
      modelId: string;
      versionId: string;
      environment: string;
      kind: 'deploy' | 'rollback';
      now: Date;
    },
  ): Promise<DeploymentClearance>;
  /** Refuses a change to a version that is frozen (approved for a freezing environment). */
  assertMutable?(tx: Transaction<Database>, versionId: string): Promise<void>;
  /**
   * Called by a change to a version or model, inside its transaction: voids the open promotions
   * whose evidence it altered and returns their events, which the change records with its own.
   */
  voidChanged?(
    tx: Transaction<Database>,
    target: { versionId?: string; modelId?: string },
    now: Date,
  ): Promise<EventDraft[]>;
}

/**
 * Opens an incident inside the transaction of the change that detected it (a monitor alert), so
 * the alert, the incident and what its playbook did are recorded together. The incidents module
 * provides it; monitoring only asks.
 */
export interface IncidentOpener {
  openFromAlert(
    tx: Transaction<Database>,
    actor: { name: string; via?: string },
    input: {
      alertId: string;
      alertKey: string;
      monitor: string;
      model: string;
      environment: string;
      kind: string;
      summary: string;
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      playbook?: string | undefined;
      onsetAt: Date;
    },
    now: Date,
  ): Promise<{ key: string; events: EventDraft[] }>;
  /** Opens an incident for another detected event (a break-glass override, an integrity failure). */
  open(
    tx: Transaction<Database>,
    actor: { name: string; via?: string },
    input: {
      title: string;
      type: 'integrity' | 'security-breach' | 'other';
      severity: 'SEV1' | 'SEV2' | 'SEV3' | 'SEV4';
      summary: string;
      affected: { model: string; version?: string; environment?: string }[];
      source: { kind: 'gate-override' | 'integrity' | 'security'; id?: string; ref?: string };
    },
    now: Date,
  ): Promise<{ key: string; events: EventDraft[] }>;
}

/** What the registry's operations need: storage, the mutation path, artifacts and time. */
export interface RegistryContext {
  db: Kysely<Database>;
  committer: Committer;
  blobs: BlobStore;
  clock: Clock;
  attestor?: Attestor;
  deploymentGuard?: DeploymentGuard;
  incidentOpener?: IncidentOpener;
  random?: RandomSource;
}

export function newId(ctx: RegistryContext): string {
  return uuidv7(ctx.clock, ctx.random);
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null): string | null {
  return value === null ? null : iso(value);
}
