import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import {
  ConflictError,
  DEFAULT_NAMESPACE,
  formatRef,
  isSequenceRef,
  jsonDigest,
  NotFoundError,
  parseRef,
  UUID_PATTERN,
  ValidationError,
} from '../lib/index.js';
import {
  json,
  type Database,
  type DatasetsTable,
  type DatasetVersionsTable,
} from '../store/index.js';
import { iso, newId, type RegistryContext } from './context.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from './cursor.js';
import { assertNameFree, escapeLike } from './models.js';
import type {
  ArtifactFileInput,
  CreateDatasetInput,
  Dataset,
  DatasetVersion,
  Page,
  RegisterDatasetVersionInput,
} from './schemas.js';
import { tagCondition } from './tag-filter.js';

export type DatasetRow = Selectable<DatasetsTable>;
export type DatasetVersionRow = Selectable<DatasetVersionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

export function datasetRefOf(
  row: Pick<DatasetRow, 'namespace' | 'name'>,
  version?: string,
): string {
  return formatRef(row.namespace, row.name, version);
}

/**
 * The content digest of a dataset version: SHA-256 over the RFC 8785 form of its file manifest
 * sorted by path, so the same files give the same digest whatever order they were listed in.
 */
export function datasetDigest(files: ArtifactFileInput[]): string {
  const manifest = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return jsonDigest(manifest);
}

export async function findDataset(db: Db, ref: string, forUpdate = false): Promise<DatasetRow> {
  let query = db.selectFrom('datasets').selectAll();
  if (UUID_PATTERN.test(ref)) query = query.where('id', '=', ref);
  else {
    const parsed = parseRef(ref);
    if (parsed === undefined || parsed.ref !== undefined) {
      throw new ValidationError(`'${ref}' is not a dataset reference (expected [namespace/]name)`);
    }
    query = query.where('namespace', '=', parsed.namespace).where('name', '=', parsed.name);
  }
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('dataset', ref);
  return row;
}

/** A version by label, by sequence number (when no label matches), `latest`, or id. */
export async function resolveDatasetVersion(
  db: Db,
  dataset: DatasetRow,
  ref: string,
): Promise<DatasetVersionRow> {
  const base = db.selectFrom('dataset_versions').selectAll().where('dataset_id', '=', dataset.id);
  let row: DatasetVersionRow | undefined;
  if (UUID_PATTERN.test(ref)) row = await base.where('id', '=', ref).executeTakeFirst();
  else if (ref === 'latest') row = await base.orderBy('seq', 'desc').limit(1).executeTakeFirst();
  else {
    row = await base.where('label', '=', ref).executeTakeFirst();
    if (row === undefined && isSequenceRef(ref))
      row = await base.where('seq', '=', Number(ref)).executeTakeFirst();
  }
  if (row === undefined) throw new NotFoundError('dataset version', datasetRefOf(dataset, ref));
  return row;
}

/** Resolves `[ns/]name@ref` to a dataset version. */
export async function findDatasetVersionByRef(
  db: Db,
  text: string,
): Promise<{ dataset: DatasetRow; version: DatasetVersionRow }> {
  const parsed = parseRef(text);
  if (parsed?.ref === undefined) {
    throw new ValidationError(
      `'${text}' is not a dataset version reference (expected [namespace/]name@version)`,
    );
  }
  const dataset = await findDataset(db, formatRef(parsed.namespace, parsed.name));
  return { dataset, version: await resolveDatasetVersion(db, dataset, parsed.ref) };
}

export async function createDataset(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateDatasetInput,
): Promise<Dataset> {
  const id = await ctx.committer.commit(
    actor,
    'dataset.create',
    async (tx, now) => {
      const row = {
        id: newId(ctx),
        namespace: input.namespace ?? DEFAULT_NAMESPACE,
        name: input.name,
        description: input.description ?? '',
        owner: input.owner ?? actor.name,
        tags: json(input.tags ?? {}),
        created_at: now,
        created_by: actor.name,
      };
      await assertNameFree(tx, 'datasets', 'dataset', row.namespace, row.name);
      await tx.insertInto('datasets').values(row).execute();
      return {
        result: row.id,
        events: [
          {
            type: 'dataset-created',
            subject: { kind: 'dataset', id: row.id, ref: datasetRefOf(row) },
            payload: { ...input, namespace: row.namespace, owner: row.owner },
          },
        ],
      };
    },
    { namespace: input.namespace ?? DEFAULT_NAMESPACE },
  );
  return getDataset(ctx, id);
}

