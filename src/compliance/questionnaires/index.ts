/**
 * Questionnaires: the EU AI Act classification questionnaire (answers → risk tier with reasoning)
 * and the impact assessment templates (DPIA, FRIA, algorithmic impact assessment) with their
 * pre-fill and answer checks. Pure, except that templates are read from the files shipped beside
 * the code.
 */
export * from './eu-ai-act/index.js';
export * from './assessments/index.js';
