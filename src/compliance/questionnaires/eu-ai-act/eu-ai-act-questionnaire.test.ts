import { describe, expect, it } from 'vitest';
import { USE_CASE_AREAS } from '../../catalogue/schema.js';
import {
  ANNEX_III_POINT_IDS,
  annexIIIPointsOf,
  EU_AI_ACT_QUESTION_IDS,
  EU_AI_ACT_QUESTIONS,
  euAiActAnswersSchema,
} from './index.js';

describe('the EU AI Act questionnaire definition', () => {
  it('asks every question once, in the order of its id list', () => {
    expect(EU_AI_ACT_QUESTIONS.map((q) => q.id)).toEqual([...EU_AI_ACT_QUESTION_IDS]);
  });

  it('has an answer type for exactly its questions', () => {
    expect(Object.keys(euAiActAnswersSchema.shape)).toEqual([...EU_AI_ACT_QUESTION_IDS]);
  });

  it('makes each question depend only on questions asked before it', () => {
    EU_AI_ACT_QUESTIONS.forEach((question, index) => {
      for (const condition of question.askedWhen) {
        if (condition.kind === 'no-prohibited-practice') continue;
        const earlier = EU_AI_ACT_QUESTIONS.slice(0, index).map((q) => q.id);
        expect(earlier, `${question.id} depends on ${condition.question}`).toContain(
          condition.question,
        );
      }
    });
  });

  it('screens one ban per Art 5(1) point, the Omnibus ones from 2 Dec 2026', () => {
    const bans = EU_AI_ACT_QUESTIONS.flatMap((q) =>
      q.prohibition === undefined ? [] : [[q.prohibition.point, q.prohibition.appliesFrom]],
    );
    expect(bans).toEqual([
      ['a', '2025-02-02'],
      ['b', '2025-02-02'],
      ['c', '2025-02-02'],
      ['d', '2025-02-02'],
      ['e', '2025-02-02'],
      ['f', '2025-02-02'],
      ['g', '2025-02-02'],
      ['h', '2025-02-02'],
      ['ba', '2026-12-02'],
      ['bb', '2026-12-02'],
    ]);
  });

  it('lists the Annex III points of every area', () => {
    const byArea = Object.fromEntries(
      USE_CASE_AREAS.filter((a) => a !== 'none').map((area) => [area, annexIIIPointsOf(area)]),
    );
    expect(byArea).toEqual({
      biometrics: ['1(a)', '1(b)', '1(c)'],
      'critical-infrastructure': ['2'],
      education: ['3(a)', '3(b)', '3(c)', '3(d)'],
      employment: ['4(a)', '4(b)'],
      'essential-services': ['5(a)', '5(b)', '5(c)', '5(d)'],
      'law-enforcement': ['6(a)', '6(b)', '6(c)', '6(d)', '6(e)'],
      migration: ['7(a)', '7(b)', '7(c)', '7(d)'],
      'justice-democracy': ['8(a)', '8(b)'],
    });
    expect(ANNEX_III_POINT_IDS).toHaveLength(25);
  });

  it('cites an article for every question', () => {
    for (const q of EU_AI_ACT_QUESTIONS) expect(q.citation, q.id).toMatch(/^Art \d/);
  });
});
