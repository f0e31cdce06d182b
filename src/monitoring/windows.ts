import type { Kysely, Transaction } from 'kysely';
import { ConflictError, NotFoundError, ValidationError } from '../lib/index.js';
import { json, type Database } from '../store/index.js';
import { mergeProfiles, profileRows, type DatasetProfile } from './profile/index.js';
import { monitorConfigSchema, type MonitorConfig, type PredictionRecord } from './schemas.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A monitor with what ingestion and runs need: its config and its reference profile. */
export interface LoadedMonitor {
  id: string;
  modelId: string;
  name: string;
  environment: string;
  active: boolean;
  config: MonitorConfig;
  referenceId: string;
  reference: DatasetProfile;
}

/** The columns a monitor profiles and tests: configured, else every column of the reference. */
export function monitoredColumns(monitor: Pick<LoadedMonitor, 'config' | 'reference'>): string[] {
  return monitor.config.columns ?? monitor.reference.columns.map((c) => c.name);
}

type MonitorFilter = { modelId: string } & ({ environment: string } | { name: string });

async function loadMonitors(db: Db, filter: MonitorFilter, lock = false): Promise<LoadedMonitor[]> {
  let query = db
    .selectFrom('monitors as m')
    .innerJoin('reference_profiles as r', 'r.id', 'm.reference_id')
    .select([
      'm.id',
      'm.model_id',
      'm.name',
      'm.environment',
      'm.active',
      'm.config',
      'm.reference_id',
      'r.profile',
    ])
    .where('m.model_id', '=', filter.modelId);
  query =
    'environment' in filter
      ? query.where('m.environment', '=', filter.environment).where('m.active', '=', true)
      : query.where('m.name', '=', filter.name);
  const rows = await (lock ? query.forUpdate('m') : query).orderBy('m.name').execute();
  return rows.map((row) => ({
    id: row.id,
    modelId: row.model_id,
    name: row.name,
    environment: row.environment,
    active: row.active,
    config: monitorConfigSchema.parse(row.config),
    referenceId: row.reference_id,
    reference: row.profile as DatasetProfile,
  }));
}

/** The active monitors of a model in an environment, with their references. */
export function monitorsFor(
  db: Db,
  modelId: string,
  environment: string,
): Promise<LoadedMonitor[]> {
  return loadMonitors(db, { modelId, environment });
}

/**
 * One monitor by name with its reference, locked for the caller's transaction: NOT_FOUND when
 * the model has no such monitor, CONFLICT when it is switched off.
 */
export async function activeMonitor(
  tx: Transaction<Database>,
  model: { id: string; ref: string },
  name: string,
): Promise<LoadedMonitor> {
  const [monitor] = await loadMonitors(tx, { modelId: model.id, name }, true);
  if (monitor === undefined) throw new NotFoundError('monitor', `${model.ref}/${name}`);
  if (!monitor.active) {
    throw new ConflictError(`monitor '${model.ref}/${name}' is inactive: activate it first`, {
      monitor: `${model.ref}/${name}`,
    });
  }
  return monitor;
}

/** The window a timestamp falls in: [start, start + length), aligned to the Unix epoch. */
export function windowOf(time: Date, windowSeconds: number): { start: Date; end: Date } {
  const length = windowSeconds * 1000;
  const start = Math.floor(time.getTime() / length) * length;
  return { start: new Date(start), end: new Date(start + length) };
}

/**
 * Merges a profile into a monitor's window (creating the window on first use). The row is locked
 * so concurrent batches merge one after the other and no count is lost.
 */
export async function mergeIntoWindow(
  tx: Transaction<Database>,
  monitorId: string,
  window: { start: Date; end: Date },
  profile: DatasetProfile,
  now: Date,
): Promise<void> {
  const existing = await tx
    .selectFrom('window_profiles')
    .select(['profile'])
    .where('monitor_id', '=', monitorId)
    .where('window_start', '=', window.start)
    .forUpdate()
    .executeTakeFirst();
  const merged =
    existing === undefined ? profile : mergeProfiles(existing.profile as DatasetProfile, profile);
  if (existing === undefined) {
    await tx
      .insertInto('window_profiles')
      .values({
        monitor_id: monitorId,
        window_start: window.start,
        window_end: window.end,
        records: merged.rowCount,
        profile: json(merged),
        updated_at: now,
      })
      .execute();
  } else {
    await tx
      .updateTable('window_profiles')
      .set({ records: merged.rowCount, profile: json(merged), updated_at: now })
      .where('monitor_id', '=', monitorId)
      .where('window_start', '=', window.start)
      .execute();
  }
}

/**
 * Folds new prediction records into the window profiles of each monitor: grouped by window,
 * profiled against the monitor's reference bins (exact counts), merged into the stored window.
 */
export async function foldIntoWindows(
  tx: Transaction<Database>,
  monitors: readonly LoadedMonitor[],
  records: readonly PredictionRecord[],
  now: Date,
): Promise<void> {
  if (records.length === 0) return;
  for (const monitor of monitors) {
    const groups = new Map<number, Record<string, unknown>[]>();
    for (const record of records) {
      const start = windowOf(new Date(record.timestamp), monitor.config.windowSeconds).start;
      const key = start.getTime();
      let rows = groups.get(key);
      if (rows === undefined) groups.set(key, (rows = []));
      rows.push(record.features);
    }
    const columns = monitoredColumns(monitor);
    for (const [start, rows] of groups) {
      const profile = profileRows(rows, { reference: monitor.reference, columns });
      await mergeIntoWindow(
        tx,
        monitor.id,
        windowOf(new Date(start), monitor.config.windowSeconds),
        profile,
        now,
      );
    }
  }
}

/** Checks that an uploaded window profile was counted into the monitor's reference bins. */
export function assertSameBins(reference: DatasetProfile, profile: DatasetProfile): void {
  for (const column of profile.columns) {
    const bins = column.numeric?.bins;
    const refBins = reference.columns.find((c) => c.name === column.name)?.numeric?.bins;
    if (refBins === undefined) continue;
    if (
      bins === undefined ||
      bins.edges.length !== refBins.edges.length ||
      bins.edges.some((e, i) => e !== refBins.edges[i])
    ) {
      throw new ValidationError(
        `column '${column.name}' of the uploaded profile is not counted in the reference's bins: build it with the monitor's reference (verity monitor profile does)`,
        [
          {
            code: 'bins_mismatch',
            path: ['columns', column.name],
            message: 'bins differ from the reference',
          },
        ],
      );
    }
  }
}
