import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../auth/index.js';
import type { RegistryContext } from '../registry/index.js';
import { iso } from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import {
  DEFAULT_ESCALATION_POLICIES,
  parseEscalationPolicy,
  SEVERITIES,
  type EscalationPolicy,
  type Severity,
} from './rules/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export interface EscalationPolicyView extends EscalationPolicy {
  custom: boolean;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** The policy for a severity: the stored one, else Verity's default. */
export async function escalationPolicy(db: Db, severity: Severity): Promise<EscalationPolicy> {
  const row = await db
    .selectFrom('escalation_policies')
    .select('levels')
    .where('severity', '=', severity)
    .executeTakeFirst();
  return row === undefined
    ? DEFAULT_ESCALATION_POLICIES[severity]
    : { severity, levels: row.levels as EscalationPolicy['levels'] };
}

export async function listEscalationPolicies(db: Db): Promise<EscalationPolicyView[]> {
  const rows = await db.selectFrom('escalation_policies').selectAll().execute();
  return SEVERITIES.map((severity) => {
    const row = rows.find((r) => r.severity === severity);
    return row === undefined
      ? {
          ...DEFAULT_ESCALATION_POLICIES[severity],
          custom: false,
          updatedAt: null,
          updatedBy: null,
        }
      : {
          severity,
          levels: row.levels as EscalationPolicy['levels'],
          custom: true,
          updatedAt: iso(row.updated_at),
          updatedBy: row.updated_by,
        };
  });
}

/** Replaces the escalation policy of one severity (validated, ledgered). */
export async function putEscalationPolicy(
  ctx: RegistryContext,
  actor: Actor,
  severity: string,
  body: unknown,
): Promise<EscalationPolicyView> {
  const policy = parseEscalationPolicy({ ...(body as object), severity });
  await ctx.committer.commit(actor, 'escalation-policy.write', async (tx, now) => {
    await tx
      .insertInto('escalation_policies')
      .values({
        severity: policy.severity,
        levels: json(policy.levels),
        updated_at: now,
        updated_by: actor.name,
      })
      .onConflict((oc) =>
        oc
          .column('severity')
          .doUpdateSet({ levels: json(policy.levels), updated_at: now, updated_by: actor.name }),
      )
      .execute();
    return {
      result: null,
      events: [
        {
          type: 'escalation-policy-changed',
          subject: { kind: 'escalation-policy', id: policy.severity },
          payload: { severity: policy.severity, levels: policy.levels },
        },
      ],
    };
  });
  const views = await listEscalationPolicies(ctx.db);
  return views.find((v) => v.severity === policy.severity) as EscalationPolicyView;
}
