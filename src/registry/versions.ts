import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import {
  ALIAS_PATTERN,
  ConflictError,
  isSemver,
  isSequenceRef,
  NotFoundError,
  UUID_PATTERN,
  ValidationError,
  VerityError,
  type Digest,
} from '../lib/index.js';
import { json, type Database, type ModelVersionsTable } from '../store/index.js';
import { iso, newId, type RegistryContext } from './context.js';
import { decodeCursor, DEFAULT_PAGE_SIZE, encodeCursor } from './cursor.js';
import { modelNamespace, findModel, modelRefOf, type ModelRow } from './models.js';
import type { ArtifactFileInput, ModelVersion, Page, RegisterVersionInput } from './schemas.js';

export type VersionRow = Selectable<ModelVersionsTable>;
type Db = Kysely<Database> | Transaction<Database>;

/** `latest` always means the highest sequence number; it cannot be used as an alias name. */
export const LATEST = 'latest';

/**
 * Resolves a version reference within a model: a sequence number (`3`), a semver label
 * (`1.2.0`), an alias (`champion`), `latest`, or a version id.
 */
export async function resolveVersion(db: Db, model: ModelRow, ref: string): Promise<VersionRow> {
  let query = db
    .selectFrom('model_versions')
    .selectAll('model_versions')
    .where('model_versions.model_id', '=', model.id);
  if (UUID_PATTERN.test(ref)) query = query.where('model_versions.id', '=', ref);
  else if (isSequenceRef(ref)) query = query.where('model_versions.seq', '=', Number(ref));
  else if (isSemver(ref)) query = query.where('model_versions.label', '=', ref);
  else if (ref === LATEST) query = query.orderBy('model_versions.seq', 'desc').limit(1);
  else if (ALIAS_PATTERN.test(ref)) {
    query = query
      .innerJoin('model_aliases', 'model_aliases.version_id', 'model_versions.id')
      .where('model_aliases.model_id', '=', model.id)
      .where('model_aliases.alias', '=', ref);
  } else {
    throw new ValidationError(
      `'${ref}' is not a version reference (expected a sequence number, a semantic version, an alias or 'latest')`,
    );
  }
  const row = await query.executeTakeFirst();
  if (row === undefined) throw new NotFoundError('model version', modelRefOf(model, ref));
  return row;
}

/** Finds `model` then `ref` within it. */
export async function findVersion(
  db: Db,
  modelRef: string,
  ref: string,
): Promise<{ model: ModelRow; version: VersionRow }> {
  const model = await findModel(db, modelRef);
  return { model, version: await resolveVersion(db, model, ref) };
}

/**
 * Registers a new immutable version. Every file must already be in the blob store with exactly
 * the declared size: the registry never records a digest it does not hold content for.
 */
