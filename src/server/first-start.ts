import { SYSTEM_ACTOR } from '../auth/index.js';
import { bootstrapAdmin, type BootstrapResult } from '../auth/identity/index.js';
import { DEFAULT_ENVIRONMENTS, putEnvironment } from '../environments/index.js';
import { publishPolicyPack } from '../gates/index.js';
import { SHIPPED_PACKS } from '../policy/index.js';
import type { Runtime } from './runtime.js';

export interface FirstStartResult {
  admin: BootstrapResult;
  packsPublished: string[];
  environmentsCreated: string[];
}

/**
 * What an empty Verity needs before anyone can use it: the first administrator (its token written
 * once to `<home>/admin-token`), the shipped policy packs, and the default environments
 * (development, staging, production). Each step only acts on empty tables, so restarts and
 * `verity apply` keep what operators configured. Every step is ledgered as Verity itself.
 */
export async function firstStart(runtime: Runtime, home: string): Promise<FirstStartResult> {
  const admin = await bootstrapAdmin(runtime.identity, { home });
  const db = runtime.database.db;
  const packsPublished: string[] = [];
  const anyPack = await db.selectFrom('policy_packs').select('name').limit(1).executeTakeFirst();
  if (anyPack === undefined) {
    for (const pack of SHIPPED_PACKS) {
      const { pack: published } = await publishPolicyPack(
        runtime.governance,
        SYSTEM_ACTOR,
        pack.source,
      );
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
      await putEnvironment(runtime.governance, SYSTEM_ACTOR, environment);
      environmentsCreated.push(environment.name);
    }
  }
  return { admin, packsPublished, environmentsCreated };
}
