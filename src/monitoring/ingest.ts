import { sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actor } from '../auth/index.js';
import { jsonDigest, ValidationError, type Issue } from '../lib/index.js';
import { findModel, modelNamespace, modelRefOf, type RegistryContext } from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import { quickLabelRecord, quickPredictionRecord } from './record-check.js';
import { foldIntoWindows, monitorsFor, windowOf, type LoadedMonitor } from './windows.js';
import {
  labelRecordSchema,
  predictionRecordSchema,
  type LabelRecord,
  type PredictionRecord,
} from './schemas.js';

/** Rows per INSERT: well under PostgreSQL's 65 535 bind parameters. */
const CHUNK = 500;
/** Records per INSERT of predictions (each column one array parameter). */
const ROWS_PER_INSERT = 5000;
export const MAX_BATCH = 50_000;

export interface IngestResult {
  model: string;
  environment: string;
  received: number;
  accepted: number;
  /** Records whose id was already ingested: ignored, so a retried batch is not counted twice. */
  duplicates: number;
  /** Monitors whose window profiles took the records. */
  monitors: string[];
}

/**
 * Validates every record; the first 20 problems are reported with their record index. `quick`
 * takes a record that is certainly valid without the schema (record-check.ts); the schema
 * decides every other one.
 */
export function parseRecords<T>(
  records: unknown,
  schema: z.ZodType<T>,
  kind: string,
  quick?: (record: unknown) => T | undefined,
): T[] {
  if (!Array.isArray(records)) throw new ValidationError(`expected an array of ${kind}`);
  if (records.length > MAX_BATCH) {
    throw new ValidationError(`at most ${MAX_BATCH} ${kind} per batch (got ${records.length})`);
  }
  const out: T[] = [];
  const issues: Issue[] = [];
  records.forEach((record, index) => {
    const certain = quick?.(record);
    if (certain !== undefined) {
      out.push(certain);
      return;
    }
    const parsed = schema.safeParse(record);
    if (parsed.success) out.push(parsed.data);
    else if (issues.length < 20) {
      for (const issue of parsed.error.issues.slice(0, 3)) {
        issues.push({
          code: issue.code,
          path: [index, ...issue.path.map((p) => (typeof p === 'number' ? p : String(p)))],
          message: issue.message,
        });
      }
    }
  });
  if (issues.length > 0) {
    const first = issues[0]!;
    throw new ValidationError(
      `${kind} ${String(first.path[0])} is invalid at ${first.path.slice(1).join('.') || '(record)'}: ${first.message}; nothing was stored`,
      issues,
    );
  }
  return out;
}

function duplicateIds(records: readonly { id: string }[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const r of records) (seen.has(r.id) ? twice : seen).add(r.id);
  return [...twice];
}

/**
 * Takes a batch of production predictions for a model in an environment: stores what late labels
 * need (id, time, score, prediction, segments; features only while a monitor retains them) and
 * folds the new records into the window profiles of every active monitor. One ledger entry per
 * batch, holding counts and the batch digest, never the records (they can be personal data).
 */
