import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Actor } from '../auth/index.js';
import { findEnvironment } from '../environments/index.js';
import {
  ConflictError,
  isDigest,
  jsonDigest,
  NotFoundError,
  ValidationError,
  type Issue,
} from '../lib/index.js';
import {
  findDatasetVersionByRef,
  findModel,
  modelNamespace,
  modelRefOf,
  newId,
  type RegistryContext,
} from '../registry/index.js';
import { DRIFT_TESTS, type DriftTestName } from '../stats/drift/index.js';
import { json } from '../store/index.js';
import { parseProfile, type DatasetProfile } from './profile/index.js';
import { profileFile } from './profile-file/index.js';
import {
  createMonitorSchema,
  monitorConfigSchema,
  updateMonitorSchema,
  type MonitorConfig,
} from './schemas.js';

const PROFILEABLE = new Set(['.csv', '.tsv', '.ndjson', '.jsonl']);

export interface MonitorView {
  id: string;
  model: string;
  name: string;
  environment: string;
  active: boolean;
  config: MonitorConfig;
  reference: {
    id: string;
    source: string;
    description: string;
    digest: string;
    rows: number;
    columns: { name: string; type: string }[];
  };
  openAlerts: number;
  lastRunAt: string | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
}

/**
 * Profiles a registered dataset version's file as a reference: twice, so the numeric columns get
 * bins fitted on the whole reference (pass 1) and exact counts in them (pass 2).
 */
