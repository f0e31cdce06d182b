import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../../auth/identity/parse-input.js';
import type { Actor } from '../../auth/index.js';
import { ConflictError, NotFoundError, ValidationError, VerityError } from '../../lib/index.js';
import {
  findModel,
  iso,
  modelNamespace,
  modelRefOf,
  newId,
  type ModelRow,
  type RegistryContext,
} from '../../registry/index.js';
import { json, type Database, type RisksTable } from '../../store/index.js';
import type { RiskItem } from '../report/report-data.js';
import { ACCEPTANCE_FIELDS, riskInputSchema, riskLevel, riskPatchSchema } from './risk-rules.js';

type Db = Kysely<Database> | Transaction<Database>;
type RiskRow = Selectable<RisksTable>;

export interface RiskView extends RiskItem {
  model: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
}

export function toRiskItem(row: RiskRow): RiskItem {
  const residual =
    row.residual_likelihood !== null && row.residual_impact !== null
      ? { l: row.residual_likelihood, i: row.residual_impact }
      : null;
  return {
    id: row.id,
    category: row.category,
    title: row.title,
    description: row.description,
    likelihood: row.likelihood,
    impact: row.impact,
    score: row.likelihood * row.impact,
    level: riskLevel(row.likelihood, row.impact),
    owner: row.owner,
    status: row.status as RiskItem['status'],
    mitigations: row.mitigations as RiskItem['mitigations'],
    residualLikelihood: residual?.l ?? null,
    residualImpact: residual?.i ?? null,
    residualScore: residual === null ? null : residual.l * residual.i,
    residualLevel: residual === null ? null : riskLevel(residual.l, residual.i),
    reviewDue: row.review_due,
    acceptedBy: row.accepted_by,
    acceptedAt: row.accepted_at === null ? null : iso(row.accepted_at),
    acceptance: row.acceptance,
  };
}

