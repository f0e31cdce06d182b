import type { Kysely, Selectable, Transaction } from 'kysely';
import { z } from 'zod';
import { parseInput } from '../../auth/identity/parse-input.js';
import type { Actor } from '../../auth/index.js';
import {
  ConflictError,
  jsonDigest,
  NotFoundError,
  ValidationError,
  VerityError,
} from '../../lib/index.js';
import {
  findModel,
  iso,
  modelNamespace,
  modelRefOf,
  newId,
  type ModelRow,
  type RegistryContext,
} from '../../registry/index.js';
import { json, type Database, type ImpactAssessmentsTable } from '../../store/index.js';
import {
  ASSESSMENT_KINDS,
  type AssessmentKind,
  checkAnswers,
  loadAssessmentTemplate,
  prefillAnswers,
} from '../questionnaires/index.js';
import { assertIndependent } from '../risks/risk-store.js';
import { gatherPrefillFacts } from './prefill-facts.js';

type Db = Kysely<Database> | Transaction<Database>;
type AssessmentRow = Selectable<ImpactAssessmentsTable>;

export interface AssessmentView {
  id: string;
  model: string;
  kind: AssessmentKind;
  title: string;
  templateVersion: string;
  status: 'draft' | 'submitted' | 'approved' | 'rejected';
  revision: number;
  answers: Record<string, unknown>;
  answered: number;
  required: number;
  missing: string[];
  authoredBy: string;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
}

const kindSchema = z.enum(ASSESSMENT_KINDS as unknown as [string, ...string[]]);

function parseKind(kind: string): AssessmentKind {
  const parsed = kindSchema.safeParse(kind);
  if (!parsed.success)
    throw new ValidationError(
      `'${kind}' is not an assessment kind (expected ${ASSESSMENT_KINDS.join(', ')})`,
    );
  return parsed.data as AssessmentKind;
}

function toView(model: ModelRow, row: AssessmentRow): AssessmentView {
  const template = loadAssessmentTemplate(row.kind as AssessmentKind);
  const checked = checkAnswers(template, row.answers);
  return {
    id: row.id,
    model: modelRefOf(model),
    kind: row.kind as AssessmentKind,
    title: template.title,
    templateVersion: row.template_version,
    status: row.status as AssessmentView['status'],
    revision: row.revision,
    answers: row.answers,
    answered: checked.answered,
    required: checked.required,
    missing: checked.missing,
    authoredBy: row.authored_by,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
    decisionReason: row.decision_reason,
  };
}

export async function listAssessments(
  ctx: RegistryContext,
  modelRef: string,
): Promise<AssessmentView[]> {
  const model = await findModel(ctx.db, modelRef);
  const rows = await ctx.db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('model_id', '=', model.id)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => toView(model, r));
}

async function findAssessment(db: Db, model: ModelRow, id: string): Promise<AssessmentRow> {
  const row = await db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('id', '=', id)
    .where('model_id', '=', model.id)
    .executeTakeFirst();
  if (row === undefined) throw new NotFoundError('impact assessment', id);
  return row;
}

export async function getAssessment(
  ctx: RegistryContext,
  modelRef: string,
  id: string,
): Promise<AssessmentView> {
  const model = await findModel(ctx.db, modelRef);
  return toView(model, await findAssessment(ctx.db, model, id));
}

function event(type: string, model: ModelRow, row: { id: string; kind: string }, payload: object) {
  return {
    type,
    subject: {
      kind: 'impact-assessment',
      id: row.id,
      ref: `${modelRefOf(model)}/assessments/${row.kind}`,
    },
    payload: { model: modelRefOf(model), assessment: row.id, kind: row.kind, ...payload },
  };
}

/**
 * Starts an assessment of a kind for a model, pre-filled from what Verity knows (the model,
 * its card, training data, monitors, bias audit, scope) or, when one was approved before, from
 * that one's answers (a reassessment after a material change). One open assessment per kind.
 */
