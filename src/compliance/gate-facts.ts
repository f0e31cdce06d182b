import type { Kysely, Transaction } from 'kysely';
import type { ModelRow } from '../registry/index.js';
import type { Database } from '../store/index.js';
import { requiredAssessments } from './checks/required-assessments.js';
import type { ModelScope } from './posture/types.js';
import { ASSESSMENT_KINDS } from './questionnaires/index.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What a policy gate sees of a model's compliance (GateContext.compliance). */
export async function complianceGateFacts(
  db: Db,
  model: ModelRow,
): Promise<{
  scoped: boolean;
  euTier: string;
  jurisdictions: string[];
  requiredAssessments: string[];
  assessments: Record<string, string>;
}> {
  const row = await db
    .selectFrom('model_scopes')
    .select('scope')
    .where('model_id', '=', model.id)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  const scope = (row?.scope as ModelScope | undefined) ?? null;
  const rows = await db
    .selectFrom('impact_assessments')
    .select(['kind', 'status'])
    .where('model_id', '=', model.id)
    .orderBy('created_at')
    .execute();
  const assessments: Record<string, string> = Object.fromEntries(
    ASSESSMENT_KINDS.map((k) => [k, 'missing']),
  );
  for (const r of rows) assessments[r.kind] = r.status;
  return {
    scoped: scope !== null,
    euTier: scope?.euClassification?.tier ?? '',
    jurisdictions: scope?.jurisdictions ?? [],
    requiredAssessments: requiredAssessments(scope, model.risk_tier).map((a) => a.kind),
    assessments,
  };
}
