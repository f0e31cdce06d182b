import { z } from 'zod';

/** The impact assessments Verity ships a template for. */
export const ASSESSMENT_KINDS = ['dpia', 'fria', 'aia'] as const;
export type AssessmentKind = (typeof ASSESSMENT_KINDS)[number];

/**
 * Facts the server knows about a model and can pre-fill an answer with. A closed vocabulary: a
 * template names the fact, the server gathers it (compliance/assessments), `prefillAnswers` puts
 * it in.
 */
export const PREFILL_KEYS = [
  'model.name',
  'model.description',
  'model.owner',
  'model.useCase',
  'card.intendedUse',
  'card.outOfScopeUse',
  'card.limitations',
  'card.humanOversight',
  /** `name@version` of each dataset the training run read. */
  'data.datasets',
  'data.protectedAttributes',
  /** The monitors and what each checks. */
  'monitoring.summary',
  /** The latest bias audit's headline. */
  'evaluation.fairness',
  'scope.jurisdictions',
  'scope.euTier',
] as const;
export type PrefillKey = (typeof PREFILL_KEYS)[number];

/** What the server knows, as text; a missing key means the fact is not known. */
export type PrefillFacts = Partial<Record<PrefillKey, string>>;

export const QUESTION_TYPES = [
  'text',
  'choice',
  'multi-choice',
  'boolean',
  'number',
  'date',
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const slug = z
  .string()
  .regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, 'a lower-case kebab-case id')
  .max(64);
const text = z.string().trim().min(1);

export const assessmentQuestionSchema = z
  .object({
    id: slug,
    text,
    help: text.optional(),
    citation: text.optional(),
    type: z.enum(QUESTION_TYPES),
    /** choice and multi-choice only: the allowed answers, as stored. */
    options: z.array(slug).min(2).optional(),
    required: z.boolean(),
    prefill: z.enum(PREFILL_KEYS).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.type === 'choice' || q.type === 'multi-choice';
    if (choice && q.options === undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a ${q.type} question lists its options`,
      });
    if (!choice && q.options !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a ${q.type} question has no options`,
      });
    if (q.options !== undefined && new Set(q.options).size !== q.options.length)
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'an option appears twice' });
    // Facts are text: they fit a text answer, or a choice answer when the fact is an option.
    if (q.prefill !== undefined && q.type !== 'text' && q.type !== 'choice')
      ctx.addIssue({
        code: 'custom',
        path: ['prefill'],
        message: `a ${q.type} question cannot be pre-filled`,
      });
  });
export type AssessmentQuestion = z.infer<typeof assessmentQuestionSchema>;

export const assessmentSectionSchema = z
  .object({
    id: slug,
    title: text,
    citation: text.optional(),
    questions: z.array(assessmentQuestionSchema).min(1),
  })
  .strict();
export type AssessmentSection = z.infer<typeof assessmentSectionSchema>;

/**
 * An impact assessment template: sections of questions, each question with its type, whether it
 * must be answered before the assessment is complete, and the fact that can pre-fill it. Question
 * ids are unique across the template, since answers are keyed by them.
 */
export const assessmentTemplateSchema = z
  .object({
    kind: z.enum(ASSESSMENT_KINDS),
    /** The template's version; a changed question is a new version. */
    version: text,
    title: text,
    citation: text,
    description: text,
    sections: z.array(assessmentSectionSchema).min(1),
  })
  .strict()
  .superRefine((t, ctx) => {
    const seen = new Set<string>();
    const sections = new Set<string>();
    t.sections.forEach((section, s) => {
      if (sections.has(section.id))
        ctx.addIssue({
          code: 'custom',
          path: ['sections', s, 'id'],
          message: `section id '${section.id}' appears twice`,
        });
      sections.add(section.id);
      section.questions.forEach((question, q) => {
        if (seen.has(question.id))
          ctx.addIssue({
            code: 'custom',
            path: ['sections', s, 'questions', q, 'id'],
            message: `question id '${question.id}' appears twice`,
          });
        seen.add(question.id);
      });
    });
  });
export type AssessmentTemplate = z.infer<typeof assessmentTemplateSchema>;

/** Every question of a template, in order. */
export function templateQuestions(template: AssessmentTemplate): AssessmentQuestion[] {
  return template.sections.flatMap((s) => s.questions);
}
