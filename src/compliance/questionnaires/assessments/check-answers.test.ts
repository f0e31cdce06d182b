import { describe, expect, it } from 'vitest';
import {
  checkAnswers,
  loadAssessmentTemplate,
  MAX_TEXT_ANSWER_LENGTH,
  parseAssessmentTemplate,
  prefillAnswers,
  templateQuestions,
} from './index.js';

/** A small template with one question of each type. */
const TEMPLATE = parseAssessmentTemplate(
  `kind: aia
version: test
title: Test
citation: none
description: One question of each type.
sections:
  - id: all
    title: All types
    questions:
      - id: purpose
        text: Purpose?
        type: text
        required: true
        prefill: model.useCase
      - id: tier
        text: Tier?
        type: choice
        options: [prohibited, high, limited, minimal]
        required: true
        prefill: scope.euTier
      - id: rights
        text: Rights?
        type: multi-choice
        options: [dignity, privacy, non-discrimination]
        required: true
      - id: automated
        text: Automated?
        type: boolean
        required: false
      - id: people
        text: How many?
        type: number
        required: false
      - id: review
        text: When?
        type: date
        required: true
      - id: owner
        text: Owner?
        type: text
        required: false
        prefill: model.owner
`,
  'test.yaml',
);

describe('prefillAnswers', () => {
  it('fills the questions that name a known fact, and only those', () => {
    expect(
      prefillAnswers(TEMPLATE, {
        'model.useCase': 'Score consumer credit applications',
        'scope.euTier': 'high',
        'model.name': 'credit-scorer',
      }),
    ).toEqual({ purpose: 'Score consumer credit applications', tier: 'high' });
  });

  it('skips blank facts, and choice facts that are not an option', () => {
    expect(prefillAnswers(TEMPLATE, { 'model.owner': '  ', 'scope.euTier': 'unknown' })).toEqual(
      {},
    );
  });

  it('pre-fills a shipped template with answers that pass the checks', () => {
    const template = loadAssessmentTemplate('dpia');
    const answers = prefillAnswers(template, {
      'model.name': 'credit-scorer',
      'model.owner': 'risk-team',
      'data.datasets': 'applications@v3; bureau@2026-08',
      'scope.euTier': 'high',
      'monitoring.summary': 'prod-drift on production: drift, fairness',
    });
    expect(answers).toEqual({
      'system-name': 'credit-scorer',
      controller: 'risk-team',
      'training-datasets': 'applications@v3; bureau@2026-08',
      'eu-ai-act-tier': 'high',
      monitoring: 'prod-drift on production: drift, fairness',
    });
    const checked = checkAnswers(template, answers);
    expect(checked.ok).toBe(true);
    expect(checked.answered).toBe(5);
  });
});

