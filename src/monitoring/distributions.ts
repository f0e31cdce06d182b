import { NotFoundError } from '../lib/index.js';
import { findModel, modelRefOf, type RegistryContext } from '../registry/index.js';
import type { ColumnProfile, DatasetProfile } from './profile/index.js';
import { monitorConfigSchema } from './schemas.js';

/** One column's reference and current-window distributions, in the reference's bins. */
export type ColumnDistribution =
  | {
      column: string;
      type: 'numeric';
      /** Reference bin edges: bins [e_j, e_j+1), the last closed. */
      edges: number[];
      reference: { counts: number[]; underflow: number; overflow: number; missing: number };
      /** Null when the window has no profile for the column. */
      current: { counts: number[]; underflow: number; overflow: number; missing: number } | null;
      summary: { reference: NumericSummary; current: NumericSummary | null };
    }
  | {
      column: string;
      type: 'categorical';
      /** Category counts; values beyond the tracked ones are counted under `other`. */
      reference: { values: Record<string, number>; other: number; missing: number };
      current: { values: Record<string, number>; other: number; missing: number } | null;
    };

export interface NumericSummary {
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
}

export interface RunDistributions {
  run: string;
  window: { start: string; end: string };
  records: number;
  columns: ColumnDistribution[];
}

function numericSummary(column: ColumnProfile): NumericSummary {
  const n = column.numeric;
  return {
    count: n?.count ?? 0,
    mean: n === undefined || n.count === 0 ? null : n.mean,
    min: n?.min ?? null,
    max: n?.max ?? null,
  };
}

function categories(column: ColumnProfile) {
  const c = column.categorical;
  const values: Record<string, number> = Object.fromEntries(c?.items ?? []);
  const tracked = Object.values(values).reduce((sum, n) => sum + n, 0);
  return { values, other: (c?.count ?? tracked) - tracked, missing: column.missing };
}

/**
 * Reference against current window per monitored column, in the reference's bins (numeric) or
 * categories: what a run's drift statistics were computed from. Pure, for tests.
 */
export function columnDistributions(
  reference: DatasetProfile,
  window: DatasetProfile | undefined,
  columns: readonly string[],
): ColumnDistribution[] {
  const out: ColumnDistribution[] = [];
  for (const name of columns) {
    const ref = reference.columns.find((c) => c.name === name);
    if (ref === undefined) continue;
    const cur = window?.columns.find((c) => c.name === name);
    const bins = ref.numeric?.bins;
    if (bins !== undefined) {
      const curBins = cur?.numeric?.bins;
      out.push({
        column: name,
        type: 'numeric',
        edges: [...bins.edges],
        reference: {
          counts: [...bins.counts],
          underflow: bins.underflow,
          overflow: bins.overflow,
          missing: ref.missing,
        },
        current:
          cur === undefined || curBins === undefined
            ? null
            : {
                counts: [...curBins.counts],
                underflow: curBins.underflow,
                overflow: curBins.overflow,
                missing: cur.missing,
              },
        summary: {
          reference: numericSummary(ref),
          current: cur === undefined ? null : numericSummary(cur),
        },
      });
    } else if (ref.categorical !== undefined) {
      out.push({
        column: name,
        type: 'categorical',
        reference: categories(ref),
        current: cur === undefined || cur.categorical === undefined ? null : categories(cur),
      });
    }
  }
  return out;
}

/** The distributions behind one run of a monitor (the run's window profile and the reference). */
export async function runDistributions(
  ctx: Pick<RegistryContext, 'db'>,
  modelRef: string,
  name: string,
  runId: string,
): Promise<RunDistributions> {
  const model = await findModel(ctx.db, modelRef);
  const run = await ctx.db
    .selectFrom('monitor_runs as r')
    .innerJoin('monitors as m', 'm.id', 'r.monitor_id')
    .innerJoin('reference_profiles as p', 'p.id', 'm.reference_id')
    .select([
      'r.id',
      'r.monitor_id',
      'r.window_start',
      'r.window_end',
      'm.config',
      'p.profile as reference',
    ])
    .where('r.id', '=', runId)
    .where('m.model_id', '=', model.id)
    .where('m.name', '=', name)
    .executeTakeFirst();
  if (run === undefined) {
    throw new NotFoundError('monitor run', `${modelRefOf(model)}/${name}/${runId}`);
  }
  const window = await ctx.db
    .selectFrom('window_profiles')
    .select(['profile', 'records'])
    .where('monitor_id', '=', run.monitor_id)
    .where('window_start', '=', run.window_start)
    .executeTakeFirst();
  const reference = run.reference as DatasetProfile;
  const config = monitorConfigSchema.parse(run.config);
  return {
    run: run.id,
    window: { start: run.window_start.toISOString(), end: run.window_end.toISOString() },
    records: window?.records ?? 0,
    columns: columnDistributions(
      reference,
      window?.profile as DatasetProfile | undefined,
      config.columns ?? reference.columns.map((c) => c.name),
    ),
  };
}
