import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Actor } from '../auth/index.js';
import { findEnvironment, type Environment } from '../environments/index.js';
import type { EventDraft } from '../ledger/index.js';
import { jsonDigest, NotFoundError, uuidv7 } from '../lib/index.js';
import { evaluateGate, type GateContext, type RuleResult } from '../policy/index.js';
import {
  findVersion,
  modelNamespace,
  modelRefOf,
  type ModelRow,
  type RegistryContext,
  type VersionRow,
} from '../registry/index.js';
import { json, type Database } from '../store/index.js';
import { approvalBasis, buildGateContext } from './gate-context-builder.js';
import { loadPacks } from './pack-store.js';

type Db = Kysely<Database> | Transaction<Database>;

export const ruleResultSchema = z.object({
  pack: z.string(),
  packDigest: z.string(),
  rule: z.string(),
  description: z.string(),
  controls: z.array(z.string()),
  severity: z.string(),
  status: z.string(),
  message: z.string(),
  errorCode: z.string().optional(),
});

export const gateDecisionSchema = z.object({
  id: z.string().nullable(),
  model: z.string(),
  version: z.string(),
  environment: z.string(),
  outcome: z.enum(['passed', 'blocked']),
  results: z.array(ruleResultSchema),
  packs: z.array(z.object({ name: z.string(), version: z.number(), digest: z.string() })),
  /** SHA-256 of the canonical JSON of the whole context the rules saw. */
  inputDigest: z.string(),
  evaluatedAt: z.string(),
  evaluatedBy: z.string(),
});
export type GateDecision = z.infer<typeof gateDecisionSchema>;

/** One evaluation, before it is stored: what was judged and the verdict. */
export interface GateRun {
  decision: Omit<GateDecision, 'id'>;
  context: GateContext;
  /** What approvals bind to (see `approvalBasis`). */
  basisDigest: string;
}

/**
 * The digest approvals are bound to (see `approvalBasis`), without loading or evaluating any
 * pack: what the voiding and deployment checks need.
 */
export async function gateBasisDigest(
  db: Db,
  model: ModelRow,
  version: VersionRow,
  environment: Environment,
  now: Date,
): Promise<string> {
  const context = await buildGateContext(db, model, version, environment, now);
  return jsonDigest(approvalBasis(context));
}

/** Evaluates an environment's packs against a version, reading inside `db` (a transaction). */
export async function evaluateGateFor(
  db: Db,
  model: ModelRow,
  version: VersionRow,
  environment: Environment,
  actor: Actor,
  now: Date,
): Promise<GateRun> {
  const packs = await loadPacks(db, environment.policyPacks);
  const context = await buildGateContext(db, model, version, environment, now);
  const verdict = evaluateGate(
    packs.map((p) => p.pack),
    context,
  );
  return {
    context,
    basisDigest: jsonDigest(approvalBasis(context)),
    decision: {
      model: modelRefOf(model),
      version: version.label,
      environment: environment.name,
      outcome: verdict.outcome,
      results: verdict.results.map(resultOut),
      packs: packs.map((p) => ({ name: p.pack.name, version: p.version, digest: p.pack.digest })),
      inputDigest: verdict.inputDigest,
      evaluatedAt: now.toISOString(),
      evaluatedBy: actor.name,
    },
  };
}

/** Stores a decision and returns the ledger event that records it. */
export async function storeDecision(
  tx: Transaction<Database>,
  ctx: RegistryContext,
  versionId: string,
  evaluation: GateRun,
  now: Date,
): Promise<{ decision: GateDecision; event: EventDraft }> {
  const id = uuidv7(ctx.clock, ctx.random);
  const d = evaluation.decision;
  await tx
    .insertInto('gate_decisions')
    .values({
      id,
      version_id: versionId,
      environment: d.environment,
      outcome: d.outcome,
      results: json(d.results),
      packs: json(d.packs),
      input_digest: d.inputDigest,
      evaluated_at: now,
      evaluated_by: d.evaluatedBy,
    })
    .execute();
  const failed = d.results.filter((r) => r.status === 'fail' || r.status === 'error');
  return {
    decision: { id, ...d },
    event: {
      type: 'gate-evaluated',
      subject: { kind: 'model-version', id: versionId, ref: `${d.model}@${d.version}` },
      payload: {
        decisionId: id,
        environment: d.environment,
        outcome: d.outcome,
        packs: d.packs,
        inputDigest: d.inputDigest,
        results: d.results.map((r) => ({ pack: r.pack, rule: r.rule, status: r.status })),
        failed: failed.map((r) => r.rule),
      },
    },
  };
}

