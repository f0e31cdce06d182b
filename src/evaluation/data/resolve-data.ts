import { sql, type Kysely, type Transaction } from 'kysely';
import { extname } from 'node:path';
import { isDigest, ValidationError } from '../../lib/index.js';
import { datasetRefOf, findDatasetVersionByRef } from '../../registry/index.js';
import type { Database } from '../../store/index.js';
import type { EvaluationData } from '../schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** The data an evaluation reads: one file by digest, and the dataset version holding it. */
export interface ResolvedData {
  digest: string;
  file: string;
  datasetVersionId: string | null;
  /** `name@label` of that dataset version, or null for a file no dataset version lists. */
  dataset: string | null;
}

const TABULAR = new Set(['.csv']);

/**
 * A dataset version's CSV file, or an uploaded file. An uploaded file is linked to the dataset
 * version that lists the same digest, when one does, so evidence names registered data whenever
 * it can.
 */
export async function resolveData(db: Db, data: EvaluationData): Promise<ResolvedData> {
  if ('dataset' in data) {
    const { dataset, version } = await findDatasetVersionByRef(db, data.dataset);
    const candidates = version.files.filter((f) =>
      data.file === undefined ? TABULAR.has(extname(f.path).toLowerCase()) : f.path === data.file,
    );
    const chosen = candidates[0];
    if (chosen === undefined || !isDigest(chosen.digest) || candidates.length > 1) {
      throw new ValidationError(
        data.file === undefined
          ? candidates.length > 1
            ? `dataset version '${data.dataset}' has several CSV files; choose one with 'file'`
            : `dataset version '${data.dataset}' has no CSV file to evaluate on`
          : `dataset version '${data.dataset}' has no file '${data.file}'`,
        [{ code: 'no_data_file', path: ['data', 'file'], message: 'no single CSV file' }],
      );
    }
    return {
      digest: chosen.digest,
      file: chosen.path,
      datasetVersionId: version.id,
      dataset: datasetRefOf(dataset, version.label),
    };
  }
  const holder = await db
    .selectFrom('dataset_versions as v')
    .innerJoin('datasets as d', 'd.id', 'v.dataset_id')
    .select(['v.id', 'v.label', 'd.name', 'd.namespace'])
    .where(sql<boolean>`v.files @> ${JSON.stringify([{ digest: data.blob }])}::jsonb`)
    .orderBy('v.created_at')
    .orderBy('v.id')
    .executeTakeFirst();
  return {
    digest: data.blob,
    file: data.file,
    datasetVersionId: holder?.id ?? null,
    dataset:
      holder === undefined
        ? null
        : datasetRefOf({ name: holder.name, namespace: holder.namespace }, holder.label),
  };
}
