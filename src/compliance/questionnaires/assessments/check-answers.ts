import {
  templateQuestions,
  type AssessmentQuestion,
  type AssessmentTemplate,
} from './assessment-template-schema.js';

/** The longest text answer, in characters: room for a long narrative, not for a dump. */
export const MAX_TEXT_ANSWER_LENGTH = 20_000;

export const ANSWER_PROBLEM_CODES = [
  /** A key that is not a question of the template. */
  'UNKNOWN_QUESTION',
  /** An answer of the wrong type, not one of the options, or not a real date. */
  'INVALID_ANSWER',
  /** A text answer longer than MAX_TEXT_ANSWER_LENGTH. */
  'ANSWER_TOO_LONG',
] as const;
export type AnswerProblemCode = (typeof ANSWER_PROBLEM_CODES)[number];

export interface AnswerProblem {
  /** The question; null when the answers as a whole are malformed. */
  questionId: string | null;
  code: AnswerProblemCode;
  message: string;
}

export type AnswerValue = string | number | boolean | string[];

export interface AnswerCheck {
  /** False only when there are problems; an incomplete draft is ok. */
  ok: boolean;
  /** The valid, non-empty answers, keyed by question id in template order. */
  answers: Record<string, AnswerValue>;
  /** How many questions have a valid answer. */
  answered: number;
  /** How many questions the template requires. */
  required: number;
  /** Required questions without a valid answer, in template order. */
  missing: string[];
  problems: AnswerProblem[];
}

/** Unknown keys come from the caller; echo no more than this much of one. */
const MAX_ECHOED_KEY = 80;

/**
 * Checks answers to an assessment template, reporting every problem (unknown questions, answers
 * of the wrong type or not among the options, impossible dates, over-long text) rather than the
 * first. Empty answers (`''` or blank text, `[]`, `null`) count as unanswered. Missing required
 * answers are listed in `missing` and do not make the check fail: a draft may be incomplete;
 * whether an assessment can be submitted is the caller's decision. Multi-choice answers come back
 * in the template's option order, so equal answers store equally.
 */
export function checkAnswers(template: AssessmentTemplate, raw: unknown): AnswerCheck {
  const questions = templateQuestions(template);
  const requiredIds = questions.filter((q) => q.required).map((q) => q.id);
  const problems: AnswerProblem[] = [];
  const answers: Record<string, AnswerValue> = {};

  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push({
      questionId: null,
      code: 'INVALID_ANSWER',
      message: 'answers must be an object keyed by question id',
    });
    return result(answers, requiredIds, problems);
  }
  const input = raw as Record<string, unknown>;
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(input)) {
    if (known.has(key)) continue;
    const shown = key.length > MAX_ECHOED_KEY ? `${key.slice(0, MAX_ECHOED_KEY)}…` : key;
    problems.push({
      questionId: shown,
      code: 'UNKNOWN_QUESTION',
      message: `'${shown}' is not a question of the ${template.kind} template`,
    });
  }
  for (const question of questions) {
    if (!Object.hasOwn(input, question.id)) continue;
    const checked = checkAnswer(question, input[question.id]);
    if (checked === undefined) continue;
    if ('problem' in checked) problems.push({ questionId: question.id, ...checked.problem });
    else answers[question.id] = checked.value;
  }
  return result(answers, requiredIds, problems);
}

function result(
  answers: Record<string, AnswerValue>,
  requiredIds: string[],
  problems: AnswerProblem[],
): AnswerCheck {
  return {
    ok: problems.length === 0,
    answers,
    answered: Object.keys(answers).length,
    required: requiredIds.length,
    missing: requiredIds.filter((id) => !Object.hasOwn(answers, id)),
    problems,
  };
}

type Checked =
  { value: AnswerValue } | { problem: { code: AnswerProblemCode; message: string } } | undefined;

/** One answer checked against its question; undefined when it is empty. */
function checkAnswer(question: AssessmentQuestion, value: unknown): Checked {
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  if (Array.isArray(value) && value.length === 0) return undefined;
  const invalid = (expected: string): Checked => ({
    problem: { code: 'INVALID_ANSWER', message: `'${question.id}' ${expected}` },
  });
  const options = question.options ?? [];

  switch (question.type) {
    case 'text':
      if (typeof value !== 'string') return invalid('must be text');
      if (value.length > MAX_TEXT_ANSWER_LENGTH)
        return {
          problem: {
            code: 'ANSWER_TOO_LONG',
            message: `'${question.id}' is ${value.length} characters; the limit is ${MAX_TEXT_ANSWER_LENGTH}`,
          },
        };
      return { value };
    case 'choice':
      if (typeof value !== 'string' || !options.includes(value))
        return invalid(`must be one of: ${options.join(', ')}`);
      return { value };
    case 'multi-choice': {
      if (!Array.isArray(value)) return invalid('must be a list of options');
      const chosen: unknown[] = value;
      if (!chosen.every((v): v is string => typeof v === 'string'))
        return invalid('must be a list of options');
      const unknown = chosen.filter((v) => !options.includes(v));
      if (unknown.length > 0)
        return invalid(`lists options that do not exist; choose from: ${options.join(', ')}`);
      if (new Set(chosen).size !== chosen.length) return invalid('lists an option twice');
      return { value: options.filter((o) => chosen.includes(o)) };
    }
    case 'boolean':
      if (typeof value !== 'boolean') return invalid('must be true or false');
      return { value };
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return invalid('must be a number');
      return { value };
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value))
        return invalid('must be a date as YYYY-MM-DD');
      return { value };
  }
}

/** A YYYY-MM-DD string naming a day that exists (no 2026-02-30). */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}
