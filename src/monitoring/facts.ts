import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface MonitoringFacts {
  /** Active monitors of the model (in `environment` when one is given). */
  monitors: number;
  /** Firing alerts of the model's monitors. */
  openAlerts: number;
  /** `none` without an active monitor, `alerting` with a firing alert, else `ok`. */
  status: 'none' | 'ok' | 'alerting';
}

/** What the gate context and the model card say about a model's monitoring. */
export async function monitoringFacts(
  db: Db,
  modelId: string,
  environment?: string,
): Promise<MonitoringFacts> {
  let monitorsQuery = db
    .selectFrom('monitors')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('model_id', '=', modelId)
    .where('active', '=', true);
  if (environment !== undefined)
    monitorsQuery = monitorsQuery.where('environment', '=', environment);
  const [monitors, alerts] = await Promise.all([
    monitorsQuery.executeTakeFirst(),
    db
      .selectFrom('alerts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('model_id', '=', modelId)
      .where('status', '=', 'firing')
      .executeTakeFirst(),
  ]);
  const count = Number(monitors?.n ?? 0);
  const openAlerts = Number(alerts?.n ?? 0);
  return {
    monitors: count,
    openAlerts,
    status: count === 0 ? 'none' : openAlerts > 0 ? 'alerting' : 'ok',
  };
}
