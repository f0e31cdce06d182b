import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import { jsonDigest, ValidationError, VerityError, type Digest, type Issue } from '../lib/index.js';
import {
  findModel,
  modelNamespace,
  modelRefOf,
  newId,
  openArtifact,
  resolveVersion,
  type ModelRow,
  type RegistryContext,
  type VersionRow,
} from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import { loadTable, type ColumnRequest, type EvaluationTable } from './data/load-table.js';
import { resolveData, type ResolvedData } from './data/resolve-data.js';
import { compareModels, evaluateModel } from './engine/index.js';
import { getEvaluation, type EvaluationView } from './queries.js';
import {
  compareEvaluationSchema,
  runEvaluationSchema,
  type CompareEvaluationInput,
  type RunEvaluationInput,
} from './schemas.js';
import { prepareScoring, type VersionScoring } from './scoring.js';
import { summarizeComparison, summarizeEvaluation } from './summary.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What an evaluation records about the software that computed it (reproducibility). */
export interface EvaluationEnvironment {
  verityVersion: string;
}

/** Progress of a running evaluation, for logs and the CLI. */
export type EvaluationProgress = (stage: string, done: number, total: number) => void;

async function artifactsOf(db: Db, versionId: string) {
  return db
    .selectFrom('version_artifacts')
    .select(['path', 'digest'])
    .where('version_id', '=', versionId)
    .orderBy('path')
    .execute();
}

async function readTable(
  ctx: RegistryContext,
  data: ResolvedData,
  requests: ColumnRequest[],
): Promise<EvaluationTable> {
  if ((await ctx.blobs.stat(data.digest as Digest)) === undefined) {
    throw new VerityError(
      'BLOB_MISSING',
      `the evaluation data ${data.file} (${data.digest}) is not in Verity's blob store; upload it first (PUT /api/v1/blobs/{digest}, or verity evaluate --data FILE)`,
      { digest: data.digest, file: data.file, dataset: data.dataset },
    );
  }
  const { stream } = await openArtifact(ctx, data.digest as Digest, { data: data.file });
  return loadTable(stream, requests);
}

/** Numeric columns that must be complete: a model cannot be scored on missing values. */
function requireComplete(
  table: EvaluationTable,
  columns: readonly { name: string; role: string }[],
) {
  const issues: Issue[] = [];
  for (const { name, role } of columns) {
    const values = table.numeric.get(name);
    if (values === undefined) continue;
    let missing = 0;
    let first = -1;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) {
        missing++;
        if (first < 0) first = i;
      }
    }
    if (missing > 0) {
      issues.push({
        code: 'missing_values',
        path: [role, name],
        message: `${missing} empty value(s), first on data row ${first + 1}`,
      });
    }
  }
  if (issues.length > 0) {
    throw new ValidationError(
      `the evaluation data has empty values in ${issues.map((i) => `'${i.path[1]}'`).join(', ')}; evaluation needs complete rows`,
      issues,
    );
  }
}

function featureMatrix(table: EvaluationTable, scoring: VersionScoring): Float32Array {
  const width = scoring.features.length;
  const matrix = new Float32Array(table.rows * width);
  scoring.features.forEach((feature, j) => {
    const column = table.numeric.get(feature.name) as Float64Array;
    for (let i = 0; i < table.rows; i++) matrix[i * width + j] = column[i] as number;
  });
  return matrix;
}

function columnRequests(
  scorings: readonly VersionScoring[],
  input: { label: string; protected?: string[] | undefined },
  predictionColumns: readonly string[],
): ColumnRequest[] {
  const requests = new Map<string, ColumnRequest>();
  const add = (r: ColumnRequest) => {
    if (!requests.has(`${r.as}:${r.name}`)) requests.set(`${r.as}:${r.name}`, r);
  };
  for (const s of scorings)
    for (const f of s.features) add({ name: f.name, as: 'numeric', role: 'model input' });
  add({ name: input.label, as: 'numeric', role: 'label' });
  for (const p of predictionColumns) add({ name: p, as: 'numeric', role: 'predictions' });
  for (const p of input.protected ?? []) add({ name: p, as: 'text', role: 'protected' });
  return [...requests.values()];
}

