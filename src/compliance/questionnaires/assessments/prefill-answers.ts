import {
  templateQuestions,
  type AssessmentTemplate,
  type PrefillFacts,
} from './assessment-template-schema.js';

/**
 * Draft answers from what the server knows: each question that names a prefill key gets that
 * fact, when the fact is known and not blank. A choice question takes the fact only when it is
 * one of its options (a tier `high`, say), so pre-filled answers always pass `checkAnswers`'s
 * type checks. People edit the draft; nothing here is final.
 */
export function prefillAnswers(
  template: AssessmentTemplate,
  facts: PrefillFacts,
): Record<string, string> {
  const answers: Record<string, string> = {};
  for (const question of templateQuestions(template)) {
    if (question.prefill === undefined) continue;
    const fact = facts[question.prefill];
    if (fact === undefined || fact.trim() === '') continue;
    if (question.type === 'choice' && !(question.options ?? []).includes(fact)) continue;
    answers[question.id] = fact;
  }
  return answers;
}
