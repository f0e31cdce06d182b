import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { EventDraft } from '../ledger/index.js';
import {
  ConflictError,
  NotFoundError,
  sha256Digest,
  UUID_PATTERN,
  ValidationError,
} from '../lib/index.js';
import { json, type Database } from '../store/index.js';
import type { DsseEnvelope } from '../signing/index.js';
import {
  iso,
  newId,
  type DeploymentClearance,
  type DeploymentGuard,
  type RegistryContext,
} from './context.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from './cursor.js';
import { modelNamespace, findModel, modelRefOf, type ModelRow } from './models.js';
import type { Deployment, Page, RecordDeploymentInput, RollbackInput } from './schemas.js';
import { resolveVersion } from './versions.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Latest deployment of a model to an environment (optionally as of a time), or undefined. */
async function latestDeployment(db: Db, modelId: string, environment: string, asOf?: Date) {
  let query = db
    .selectFrom('deployments')
    .selectAll()
    .where('model_id', '=', modelId)
    .where('environment', '=', environment);
  if (asOf !== undefined) query = query.where('deployed_at', '<=', asOf);
  return query.orderBy('deployed_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

/** Records that a version now serves an environment. Concurrent deploys of one model serialise on its row. */
export async function recordDeployment(
  ctx: RegistryContext,
  actor: Actor,
  input: RecordDeploymentInput,
): Promise<Deployment> {
  const id = await ctx.committer.commit(
    actor,
    'deployment.record',
    async (tx, now) => {
      const model = await findModel(tx, input.model, true);
      const version = await resolveVersion(tx, model, input.version);
      const current = await latestDeployment(tx, model.id, input.environment);
      const clearance = await clearDeployment(ctx, tx, {
        modelId: model.id,
        versionId: version.id,
        environment: input.environment,
        kind: 'deploy',
        now,
      });
      const id = newId(ctx);
      await tx
        .insertInto('deployments')
        .values({
          id,
          environment: input.environment,
          model_id: model.id,
          version_id: version.id,
          kind: 'deploy',
          reason: input.reason ?? '',
          actor: actor.name,
          deployed_at: now,
          replaces_id: current?.id ?? null,
        })
        .execute();
      const attestationDigest = await attest(ctx, tx, {
        deploymentId: id,
        versionId: version.id,
        model: modelRefOf(model),
        version: version.label,
        environment: input.environment,
        deployedAt: now,
        actor: actor.name,
        clearance,
      });
      return {
        result: id,
        events: [
          {
            type: 'deployment-recorded',
            subject: {
              kind: 'model-version',
              id: version.id,
              ref: modelRefOf(model, version.label),
            },
            payload: {
              deploymentId: id,
              environment: input.environment,
              reason: input.reason ?? '',
              replacesId: current?.id ?? null,
              promotionId: clearance.promotionId,
              attestationDigest,
            },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, input.model) },
  );
  return getDeployment(ctx, id);
}

/**
 * Rolls an environment back to the version that served it before the current one: a new
 * deployment (kind `rollback`), so history is never rewritten.
 */
export async function rollback(
  ctx: RegistryContext,
  actor: Actor,
  input: RollbackInput,
): Promise<Deployment> {
  const id = await ctx.committer.commit(
    actor,
    'deployment.rollback',
    (tx, now) => rollbackWithin(ctx, tx, actor, input, now),
    { namespace: await modelNamespace(ctx.db, input.model) },
  );
  return getDeployment(ctx, id);
}

/**
 * The rollback itself, inside a caller's transaction: used by `rollback` and by a monitor alert's
 * rollback action, which records it in the same transaction as the alert that caused it.
 */
export async function rollbackWithin(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  actor: Actor,
  input: RollbackInput,
  now: Date,
): Promise<{ result: string; events: EventDraft[] }> {
  const model = await findModel(tx, input.model, true);
  const current = await latestDeployment(tx, model.id, input.environment);
  if (current === undefined) {
    throw new NotFoundError('deployment', `${modelRefOf(model)} in ${input.environment}`);
  }
  const previous = await tx
    .selectFrom('deployments')
    .innerJoin('model_versions', 'model_versions.id', 'deployments.version_id')
    .select(['deployments.version_id', 'model_versions.label'])
    .where('deployments.model_id', '=', model.id)
    .where('deployments.environment', '=', input.environment)
    .where('deployments.version_id', '<>', current.version_id)
    .where((eb) =>
      eb.or([
        eb('deployments.deployed_at', '<', current.deployed_at),
        eb.and([
          eb('deployments.deployed_at', '=', current.deployed_at),
          eb('deployments.id', '<', current.id),
        ]),
      ]),
    )
    .orderBy('deployments.deployed_at', 'desc')
    .orderBy('deployments.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (previous === undefined) {
    throw new ConflictError(
      `${modelRefOf(model)} has no earlier version in ${input.environment} to roll back to`,
      { model: modelRefOf(model), environment: input.environment },
    );
  }
  const clearance = await clearDeployment(ctx, tx, {
    modelId: model.id,
    versionId: previous.version_id,
    environment: input.environment,
    kind: 'rollback',
    now,
  });
  const id = newId(ctx);
  await tx
    .insertInto('deployments')
    .values({
      id,
      environment: input.environment,
      model_id: model.id,
      version_id: previous.version_id,
      kind: 'rollback',
      reason: input.reason ?? '',
      actor: actor.name,
      deployed_at: now,
      replaces_id: current.id,
    })
    .execute();
  const attestationDigest = await attest(ctx, tx, {
    deploymentId: id,
    versionId: previous.version_id,
    model: modelRefOf(model),
    version: previous.label,
    environment: input.environment,
    deployedAt: now,
    actor: actor.name,
    clearance,
  });
  return {
    result: id,
    events: [
      {
        type: 'deployment-rolled-back',
        subject: {
          kind: 'model-version',
          id: previous.version_id,
          ref: modelRefOf(model, previous.label),
        },
        payload: {
          deploymentId: id,
          environment: input.environment,
          reason: input.reason ?? '',
          replacesId: current.id,
          fromVersionId: current.version_id,
          attestationDigest,
        },
      },
    ],
  };
}

const UNGUARDED: DeploymentClearance = { promotionId: null, policyDecision: null, approvers: [] };

function clearDeployment(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  input: Parameters<DeploymentGuard['clear']>[1],
): Promise<DeploymentClearance> {
  return ctx.deploymentGuard === undefined
    ? Promise.resolve(UNGUARDED)
    : ctx.deploymentGuard.clear(tx, input);
}

/**
 * Signs the promotion attestation of a deployment inside its transaction and stores it; returns
 * the digest of the signed statement (recorded in the ledger event), or null without an attestor.
 * The gate decision and approvers come from the guard's clearance; card and evidence digests stay
 * empty until those capabilities exist.
 */
async function attest(
  ctx: RegistryContext,
  tx: Transaction<Database>,
  d: {
    deploymentId: string;
    versionId: string;
    model: string;
    version: string;
    environment: string;
    deployedAt: Date;
    actor: string;
    clearance: DeploymentClearance;
  },
): Promise<string | null> {
  if (ctx.attestor === undefined) return null;
  const files = await tx
    .selectFrom('version_artifacts')
    .select(['path', 'digest'])
    .where('version_id', '=', d.versionId)
    .orderBy('path')
    .execute();
  const envelope = ctx.attestor.attest({
    files,
    predicate: {
      model: d.model,
      version: d.version,
      environment: d.environment,
      deployedAt: d.deployedAt.toISOString(),
      deployedBy: d.actor,
      deploymentId: d.deploymentId,
      modelCardDigest: null,
      evidenceDigests: [],
      policyDecision: d.clearance.policyDecision,
      approvers: d.clearance.approvers,
    },
  });
  const digest = sha256Digest(Buffer.from(envelope.payload, 'base64'));
  await tx
    .insertInto('attestations')
    .values({
      deployment_id: d.deploymentId,
      envelope: json(envelope),
      statement_digest: digest,
      key_id: ctx.attestor.keyId,
      created_at: d.deployedAt,
    })
    .execute();
  return digest;
}

/** The signed promotion attestation of a deployment, with the key that verifies it. */
export async function getAttestation(
  ctx: RegistryContext,
  deploymentId: string,
): Promise<{
  deploymentId: string;
  envelope: DsseEnvelope;
  statementDigest: string;
  keyId: string;
  publicKeyPem: string | null;
}> {
  if (!UUID_PATTERN.test(deploymentId))
    throw new ValidationError(`'${deploymentId}' is not a deployment id`);
  const row = await ctx.db
    .selectFrom('attestations')
    .selectAll()
    .where('deployment_id', '=', deploymentId)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('attestation', deploymentId);
  const key = await ctx.db
    .selectFrom('ledger_keys')
    .select('vkey')
    .where('key_id', '=', row.key_id)
    .where('purpose', '=', 'attestation')
    .executeTakeFirst();
  return {
    deploymentId,
    envelope: row.envelope as DsseEnvelope,
    statementDigest: row.statement_digest,
    keyId: row.key_id,
    publicKeyPem: key?.vkey ?? null,
  };
}

function deploymentQuery(db: Db) {
  return db
    .selectFrom('deployments as d')
    .innerJoin('models as m', 'm.id', 'd.model_id')
    .innerJoin('model_versions as v', 'v.id', 'd.version_id')
    .select([
      'd.id',
      'd.environment',
      'd.model_id',
      'd.version_id',
      'd.kind',
      'd.reason',
      'd.actor',
      'd.deployed_at',
      'd.replaces_id',
      'm.namespace',
      'm.name',
      'v.seq',
      'v.label',
    ]);
}

type DeploymentRow = Awaited<
  ReturnType<ReturnType<typeof deploymentQuery>['executeTakeFirstOrThrow']>
>;

function toDeployment(r: DeploymentRow): Deployment {
  return {
    id: r.id,
    environment: r.environment,
    model: modelRefOf(r),
    modelId: r.model_id,
    versionId: r.version_id,
    version: { seq: r.seq, label: r.label },
    kind: r.kind as Deployment['kind'],
    reason: r.reason,
    actor: r.actor,
    deployedAt: iso(r.deployed_at),
    replacesId: r.replaces_id,
  };
}

export async function getDeployment(ctx: RegistryContext, id: string): Promise<Deployment> {
  if (!UUID_PATTERN.test(id)) throw new ValidationError(`'${id}' is not a deployment id`);
  const row = await deploymentQuery(ctx.db).where('d.id', '=', id).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('deployment', id);
  return toDeployment(row);
}

export interface DeploymentFilter {
  model?: string;
  environment?: string;
  /** Only models in these namespaces (the ones the caller may read); undefined means all. */
  within?: readonly string[];
}

async function modelFor(
  ctx: RegistryContext,
  ref: string | undefined,
): Promise<ModelRow | undefined> {
  return ref === undefined ? undefined : findModel(ctx.db, ref);
}

/**
 * What serves each (model, environment) now, or at a past instant `at`: the latest deployment
 * made at or before that time.
 */
export async function currentDeployments(
  ctx: RegistryContext,
  filter: DeploymentFilter & { at?: string },
): Promise<Deployment[]> {
  const model = await modelFor(ctx, filter.model);
  if (filter.within !== undefined && filter.within.length === 0) return [];
  let query = deploymentQuery(ctx.db).distinctOn(['d.model_id', 'd.environment']);
  if (filter.within !== undefined) query = query.where('m.namespace', 'in', [...filter.within]);
  if (model !== undefined) query = query.where('d.model_id', '=', model.id);
  if (filter.environment !== undefined)
    query = query.where('d.environment', '=', filter.environment);
  if (filter.at !== undefined) query = query.where('d.deployed_at', '<=', new Date(filter.at));
  const rows = await query
    .orderBy('d.model_id')
    .orderBy('d.environment')
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .execute();
  return rows
    .map(toDeployment)
    .sort((a, b) => (a.model + a.environment < b.model + b.environment ? -1 : 1));
}

/** Every deployment, newest first. */
export async function deploymentHistory(
  ctx: RegistryContext,
  filter: DeploymentFilter & { limit?: number; cursor?: string },
): Promise<Page<Deployment>> {
  const model = await modelFor(ctx, filter.model);
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  if (filter.within !== undefined && filter.within.length === 0) {
    return { items: [], nextCursor: null };
  }
  let query = deploymentQuery(ctx.db);
  if (filter.within !== undefined) query = query.where('m.namespace', 'in', [...filter.within]);
  if (model !== undefined) query = query.where('d.model_id', '=', model.id);
  if (filter.environment !== undefined)
    query = query.where('d.environment', '=', filter.environment);
  if (filter.cursor !== undefined) {
    const [at, id] = decodeCursor(filter.cursor, ['string', 'string']) as [string, string];
    const atDate = new Date(at);
    if (Number.isNaN(atDate.getTime())) {
      throw new ValidationError('the cursor is not valid for this listing', [], 'INVALID_CURSOR');
    }
    query = query.where((eb) =>
      eb.or([
        eb('d.deployed_at', '<', atDate),
        eb.and([eb('d.deployed_at', '=', atDate), eb('d.id', '<', id)]),
      ]),
    );
  }
  const rows = await query
    .orderBy('d.deployed_at', 'desc')
    .orderBy('d.id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit).map(toDeployment);
  const last = page.at(-1);
  return {
    items: page,
    nextCursor: rows.length > limit && last ? encodeCursor([last.deployedAt, last.id]) : null,
  };
}