function toView(model: ModelRow, row: RiskRow): RiskView {
  return {
    ...toRiskItem(row),
    model: modelRefOf(model),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export async function listRisks(ctx: RegistryContext, modelRef: string): Promise<RiskView[]> {
  const model = await findModel(ctx.db, modelRef);
  const rows = await ctx.db
    .selectFrom('risks')
    .selectAll()
    .where('model_id', '=', model.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => toView(model, r));
}

async function findRisk(db: Db, model: ModelRow, id: string): Promise<RiskRow> {
  const row = await db
    .selectFrom('risks')
    .selectAll()
    .where('id', '=', id)
    .where('model_id', '=', model.id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('risk', id);
  return row;
}

export async function getRisk(
  ctx: RegistryContext,
  modelRef: string,
  id: string,
): Promise<RiskView> {
  const model = await findModel(ctx.db, modelRef);
  return toView(model, await findRisk(ctx.db, model, id));
}

function riskEvent(type: string, model: ModelRow, row: { id: string }, payload: object) {
  return {
    type,
    subject: { kind: 'risk', id: row.id, ref: `${modelRefOf(model)}/risks/${row.id}` },
    payload: { model: modelRefOf(model), risk: row.id, ...payload },
  };
}

/** Adds a risk to a model's register (ledgered with its full content). */
export async function addRisk(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  body: unknown,
): Promise<RiskView> {
  const input = parseInput(riskInputSchema, body, 'risk');
  const model = await findModel(ctx.db, modelRef);
  const id = await ctx.committer.commit(
    actor,
    'risk.write',
    async (tx, now) => {
      const riskId = newId(ctx);
      await tx
        .insertInto('risks')
        .values({
          id: riskId,
          model_id: model.id,
          category: input.category,
          title: input.title,
          description: input.description,
          likelihood: input.likelihood,
          impact: input.impact,
          owner: input.owner,
          mitigations: json(input.mitigations),
          residual_likelihood: input.residualLikelihood ?? null,
          residual_impact: input.residualImpact ?? null,
          review_due: input.reviewDue ?? null,
          status: 'open',
          created_at: now,
          created_by: actor.name,
          updated_at: now,
          updated_by: actor.name,
        })
        .execute();
      return {
        result: riskId,
        events: [riskEvent('risk-recorded', model, { id: riskId }, { ...input, status: 'open' })],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getRisk(ctx, model.id, id);
}

/**
 * Changes a risk. Changing its likelihood, impact, residual scores or mitigations voids an
 * acceptance (the acceptance judged other numbers): the risk is open again.
 */
export async function updateRisk(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  id: string,
  body: unknown,
): Promise<RiskView> {
  const patch = parseInput(riskPatchSchema, body, 'risk change');
  if (Object.keys(patch).length === 0) throw new ValidationError('the change is empty');
  const model = await findModel(ctx.db, modelRef);
  await ctx.committer.commit(
    actor,
    'risk.write',
    async (tx, now) => {
      const row = await findRisk(tx, model, id);
      const residualL =
        patch.residualLikelihood === undefined ? row.residual_likelihood : patch.residualLikelihood;
      const residualI =
        patch.residualImpact === undefined ? row.residual_impact : patch.residualImpact;
      if ((residualL === null) !== (residualI === null))
        throw new ValidationError('residualLikelihood and residualImpact are given together');
      const voidsAcceptance =
        row.accepted_by !== null && ACCEPTANCE_FIELDS.some((f) => patch[f] !== undefined);
      const status = patch.status ?? (voidsAcceptance ? 'open' : row.status);
      await tx
        .updateTable('risks')
        .set({
          category: patch.category ?? row.category,
          title: patch.title ?? row.title,
          description: patch.description ?? row.description,
          likelihood: patch.likelihood ?? row.likelihood,
          impact: patch.impact ?? row.impact,
          owner: patch.owner ?? row.owner,
          mitigations: json(patch.mitigations ?? row.mitigations),
          residual_likelihood: residualL,
          residual_impact: residualI,
          review_due: patch.reviewDue === undefined ? row.review_due : patch.reviewDue,
          status,
          ...(voidsAcceptance || patch.status === 'open'
            ? { accepted_by: null, accepted_at: null, acceptance: null }
            : {}),
          updated_at: now,
          updated_by: actor.name,
        })
        .where('id', '=', row.id)
        .execute();
      return {
        result: null,
        events: [
          riskEvent('risk-updated', model, row, {
            changes: patch,
            status,
            ...(voidsAcceptance ? { acceptanceVoided: true } : {}),
          }),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getRisk(ctx, model.id, id);
}

export const acceptRiskSchema = z.strictObject({
  justification: z.string().min(1).max(5000),
});

/**
 * Accepts a risk's residual level. Separation of duties: the model's owner and the authors of its
 * versions (its developers) cannot accept its risks.
 */
export async function acceptRisk(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  id: string,
  body: unknown,
): Promise<RiskView> {
  const { justification } = parseInput(acceptRiskSchema, body, 'acceptance');
  const model = await findModel(ctx.db, modelRef);
  await ctx.committer.commit(
    actor,
    'risk.accept',
    async (tx, now) => {
      const row = await findRisk(tx, model, id);
      if (row.status === 'closed')
        throw new ConflictError(`risk ${id} is closed; reopen it first`, { status: row.status });
      await assertIndependent(tx, actor, model, 'accept the residual risk of');
      await tx
        .updateTable('risks')
        .set({
          status: 'accepted',
          accepted_by: actor.name,
          accepted_at: now,
          acceptance: justification,
          updated_at: now,
          updated_by: actor.name,
        })
        .where('id', '=', row.id)
        .execute();
      const item = toRiskItem(row);
      return {
        result: null,
        events: [
          riskEvent('risk-accepted', model, row, {
            justification,
            level: item.level,
            residualLevel: item.residualLevel,
          }),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getRisk(ctx, model.id, id);
}

/** Refuses the model's owner and the authors of its versions (they built what is judged). */
export async function assertIndependent(
  db: Db,
  actor: Actor,
  model: ModelRow,
  what: string,
): Promise<void> {
  if (actor.name === model.owner)
    throw new VerityError(
      'SEPARATION_OF_DUTIES',
      `${actor.name} owns ${modelRefOf(model)}, so cannot ${what} it: separation of duties`,
      { reason: 'owns the model' },
    );
  const authored = await db
    .selectFrom('model_versions')
    .select('label')
    .where('model_id', '=', model.id)
    .where('author', '=', actor.name)
    .executeTakeFirst();
  if (authored !== undefined)
    throw new VerityError(
      'SEPARATION_OF_DUTIES',
      `${actor.name} registered ${modelRefOf(model)}@${authored.label}, so cannot ${what} it: separation of duties`,
      { reason: 'authored a version', version: authored.label },
    );
}