export async function registerDatasetVersion(
  ctx: RegistryContext,
  actor: Actor,
  datasetRef: string,
  input: RegisterDatasetVersionInput,
): Promise<DatasetVersion> {
  const ids = await ctx.committer.commit(
    actor,
    'dataset-version.register',
    async (tx, now) => {
      const dataset = await findDataset(tx, datasetRef, true);
      const clash = await tx
        .selectFrom('dataset_versions')
        .select('seq')
        .where('dataset_id', '=', dataset.id)
        .where('label', '=', input.label)
        .executeTakeFirst();
      if (clash !== undefined) {
        throw new ConflictError(
          `${datasetRefOf(dataset, input.label)} already exists; dataset versions are immutable`,
          { dataset: datasetRefOf(dataset), label: input.label },
          'ALREADY_EXISTS',
        );
      }
      const max = await tx
        .selectFrom('dataset_versions')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('dataset_id', '=', dataset.id)
        .executeTakeFirst();
      const seq = Number(max?.max ?? 0) + 1;
      const id = newId(ctx);
      const digest = datasetDigest(input.files);
      await tx
        .insertInto('dataset_versions')
        .values({
          id,
          dataset_id: dataset.id,
          seq,
          label: input.label,
          digest,
          files: json(input.files),
          columns: json(input.columns ?? []),
          row_count: input.rowCount ?? null,
          source_uri: input.sourceUri ?? null,
          tags: json(input.tags ?? {}),
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      return {
        result: { datasetId: dataset.id, id },
        events: [
          {
            type: 'dataset-version-registered',
            subject: { kind: 'dataset-version', id, ref: datasetRefOf(dataset, input.label) },
            payload: {
              dataset: datasetRefOf(dataset),
              datasetId: dataset.id,
              seq,
              digest,
              ...input,
            },
          },
        ],
      };
    },
    { namespace: await datasetNamespace(ctx.db, datasetRef) },
  );
  return getDatasetVersion(ctx, ids.datasetId, ids.id);
}

export async function getDataset(ctx: RegistryContext, ref: string): Promise<Dataset> {
  const row = await findDataset(ctx.db, ref);
  const [dto] = await toDatasets(ctx.db, [row]);
  return dto as Dataset;
}

export async function getDatasetVersion(
  ctx: RegistryContext,
  datasetRef: string,
  ref: string,
): Promise<DatasetVersion> {
  const dataset = await findDataset(ctx.db, datasetRef);
  return toDatasetVersion(dataset, await resolveDatasetVersion(ctx.db, dataset, ref));
}

export async function listDatasets(
  ctx: RegistryContext,
  filter: {
    q?: string;
    namespace?: string;
    /** Only these namespaces (the ones the caller may read); undefined means all. */
    within?: readonly string[];
    owner?: string;
    tag?: string;
    limit?: number;
    cursor?: string;
  },
): Promise<Page<Dataset>> {
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  if (filter.within !== undefined && filter.within.length === 0) {
    return { items: [], nextCursor: null };
  }
  let query = ctx.db.selectFrom('datasets').selectAll();
  if (filter.within !== undefined) query = query.where('namespace', 'in', [...filter.within]);
  if (filter.q !== undefined) query = query.where('name', 'ilike', `%${escapeLike(filter.q)}%`);
  if (filter.namespace !== undefined) query = query.where('namespace', '=', filter.namespace);
  if (filter.owner !== undefined) query = query.where('owner', '=', filter.owner);
  if (filter.tag !== undefined) {
    const tag = filter.tag;
    query = query.where(() => tagCondition('tags', tag));
  }
  if (filter.cursor !== undefined) {
    const [ns, name] = decodeCursor(filter.cursor, ['string', 'string']) as [string, string];
    query = query.where((eb) =>
      eb.or([eb('namespace', '>', ns), eb.and([eb('namespace', '=', ns), eb('name', '>', name)])]),
    );
  }
  const rows = await query
    .orderBy('namespace')
    .orderBy('name')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: await toDatasets(ctx.db, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.namespace, last.name]) : null,
  };
}

