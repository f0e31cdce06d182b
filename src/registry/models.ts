import type { Kysely, Selectable, Transaction } from 'kysely';
import {
  DEFAULT_NAMESPACE,
  formatRef,
  NotFoundError,
  parseRef,
  UUID_PATTERN,
  ValidationError,
} from '../lib/index.js';
import type { Actor } from '../auth/index.js';
import { json, type Database, type ModelsTable } from '../store/index.js';
import { iso, newId, type RegistryContext } from './context.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from './cursor.js';
import type { CreateModelInput, Model, Page, UpdateModelInput } from './schemas.js';
import { tagCondition } from './tag-filter.js';
import { ConflictError } from '../lib/index.js';

export type ModelRow = Selectable<ModelsTable>;
type Db = Kysely<Database> | Transaction<Database>;

export function modelRefOf(row: Pick<ModelRow, 'namespace' | 'name'>, version?: string): string {
  return formatRef(row.namespace, row.name, version);
}

/** Finds a model by id or by `[namespace/]name`. */
export async function findModel(db: Db, ref: string, forUpdate = false): Promise<ModelRow> {
  let query = db.selectFrom('models').selectAll();
  if (UUID_PATTERN.test(ref)) {
    query = query.where('id', '=', ref);
  } else {
    const parsed = parseRef(ref);
    if (parsed === undefined || parsed.ref !== undefined) {
      throw new ValidationError(`'${ref}' is not a model reference (expected [namespace/]name)`);
    }
    query = query.where('namespace', '=', parsed.namespace).where('name', '=', parsed.name);
  }
  const row = await (forUpdate ? query.forUpdate() : query).executeTakeFirst();
  if (row === undefined) throw new NotFoundError('model', ref);
  return row;
}

export async function createModel(
  ctx: RegistryContext,
  actor: Actor,
  input: CreateModelInput,
): Promise<Model> {
  const id = await ctx.committer.commit(
    actor,
    'model.create',
    async (tx, now) => {
      const row = {
        id: newId(ctx),
        namespace: input.namespace ?? DEFAULT_NAMESPACE,
        name: input.name,
        description: input.description ?? '',
        owner: input.owner ?? actor.name,
        use_case: input.useCase ?? '',
        risk_tier: input.riskTier ?? null,
        tags: json(input.tags ?? {}),
        created_at: now,
        created_by: actor.name,
        updated_at: now,
      };
      await assertNameFree(tx, 'models', 'model', row.namespace, row.name);
      await tx.insertInto('models').values(row).execute();
      return {
        result: row.id,
        events: [
          {
            type: 'model-created',
            subject: { kind: 'model', id: row.id, ref: modelRefOf(row) },
            payload: { ...input, namespace: row.namespace, owner: row.owner },
          },
        ],
      };
    },
    { namespace: input.namespace ?? DEFAULT_NAMESPACE },
  );
  return getModel(ctx, id);
}