export interface GateCheckInput {
  model: string;
  version: string;
  environment: string;
}

/**
 * Evaluates the gate and records the decision in the ledger (a CI check is evidence too). The
 * result says passed or blocked; it does not throw on a block (the caller decides what a block
 * means: the CLI exits 1, a promotion refuses).
 */
export async function checkGate(
  ctx: RegistryContext,
  actor: Actor,
  input: GateCheckInput,
): Promise<GateDecision> {
  const namespace = await modelNamespace(ctx.db, input.model);
  return ctx.committer.commit(
    actor,
    'promotion.request',
    async (tx, now) => {
      const { model: m, version } = await findVersion(tx, input.model, input.version);
      const environment = await findEnvironment(tx, input.environment);
      const evaluation = await evaluateGateFor(tx, m, version, environment, actor, now);
      const { decision, event } = await storeDecision(tx, ctx, version.id, evaluation, now);
      return { result: decision, events: [event] };
    },
    { namespace },
  );
}

/** A dry run: evaluates without recording anything (for `verity policy test`). */
export async function dryRunGate(
  ctx: RegistryContext,
  actor: Actor,
  input: GateCheckInput,
  packNames?: readonly string[],
): Promise<GateDecision> {
  const { model, version } = await findVersion(ctx.db, input.model, input.version);
  const environment = await findEnvironment(ctx.db, input.environment);
  const env =
    packNames === undefined ? environment : { ...environment, policyPacks: [...packNames] };
  const evaluation = await evaluateGateFor(ctx.db, model, version, env, actor, ctx.clock.now());
  return { id: null, ...evaluation.decision };
}

export async function getGateDecision(ctx: { db: Db }, id: string): Promise<GateDecision> {
  const row = await ctx.db
    .selectFrom('gate_decisions as g')
    .innerJoin('model_versions as v', 'v.id', 'g.version_id')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .selectAll('g')
    .select(['m.namespace', 'm.name', 'v.label'])
    .where('g.id', '=', id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('gate decision', id);
  return decisionOut(row);
}

/** Decisions for a version (optionally one environment), newest first. */
export async function listGateDecisions(
  ctx: { db: Db },
  versionId: string,
  environment?: string,
): Promise<GateDecision[]> {
  let query = ctx.db
    .selectFrom('gate_decisions as g')
    .innerJoin('model_versions as v', 'v.id', 'g.version_id')
    .innerJoin('models as m', 'm.id', 'v.model_id')
    .selectAll('g')
    .select(['m.namespace', 'm.name', 'v.label'])
    .where('g.version_id', '=', versionId);
  if (environment !== undefined) query = query.where('g.environment', '=', environment);
  const rows = await query
    .orderBy('g.evaluated_at', 'desc')
    .orderBy('g.id', 'desc')
    .limit(100)
    .execute();
  return rows.map(decisionOut);
}

function decisionOut(row: {
  id: string;
  namespace: string;
  name: string;
  label: string;
  environment: string;
  outcome: string;
  results: unknown[];
  packs: { name: string; version: number; digest: string }[];
  input_digest: string;
  evaluated_at: Date;
  evaluated_by: string;
}): GateDecision {
  return {
    id: row.id,
    model: modelRefOf(row),
    version: row.label,
    environment: row.environment,
    outcome: row.outcome === 'passed' ? 'passed' : 'blocked',
    results: row.results as GateDecision['results'],
    packs: row.packs,
    inputDigest: row.input_digest,
    evaluatedAt: row.evaluated_at.toISOString(),
    evaluatedBy: row.evaluated_by,
  };
}

function resultOut(r: RuleResult): GateDecision['results'][number] {
  return {
    pack: r.pack,
    packDigest: r.packDigest,
    rule: r.rule,
    description: r.description,
    controls: [...r.controls],
    severity: r.severity,
    status: r.status,
    message: r.message,
    ...(r.errorCode === undefined ? {} : { errorCode: r.errorCode }),
  };
}