export async function listDatasetVersions(
  ctx: RegistryContext,
  datasetRef: string,
  options: { limit?: number; cursor?: string },
): Promise<Page<DatasetVersion>> {
  const dataset = await findDataset(ctx.db, datasetRef);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  let query = ctx.db
    .selectFrom('dataset_versions')
    .selectAll()
    .where('dataset_id', '=', dataset.id);
  if (options.cursor !== undefined) {
    const [seq] = decodeCursor(options.cursor, ['number']) as [number];
    query = query.where('seq', '<', seq);
  }
  const rows = await query
    .orderBy('seq', 'desc')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => toDatasetVersion(dataset, r)),
    nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null,
  };
}

async function toDatasets(db: Db, rows: DatasetRow[]): Promise<Dataset[]> {
  if (rows.length === 0) return [];
  const latest = await db
    .selectFrom('dataset_versions')
    .select(['dataset_id', 'seq', 'label'])
    .distinctOn('dataset_id')
    .where(
      'dataset_id',
      'in',
      rows.map((r) => r.id),
    )
    .orderBy('dataset_id')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map((row) => {
    const l = latest.find((v) => v.dataset_id === row.id);
    return {
      id: row.id,
      namespace: row.namespace,
      name: row.name,
      description: row.description,
      owner: row.owner,
      tags: row.tags,
      latestVersion: l ? { seq: l.seq, label: l.label } : null,
      createdAt: iso(row.created_at),
      createdBy: row.created_by,
    };
  });
}

export function toDatasetVersion(dataset: DatasetRow, row: DatasetVersionRow): DatasetVersion {
  return {
    id: row.id,
    dataset: datasetRefOf(dataset),
    datasetId: dataset.id,
    seq: row.seq,
    label: row.label,
    digest: row.digest,
    files: row.files,
    columns: row.columns,
    rowCount: row.row_count === null ? null : Number(row.row_count),
    sourceUri: row.source_uri,
    tags: row.tags,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
  };
}

/** Dataset versions by id (a run's inputs, say), in one query; ids that do not exist are absent. */
export async function datasetVersionsById(
  ctx: RegistryContext,
  ids: readonly string[],
): Promise<Map<string, DatasetVersion>> {
  if (ids.length === 0) return new Map();
  const rows = await ctx.db
    .selectFrom('dataset_versions as v')
    .innerJoin('datasets as d', 'd.id', 'v.dataset_id')
    .selectAll('v')
    .select([
      'd.namespace',
      'd.name',
      'd.description',
      'd.owner',
      'd.tags as dataset_tags',
      'd.created_at as dataset_created_at',
      'd.created_by as dataset_created_by',
    ])
    .where('v.id', 'in', ids)
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      toDatasetVersion(
        {
          id: row.dataset_id,
          namespace: row.namespace,
          name: row.name,
          description: row.description,
          owner: row.owner,
          tags: row.dataset_tags,
          created_at: row.dataset_created_at,
          created_by: row.dataset_created_by,
        },
        row,
      ),
    ]),
  );
}

/** The namespace of a dataset reference (see `modelNamespace`). */
export async function datasetNamespace(db: Db, ref: string): Promise<string> {
  const at = ref.indexOf('@');
  const head = at === -1 ? ref : ref.slice(0, at);
  if (!UUID_PATTERN.test(head)) {
    const parsed = parseRef(head);
    if (parsed !== undefined) return parsed.namespace;
  }
  return (await findDataset(db, head)).namespace;
}
