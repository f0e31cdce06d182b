import type { Kysely, Transaction } from 'kysely';
import type { GateContext } from '../policy/index.js';
import type { Database } from '../store/index.js';
import { latestEvaluations } from './queries.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What the policy gate and the model card read from a version's evaluations. */
export interface EvaluationFacts {
  /** `evaluations.<name>.<metric>` in the gate context. */
  evaluations: GateContext['evaluations'];
  /** One record per kind of evidence an evaluation is. */
  evaluationRuns: GateContext['evaluationRuns'];
  fairness: GateContext['fairness'];
  /** Card `evidence.metrics` entries: one per quality metric, sliced by evaluation name. */
  metrics: {
    name: string;
    value: number;
    slice: string;
    lower?: number;
    upper?: number;
    source: string;
  }[];
  /** Card `evidence.evaluationDatasets`. */
  datasets: {
    ref: string;
    digest: string;
    rows: number | null;
    columns: string[];
    sourceUri: string | null;
  }[];
}

/** The latest evaluation of each name of a version, as gate and card evidence. */
export async function evaluationFacts(db: Db, versionId: string): Promise<EvaluationFacts> {
  const latest = await latestEvaluations(db, versionId);
  const datasets = new Map<string, EvaluationFacts['datasets'][number]>();
  for (const e of latest) {
    if (!datasets.has(e.data.digest)) {
      datasets.set(e.data.digest, {
        ref: e.data.dataset ?? e.data.file,
        digest: e.data.digest,
        rows: e.summary.rows,
        columns: e.summary.columns,
        sourceUri: null,
      });
    }
  }
  return {
    evaluations: Object.fromEntries(latest.map((e) => [e.name, e.summary.metrics])),
    evaluationRuns: latest.flatMap((e) =>
      e.summary.kinds.map((kind) => ({
        name: e.name,
        kind,
        dataset: e.data.dataset ?? e.data.digest,
        createdAt: e.createdAt,
        metrics: e.summary.kindMetrics[kind] ?? {},
      })),
    ),
    fairness: latest.flatMap((e) => e.summary.fairness),
    metrics: latest.flatMap((e) =>
      e.summary.quality.map((q) => ({
        name: q.name,
        value: q.value,
        slice: e.name,
        ...(q.lower === null ? {} : { lower: q.lower }),
        ...(q.upper === null ? {} : { upper: q.upper }),
        source: e.id,
      })),
    ),
    datasets: [...datasets.values()],
  };
}