async function scoresOf(
  table: EvaluationTable,
  scoring: VersionScoring,
  predictions: string | undefined,
): Promise<{ scores: Float64Array; matrix: Float32Array | null }> {
  if (scoring.scorer === null) {
    return { scores: table.numeric.get(predictions as string) as Float64Array, matrix: null };
  }
  const matrix = featureMatrix(table, scoring);
  return { scores: await scoring.scorer(matrix, table.rows), matrix };
}

async function locate(db: Db, modelRef: string, versionRef: string) {
  const model = await findModel(db, modelRef);
  return { model, version: await resolveVersion(db, model, versionRef) };
}

function dataRecord(data: ResolvedData, rows: number) {
  return { file: data.file, digest: data.digest, dataset: data.dataset, rows };
}

/**
 * Evaluates a model version on data and records the result as evidence: quality with bootstrap
 * intervals, the bias audit, calibration, and (for a model Verity can run) robustness and
 * permutation importance. The stored result holds no clock or id, so the same model, data and
 * seed give the same bytes (and the same digest, which the ledger entry carries).
 */
export async function runEvaluation(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  body: RunEvaluationInput,
  environment: EvaluationEnvironment,
  onProgress?: EvaluationProgress,
): Promise<EvaluationView> {
  const input = runEvaluationSchema.parse(body);
  const { model, version } = await locate(ctx.db, modelRef, versionRef);
  const data = await resolveData(ctx.db, input.data);
  const scoring = await prepareScoring(ctx, version, await artifactsOf(ctx.db, version.id), input);
  try {
    const table = await readTable(
      ctx,
      data,
      columnRequests([scoring], input, input.predictions === undefined ? [] : [input.predictions]),
    );
    requireComplete(table, [
      ...scoring.features.map((f) => ({ name: f.name, role: 'model input' })),
      { name: input.label, role: 'label' },
      ...(input.predictions === undefined
        ? []
        : [{ name: input.predictions, role: 'predictions' }]),
    ]);
    onProgress?.('scoring', 0, table.rows);
    const { scores, matrix } = await scoresOf(table, scoring, input.predictions);
    const engine = await evaluateModel(
      {
        task: scoring.task,
        labels: table.numeric.get(input.label) as Float64Array,
        scores,
        threshold: scoring.threshold,
        protectedAttributes: (input.protected ?? []).map((name) => ({
          name,
          values: table.text.get(name) as (string | null)[],
        })),
        ...(scoring.scorer === null || matrix === null
          ? {}
          : { model: { features: scoring.features, matrix, scorer: scoring.scorer } }),
        seed: input.seed,
        ...(input.options === undefined ? {} : { options: input.options }),
      },
      onProgress,
    );
    const result = {
      schema: 'verity.evaluation/v1' as const,
      model: {
        ref: `${modelRefOf(model)}@${version.label}`,
        format: version.format,
        scoredBy: scoring.scoredBy,
        artifact: scoring.artifact,
        features: scoring.features.map((f) => f.name),
      },
      kind: input.kind,
      data: dataRecord(data, table.rows),
      label: input.label,
      protected: input.protected ?? [],
      predictions: input.predictions ?? null,
      verityVersion: environment.verityVersion,
      runtime: scoring.runtime,
      ...engine,
    };
    const summary = summarizeEvaluation(result);
    return await record(
      ctx,
      actor,
      model,
      version,
      null,
      input.name,
      input.kind,
      data,
      input.seed,
      summary,
      result,
    );
  } finally {
    await scoring.release();
  }
}

/**
 * Champion / challenger: both versions scored on the same rows, each quality metric's
 * difference (challenger − baseline) with a paired bootstrap interval. Recorded against the
 * challenger, naming the baseline.
 */
