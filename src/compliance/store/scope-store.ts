import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../../auth/identity/parse-input.js';
import type { Actor } from '../../auth/index.js';
import { ValidationError } from '../../lib/index.js';
import {
  findModel,
  iso,
  modelNamespace,
  modelRefOf,
  type RegistryContext,
} from '../../registry/index.js';
import { json, type Database } from '../../store/index.js';
import { JURISDICTIONS, SCOPE_FLAGS, SECTORS, USE_CASE_AREAS } from '../catalogue/schema.js';
import type { ModelScope } from '../posture/types.js';
import { classifyEuAiAct } from '../questionnaires/index.js';

type Db = Kysely<Database> | Transaction<Database>;

export const scopeInputSchema = z.strictObject({
  jurisdictions: z.array(z.enum(JURISDICTIONS)).min(1).max(JURISDICTIONS.length),
  sectors: z.array(z.enum(SECTORS)).min(1).max(SECTORS.length),
  area: z.enum(USE_CASE_AREAS),
  flags: z.array(z.enum(SCOPE_FLAGS)).max(SCOPE_FLAGS.length).default([]),
  /** Answers to the EU AI Act classification questionnaire; omitted keeps the previous ones. */
  euAnswers: z.record(z.string(), z.unknown()).optional(),
});
export type ScopeInput = z.input<typeof scopeInputSchema>;

export interface ScopeView extends ModelScope {
  model: string;
  revision: number;
  euAnswers: Record<string, unknown> | null;
  recordedAt: string;
  recordedBy: string;
}

type ScopeRow = {
  model_id: string;
  revision: number;
  scope: unknown;
  eu_answers: unknown;
  recorded_at: Date;
  recorded_by: string;
};

function toView(model: string, row: ScopeRow): ScopeView {
  return {
    ...(row.scope as ModelScope),
    model,
    revision: row.revision,
    euAnswers: (row.eu_answers as Record<string, unknown> | null) ?? null,
    recordedAt: iso(row.recorded_at),
    recordedBy: row.recorded_by,
  };
}

/** The model's scope as recorded at `asOf` (the latest revision by default). */
export async function scopeRow(
  db: Db,
  modelId: string,
  asOf?: Date,
): Promise<ScopeRow | undefined> {
  let query = db.selectFrom('model_scopes').selectAll().where('model_id', '=', modelId);
  if (asOf !== undefined) query = query.where('recorded_at', '<=', asOf);
  return query.orderBy('revision', 'desc').executeTakeFirst();
}

export async function getScope(ctx: RegistryContext, modelRef: string): Promise<ScopeView | null> {
  const model = await findModel(ctx.db, modelRef);
  const row = await scopeRow(ctx.db, model.id);
  return row === undefined ? null : toView(modelRefOf(model), row);
}

export async function scopeHistory(ctx: RegistryContext, modelRef: string): Promise<ScopeView[]> {
  const model = await findModel(ctx.db, modelRef);
  const rows = await ctx.db
    .selectFrom('model_scopes')
    .selectAll()
    .where('model_id', '=', model.id)
    .orderBy('revision', 'desc')
    .execute();
  return rows.map((r) => toView(modelRefOf(model), r));
}

/**
 * Records a new revision of a model's scope. With `euAnswers` (or, when omitted, the previous
 * revision's answers) the EU AI Act questionnaire is evaluated and its tier and reasoning stored;
 * answers that do not classify are refused with every problem listed.
 */
export async function setScope(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  body: unknown,
): Promise<ScopeView> {
  const input = parseInput(scopeInputSchema, body, 'scope');
  const model = await findModel(ctx.db, modelRef);
  const previous = await scopeRow(ctx.db, model.id);
  const answers =
    input.euAnswers ?? (previous?.eu_answers as Record<string, unknown> | null) ?? undefined;
  const now = ctx.clock.now();
  let classification: ModelScope['euClassification'] = null;
  let storedAnswers: unknown = null;
  if (answers !== undefined && answers !== null) {
    const result = classifyEuAiAct(answers, now.toISOString());
    if (!result.ok) {
      if (input.euAnswers === undefined) {
        // Earlier answers no longer classify (e.g. the questionnaire changed): drop them.
        classification = null;
      } else {
        throw new ValidationError(
          `the EU AI Act answers do not classify: ${result.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
          result.problems.map((p) => ({
            code: p.code,
            path: p.path.split('.'),
            message: p.message,
          })),
        );
      }
    } else {
      classification = result.classification;
      storedAnswers = result.answers;
    }
  }
  const scope: ModelScope = {
    jurisdictions: [...new Set(input.jurisdictions)],
    sectors: [...new Set(input.sectors)],
    area: input.area,
    flags: [...new Set(input.flags)],
    euClassification: classification,
  };
  await ctx.committer.commit(
    actor,
    'compliance-scope.write',
    async (tx, committedAt) => {
      const last = await tx
        .selectFrom('model_scopes')
        .select((eb) => eb.fn.max('revision').as('revision'))
        .where('model_id', '=', model.id)
        .executeTakeFirst();
      const revision = (last?.revision ?? 0) + 1;
      await tx
        .insertInto('model_scopes')
        .values({
          model_id: model.id,
          revision,
          scope: json(scope),
          eu_answers: storedAnswers === null ? null : json(storedAnswers),
          // The ledger entry's own time, so the fact can be matched to the entry that recorded it.
          recorded_at: committedAt,
          recorded_by: actor.name,
        })
        .execute();
      return {
        result: revision,
        events: [
          {
            type: 'model-scope-recorded',
            subject: { kind: 'model', id: model.id, ref: modelRefOf(model) },
            payload: {
              model: modelRefOf(model),
              revision,
              scope,
              ...(storedAnswers === null ? {} : { euAnswers: storedAnswers }),
            },
          },
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return (await getScope(ctx, model.id)) as ScopeView;
}