export async function updateModel(
  ctx: RegistryContext,
  actor: Actor,
  ref: string,
  input: UpdateModelInput,
): Promise<Model> {
  const id = await ctx.committer.commit(
    actor,
    'model.update',
    async (tx, now) => {
      const model = await findModel(tx, ref, true);
      await tx
        .updateTable('models')
        .set({
          ...(input.description === undefined ? {} : { description: input.description }),
          ...(input.owner === undefined ? {} : { owner: input.owner }),
          ...(input.useCase === undefined ? {} : { use_case: input.useCase }),
          ...(input.riskTier === undefined ? {} : { risk_tier: input.riskTier }),
          ...(input.tags === undefined ? {} : { tags: json(input.tags) }),
          updated_at: now,
        })
        .where('id', '=', model.id)
        .execute();
      // Owner, risk tier, use case and tags are gate inputs: open promotions judged on the old
      // values are voided with this change.
      const voided =
        (await ctx.deploymentGuard?.voidChanged?.(tx, { modelId: model.id }, now)) ?? [];
      return {
        result: model.id,
        events: [
          {
            type: 'model-updated',
            subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
            payload: { changes: input },
          },
          ...voided,
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, ref) },
  );
  return getModel(ctx, id);
}

export async function getModel(ctx: RegistryContext, ref: string): Promise<Model> {
  const row = await findModel(ctx.db, ref);
  const [model] = await toModels(ctx.db, [row]);
  return model as Model;
}

export interface ModelFilter {
  q?: string;
  namespace?: string;
  /** Only these namespaces (the ones the caller may read); undefined means all. */
  within?: readonly string[];
  owner?: string;
  riskTier?: string;
  tag?: string;
  limit?: number;
  cursor?: string;
}

/** Models ordered by (namespace, name), with keyset pagination. */
export async function listModels(ctx: RegistryContext, filter: ModelFilter): Promise<Page<Model>> {
  const limit = filter.limit ?? DEFAULT_PAGE_SIZE;
  if (filter.within !== undefined && filter.within.length === 0) {
    return { items: [], nextCursor: null };
  }
  let query = ctx.db.selectFrom('models').selectAll();
  if (filter.within !== undefined) query = query.where('namespace', 'in', [...filter.within]);
  if (filter.q !== undefined) {
    query = query.where('name', 'ilike', `%${escapeLike(filter.q)}%`);
  }
  if (filter.namespace !== undefined) query = query.where('namespace', '=', filter.namespace);
  if (filter.owner !== undefined) query = query.where('owner', '=', filter.owner);
  if (filter.riskTier !== undefined) query = query.where('risk_tier', '=', filter.riskTier);
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
    items: await toModels(ctx.db, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.namespace, last.name]) : null,
  };
}

export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

async function toModels(db: Db, rows: ModelRow[]): Promise<Model[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const aliases = await db
    .selectFrom('model_aliases')
    .innerJoin('model_versions', 'model_versions.id', 'model_aliases.version_id')
    .select(['model_aliases.model_id', 'model_aliases.alias', 'model_versions.seq'])
    .where('model_aliases.model_id', 'in', ids)
    .orderBy('model_aliases.alias')
    .execute();
  const latest = await db
    .selectFrom('model_versions')
    .select(['model_id', 'seq', 'label'])
    .distinctOn('model_id')
    .where('model_id', 'in', ids)
    .orderBy('model_id')
    .orderBy('seq', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    namespace: row.namespace,
    name: row.name,
    description: row.description,
    owner: row.owner,
    useCase: row.use_case,
    riskTier: row.risk_tier,
    tags: row.tags,
    aliases: Object.fromEntries(
      aliases.filter((a) => a.model_id === row.id).map((a) => [a.alias, a.seq]),
    ),
    latestVersion: (() => {
      const l = latest.find((v) => v.model_id === row.id);
      return l ? { seq: l.seq, label: l.label } : null;
    })(),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
  }));
}

/**
 * Refuses a name already taken in the namespace with a message that names it. The unique
 * constraint still decides a race between two creators; this gives the common case a clear error.
 */
export async function assertNameFree(
  db: Db,
  table: 'models' | 'datasets',
  kind: string,
  namespace: string,
  name: string,
): Promise<void> {
  const existing = await db
    .selectFrom(table)
    .select('id')
    .where('namespace', '=', namespace)
    .where('name', '=', name)
    .executeTakeFirst();
  if (existing !== undefined) {
    throw new ConflictError(
      `${kind} '${formatRef(namespace, name)}' already exists`,
      { kind, namespace, name, id: existing.id },
      'ALREADY_EXISTS',
    );
  }
}

/**
 * The namespace of a model reference, for permission checks made before the change runs:
 * read from the reference itself, or looked up when it is an id. An unknown id answers
 * NOT_FOUND here, as the change itself would.
 */
export async function modelNamespace(db: Db, ref: string): Promise<string> {
  if (!UUID_PATTERN.test(ref)) {
    const parsed = parseRef(ref);
    if (parsed !== undefined) return parsed.namespace;
  }
  return (await findModel(db, ref)).namespace;
}