describe('checkAnswers', () => {
  const VALID = {
    purpose: 'Credit scoring',
    tier: 'high',
    rights: ['non-discrimination', 'dignity'],
    automated: false,
    people: 120000,
    review: '2027-09-30',
  };

  it('accepts valid answers, counting them, with multi-choice in option order', () => {
    expect(checkAnswers(TEMPLATE, VALID)).toEqual({
      ok: true,
      answers: { ...VALID, rights: ['dignity', 'non-discrimination'] },
      answered: 6,
      required: 4,
      missing: [],
      problems: [],
    });
  });

  it('lists missing required answers without failing, since a draft may be incomplete', () => {
    const checked = checkAnswers(TEMPLATE, { purpose: 'Credit scoring', automated: true });
    expect(checked).toMatchObject({
      ok: true,
      answered: 2,
      required: 4,
      missing: ['tier', 'rights', 'review'],
      problems: [],
    });
  });

  it('counts empty strings, blank text, empty lists and null as unanswered', () => {
    const checked = checkAnswers(TEMPLATE, {
      ...VALID,
      purpose: '',
      tier: '   ',
      rights: [],
      review: null,
    });
    expect(checked.ok).toBe(true);
    expect(checked.missing).toEqual(['purpose', 'tier', 'rights', 'review']);
    expect(Object.keys(checked.answers)).toEqual(['automated', 'people']);
  });

  describe('when a key is not a question', () => {
    it('reports UNKNOWN_QUESTION and keeps the valid answers', () => {
      const checked = checkAnswers(TEMPLATE, { ...VALID, purpse: 'typo' });
      expect(checked.ok).toBe(false);
      expect(checked.problems).toEqual([
        {
          questionId: 'purpse',
          code: 'UNKNOWN_QUESTION',
          message: "'purpse' is not a question of the aia template",
        },
      ]);
      expect(checked.answered).toBe(6);
    });
  });

  describe('when an answer has the wrong type or value', () => {
    it.each([
      ['purpose', 42, "'purpose' must be text"],
      ['tier', 'severe', "'tier' must be one of: prohibited, high, limited, minimal"],
      ['tier', ['high'], "'tier' must be one of: prohibited, high, limited, minimal"],
      ['rights', 'privacy', "'rights' must be a list of options"],
      [
        'rights',
        ['privacy', 'speech'],
        "'rights' lists options that do not exist; choose from: dignity, privacy, non-discrimination",
      ],
      ['rights', ['privacy', 'privacy'], "'rights' lists an option twice"],
      ['automated', 'yes', "'automated' must be true or false"],
      ['people', '120000', "'people' must be a number"],
      ['people', Number.NaN, "'people' must be a number"],
      ['review', '30/09/2027', "'review' must be a date as YYYY-MM-DD"],
      ['review', '2027-02-30', "'review' must be a date as YYYY-MM-DD"],
    ])('reports INVALID_ANSWER for %s = %j', (questionId, value, message) => {
      const checked = checkAnswers(TEMPLATE, { ...VALID, [questionId]: value });
      expect(checked.ok).toBe(false);
      expect(checked.problems).toEqual([{ questionId, code: 'INVALID_ANSWER', message }]);
      expect(questionId in checked.answers).toBe(false);
      expect(checked.missing).toEqual(
        templateQuestions(TEMPLATE).some((q) => q.id === questionId && q.required)
          ? [questionId]
          : [],
      );
    });

    it.each([null, [], 'answers', 7])('reports INVALID_ANSWER for %j as a whole', (raw) => {
      expect(checkAnswers(TEMPLATE, raw)).toEqual({
        ok: false,
        answers: {},
        answered: 0,
        required: 4,
        missing: ['purpose', 'tier', 'rights', 'review'],
        problems: [
          {
            questionId: null,
            code: 'INVALID_ANSWER',
            message: 'answers must be an object keyed by question id',
          },
        ],
      });
    });
  });

  describe('when a text answer is too long', () => {
    it('accepts exactly the limit and reports ANSWER_TOO_LONG one character over', () => {
      const atLimit = 'x'.repeat(MAX_TEXT_ANSWER_LENGTH);
      expect(checkAnswers(TEMPLATE, { ...VALID, purpose: atLimit }).ok).toBe(true);
      const checked = checkAnswers(TEMPLATE, { ...VALID, purpose: `${atLimit}x` });
      expect(checked.problems).toEqual([
        {
          questionId: 'purpose',
          code: 'ANSWER_TOO_LONG',
          message: "'purpose' is 20001 characters; the limit is 20000",
        },
      ]);
    });
  });

  it('reports every problem at once', () => {
    const checked = checkAnswers(TEMPLATE, {
      nope: 1,
      tier: 'severe',
      review: 'soon',
      purpose: 'y'.repeat(MAX_TEXT_ANSWER_LENGTH + 1),
    });
    expect(checked.problems.map((p) => [p.questionId, p.code])).toEqual([
      ['nope', 'UNKNOWN_QUESTION'],
      ['purpose', 'ANSWER_TOO_LONG'],
      ['tier', 'INVALID_ANSWER'],
      ['review', 'INVALID_ANSWER'],
    ]);
  });

  it('never treats inherited object keys as questions or answers', () => {
    const raw = JSON.parse('{"__proto__": {"purpose": "x"}, "constructor": 1}') as unknown;
    const checked = checkAnswers(TEMPLATE, raw);
    expect(checked.problems.map((p) => p.questionId)).toEqual(['__proto__', 'constructor']);
    expect(checked.answers).toEqual({});
  });
});
