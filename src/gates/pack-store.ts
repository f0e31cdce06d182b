import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor, ServiceContext } from '../auth/index.js';
import { NotFoundError } from '../lib/index.js';
import { assertPolicyPack, type CompiledPack } from '../policy/index.js';
import type { Database } from '../store/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export const policyPackSummarySchema = z.object({
  name: z.string(),
  version: z.number(),
  digest: z.string(),
  description: z.string(),
  rules: z.number(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type PolicyPackSummary = z.infer<typeof policyPackSummarySchema>;

export const policyPackSchema = policyPackSummarySchema.extend({
  source: z.string(),
  ruleList: z.array(
    z.object({
      id: z.string(),
      description: z.string(),
      severity: z.string(),
      controls: z.array(z.string()),
    }),
  ),
});
export type PolicyPack = z.infer<typeof policyPackSchema>;

/**
 * Compiled packs by digest. A pack version never changes, so its compiled form (CEL planned once)
 * is reused by every gate that evaluates it.
 */
const compiled = new Map<string, CompiledPack>();

function compile(source: string, digest: string): CompiledPack {
  const hit = compiled.get(digest);
  if (hit !== undefined) return hit;
  const pack = assertPolicyPack(source);
  if (compiled.size > 256) compiled.clear();
  compiled.set(pack.digest, pack);
  return pack;
}

/**
 * Publishes a pack. Every rule is compiled first: a syntax or type error is POLICY_INVALID with
 * each problem's rule id and position, and nothing is stored. Publishing content identical to the
 * latest version (same digest) is a no-op, so `verity apply` can run twice.
 */
export async function publishPolicyPack(
  ctx: ServiceContext,
  actor: Actor,
  source: string,
): Promise<{ pack: PolicyPack; changed: boolean }> {
  const pack = assertPolicyPack(source);
  const latest = await latestRow(ctx.db, pack.name);
  if (latest !== undefined && latest.digest === pack.digest) {
    return { pack: toPack(latest, pack), changed: false };
  }
  const row = await ctx.committer.commit(actor, 'policy-pack.publish', async (tx, now) => {
    const current = await latestRow(tx, pack.name);
    const version = (current?.version ?? 0) + 1;
    const row = {
      name: pack.name,
      version,
      digest: pack.digest,
      description: pack.description,
      source,
      created_at: now,
      created_by: actor.name,
    };
    await tx.insertInto('policy_packs').values(row).execute();
    return {
      result: row,
      events: [
        {
          type: 'policy-pack-published',
          subject: { kind: 'policy-pack', id: `${pack.name}@${version}`, ref: pack.name },
          payload: {
            name: pack.name,
            version,
            digest: pack.digest,
            previousDigest: current?.digest ?? null,
            rules: pack.rules.map((r) => r.id),
          },
        },
      ],
    };
  });
  compiled.set(pack.digest, pack);
  return { pack: toPack(row, pack), changed: true };
}

export async function listPolicyPacks(ctx: { db: Db }): Promise<PolicyPackSummary[]> {
  // Packs are few and small: take every version, keep the newest of each name.
  const rows = await ctx.db
    .selectFrom('policy_packs')
    .selectAll()
    .orderBy('name')
    .orderBy('version', 'desc')
    .execute();
  const latest = rows.filter((row, i) => i === 0 || rows[i - 1]?.name !== row.name);
  return latest.map((row) => summaryOf(row));
}

/** A pack's latest version, or the given one. */
export async function getPolicyPack(
  ctx: { db: Db },
  name: string,
  version?: number,
): Promise<PolicyPack> {
  const row =
    version === undefined
      ? await latestRow(ctx.db, name)
      : await ctx.db
          .selectFrom('policy_packs')
          .selectAll()
          .where('name', '=', name)
          .where('version', '=', version)
          .executeTakeFirst();
  if (row === undefined) {
    throw new NotFoundError('policy pack', version === undefined ? name : `${name}@${version}`);
  }
  return toPack(row, compile(row.source, row.digest));
}

/** Every version of a pack, newest first. */
export async function policyPackHistory(
  ctx: { db: Db },
  name: string,
): Promise<PolicyPackSummary[]> {
  const rows = await ctx.db
    .selectFrom('policy_packs')
    .selectAll()
    .where('name', '=', name)
    .orderBy('version', 'desc')
    .execute();
  if (rows.length === 0) throw new NotFoundError('policy pack', name);
  return rows.map((row) => summaryOf(row));
}

function summaryOf(row: Parameters<typeof toPack>[0]): PolicyPackSummary {
  const pack = toPack(row, compile(row.source, row.digest));
  return {
    name: pack.name,
    version: pack.version,
    digest: pack.digest,
    description: pack.description,
    rules: pack.rules,
    createdAt: pack.createdAt,
    createdBy: pack.createdBy,
  };
}

/** The latest compiled version of each named pack, in the order given. */
export async function loadPacks(
  db: Db,
  names: readonly string[],
): Promise<{ pack: CompiledPack; version: number }[]> {
  const result: { pack: CompiledPack; version: number }[] = [];
  for (const name of names) {
    const row = await latestRow(db, name);
    if (row === undefined) throw new NotFoundError('policy pack', name);
    result.push({ pack: compile(row.source, row.digest), version: row.version });
  }
  return result;
}

async function latestRow(db: Db, name: string) {
  return db
    .selectFrom('policy_packs')
    .selectAll()
    .where('name', '=', name)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

function toPack(
  row: {
    name: string;
    version: number;
    digest: string;
    description: string;
    source: string;
    created_at: Date;
    created_by: string;
  },
  pack: CompiledPack,
): PolicyPack {
  return {
    name: row.name,
    version: row.version,
    digest: row.digest,
    description: row.description,
    rules: pack.rules.length,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    source: row.source,
    ruleList: pack.rules.map((r) => ({
      id: r.id,
      description: r.description,
      severity: r.severity,
      controls: [...r.controls],
    })),
  };
}