export async function compareVersions(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  versionRef: string,
  body: CompareEvaluationInput,
  environment: EvaluationEnvironment,
  onProgress?: EvaluationProgress,
): Promise<EvaluationView> {
  const input = compareEvaluationSchema.parse(body);
  const { model, version } = await locate(ctx.db, modelRef, versionRef);
  const baseline = await resolveVersion(ctx.db, model, input.baseline);
  if (baseline.id === version.id) {
    throw new ValidationError('a version cannot be compared with itself', [
      { code: 'same_version', path: ['baseline'], message: 'choose another version' },
    ]);
  }
  const data = await resolveData(ctx.db, input.data);
  const [baselinePredictions, challengerPredictions] = input.predictions ?? [undefined, undefined];
  const scorings: VersionScoring[] = [];
  try {
    scorings.push(
      await prepareScoring(ctx, baseline, await artifactsOf(ctx.db, baseline.id), {
        ...input,
        predictions: baselinePredictions,
      }),
    );
    scorings.push(
      await prepareScoring(ctx, version, await artifactsOf(ctx.db, version.id), {
        ...input,
        predictions: challengerPredictions,
      }),
    );
    const [a, b] = scorings as [VersionScoring, VersionScoring];
    if (a.task !== b.task) {
      throw new ValidationError(`the versions solve different tasks (${a.task}, ${b.task})`, [
        { code: 'task_mismatch', path: ['baseline'], message: 'different tasks' },
      ]);
    }
    const table = await readTable(
      ctx,
      data,
      columnRequests(scorings, input, input.predictions ?? []),
    );
    requireComplete(table, [
      ...scorings.flatMap((s) => s.features.map((f) => ({ name: f.name, role: 'model input' }))),
      { name: input.label, role: 'label' },
      ...(input.predictions ?? []).map((name) => ({ name, role: 'predictions' })),
    ]);
    onProgress?.('scoring', 0, table.rows);
    const scoresA = (await scoresOf(table, a, baselinePredictions)).scores;
    const scoresB = (await scoresOf(table, b, challengerPredictions)).scores;
    const comparison = await compareModels({
      task: b.task,
      labels: table.numeric.get(input.label) as Float64Array,
      threshold: b.threshold,
      seed: input.seed,
      scoresA,
      scoresB,
      ...(input.options === undefined ? {} : { options: input.options }),
    });
    const describe = (v: VersionRow, s: VersionScoring) => ({
      ref: `${modelRefOf(model)}@${v.label}`,
      format: v.format,
      scoredBy: s.scoredBy,
      artifact: s.artifact,
      features: s.features.map((f) => f.name),
    });
    const result = {
      schema: 'verity.comparison/v1' as const,
      baseline: describe(baseline, a),
      challenger: describe(version, b),
      data: dataRecord(data, table.rows),
      label: input.label,
      predictions: input.predictions ?? null,
      verityVersion: environment.verityVersion,
      runtime: b.runtime ?? a.runtime,
      ...comparison,
    };
    const summary = summarizeComparison(result);
    return await record(
      ctx,
      actor,
      model,
      version,
      baseline,
      input.name,
      'comparison',
      data,
      input.seed,
      summary,
      result,
    );
  } finally {
    for (const s of scorings) await s.release();
  }
}

async function record(
  ctx: RegistryContext,
  actor: Actor,
  model: ModelRow,
  version: VersionRow,
  baseline: VersionRow | null,
  name: string,
  kind: string,
  data: ResolvedData,
  seed: number,
  summary: unknown,
  result: unknown,
): Promise<EvaluationView> {
  const digest = jsonDigest(result);
  const ref = `${modelRefOf(model)}@${version.label}`;
  const id = await ctx.committer.commit(
    actor,
    'evaluation.record',
    async (tx, now) => {
      const evaluationId = newId(ctx);
      await tx
        .insertInto('evaluations')
        .values({
          id: evaluationId,
          model_id: model.id,
          version_id: version.id,
          baseline_version_id: baseline?.id ?? null,
          name,
          kind,
          data_digest: data.digest,
          data_file: data.file,
          dataset_version_id: data.datasetVersionId,
          seed,
          summary: json(summary),
          result: json(result),
          digest,
          created_at: now,
          created_by: actor.name,
        })
        .execute();
      // New evidence: open promotions judged without it are voided, like any evidence change.
      const voided =
        (await ctx.deploymentGuard?.voidChanged?.(tx, { versionId: version.id }, now)) ?? [];
      return {
        result: evaluationId,
        events: [
          {
            type: 'evaluation-recorded',
            subject: { kind: 'evaluation', id: evaluationId, ref: `${ref}/${name}` },
            payload: {
              model: modelRefOf(model),
              version: version.label,
              versionId: version.id,
              ...(baseline === null ? {} : { baseline: baseline.label }),
              name,
              kind,
              data: { file: data.file, digest: data.digest, dataset: data.dataset },
              seed,
              digest,
              summary,
            },
          },
          ...voided,
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getEvaluation(ctx, modelRefOf(model), version.label, id);
}