export async function ingestPredictions(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  environment: string,
  input: unknown,
): Promise<IngestResult> {
  const records = parseRecords<PredictionRecord>(
    input,
    predictionRecordSchema,
    'prediction',
    quickPredictionRecord,
  );
  const repeated = duplicateIds(records);
  if (repeated.length > 0) {
    throw new ValidationError(
      `prediction ids repeat within the batch: ${repeated.slice(0, 5).join(', ')}`,
      [{ code: 'duplicate_id', path: [], message: 'ids must be unique within a batch' }],
    );
  }
  return ctx.committer.commit(
    actor,
    'predictions.ingest',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const monitors = await monitorsFor(tx, model.id, environment);
      const retain = monitors.some((m) => m.config.retentionDays > 0);
      const accepted = await insertNew(tx, model.id, environment, records, retain, now);
      const fresh = records.filter((r) => accepted.has(r.id));
      await foldIntoWindows(tx, monitors, fresh, now);
      const result: IngestResult = {
        model: modelRefOf(model),
        environment,
        received: records.length,
        accepted: fresh.length,
        duplicates: records.length - fresh.length,
        monitors: monitors.map((m) => m.name),
      };
      return {
        result,
        events: [
          {
            type: 'predictions-ingested',
            subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
            payload: { ...result, batchDigest: jsonDigest(records) },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
}

/**
 * Inserts the records that are new (by id) and returns their ids. One statement per 5 000 records,
 * each column one array parameter zipped by `unnest`: far fewer bind parameters and round trips
 * than multi-row VALUES, and about a fifth less work for PostgreSQL than one JSON parameter of
 * whole rows read with `json_to_recordset`.
 *
 * A batch is almost always new, so it is first inserted plainly, under a savepoint: a plain
 * INSERT costs PostgreSQL about a quarter less than ON CONFLICT's speculative insertion
 * (docs/benchmarks.md). When an id is already stored (a retried batch, or two senders racing with
 * the same ids) that insert fails with a unique violation; the savepoint undoes all of it and the
 * batch is inserted again skipping the stored ids.
 */
async function insertNew(
  tx: Transaction<Database>,
  modelId: string,
  environment: string,
  records: readonly PredictionRecord[],
  retain: boolean,
  now: Date,
): Promise<Set<string>> {
  const chunks: Columns[] = [];
  for (let i = 0; i < records.length; i += ROWS_PER_INSERT) {
    chunks.push(columnsOf(records.slice(i, i + ROWS_PER_INSERT), retain));
  }
  await sql`savepoint ingest_new`.execute(tx);
  try {
    for (const columns of chunks) await insertRows(tx, modelId, environment, columns, now, false);
    await sql`release savepoint ingest_new`.execute(tx);
    return new Set(records.map((r) => r.id));
  } catch (error) {
    if ((error as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw error;
    await sql`rollback to savepoint ingest_new`.execute(tx);
    await sql`release savepoint ingest_new`.execute(tx);
  }
  const accepted = new Set<string>();
  for (const columns of chunks) {
    for (const id of await insertRows(tx, modelId, environment, columns, now, true))
      accepted.add(id);
  }
  return accepted;
}

const UNIQUE_VIOLATION = '23505';

/**
 * The stored columns of a chunk of records: ids, times and scores as PostgreSQL array literals,
 * the JSON columns as JSON arrays (one native `JSON.stringify` each, no per-item escaping).
 */
interface Columns {
  ids: string;
  times: string;
  scores: string;
  predictions: string;
  labels: string;
  segments: string;
  features: string;
}

function columnsOf(records: readonly PredictionRecord[], retain: boolean): Columns {
  const ids: string[] = [];
  const times: string[] = [];
  const scores: string[] = [];
  const predictions: unknown[] = [];
  const labels: unknown[] = [];
  const segments: unknown[] = [];
  const features: unknown[] = [];
  for (const r of records) {
    ids.push(arrayItem(r.id));
    times.push(arrayItem(r.timestamp));
    scores.push(r.score === undefined ? 'NULL' : String(r.score));
    predictions.push(r.prediction ?? null);
    labels.push(r.label ?? null);
    segments.push(r.segments ?? {});
    features.push(retain ? r.features : null);
  }
  return {
    ids: `{${ids.join(',')}}`,
    times: `{${times.join(',')}}`,
    scores: `{${scores.join(',')}}`,
    predictions: JSON.stringify(predictions),
    labels: JSON.stringify(labels),
    segments: JSON.stringify(segments),
    features: JSON.stringify(features),
  };
}

const ARRAY_ESCAPES = /["\\]/g;

/** A string as a quoted element of a PostgreSQL array literal. */
function arrayItem(text: string): string {
  if (!text.includes('"') && !text.includes('\\')) return `"${text}"`;
  return `"${text.replace(ARRAY_ESCAPES, '\\$&')}"`;
}

/** The items of a JSON array parameter as a jsonb[], in order (JSON null for a missing value). */
function jsonItems(array: string) {
  return sql`array(select e from jsonb_array_elements(cast(${array} as jsonb)) with ordinality as a(e, n) order by n)`;
}

/** One INSERT of a chunk; with `skipStored`, stored ids are skipped and the inserted ids returned. */
async function insertRows(
  tx: Transaction<Database>,
  modelId: string,
  environment: string,
  columns: Columns,
  now: Date,
  skipStored: boolean,
): Promise<string[]> {
  const conflict = skipStored
    ? sql`on conflict (model_id, environment, prediction_id) do nothing returning prediction_id`
    : sql``;
  // A prediction, label or features value is never JSON null when present (schemas.ts), so a JSON
  // null item is a missing one.
  const inserted = await sql<{ prediction_id: string }>`
    insert into predictions
      (model_id, environment, prediction_id, ts, score, prediction, label, labelled_at, segments, features, received_at)
    select ${modelId}, ${environment}, r.id, r.ts, r.score, nullif(r.prediction, 'null'),
           nullif(r.label, 'null'),
           case when r.label = 'null' then null else cast(${now} as timestamptz) end,
           r.segments, nullif(r.features, 'null'), cast(${now} as timestamptz)
    from unnest(cast(${columns.ids} as text[]), cast(${columns.times} as timestamptz[]),
                cast(${columns.scores} as double precision[]), ${jsonItems(columns.predictions)},
                ${jsonItems(columns.labels)}, ${jsonItems(columns.segments)},
                ${jsonItems(columns.features)})
      as r(id, ts, score, prediction, label, segments, features)
    ${conflict}`.execute(tx);
  return inserted.rows.map((row) => row.prediction_id);
}

/**
 * Records on each window of a monitor that uses outcomes (performance rules, error-rate fairness
 * rules) that outcomes were joined to its predictions at `now`: the scheduler runs such a window
 * again (schedule.ts), so a label that arrives after its window was run still counts.
 */
async function markLabelledWindows(
  tx: Transaction<Database>,
  monitors: readonly LoadedMonitor[],
  times: readonly Date[],
  now: Date,
): Promise<void> {
  if (times.length === 0) return;
  for (const monitor of monitors) {
    if (!usesOutcomes(monitor)) continue;
    const starts = new Map<number, Date>();
    for (const time of times) {
      const { start } = windowOf(time, monitor.config.windowSeconds);
      starts.set(start.getTime(), start);
    }
    await tx
      .updateTable('window_profiles')
      .set({ labels_at: now })
      .where('monitor_id', '=', monitor.id)
      .where('window_start', 'in', [...starts.values()])
      .execute();
  }
}

/** Whether a monitor's results depend on outcomes: performance, or error rates by group. */
function usesOutcomes(monitor: LoadedMonitor): boolean {
  return (
    monitor.config.performance.length > 0 ||
    monitor.config.fairness.some((rule) => !rule.metric.startsWith('selection'))
  );
}

export interface LabelResult {
  model: string;
  environment: string;
  received: number;
  labelled: number;
  /** Ids with no stored prediction: nothing to join them to. */
  unknown: string[];
}

/** Joins labels that arrive later to their predictions by id (a later label replaces an earlier one). */
export async function ingestLabels(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  environment: string,
  input: unknown,
): Promise<LabelResult> {
  const labels = parseRecords<LabelRecord>(input, labelRecordSchema, 'label', quickLabelRecord);
  return ctx.committer.commit(
    actor,
    'predictions.ingest',
    async (tx, now) => {
      const model = await findModel(tx, modelRef);
      const known = new Set<string>();
      const times: Date[] = [];
      for (let i = 0; i < labels.length; i += CHUNK) {
        const chunk = labels.slice(i, i + CHUNK);
        const values = sql.join(chunk.map((l) => sql`(${l.id}, ${json(l.label)})`));
        // One UPDATE ... FROM (VALUES ...) per chunk: labels arrive by the thousand.
        const updated = await sql<{ prediction_id: string; ts: Date | string }>`
          update predictions as p set label = cast(v.label as jsonb), labelled_at = ${now}
          from (values ${values}) as v(id, label)
          where p.model_id = ${model.id} and p.environment = ${environment} and p.prediction_id = v.id
          returning p.prediction_id, p.ts`.execute(tx);
        for (const row of updated.rows) {
          known.add(row.prediction_id);
          times.push(new Date(row.ts));
        }
      }
      await markLabelledWindows(tx, await monitorsFor(tx, model.id, environment), times, now);
      const result: LabelResult = {
        model: modelRefOf(model),
        environment,
        received: labels.length,
        labelled: known.size,
        unknown: labels
          .filter((l) => !known.has(l.id))
          .map((l) => l.id)
          .slice(0, 100),
      };
      return {
        result,
        events: [
          {
            type: 'labels-ingested',
            subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
            payload: {
              environment,
              received: result.received,
              labelled: result.labelled,
              batchDigest: jsonDigest(labels),
            },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRef) },
  );
}
