import { SYSTEM_ACTOR } from '../auth/index.js';
import { bootstrapAdmin, type BootstrapResult } from '../auth/identity/index.js';
import { DEFAULT_ENVIRONMENTS, putEnvironment } from '../environments/index.js';
import type { Clock } from '../lib/index.js';
import { publishPolicyPack } from '../gates/index.js';
import { publishShippedCatalogue } from '../compliance/index.js';
import { SHIPPED_PACKS } from '../policy/index.js';
import type { Runtime } from './runtime.js';

export interface FirstStartResult {
  admin: BootstrapResult;
  packsPublished: string[];
  environmentsCreated: string[];
  /** Control-catalogue and framework versions published by this start (new releases add some). */
  cataloguePublished: string[];
}

/**
 * What an empty Verity needs before anyone can use it: the first administrator (its token written
 * once to `<home>/admin-token`), the shipped policy packs, and the default environments
 * (development, staging, production). Each step only acts on empty tables, so restarts and
 * `verity apply` keep what operators configured. The shipped control catalogue is published on
 * every start: versions not stored yet are added (never edited). Every step is ledgered as
 * Verity itself.
 */
export async function firstStart(
  runtime: Runtime,
  home: string,
  options: { clock?: Clock } = {},
): Promise<FirstStartResult> {
  // The demo backdates its history; its first start is stamped on the same calendar.
  const clock = options.clock ?? runtime.clock;
  const committer = runtime.registry.committer.withClock(clock);
  const identity = { ...runtime.identity, clock, committer };
  const governance = { ...runtime.governance, clock, committer };
  const admin = await bootstrapAdmin(identity, { home });
  const db = runtime.database.db;
  const packsPublished: string[] = [];
  const anyPack = await db.selectFrom('policy_packs').select('name').limit(1).executeTakeFirst();
  if (anyPack === undefined) {
    for (const pack of SHIPPED_PACKS) {
      const { pack: published } = await publishPolicyPack(governance, SYSTEM_ACTOR, pack.source);
      packsPublished.push(published.name);
    }
  }
  const environmentsCreated: string[] = [];
  const anyEnvironment = await db
    .selectFrom('environments')
    .select('name')
    .limit(1)
    .executeTakeFirst();
  if (anyEnvironment === undefined) {
    for (const environment of DEFAULT_ENVIRONMENTS) {
      await putEnvironment(governance, SYSTEM_ACTOR, environment);
      environmentsCreated.push(environment.name);
    }
  }
  const catalogue = await publishShippedCatalogue(governance);
  return { admin, packsPublished, environmentsCreated, cataloguePublished: catalogue.published };
}
