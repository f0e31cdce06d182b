import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import { ConflictError, NotFoundError, UUID_PATTERN, ValidationError } from '../lib/index.js';
import { json, type Database, type RunsTable } from '../store/index.js';
import { iso, isoOrNull, newId, type RegistryContext } from './context.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from './cursor.js';
import { datasetRefOf, findDatasetVersionByRef } from './datasets.js';
import { escapeLike, modelRefOf } from './models.js';
import type { CreateRunInput, Page, Run, UpdateRunInput } from './schemas.js';

export type RunRow = Selectable<RunsTable>;
type Db = Kysely<Database> | Transaction<Database>;
type MetricPoint = { key: string; value: number; step?: number | undefined };

export async function findRun(db: Db, id: string, forUpdate = false): Promise<RunRow> {
  if (!UUID_PATTERN.test(id)) throw new ValidationError(`'${id}' is not a run id`);
  const query = db.selectFrom('runs').selectAll().where('id', '=', id);
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('run', id);
  return row;
}

/**
 * Records a training run with its parameters, metrics, code, environment and input datasets.
 * A run that is still `running` can later receive metrics and its final status; a finished run
 * is immutable.
 */
export async function createRun(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateRunInput,
): Promise<Run> {
  const id = await ctx.committer.commit(actor, 'run.create', async (tx, now) => {
    const inputs = [];
    for (const ref of new Set(input.inputs ?? []))
      inputs.push(await findDatasetVersionByRef(tx, ref));
    const status = input.status ?? 'completed';
    const id = newId(ctx);
    await tx
      .insertInto('runs')
      .values({
        id,
        name: input.name,
        status,
        params: json(input.params ?? {}),
        code_repository: input.code?.repository ?? null,
        code_commit: input.code?.commit ?? null,
        image_digest: input.environment?.image ?? null,
        packages: json(input.environment?.packages ?? []),
        tags: json(input.tags ?? {}),
        started_at: input.startedAt ?? null,
        ended_at: input.endedAt ?? (status === 'running' ? null : now),
        created_at: now,
        created_by: actor.name,
      })
      .execute();
    await insertMetrics(tx, id, input.metrics ?? []);
    if (inputs.length > 0) {
      await tx
        .insertInto('run_inputs')
        .values(inputs.map((i) => ({ run_id: id, dataset_version_id: i.version.id })))
        .execute();
    }
    return {
      result: id,
      events: [
        {
          type: 'run-logged',
          subject: { kind: 'run', id, ref: input.name },
          payload: {
            ...input,
            status,
            inputs: inputs.map((i) => ({
              id: i.version.id,
              ref: datasetRefOf(i.dataset, i.version.label),
              digest: i.version.digest,
            })),
          },
        },
      ],
    };
  });
  return getRun(ctx, id);
}

export async function updateRun(
  ctx: RegistryContext,
  actor: Actor,
  id: string,
  input: UpdateRunInput,
): Promise<Run> {
  await ctx.committer.commit(actor, 'run.update', async (tx, now) => {
    const run = await findRun(tx, id, true);
    if (run.status !== 'running') {
      throw new ConflictError(
        `run ${id} is ${run.status}; a finished run cannot change`,
        { status: run.status },
        'IMMUTABLE',
      );
    }
    await insertMetrics(tx, id, input.metrics ?? []);
    const finished = input.status !== undefined && input.status !== 'running';
    const changes = {
      ...(input.status === undefined ? {} : { status: input.status }),
      ...(input.endedAt !== undefined
        ? { ended_at: input.endedAt }
        : finished
          ? { ended_at: now }
          : {}),
    };
    if (Object.keys(changes).length > 0) {
      await tx.updateTable('runs').set(changes).where('id', '=', id).execute();
    }
    // The run's status is a gate input of the versions it produced.
    const voided = [];
    if (ctx.deploymentGuard?.voidChanged !== undefined && Object.keys(changes).length > 0) {
      const produced = await tx
        .selectFrom('model_versions')
        .select('id')
        .where('run_id', '=', id)
        .execute();
      for (const v of produced) {
        voided.push(...(await ctx.deploymentGuard.voidChanged(tx, { versionId: v.id }, now)));
      }
    }
    return {
      result: undefined,
      events: [
        {
          type: finished ? 'run-finished' : 'run-updated',
          subject: { kind: 'run', id, ref: run.name },
          payload: { ...input },
        },
        ...voided,
      ],
    };
  });
  return getRun(ctx, id);
}

