import { z } from 'zod';
import { USE_CASE_AREAS } from '../../catalogue/schema.js';
import {
  ANNEX_III_POINT_IDS,
  ANNEX_III_POINTS,
  annexIIIPointsOf,
  DEROGATION_CONDITIONS,
  EU_AI_ACT_QUESTIONS,
  type AnnexIIIArea,
  type AskCondition,
  type EuAiActQuestion,
  type EuAiActQuestionId,
} from './eu-ai-act-questionnaire.js';

/** The answer type of each question. */
const ANSWER_FIELDS = {
  prohibitedManipulation: z.boolean(),
  prohibitedExploitingVulnerabilities: z.boolean(),
  prohibitedSocialScoring: z.boolean(),
  prohibitedCrimePrediction: z.boolean(),
  prohibitedFacialScraping: z.boolean(),
  prohibitedEmotionInference: z.boolean(),
  prohibitedBiometricCategorisation: z.boolean(),
  prohibitedRealTimeBiometricId: z.boolean(),
  prohibitedIntimateImagery: z.boolean(),
  prohibitedChildAbuseMaterial: z.boolean(),
  annexIProduct: z.boolean(),
  annexIIIArea: z.enum(USE_CASE_AREAS),
  annexIIIPoint: z.enum(ANNEX_III_POINT_IDS),
  profilesNaturalPersons: z.boolean(),
  derogationCondition: z.enum(
    Object.keys(DEROGATION_CONDITIONS) as [
      keyof typeof DEROGATION_CONDITIONS,
      ...(keyof typeof DEROGATION_CONDITIONS)[],
    ],
  ),
  noSignificantRisk: z.boolean(),
  interactsWithPersons: z.boolean(),
  generatesSyntheticContent: z.boolean(),
  emotionOrBiometricCategorisation: z.boolean(),
  deepFakes: z.boolean(),
  publicInterestText: z.boolean(),
} satisfies Record<EuAiActQuestionId, z.ZodType>;

/**
 * Answers to the EU AI Act questionnaire, keyed by question id. Every key is optional here:
 * which answers are required depends on the path the earlier answers take (`askedWhen`).
 */
export const euAiActAnswersSchema = z.object(ANSWER_FIELDS).partial().strict();

export type EuAiActAnswers = z.infer<typeof euAiActAnswersSchema>;

/** Why answers cannot be classified. A closed set: programs switch on it, people read `message`. */
export const EU_AI_ACT_PROBLEM_CODES = [
  /** A question on the path the answers take has no answer. */
  'ANSWER_REQUIRED',
  /** A key that is not a question of this questionnaire version. */
  'UNKNOWN_QUESTION',
  /** An answer of the wrong type, not one of the options, or an Annex III point of another area. */
  'INVALID_ANSWER',
] as const;
export type EuAiActProblemCode = (typeof EU_AI_ACT_PROBLEM_CODES)[number];

export interface EuAiActProblem {
  /** The question id; empty when the answers as a whole are malformed. */
  path: string;
  code: EuAiActProblemCode;
  message: string;
}

export type EuAiActAnswersResult =
  { ok: true; answers: EuAiActAnswers } | { ok: false; problems: EuAiActProblem[] };

/** Unknown keys come from the caller; echo no more than this much of one. */
const MAX_ECHOED_KEY = 80;

/**
 * Validates answers and keeps those on the path taken. Every problem is reported, not only the
 * first: unknown keys, malformed answers, an Annex III point of another area, and each question on
 * the path with no answer (null counts as no answer). Answers to questions the path skips (an
 * Annex III area when Annex I applies, say) are left out of the result, so the stored answers are
 * exactly the ones that decided. Whether a ban counts depends on `asOf` (ISO date), and so does
 * the path: a ban not yet in force does not end it.
 */
export function validateEuAiActAnswers(raw: unknown, asOf: string): EuAiActAnswersResult {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [
        {
          path: '',
          code: 'INVALID_ANSWER',
          message: 'answers must be an object keyed by question id',
        },
      ],
    };
  }
  const input = raw as Record<string, unknown>;
  const problems: EuAiActProblem[] = [];

  for (const key of Object.keys(input)) {
    if (!Object.hasOwn(ANSWER_FIELDS, key)) {
      const shown = key.length > MAX_ECHOED_KEY ? `${key.slice(0, MAX_ECHOED_KEY)}…` : key;
      problems.push({
        path: shown,
        code: 'UNKNOWN_QUESTION',
        message: `'${shown}' is not a question of this questionnaire`,
      });
    }
  }

  // Answers on the path so far; a condition reads only these.
  const path = new Map<EuAiActQuestionId, string | boolean>();
  for (const question of EU_AI_ACT_QUESTIONS) {
    if (!question.askedWhen.every((c) => holds(c, path, asOf))) continue;
    const value = Object.hasOwn(input, question.id) ? input[question.id] : undefined;
    if (value === undefined || value === null) {
      problems.push({
        path: question.id,
        code: 'ANSWER_REQUIRED',
        message: `'${question.id}' needs an answer (${question.citation})`,
      });
      continue;
    }
    const parsed = ANSWER_FIELDS[question.id].safeParse(value);
    if (!parsed.success) {
      problems.push({
        path: question.id,
        code: 'INVALID_ANSWER',
        message: `'${question.id}' ${expected(question)}`,
      });
      continue;
    }
    const problem = pointProblem(question, parsed.data, path);
    if (problem !== undefined) {
      problems.push(problem);
      continue;
    }
    path.set(question.id, parsed.data);
  }

  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, answers: euAiActAnswersSchema.parse(Object.fromEntries(path)) };
}

/** Whether an Art 5 ban answered yes counts on `asOf`. */
export function banApplies(question: EuAiActQuestion, asOf: string): boolean {
  return question.prohibition !== undefined && asOf >= question.prohibition.appliesFrom;
}

function holds(
  condition: AskCondition,
  path: ReadonlyMap<EuAiActQuestionId, string | boolean>,
  asOf: string,
): boolean {
  switch (condition.kind) {
    case 'no-prohibited-practice':
      // A ban not answered (yet) does not stop the path: the later questions are still asked,
      // so one round of problems names every question a complete answer set needs.
      return !EU_AI_ACT_QUESTIONS.some((q) => banApplies(q, asOf) && path.get(q.id) === true);
    case 'answer-is': {
      const value = path.get(condition.question);
      return value !== undefined && condition.values.includes(value);
    }
    case 'answer-is-not': {
      const value = path.get(condition.question);
      return value !== undefined && !condition.values.includes(value);
    }
  }
}

/** An Annex III point must belong to the area answered before it. */
function pointProblem(
  question: EuAiActQuestion,
  value: string | boolean,
  path: ReadonlyMap<EuAiActQuestionId, string | boolean>,
): EuAiActProblem | undefined {
  if (question.id !== 'annexIIIPoint' || typeof value !== 'string') return undefined;
  const area = path.get('annexIIIArea');
  const info = ANNEX_III_POINTS[value as keyof typeof ANNEX_III_POINTS];
  if (area === undefined || area === 'none' || info.area === area) return undefined;
  const points = annexIIIPointsOf(area as AnnexIIIArea);
  return {
    path: question.id,
    code: 'INVALID_ANSWER',
    message: `'annexIIIPoint' ${value} belongs to the ${info.area} area, not ${area}; choose one of ${points.join(', ')}`,
  };
}

function expected(question: EuAiActQuestion): string {
  if (question.type === 'boolean') return 'must be true or false';
  return `must be one of: ${(question.options ?? []).join(', ')}`;
}
