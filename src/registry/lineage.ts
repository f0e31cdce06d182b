import { datasetRefOf, findDataset, resolveDatasetVersion, toDatasetVersion } from './datasets.js';
import type { RegistryContext } from './context.js';
import { modelRefOf } from './models.js';
import { findRun, toRuns } from './runs.js';
import type { DatasetLineage, VersionLineage } from './schemas.js';
import { findVersion, toVersions } from './versions.js';

/** Upstream of a model version: the run that produced it, its datasets, code and image. */
export async function versionLineage(
  ctx: RegistryContext,
  modelRef: string,
  ref: string,
): Promise<VersionLineage> {
  const { model, version } = await findVersion(ctx.db, modelRef, ref);
  const [dto] = await toVersions(ctx.db, model, [version]);
  const files = dto?.files ?? [];
  const versionNode = { id: version.id, ref: modelRefOf(model, version.label), files };
  if (version.run_id === null) {
    return { version: versionNode, run: null, datasets: [], code: null, image: null };
  }
  const [run] = await toRuns(ctx.db, [await findRun(ctx.db, version.run_id)]);
  const inputRows = await ctx.db
    .selectFrom('run_inputs')
    .innerJoin('dataset_versions', 'dataset_versions.id', 'run_inputs.dataset_version_id')
    .innerJoin('datasets', 'datasets.id', 'dataset_versions.dataset_id')
    .selectAll('dataset_versions')
    .select(['datasets.namespace', 'datasets.name', 'datasets.description', 'datasets.owner'])
    .where('run_inputs.run_id', '=', version.run_id)
    .orderBy('datasets.name')
    .execute();
  const datasets = inputRows.map((row) =>
    toDatasetVersion(
      {
        id: row.dataset_id,
        namespace: row.namespace,
        name: row.name,
        description: row.description,
        owner: row.owner,
        tags: {},
        created_at: row.created_at,
        created_by: row.created_by,
      },
      row,
    ),
  );
  return {
    version: versionNode,
    run: run ?? null,
    datasets,
    code: run?.code ?? null,
    image: run?.environment.image ?? null,
  };
}

/** Downstream of a dataset version: runs that read it and the model versions they produced. */
export async function datasetLineage(
  ctx: RegistryContext,
  datasetRef: string,
  ref: string,
): Promise<DatasetLineage> {
  const dataset = await findDataset(ctx.db, datasetRef);
  const version = await resolveDatasetVersion(ctx.db, dataset, ref);
  const runs = await ctx.db
    .selectFrom('run_inputs')
    .innerJoin('runs', 'runs.id', 'run_inputs.run_id')
    .select(['runs.id', 'runs.name', 'runs.status'])
    .where('run_inputs.dataset_version_id', '=', version.id)
    .orderBy('runs.id')
    .execute();
  const modelVersions =
    runs.length === 0
      ? []
      : await ctx.db
          .selectFrom('model_versions')
          .innerJoin('models', 'models.id', 'model_versions.model_id')
          .select([
            'model_versions.id',
            'model_versions.label',
            'model_versions.run_id',
            'models.namespace',
            'models.name',
          ])
          .where(
            'model_versions.run_id',
            'in',
            runs.map((r) => r.id),
          )
          .orderBy('models.name')
          .orderBy('model_versions.seq')
          .execute();
  return {
    datasetVersion: toDatasetVersion(dataset, version),
    runs,
    modelVersions: modelVersions.map((v) => ({
      id: v.id,
      ref: modelRefOf(v, v.label),
      runId: v.run_id ?? '',
    })),
  };
}

export { datasetRefOf };
