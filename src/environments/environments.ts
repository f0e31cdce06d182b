import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { BUILTIN_ROLE_NAMES, type Actor, type ServiceContext } from '../auth/index.js';
import { ConflictError, NotFoundError } from '../lib/index.js';
import { json, type Database } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

const NAME = /^[a-z][a-z0-9-]{0,63}$/;

export const environmentInputSchema = z.object({
  name: z.string().regex(NAME, 'must be lowercase kebab-case, 1-64 characters'),
  description: z.string().max(1000).default(''),
  /** Order of promotion: development 0, staging 1, production 2. Rules can test it. */
  rank: z.number().int().min(0).max(100),
  /** Policy packs evaluated by this environment's gate, by name (their latest version). */
  policyPacks: z.array(z.string().regex(NAME)).max(32).default([]),
  /** Approvals needed, by role: `{ "risk-officer": 1, "maintainer": 1 }`. */
  quorum: z.record(z.string().regex(NAME), z.number().int().min(1).max(10)).default({}),
  /** How long an approval stays valid. */
  approvalTtlDays: z.number().int().min(1).max(3650).default(30),
  /** Whether approval for this environment freezes the version (production). */
  freezeOnApproval: z.boolean().default(false),
});
export type EnvironmentInput = z.input<typeof environmentInputSchema>;

export const environmentSchema = z.object({
  name: z.string(),
  description: z.string(),
  rank: z.number(),
  policyPacks: z.array(z.string()),
  quorum: z.record(z.string(), z.number()),
  approvalTtlDays: z.number(),
  freezeOnApproval: z.boolean(),
  updatedAt: z.string(),
  updatedBy: z.string(),
});
export type Environment = z.infer<typeof environmentSchema>;

/** The environments a fresh Verity starts with; `verity apply` replaces them as configured. */
export const DEFAULT_ENVIRONMENTS: EnvironmentInput[] = [
  {
    name: 'development',
    description: 'Experiments; no gate, no approvals.',
    rank: 0,
  },
  {
    name: 'staging',
    description: 'Pre-production validation; baseline evidence and one maintainer approval.',
    rank: 1,
    policyPacks: ['baseline'],
    quorum: { maintainer: 1 },
    approvalTtlDays: 30,
  },
  {
    name: 'production',
    description:
      'Serves decisions about people; baseline evidence, independent validation by a risk officer; the approved version is frozen.',
    rank: 2,
    policyPacks: ['baseline'],
    quorum: { 'risk-officer': 1 },
    approvalTtlDays: 30,
    freezeOnApproval: true,
  },
];

type EnvironmentRow = Awaited<ReturnType<typeof findEnvironmentRow>>;

async function findEnvironmentRow(db: Db, name: string) {
  return db.selectFrom('environments').selectAll().where('name', '=', name).executeTakeFirst();
}

/** The environment, or NOT_FOUND: deployments and promotions only target configured ones. */
export async function findEnvironment(db: Db, name: string): Promise<Environment> {
  const row = await findEnvironmentRow(db, name);
  if (row === undefined) throw new NotFoundError('environment', name);
  return toEnvironment(row);
}

export async function listEnvironments(ctx: { db: Db }): Promise<Environment[]> {
  const rows = await ctx.db
    .selectFrom('environments')
    .selectAll()
    .orderBy('rank')
    .orderBy('name')
    .execute();
  return rows.map((r) => toEnvironment(r));
}

/**
 * Creates or replaces an environment's configuration. Packs must exist when bound, so a typo
 * cannot leave an environment with a gate that silently checks nothing.
 */
export async function putEnvironment(
  ctx: ServiceContext,
  actor: Actor,
  input: EnvironmentInput,
): Promise<Environment> {
  const env = environmentInputSchema.parse(input);
  return ctx.committer.commit(actor, 'environment.write', async (tx, now) => {
    for (const role of Object.keys(env.quorum)) {
      const builtin = BUILTIN_ROLE_NAMES.includes(role);
      const custom =
        builtin ||
        (await tx
          .selectFrom('roles')
          .select('name')
          .where('name', '=', role)
          .executeTakeFirst()) !== undefined;
      if (!custom) throw new NotFoundError('role', role);
    }
    for (const pack of env.policyPacks) {
      const found = await tx
        .selectFrom('policy_packs')
        .select('name')
        .where('name', '=', pack)
        .executeTakeFirst();
      if (found === undefined) throw new NotFoundError('policy pack', pack);
    }
    const existing = await tx
      .selectFrom('environments')
      .select('name')
      .where('name', '=', env.name)
      .forUpdate()
      .executeTakeFirst();
    const values = {
      description: env.description,
      rank: env.rank,
      policy_packs: json(env.policyPacks),
      quorum: json(env.quorum),
      approval_ttl_seconds: env.approvalTtlDays * 86_400,
      freeze_on_approval: env.freezeOnApproval,
      updated_at: now,
      updated_by: actor.name,
    };
    if (existing === undefined) {
      await tx
        .insertInto('environments')
        .values({ name: env.name, created_at: now, ...values })
        .execute();
    } else {
      await tx.updateTable('environments').set(values).where('name', '=', env.name).execute();
    }
    const { description, ...config } = env;
    return {
      result: {
        ...env,
        updatedAt: now.toISOString(),
        updatedBy: actor.name,
      },
      events: [
        {
          type: existing === undefined ? 'environment-created' : 'environment-updated',
          subject: { kind: 'environment', id: env.name },
          payload: { ...config, description },
        },
      ],
    };
  });
}

/** Deletes an environment that nothing is deployed to and no promotion is open for. */
export async function deleteEnvironment(
  ctx: ServiceContext,
  actor: Actor,
  name: string,
): Promise<void> {
  await ctx.committer.commit(actor, 'environment.delete', async (tx) => {
    const row = await tx
      .deleteFrom('environments')
      .where('name', '=', name)
      .returning('name')
      .executeTakeFirst();
    if (row === undefined) throw new NotFoundError('environment', name);
    const deployed = await tx
      .selectFrom('deployments')
      .select('id')
      .where('environment', '=', name)
      .executeTakeFirst();
    if (deployed !== undefined) {
      throw new ConflictError(
        `environment '${name}' has deployment history; it cannot be deleted`,
        { environment: name },
      );
    }
    return {
      result: undefined,
      events: [
        {
          type: 'environment-deleted',
          subject: { kind: 'environment', id: name },
          payload: { name },
        },
      ],
    };
  });
}

function toEnvironment(row: NonNullable<EnvironmentRow>): Environment {
  return {
    name: row.name,
    description: row.description,
    rank: row.rank,
    policyPacks: row.policy_packs,
    quorum: row.quorum,
    approvalTtlDays: Math.round(row.approval_ttl_seconds / 86_400),
    freezeOnApproval: row.freeze_on_approval,
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by,
  };
}

/** Whether deployments to this environment need an approved promotion. */
export function isGated(env: Environment): boolean {
  return env.policyPacks.length > 0 || Object.keys(env.quorum).length > 0;
}
