import type { Kysely, Transaction } from 'kysely';
import { NotFoundError } from '../lib/index.js';
import {
  datasetRefOf,
  findModel,
  iso,
  modelRefOf,
  resolveVersion,
  type RegistryContext,
} from '../registry/index.js';
import type { Database } from '../store/index.js';
import type { EvaluationSummary } from './api-schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A recorded evaluation as the API shows it; `result` only when one evaluation is read. */
export interface EvaluationView {
  id: string;
  model: string;
  version: string;
  baseline: string | null;
  name: string;
  kind: string;
  data: { file: string; digest: string; dataset: string | null };
  seed: number;
  summary: EvaluationSummary;
  digest: string;
  createdAt: string;
  createdBy: string;
  result?: unknown;
}

function baseQuery(db: Db) {
  return db
    .selectFrom('evaluations as e')
    .innerJoin('models as m', 'm.id', 'e.model_id')
    .innerJoin('model_versions as v', 'v.id', 'e.version_id')
    .leftJoin('model_versions as b', 'b.id', 'e.baseline_version_id')
    .leftJoin('dataset_versions as dv', 'dv.id', 'e.dataset_version_id')
    .leftJoin('datasets as d', 'd.id', 'dv.dataset_id')
    .select([
      'e.id',
      'e.name',
      'e.kind',
      'e.data_file',
      'e.data_digest',
      'e.seed',
      'e.summary',
      'e.digest',
      'e.created_at',
      'e.created_by',
      'm.name as model_name',
      'm.namespace as model_namespace',
      'v.label as version_label',
      'b.label as baseline_label',
      'dv.label as dataset_label',
      'd.name as dataset_name',
      'd.namespace as dataset_namespace',
    ]);
}

type Row = Awaited<ReturnType<ReturnType<typeof baseQuery>['executeTakeFirstOrThrow']>>;

function view(row: Row): EvaluationView {
  return {
    id: row.id,
    model: modelRefOf({ name: row.model_name, namespace: row.model_namespace }),
    version: row.version_label,
    baseline: row.baseline_label,
    name: row.name,
    kind: row.kind,
    data: {
      file: row.data_file,
      digest: row.data_digest,
      dataset:
        row.dataset_name === null || row.dataset_label === null
          ? null
          : datasetRefOf(
              { name: row.dataset_name, namespace: row.dataset_namespace as string },
              row.dataset_label,
            ),
    },
    seed: row.seed,
    summary: row.summary as EvaluationSummary,
    digest: row.digest,
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
  };
}

/** One evaluation of a version, with its full result. */
export async function getEvaluation(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
  id: string,
): Promise<EvaluationView> {
  const model = await findModel(ctx.db, modelRef);
  const version = await resolveVersion(ctx.db, model, versionRef);
  const row = await baseQuery(ctx.db)
    .select('e.result')
    .where('e.id', '=', id)
    .where('e.version_id', '=', version.id)
    .executeTakeFirst();
  if (row === undefined) {
    throw new NotFoundError('evaluation', `${modelRefOf(model)}@${version.label}/${id}`);
  }
  return { ...view(row), result: row.result };
}

/** A version's evaluations, newest first (summaries only). */
export async function listEvaluations(
  ctx: RegistryContext,
  modelRef: string,
  versionRef: string,
): Promise<EvaluationView[]> {
  const model = await findModel(ctx.db, modelRef);
  const version = await resolveVersion(ctx.db, model, versionRef);
  const rows = await baseQuery(ctx.db)
    .where('e.version_id', '=', version.id)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
  return rows.map(view);
}

/**
 * The evidence the gate and the card read: the latest evaluation of each name for a version
 * (a re-run under the same name supersedes the earlier one), oldest name first.
 */
export async function latestEvaluations(db: Db, versionId: string): Promise<EvaluationView[]> {
  const rows = await baseQuery(db)
    .where('e.version_id', '=', versionId)
    .orderBy('e.created_at', 'desc')
    .orderBy('e.id', 'desc')
    .execute();
  const latest = new Map<string, EvaluationView>();
  for (const row of rows) if (!latest.has(row.name)) latest.set(row.name, view(row));
  return [...latest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