export async function registerVersion(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  input: RegisterVersionInput,
): Promise<ModelVersion> {
  await assertBlobsPresent(ctx, input.files);
  const ids = await ctx.committer.commit(
    actor,
    'model-version.register',
    async (tx, now) => {
      // Locking the model row serialises concurrent registrations, so sequence numbers are gap-free.
      const model = await findModel(tx, modelRef, true);
      const clash = await tx
        .selectFrom('model_versions')
        .select('seq')
        .where('model_id', '=', model.id)
        .where('label', '=', input.label)
        .executeTakeFirst();
      if (clash !== undefined) {
        throw new ConflictError(
          `${modelRefOf(model, input.label)} already exists (sequence ${clash.seq}); versions are immutable, register a new label`,
          { model: modelRefOf(model), label: input.label },
          'ALREADY_EXISTS',
        );
      }
      if (input.runId !== undefined) {
        const run = await tx
          .selectFrom('runs')
          .select('id')
          .where('id', '=', input.runId)
          .executeTakeFirst();
        if (run === undefined) throw new NotFoundError('run', input.runId);
      }
      const max = await tx
        .selectFrom('model_versions')
        .select((eb) => eb.fn.max('seq').as('max'))
        .where('model_id', '=', model.id)
        .executeTakeFirst();
      const seq = Number(max?.max ?? 0) + 1;
      const id = newId(ctx);
      await tx
        .insertInto('model_versions')
        .values({
          id,
          model_id: model.id,
          seq,
          label: input.label,
          description: input.description ?? '',
          format: input.format,
          input_schema: json(input.inputSchema ?? null),
          output_schema: json(input.outputSchema ?? null),
          params: json(input.params ?? {}),
          metrics: json(input.metrics ?? {}),
          tags: json(input.tags ?? {}),
          author: actor.name,
          run_id: input.runId ?? null,
          created_at: now,
        })
        .execute();
      await tx
        .insertInto('version_artifacts')
        .values(
          input.files.map((f) => ({
            version_id: id,
            path: f.path,
            size: f.size,
            digest: f.digest,
          })),
        )
        .execute();
      await tx.updateTable('models').set({ updated_at: now }).where('id', '=', model.id).execute();
      return {
        result: { modelId: model.id, id },
        events: [
          {
            type: 'model-version-registered',
            subject: { kind: 'model-version', id, ref: modelRefOf(model, input.label) },
            payload: { model: modelRefOf(model), modelId: model.id, seq, ...input },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
  return getVersion(ctx, ids.modelId, ids.id);
}

async function assertBlobsPresent(ctx: RegistryContext, files: ArtifactFileInput[]): Promise<void> {
  const missing: { path: string; digest: string; reason: string }[] = [];
  for (const file of files) {
    const stored = await ctx.blobs.stat(file.digest as Digest);
    if (stored === undefined)
      missing.push({ path: file.path, digest: file.digest, reason: 'not uploaded' });
    else if (stored.size !== file.size) {
      missing.push({
        path: file.path,
        digest: file.digest,
        reason: `stored size is ${stored.size}, declared ${file.size}`,
      });
    }
  }
  if (missing.length > 0) {
    throw new VerityError(
      'BLOB_MISSING',
      `${missing.length} artifact file(s) are not in the blob store as declared; upload them first (PUT /api/v1/blobs/{digest})`,
      { files: missing },
    );
  }
}

export async function getVersion(
  ctx: RegistryContext,
  modelRef: string,
  ref: string,
): Promise<ModelVersion> {
  const { model, version } = await findVersion(ctx.db, modelRef, ref);
  const [dto] = await toVersions(ctx.db, model, [version]);
  return dto as ModelVersion;
}

export async function listVersions(
  ctx: RegistryContext,
  modelRef: string,
  options: { limit?: number; cursor?: string },
): Promise<Page<ModelVersion>> {
  const model = await findModel(ctx.db, modelRef);
  const limit = options.limit ?? DEFAULT_PAGE_SIZE;
  let query = ctx.db.selectFrom('model_versions').selectAll().where('model_id', '=', model.id);
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
    items: await toVersions(ctx.db, model, page),
    nextCursor: rows.length > limit && last ? encodeCursor([last.seq]) : null,
  };
}

export async function toVersions(
  db: Db,
  model: ModelRow,
  rows: VersionRow[],
): Promise<ModelVersion[]> {
  if (rows.length === 0) return [];
  const ids = sql.join(rows.map((r) => r.id));
  // Files and aliases in one round trip: reading a version is the API's hottest path.
  const related = await sql<{
    version_id: string;
    kind: 'file' | 'alias';
    name: string;
    size: number | string | null;
    digest: string | null;
  }>`
    select version_id, 'file' as kind, path as name, size, digest
      from version_artifacts where version_id in (${ids})
    union all
    select version_id, 'alias' as kind, alias as name, null, null
      from model_aliases where version_id in (${ids})
    order by kind, name`.execute(db);
  const files = related.rows
    .filter((r) => r.kind === 'file')
    .map((r) => ({
      version_id: r.version_id,
      path: r.name,
      size: Number(r.size),
      digest: r.digest ?? '',
    }));
  const aliases = related.rows
    .filter((r) => r.kind === 'alias')
    .map((r) => ({ version_id: r.version_id, alias: r.name }));
  return rows.map((row) => ({
    id: row.id,
    model: modelRefOf(model),
    modelId: model.id,
    seq: row.seq,
    label: row.label,
    description: row.description,
    format: row.format,
    files: files
      .filter((f) => f.version_id === row.id)
      .map((f) => ({ path: f.path, size: Number(f.size), digest: f.digest })),
    inputSchema: row.input_schema,
    outputSchema: row.output_schema,
    params: row.params,
    metrics: row.metrics,
    tags: row.tags,
    aliases: aliases.filter((a) => a.version_id === row.id).map((a) => a.alias),
    author: row.author,
    runId: row.run_id,
    createdAt: iso(row.created_at),
  }));
}

/** The stored file of a version at `path`, for download. */
export async function findArtifact(
  ctx: RegistryContext,
  modelRef: string,
  ref: string,
  path: string,
): Promise<{ path: string; size: number; digest: Digest }> {
  const { model, version } = await findVersion(ctx.db, modelRef, ref);
  const file = await ctx.db
    .selectFrom('version_artifacts')
    .selectAll()
    .where('version_id', '=', version.id)
    .where('path', '=', path)
    .executeTakeFirst();
  if (file === undefined)
    throw new NotFoundError('artifact', `${modelRefOf(model, version.label)}/${path}`);
  return { path: file.path, size: Number(file.size), digest: file.digest as Digest };
}
