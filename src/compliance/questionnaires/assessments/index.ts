export {
  ASSESSMENT_KINDS,
  assessmentQuestionSchema,
  assessmentSectionSchema,
  assessmentTemplateSchema,
  PREFILL_KEYS,
  QUESTION_TYPES,
  templateQuestions,
  type AssessmentKind,
  type AssessmentQuestion,
  type AssessmentSection,
  type AssessmentTemplate,
  type PrefillFacts,
  type PrefillKey,
  type QuestionType,
} from './assessment-template-schema.js';
export {
  loadAssessmentTemplate,
  parseAssessmentTemplate,
  type TemplateProblem,
} from './load-assessment-template.js';
export { prefillAnswers } from './prefill-answers.js';
export {
  ANSWER_PROBLEM_CODES,
  checkAnswers,
  MAX_TEXT_ANSWER_LENGTH,
  type AnswerCheck,
  type AnswerProblem,
  type AnswerProblemCode,
  type AnswerValue,
} from './check-answers.js';