/** Steps left out are numbered after the run's existing points for that key, in input order. */
async function insertMetrics(
  tx: Transaction<Database>,
  runId: string,
  points: MetricPoint[],
): Promise<void> {
  if (points.length === 0) return;
  const existing = await tx
    .selectFrom('run_metrics')
    .select(['key', (eb) => eb.fn.max('step').as('max')])
    .where('run_id', '=', runId)
    .groupBy('key')
    .execute();
  const next = new Map(existing.map((e) => [e.key, Number(e.max) + 1]));
  const rows = points.map((p) => {
    const step = p.step ?? next.get(p.key) ?? 0;
    next.set(p.key, Math.max(next.get(p.key) ?? 0, step + 1));
    return { run_id: runId, key: p.key, step, value: p.value };
  });
  const seen = new Set<string>();
  for (const r of rows) {
    const k = `${r.key}\u0000${r.step}`;
    if (seen.has(k))
      throw new ValidationError(`metric '${r.key}' has two values for step ${r.step}`);
    seen.add(k);
  }
  for (let i = 0; i < rows.length; i += 1000) {
    await tx
      .insertInto('run_metrics')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}

export async function getRun(ctx: RegistryContext, id: string): Promise<Run> {
  const row = await findRun(ctx.db, id);
  const [dto] = await toRuns(ctx.db, [row]);
  return dto as Run;
}

export async function listRuns(
  ctx: RegistryContext,
  filter: { status?: string; q?: string; limit?: number; cursor?: string },
): Promise<Page<Run>> {
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  let query = ctx.db.selectFrom('runs').selectAll();
  if (filter.status !== undefined) query = query.where('status', '=', filter.status);
  if (filter.q !== undefined) query = query.where('name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.cursor !== undefined) {
    const [id] = decodeCursor(filter.cursor, ['string']) as [string];
    query = query.where('id', '<', id);
  }
  const rows = await query
    .orderBy('id', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toRuns(ctx.db, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.id]) : null,
  };
}

export async function toRuns(db: Db, rows: RunRow[]): Promise<Run[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const metrics = await db
    .selectFrom('run_metrics')
    .select(['run_id', 'key', 'step', 'value'])
    .where('run_id', 'in', ids)
    .orderBy('key')
    .orderBy('step')
    .execute();
  const inputs = await db
    .selectFrom('run_inputs')
    .innerJoin('dataset_versions', 'dataset_versions.id', 'run_inputs.dataset_version_id')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .select([
      'run_inputs.run_id',
      'dataset_versions.id',
      'dataset_versions.label',
      'dataset_versions.digest',
      'datasets.namespace',
      'datasets.name',
    ])
    .where('run_inputs.run_id', 'in', ids)
    .orderBy('datasets.name')
    .execute();
  const outputs = await db
    .selectFrom('model_versions')
    .innerJoin('models', 'models.id', 'model_versions.model_id')
    .select([
      'model_versions.run_id',
      'model_versions.id',
      'model_versions.label',
      'models.namespace',
      'models.name',
    ])
    .where('model_versions.run_id', 'in', ids)
    .orderBy('model_versions.created_at')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    status: row.status as Run['status'],
    params: row.params,
    metrics: metrics
      .filter((m) => m.run_id === row.id)
      .map((m) => ({ key: m.key, step: Number(m.step), value: m.value })),
    code:
      row.code_repository !== null && row.code_commit !== null
        ? { repository: row.code_repository, commit: row.code_commit }
        : null,
    environment: { image: row.image_digest, packages: row.packages },
    inputs: inputs
      .filter((i) => i.run_id === row.id)
      .map((i) => ({ id: i.id, ref: datasetRefOf(i, i.label), digest: i.digest })),
    outputs: outputs
      .filter((o) => o.run_id === row.id)
      .map((o) => ({ id: o.id, ref: modelRefOf(o, o.label) })),
    tags: row.tags,
    startedAt: isoOrNull(row.started_at),
    endedAt: isoOrNull(row.ended_at),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
  }));
}