async function profileDatasetVersion(
  ctx: RegistryContext,
  datasetRef: string,
  file: string | undefined,
): Promise<{ profile: DatasetProfile; datasetVersionId: string; description: string }> {
  const { dataset, version } = await findDatasetVersionByRef(ctx.db, datasetRef);
  const candidates = version.files.filter((f) =>
    file === undefined ? PROFILEABLE.has(extname(f.path).toLowerCase()) : f.path === file,
  );
  const chosen = candidates[0];
  if (chosen === undefined || !isDigest(chosen.digest)) {
    throw new ValidationError(
      file === undefined
        ? `dataset version '${datasetRef}' has no CSV or NDJSON file to profile; give one with 'file'`
        : `dataset version '${datasetRef}' has no file '${file}'`,
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'verity-reference-'));
  try {
    const path = join(dir, `reference${extname(chosen.path).toLowerCase()}`);
    const { stream } = await ctx.blobs.open(chosen.digest);
    await pipeline(stream, createWriteStream(path));
    const fitted = await profileFile(path);
    const profile = await profileFile(path, { reference: fitted });
    return {
      profile,
      datasetVersionId: version.id,
      description: `${dataset.name}@${version.label}: ${chosen.path}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An uploaded reference must carry bins for its numeric columns (profiled against itself). */
function checkUploadedReference(profile: DatasetProfile): void {
  const missing = profile.columns
    .filter((c) => c.numeric !== undefined && c.numeric.count > 0 && c.numeric.bins === undefined)
    .map((c) => c.name);
  if (missing.length > 0) {
    throw new ValidationError(
      `an uploaded reference needs bins on its numeric columns (profile it against itself): ${missing.join(', ')}`,
    );
  }
}

/** Configured columns exist in the reference and overridden tests apply to their type. */
function checkConfig(config: MonitorConfig, reference: DatasetProfile): void {
  const issues: Issue[] = [];
  const names = new Map(reference.columns.map((c) => [c.name, c]));
  for (const column of config.columns ?? []) {
    if (!names.has(column)) {
      issues.push({
        code: 'unknown_column',
        path: ['config', 'columns'],
        message: `the reference has no column '${column}'`,
      });
    }
  }
  for (const [column, override] of Object.entries(config.drift.tests ?? {})) {
    const profile = names.get(column);
    const spec = DRIFT_TESTS[override.test as DriftTestName] as
      (typeof DRIFT_TESTS)[DriftTestName] | undefined;
    if (profile === undefined) {
      issues.push({
        code: 'unknown_column',
        path: ['config', 'drift', 'tests', column],
        message: `the reference has no column '${column}'`,
      });
    } else if (spec === undefined || !spec.profile) {
      issues.push({
        code: 'unsupported_test',
        path: ['config', 'drift', 'tests', column, 'test'],
        message: `'${override.test}' cannot run on profiles; use one of ${Object.values(DRIFT_TESTS)
          .filter((t) => t.profile)
          .map((t) => t.name)
          .join(', ')}`,
      });
    }
  }
  if (issues.length > 0)
    throw new ValidationError(
      `the monitor configuration is not valid: ${issues[0]!.message}`,
      issues,
    );
}

/** Creates a monitor on a model in an environment, with its reference profile. */
export async function createMonitor(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  body: unknown,
): Promise<MonitorView> {
  const input = createMonitorSchema.parse(body);
  await findModel(ctx.db, modelRef);
  await findEnvironment(ctx.db, input.environment);
  // Profiling can take seconds: it happens before the transaction, which only stores the result.
  const reference =
    'dataset' in input.reference
      ? await profileDatasetVersion(ctx, input.reference.dataset, input.reference.file)
      : {
          profile: parseProfile(input.reference.profile),
          datasetVersionId: null,
          description: input.reference.description ?? 'uploaded profile',
        };
  if (!('dataset' in input.reference)) checkUploadedReference(reference.profile);
  checkConfig(input.config, reference.profile);
  const id = await ctx.committer.commit(
    actor,
    'monitor.write',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const taken = await tx
        .selectFrom('monitors')
        .select('id')
        .where('model_id', '=', model.id)
        .where('name', '=', input.name)
        .executeTakeFirst();
      if (taken !== undefined) {
        throw new ConflictError(
          `${modelRefOf(model)} already has a monitor '${input.name}'`,
          { name: input.name },
          'ALREADY_EXISTS',
        );
      }
      const referenceId = newId(ctx);
      const digest = jsonDigest(reference.profile);
      await tx
        .insertInto('reference_profiles')
        .values({
          id: referenceId,
          model_id: model.id,
          source: 'dataset' in input.reference ? 'dataset' : 'upload',
          dataset_version_id: reference.datasetVersionId,
          description: reference.description,
          profile: json(reference.profile),
          digest,
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      const id = newId(ctx);
      await tx
        .insertInto('monitors')
        .values({
          id,
          model_id: model.id,
          name: input.name,
          environment: input.environment,
          reference_id: referenceId,
          config: json(input.config),
          active: input.active,
          created_at: now,
          created_by: actor.name,
          updated_at: now,
        })
        .execute();
      return {
        result: id,
        events: [
          {
            type: 'monitor-created',
            subject: { kind: 'monitor', id, ref: `${modelRefOf(model)}/${input.name}` },
            payload: {
              environment: input.environment,
              reference: {
                source: 'dataset' in input.reference ? 'dataset' : 'upload',
                description: reference.description,
                digest,
              },
              config: input.config,
              active: input.active,
            },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getMonitorById(ctx, id);
}

/** Changes a monitor's configuration or switches it on or off. */
export async function updateMonitor(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  name: string,
  body: unknown,
): Promise<MonitorView> {
  const input = updateMonitorSchema.parse(body);
  if (input.config === undefined && input.active === undefined)
    throw new ValidationError('nothing to change: give config or active');
  const current = await getMonitor(ctx, modelRef, name);
  const config = input.config === undefined ? undefined : monitorConfigSchema.parse(input.config);
  if (config !== undefined) {
    const row = await ctx.db
      .selectFrom('reference_profiles')
      .select('profile')
      .where('id', '=', current.reference.id)
      .executeTakeFirstOrThrow();
    checkConfig(config, row.profile as DatasetProfile);
  }
  await ctx.committer.commit(
    actor,
    'monitor.write',
    async (tx, now) => {
      await tx
        .updateTable('monitors')
        .set({
          ...(config === undefined ? {} : { config: json(config) }),
          ...(input.active === undefined ? {} : { active: input.active }),
          updated_at: now,
        })
        .where('id', '=', current.id)
        .execute();
      return {
        result: current.id,
        events: [
          {
            type: 'monitor-updated',
            subject: { kind: 'monitor', id: current.id, ref: `${current.model}/${current.name}` },
            payload: {
              ...(config === undefined ? {} : { config }),
              ...(input.active === undefined ? {} : { active: input.active }),
            },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getMonitorById(ctx, current.id);
}

export async function getMonitor(
  ctx: RegistryContext,
  modelRef: string,
  name: string,
): Promise<MonitorView> {
  const model = await findModel(ctx.db, modelRef);
  const row = await ctx.db
    .selectFrom('monitors')
    .select('id')
    .where('model_id', '=', model.id)
    .where('name', '=', name)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('monitor', `${modelRefOf(model)}/${name}`);
  return getMonitorById(ctx, row.id);
}

export async function listMonitors(ctx: RegistryContext, modelRef: string): Promise<MonitorView[]> {
  const model = await findModel(ctx.db, modelRef);
  const rows = await ctx.db
    .selectFrom('monitors')
    .select('id')
    .where('model_id', '=', model.id)
    .orderBy('name')
    .execute();
  return Promise.all(rows.map((r) => getMonitorById(ctx, r.id)));
}

export async function getMonitorById(
  ctx: Pick<RegistryContext, 'db'>,
  id: string,
): Promise<MonitorView> {
  const row = await ctx.db
    .selectFrom('monitors as m')
    .innerJoin('models as md', 'md.id', 'm.model_id')
    .innerJoin('reference_profiles as r', 'r.id', 'm.reference_id')
    .selectAll('m')
    .select([
      'md.namespace',
      'md.name as model_name',
      'r.source',
      'r.description',
      'r.digest',
      'r.profile',
    ])
    .where('m.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('monitor', id);
  const alerts = await ctx.db
    .selectFrom('alerts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('monitor_id', '=', id)
    .where('status', '=', 'firing')
    .executeTakeFirst();
  const profile = row.profile as DatasetProfile;
  return {
    id: row.id,
    model: modelRefOf({ namespace: row.namespace, name: row.model_name }),
    name: row.name,
    environment: row.environment,
    active: row.active,
    config: monitorConfigSchema.parse(row.config),
    reference: {
      id: row.reference_id,
      source: row.source,
      description: row.description,
      digest: row.digest,
      rows: profile.rowCount,
      columns: profile.columns.map((c) => ({ name: c.name, type: c.type })),
    },
    openAlerts: Number(alerts?.n ?? 0),
    lastRunAt: row.last_run_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The reference profile of a monitor (what clients profile their data against). */
export async function monitorReference(
  ctx: RegistryContext,
  modelRef: string,
  name: string,
): Promise<DatasetProfile> {
  const monitor = await getMonitor(ctx, modelRef, name);
  const row = await ctx.db
    .selectFrom('reference_profiles')
    .select('profile')
    .where('id', '=', monitor.reference.id)
    .executeTakeFirstOrThrow();
  return row.profile as DatasetProfile;
}