export async function startAssessment(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  kindName: string,
): Promise<AssessmentView> {
  const kind = parseKind(kindName);
  const model = await findModel(ctx.db, modelRef);
  const template = loadAssessmentTemplate(kind);
  const previous = await ctx.db
    .selectFrom('impact_assessments')
    .selectAll()
    .where('model_id', '=', model.id)
    .where('kind', '=', kind)
    .orderBy('created_at', 'desc')
    .executeTakeFirst();
  if (previous !== undefined && (previous.status === 'draft' || previous.status === 'submitted'))
    throw new ConflictError(
      `${modelRefOf(model)} already has an open ${kind} (${previous.id}, ${previous.status})`,
      { id: previous.id, status: previous.status },
    );
  const prefilled = prefillAnswers(template, await gatherPrefillFacts(ctx.db, model));
  const answers = previous === undefined ? prefilled : { ...prefilled, ...previous.answers };
  const id = await ctx.committer.commit(
    actor,
    'assessment.write',
    async (tx, now) => {
      const assessmentId = newId(ctx);
      await tx
        .insertInto('impact_assessments')
        .values({
          id: assessmentId,
          model_id: model.id,
          kind,
          template_version: template.version,
          answers: json(answers),
          status: 'draft',
          revision: 1,
          authored_by: actor.name,
          created_at: now,
          updated_at: now,
          updated_by: actor.name,
          decided_by: null,
          decided_at: null,
          decision_reason: null,
        })
        .execute();
      return {
        result: assessmentId,
        events: [
          event(
            'impact-assessment-started',
            model,
            { id: assessmentId, kind },
            {
              template: template.version,
              answersDigest: jsonDigest(answers),
              ...(previous === undefined ? {} : { reassesses: previous.id }),
            },
          ),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getAssessment(ctx, model.id, id);
}

export const answersBodySchema = z.strictObject({
  answers: z.record(z.string(), z.unknown()),
  /** true (default): merge into the current answers; false: replace them. */
  merge: z.boolean().default(true),
});

/**
 * Saves answers to a draft (or a rejected assessment, which returns to draft). Answers are
 * checked against the template; the ledger records their digest, not their text (answers may
 * describe people).
 */
export async function saveAnswers(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  id: string,
  body: unknown,
): Promise<AssessmentView> {
  const input = parseInput(answersBodySchema, body, 'answers');
  const model = await findModel(ctx.db, modelRef);
  await ctx.committer.commit(
    actor,
    'assessment.write',
    async (tx, now) => {
      const row = await findAssessment(tx, model, id);
      if (row.status !== 'draft' && row.status !== 'rejected')
        throw new ConflictError(
          `the ${row.kind} is ${row.status}; only a draft or a rejected assessment can be edited`,
          { status: row.status },
        );
      const merged = input.merge ? { ...row.answers, ...input.answers } : input.answers;
      const checked = checkAnswers(loadAssessmentTemplate(row.kind as AssessmentKind), merged);
      if (!checked.ok)
        throw new ValidationError(
          `invalid answers: ${checked.problems.map((p) => `${p.questionId ?? ''} ${p.message}`.trim()).join('; ')}`,
          checked.problems.map((p) => ({
            code: p.code,
            path: ['answers', ...(p.questionId === null ? [] : [p.questionId])],
            message: p.message,
          })),
        );
      await tx
        .updateTable('impact_assessments')
        .set({
          answers: json(checked.answers),
          status: 'draft',
          revision: row.revision + 1,
          updated_at: now,
          updated_by: actor.name,
        })
        .where('id', '=', row.id)
        .execute();
      return {
        result: null,
        events: [
          event('impact-assessment-updated', model, row, {
            revision: row.revision + 1,
            answersDigest: jsonDigest(checked.answers),
            answered: checked.answered,
            missing: checked.missing,
          }),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getAssessment(ctx, model.id, id);
}

/** Submits a complete draft for review. */
export async function submitAssessment(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  id: string,
): Promise<AssessmentView> {
  const model = await findModel(ctx.db, modelRef);
  await ctx.committer.commit(
    actor,
    'assessment.write',
    async (tx, now) => {
      const row = await findAssessment(tx, model, id);
      if (row.status !== 'draft')
        throw new ConflictError(`the ${row.kind} is ${row.status}, not a draft`, {
          status: row.status,
        });
      const checked = checkAnswers(loadAssessmentTemplate(row.kind as AssessmentKind), row.answers);
      if (checked.missing.length > 0)
        throw new ValidationError(
          `the ${row.kind} is incomplete: ${checked.missing.length} required answers missing (${checked.missing.slice(0, 5).join(', ')})`,
          checked.missing.map((q) => ({
            code: 'ANSWER_REQUIRED',
            path: ['answers', q],
            message: 'required',
          })),
        );
      await tx
        .updateTable('impact_assessments')
        .set({ status: 'submitted', updated_at: now, updated_by: actor.name })
        .where('id', '=', row.id)
        .execute();
      return {
        result: null,
        events: [
          event('impact-assessment-submitted', model, row, {
            revision: row.revision,
            answersDigest: jsonDigest(row.answers),
          }),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getAssessment(ctx, model.id, id);
}

export const decisionBodySchema = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  reason: z.string().min(1).max(5000),
});

/**
 * Approves or rejects a submitted assessment. Separation of duties: anyone who started, answered
 * or submitted it, the model's owner and the authors of its versions cannot decide it.
 */
export async function decideAssessment(
  ctx: RegistryContext,
  actor: Actor,
  modelRef: string,
  id: string,
  body: unknown,
): Promise<AssessmentView> {
  const input = parseInput(decisionBodySchema, body, 'decision');
  const model = await findModel(ctx.db, modelRef);
  await ctx.committer.commit(
    actor,
    'assessment.decide',
    async (tx, now) => {
      const row = await findAssessment(tx, model, id);
      if (row.status !== 'submitted')
        throw new ConflictError(
          `the ${row.kind} is ${row.status}; only a submitted one is decided`,
          {
            status: row.status,
          },
        );
      // Everyone who started, answered or submitted it, from the audit log itself.
      const wrote = await tx
        .selectFrom('ledger_entries')
        .select('actor')
        .where('subject_kind', '=', 'impact-assessment')
        .where('subject_id', '=', row.id)
        .where('type', 'in', [
          'impact-assessment-started',
          'impact-assessment-updated',
          'impact-assessment-submitted',
        ])
        .where('actor', '=', actor.name)
        .executeTakeFirst();
      if (actor.name === row.authored_by || actor.name === row.updated_by || wrote !== undefined)
        throw new VerityError(
          'SEPARATION_OF_DUTIES',
          `${actor.name} wrote this ${row.kind}, so cannot decide it: separation of duties`,
          { reason: 'authored the assessment' },
        );
      await assertIndependent(tx, actor, model, `decide the ${row.kind} of`);
      const status = input.decision === 'approve' ? 'approved' : 'rejected';
      await tx
        .updateTable('impact_assessments')
        .set({
          status,
          decided_by: actor.name,
          decided_at: now,
          decision_reason: input.reason,
          updated_at: now,
        })
        .where('id', '=', row.id)
        .execute();
      return {
        result: null,
        events: [
          event(`impact-assessment-${status}`, model, row, {
            revision: row.revision,
            answersDigest: jsonDigest(row.answers),
            reason: input.reason,
          }),
        ],
      };
    },
    { namespace: await modelNamespace(ctx.db, modelRefOf(model)) },
  );
  return getAssessment(ctx, model.id, id);
}
