import { describe, expect, it } from 'vitest';
import {
  classifyEuAiAct,
  EU_AI_ACT_QUESTIONNAIRE_VERSION,
  type EuAiActClassificationResult,
  type EuAiActProblem,
} from './index.js';
import type { EuClassification } from '../../posture/types.js';

const NO_BANS = {
  prohibitedManipulation: false,
  prohibitedExploitingVulnerabilities: false,
  prohibitedSocialScoring: false,
  prohibitedCrimePrediction: false,
  prohibitedFacialScraping: false,
  prohibitedEmotionInference: false,
  prohibitedBiometricCategorisation: false,
  prohibitedRealTimeBiometricId: false,
  prohibitedIntimateImagery: false,
  prohibitedChildAbuseMaterial: false,
};
const NO_TRANSPARENCY = {
  interactsWithPersons: false,
  generatesSyntheticContent: false,
  emotionOrBiometricCategorisation: false,
  deepFakes: false,
  publicInterestText: false,
};
/** A complete set of answers for a minimal-risk system. */
const MINIMAL = {
  ...NO_BANS,
  annexIProduct: false,
  annexIIIArea: 'none',
  ...NO_TRANSPARENCY,
};
/** Plain Annex III 5(b) credit scoring: no profiling, no derogation. */
const CREDIT_SCORING = {
  ...MINIMAL,
  annexIIIArea: 'essential-services',
  annexIIIPoint: '5(b)',
  profilesNaturalPersons: false,
  derogationCondition: 'none',
};

const AS_OF = '2026-09-30';

function classified(result: EuAiActClassificationResult): EuClassification {
  if (!result.ok) throw new Error(`expected a classification, got ${JSON.stringify(result)}`);
  return result.classification;
}

function problemsOf(result: EuAiActClassificationResult): EuAiActProblem[] {
  if (result.ok) throw new Error('expected the answers to be refused');
  return result.problems;
}

describe('classifyEuAiAct', () => {
  describe('when an Art 5 ban is answered yes', () => {
    it.each([
      ['prohibitedManipulation', 'a'],
      ['prohibitedExploitingVulnerabilities', 'b'],
      ['prohibitedSocialScoring', 'c'],
      ['prohibitedCrimePrediction', 'd'],
      ['prohibitedFacialScraping', 'e'],
      ['prohibitedEmotionInference', 'f'],
      ['prohibitedBiometricCategorisation', 'g'],
      ['prohibitedRealTimeBiometricId', 'h'],
    ])('%s makes the system prohibited under Art 5(1)(%s)', (question, letter) => {
      const result = classifyEuAiAct({ ...MINIMAL, [question]: true }, AS_OF);
      const c = classified(result);
      expect(c.tier).toBe('prohibited');
      expect(c.annexIIIPoint).toBeNull();
      expect(c.transparencyDuties).toEqual([]);
      expect(c.questionnaireVersion).toBe(EU_AI_ACT_QUESTIONNAIRE_VERSION);
      expect(c.reasoning[0]).toBe(
        `Art 5(1)(${letter}) prohibits ${banPractice(letter)} and has applied since 2 Feb 2025; the answer to '${question}' is yes.`,
      );
      expect(c.reasoning.at(-1)).toMatch(/^The system is a prohibited AI practice.*Art 99\(3\)/);
    });

    it('stops the questionnaire there: later answers are not kept', () => {
      const result = classifyEuAiAct({ ...CREDIT_SCORING, prohibitedSocialScoring: true }, AS_OF);
      expect(result.ok && Object.keys(result.answers)).toEqual(Object.keys(NO_BANS));
    });

    it('asks nothing after the screen, so the remaining questions are not required', () => {
      const result = classifyEuAiAct({ ...NO_BANS, prohibitedFacialScraping: true }, AS_OF);
      expect(classified(result).tier).toBe('prohibited');
    });
  });

  describe('when a ban added by the Omnibus is answered yes', () => {
    it.each([
      ['prohibitedIntimateImagery', 'ba'],
      ['prohibitedChildAbuseMaterial', 'bb'],
    ])(
      '%s before 2 Dec 2026 does not prohibit yet and says from when it will',
      (question, letter) => {
        const c = classified(classifyEuAiAct({ ...MINIMAL, [question]: true }, '2026-12-01'));
        expect(c.tier).toBe('minimal');
        expect(c.reasoning.slice(0, 2)).toEqual([
          `Art 5(1)(${letter}), added by Regulation (EU) 2026/1744, prohibits ${banPractice(letter)} from 2 Dec 2026 [S] — confirm with counsel; the answer to '${question}' is yes, so the system becomes prohibited on that date, and until then it is classified on the remaining answers.`,
          'Art 5(1): no prohibited practice that applies on 1 Dec 2026 was answered yes.',
        ]);
      },
    );

    it.each([
      ['prohibitedIntimateImagery', 'ba'],
      ['prohibitedChildAbuseMaterial', 'bb'],
    ])('%s from 2 Dec 2026 makes the system prohibited', (question, letter) => {
      const c = classified(
        classifyEuAiAct({ ...MINIMAL, [question]: true }, '2026-12-02T00:00:00.000Z'),
      );
      expect(c.tier).toBe('prohibited');
      expect(c.reasoning[0]).toBe(
        `Art 5(1)(${letter}), added by Regulation (EU) 2026/1744, prohibits ${banPractice(letter)} and has applied since 2 Dec 2026 [S] — confirm with counsel; the answer to '${question}' is yes.`,
      );
    });

    it('needs the Annex questions answered before 2 Dec 2026, since the path goes on', () => {
      const answers = { ...NO_BANS, prohibitedIntimateImagery: true };
      expect(problemsOf(classifyEuAiAct(answers, '2026-12-01')).map((p) => p.path)).toEqual([
        'annexIProduct',
        ...Object.keys(NO_TRANSPARENCY),
      ]);
      expect(classified(classifyEuAiAct(answers, '2026-12-02')).tier).toBe('prohibited');
    });
  });

  describe('when the system is in an Annex I product', () => {
    it('is high-risk under Art 6(1), with the Annex I date, and skips Annex III', () => {
      const result = classifyEuAiAct({ ...CREDIT_SCORING, annexIProduct: true }, AS_OF);
      const c = classified(result);
      expect(c.tier).toBe('high');
      expect(c.annexIIIPoint).toBeNull();
      expect(c.reasoning.slice(1, 3)).toEqual([
        "Art 6(1): the answer to 'annexIProduct' is yes — the system is, or is a safety component of, a product under the Union harmonisation legislation of Annex I that requires a third-party conformity assessment — so it is high-risk.",
        'High-risk obligations on the Annex I route apply from 2 Aug 2028 (postponed from 2 Aug 2027 by Regulation (EU) 2026/1744) [S] — confirm with counsel.',
      ]);
      expect(result.ok && 'annexIIIArea' in result.answers).toBe(false);
    });
  });

  describe('when the purpose is in Annex III', () => {
    it('is high-risk when the system profiles natural persons, whatever the derogation', () => {
      const c = classified(
        classifyEuAiAct(
          {
            ...MINIMAL,
            annexIIIArea: 'employment',
            annexIIIPoint: '4(a)',
            profilesNaturalPersons: true,
            // Not asked after profiling: left out, never decisive.
            derogationCondition: 'preparatory-task',
            noSignificantRisk: true,
          },
          AS_OF,
        ),
      );
      expect(c.tier).toBe('high');
      expect(c.annexIIIPoint).toBe('4(a)');
      expect(c.reasoning).toContain(
        "Art 6(3), last subparagraph: the answer to 'profilesNaturalPersons' is yes; an Annex III system that profiles natural persons is always high-risk, so the Art 6(3) derogation is not available.",
      );
    });

    it('is not high-risk when an Art 6(3) condition holds with no significant risk, and says to document it', () => {
      const result = classifyEuAiAct(
        {
          ...MINIMAL,
          annexIIIArea: 'education',
          annexIIIPoint: '3(b)',
          profilesNaturalPersons: false,
          derogationCondition: 'preparatory-task',
          noSignificantRisk: true,
        },
        AS_OF,
      );
      const c = classified(result);
      expect(c.tier).toBe('minimal');
      expect(c.annexIIIPoint).toBeNull();
      expect(c.reasoning).toEqual([
        'Art 5(1): none of the 10 prohibited practices applies (each answered no).',
        "Art 6(1): the answer to 'annexIProduct' is no, so the Annex I route does not apply.",
        "Art 6(2), Annex III point 3(b): the answers to 'annexIIIArea' (education) and 'annexIIIPoint' (3(b)) place the intended purpose under evaluating learning outcomes, including to steer the learning process.",
        "Art 6(3)(d): the answer to 'derogationCondition' is preparatory-task (it performs a task preparatory to an assessment relevant to an Annex III use case), the answer to 'profilesNaturalPersons' is no, and the answer to 'noSignificantRisk' is yes (no significant risk of harm to health, safety or fundamental rights), so the system is not high-risk despite its Annex III purpose.",
        'Art 6(4): document this assessment before the system is placed on the market or put into service and give it to the national competent authorities on request; the registration under Art 49(2) that the original text requires may have been removed by Regulation (EU) 2026/1744 [U] — confirm with counsel.',
        'Art 50: every transparency question was answered no, so no Art 50 duty applies.',
        'The system is minimal-risk: neither prohibited nor high-risk and without Art 50 duties; AI literacy (Art 4) still applies, and voluntary codes of conduct (Art 95) may be followed.',
      ]);
      expect(result.ok && result.answers.noSignificantRisk).toBe(true);
    });

    it('stays high-risk when a condition holds but the risk is significant', () => {
      const c = classified(
        classifyEuAiAct(
          {
            ...CREDIT_SCORING,
            derogationCondition: 'narrow-procedural-task',
            noSignificantRisk: false,
          },
          AS_OF,
        ),
      );
      expect(c.tier).toBe('high');
      expect(c.reasoning[3]).toBe(
        "Art 6(3): although the answer to 'derogationCondition' is narrow-procedural-task (it performs a narrow procedural task), the answer to 'noSignificantRisk' is no, so the derogation does not apply.",
      );
    });

    it('classifies plain 5(b) credit scoring as high-risk with its point, dates and FRIA duty', () => {
      const result = classifyEuAiAct(CREDIT_SCORING, AS_OF);
      expect(result).toEqual({
        ok: true,
        answers: CREDIT_SCORING,
        classification: {
          tier: 'high',
          annexIIIPoint: '5(b)',
          transparencyDuties: [],
          questionnaireVersion: 'eu-ai-act-classification/2026.12',
          reasoning: [
            'Art 5(1): none of the 10 prohibited practices applies (each answered no).',
            "Art 6(1): the answer to 'annexIProduct' is no, so the Annex I route does not apply.",
            "Art 6(2), Annex III point 5(b): the answers to 'annexIIIArea' (essential-services) and 'annexIIIPoint' (5(b)) place the intended purpose under evaluating the creditworthiness of natural persons or establishing their credit score (excluding systems used to detect financial fraud).",
            "Art 6(3): the answer to 'profilesNaturalPersons' is no, but the answer to 'derogationCondition' is none, so none of the derogation conditions (a)–(d) holds.",
            'The system is high-risk under Art 6(2), Annex III point 5(b).',
            'High-risk obligations on the Annex III route (Ch III Sections 1–3) apply from 2 Dec 2027 (postponed from 2 Aug 2026 by Regulation (EU) 2026/1744) [S] — confirm with counsel.',
            'Art 27(1): every deployer of an Annex III point 5(b) system must carry out a fundamental rights impact assessment before first use.',
            'Art 50: every transparency question was answered no, so no Art 50 duty applies.',
          ],
        },
      });
    });

    it('says the Annex III obligations have applied once their date has passed', () => {
      const c = classified(classifyEuAiAct(CREDIT_SCORING, '2028-01-15'));
      expect(c.reasoning[5]).toMatch(
        /^High-risk obligations on the Annex III route .* have applied since 2 Dec 2027/,
      );
    });

    it('names public deployers for the FRIA outside 5(b) and 5(c), and nobody for point 2', () => {
      const employment = classified(
        classifyEuAiAct(
          { ...CREDIT_SCORING, annexIIIArea: 'employment', annexIIIPoint: '4(b)' },
          AS_OF,
        ),
      );
      expect(employment.reasoning).toContain(
        'Art 27(1): deployers that are bodies governed by public law or private entities providing public services must carry out a fundamental rights impact assessment before first use.',
      );
      const infrastructure = classified(
        classifyEuAiAct(
          { ...CREDIT_SCORING, annexIIIArea: 'critical-infrastructure', annexIIIPoint: '2' },
          AS_OF,
        ),
      );
      expect(infrastructure.annexIIIPoint).toBe('2');
      expect(infrastructure.reasoning.some((s) => s.startsWith('Art 27'))).toBe(false);
    });

    it('keeps the Art 50 duties of a high-risk system', () => {
      const c = classified(
        classifyEuAiAct({ ...CREDIT_SCORING, interactsWithPersons: true }, AS_OF),
      );
      expect(c.tier).toBe('high');
      expect(c.transparencyDuties).toEqual(['50(1) interaction disclosure']);
      expect(c.reasoning.at(-1)).toBe(
        'As a high-risk system it also carries the Art 50 duties above.',
      );
    });
  });

  describe('when no high-risk route applies', () => {
    it('is limited-risk with every Art 50 duty answered yes, in the order of Art 50', () => {
      const c = classified(
        classifyEuAiAct(
          {
            ...MINIMAL,
            interactsWithPersons: true,
            generatesSyntheticContent: true,
            emotionOrBiometricCategorisation: true,
            deepFakes: true,
            publicInterestText: true,
          },
          AS_OF,
        ),
      );
      expect(c.tier).toBe('limited');
      expect(c.annexIIIPoint).toBeNull();
      expect(c.transparencyDuties).toEqual([
        '50(1) interaction disclosure',
        '50(2) machine-readable marking of synthetic content',
        '50(3) emotion recognition or biometric categorisation notice',
        '50(4) deep fake disclosure',
        '50(4) AI-generated public-interest text disclosure',
      ]);
      expect(c.reasoning.slice(-3)).toEqual([
        'Art 50 duties have applied since 2 Aug 2026, and are met at the latest at the first interaction or exposure (Art 50(5)).',
        'Systems placed on the market before 2 Aug 2026 have until 2 Dec 2026 to apply the Art 50(2) marking (Regulation (EU) 2026/1744) [S] — confirm with counsel.',
        'The system is limited-risk: neither prohibited nor high-risk, with Art 50 transparency duties.',
      ]);
    });

    it('drops the Art 50(2) grace note once the grace period is over', () => {
      const c = classified(
        classifyEuAiAct({ ...MINIMAL, generatesSyntheticContent: true }, '2027-01-01'),
      );
      expect(c.tier).toBe('limited');
      expect(c.reasoning.some((s) => s.includes('grace') || s.includes('until 2 Dec 2026'))).toBe(
        false,
      );
    });

    it('is minimal-risk with every answer no', () => {
      const result = classifyEuAiAct(MINIMAL, AS_OF);
      const c = classified(result);
      expect(c).toEqual({
        tier: 'minimal',
        annexIIIPoint: null,
        transparencyDuties: [],
        questionnaireVersion: EU_AI_ACT_QUESTIONNAIRE_VERSION,
        reasoning: [
          'Art 5(1): none of the 10 prohibited practices applies (each answered no).',
          "Art 6(1): the answer to 'annexIProduct' is no, so the Annex I route does not apply.",
          "Art 6(2): the answer to 'annexIIIArea' is none, so the intended purpose falls in no Annex III area.",
          'Art 50: every transparency question was answered no, so no Art 50 duty applies.',
          'The system is minimal-risk: neither prohibited nor high-risk and without Art 50 duties; AI literacy (Art 4) still applies, and voluntary codes of conduct (Art 95) may be followed.',
        ],
      });
      expect(result.ok && result.answers).toEqual(MINIMAL);
    });
  });

  describe('when the answers do not validate', () => {
    it('lists every question the path needs, and no later one, for empty answers', () => {
      const problems = problemsOf(classifyEuAiAct({}, AS_OF));
      expect(problems.every((p) => p.code === 'ANSWER_REQUIRED')).toBe(true);
      expect(problems.map((p) => p.path)).toEqual([
        ...Object.keys(NO_BANS),
        'annexIProduct',
        ...Object.keys(NO_TRANSPARENCY),
      ]);
      expect(problems[0]?.message).toBe("'prohibitedManipulation' needs an answer (Art 5(1)(a))");
    });

    it('requires the point and the Art 6(3) questions once an Annex III area is chosen', () => {
      const problems = problemsOf(
        classifyEuAiAct({ ...MINIMAL, annexIIIArea: 'law-enforcement' }, AS_OF),
      );
      expect(problems).toEqual([
        { path: 'annexIIIPoint', code: 'ANSWER_REQUIRED', message: expect.any(String) as string },
        {
          path: 'profilesNaturalPersons',
          code: 'ANSWER_REQUIRED',
          message: expect.any(String) as string,
        },
      ]);
    });

    it('requires noSignificantRisk once a derogation condition is chosen', () => {
      const problems = problemsOf(
        classifyEuAiAct({ ...CREDIT_SCORING, derogationCondition: 'preparatory-task' }, AS_OF),
      );
      expect(problems.map((p) => [p.path, p.code])).toEqual([
        ['noSignificantRisk', 'ANSWER_REQUIRED'],
      ]);
    });

    it('counts null as no answer', () => {
      const problems = problemsOf(classifyEuAiAct({ ...MINIMAL, deepFakes: null }, AS_OF));
      expect(problems.map((p) => [p.path, p.code])).toEqual([['deepFakes', 'ANSWER_REQUIRED']]);
    });

    it('refuses keys that are not questions, as UNKNOWN_QUESTION', () => {
      const problems = problemsOf(
        classifyEuAiAct({ ...MINIMAL, isHighRisk: false, ['x'.repeat(200)]: 1 }, AS_OF),
      );
      expect(problems.map((p) => [p.path, p.code])).toEqual([
        ['isHighRisk', 'UNKNOWN_QUESTION'],
        [`${'x'.repeat(80)}…`, 'UNKNOWN_QUESTION'],
      ]);
    });

    it('refuses answers of the wrong type or outside the options, as INVALID_ANSWER', () => {
      const problems = problemsOf(
        classifyEuAiAct(
          { ...MINIMAL, annexIProduct: 'no', annexIIIArea: 'banking', deepFakes: 0 },
          AS_OF,
        ),
      );
      expect(problems).toEqual([
        {
          path: 'annexIProduct',
          code: 'INVALID_ANSWER',
          message: "'annexIProduct' must be true or false",
        },
        { path: 'deepFakes', code: 'INVALID_ANSWER', message: "'deepFakes' must be true or false" },
      ]);
    });

    it('refuses an area outside the vocabulary, as INVALID_ANSWER', () => {
      const problems = problemsOf(classifyEuAiAct({ ...MINIMAL, annexIIIArea: 'banking' }, AS_OF));
      expect(problems.map((p) => [p.path, p.code])).toEqual([['annexIIIArea', 'INVALID_ANSWER']]);
      expect(problems[0]?.message).toMatch(/^'annexIIIArea' must be one of: none, biometrics, /);
    });

    it('refuses an Annex III point of another area, as INVALID_ANSWER naming the valid points', () => {
      const problems = problemsOf(
        classifyEuAiAct(
          { ...CREDIT_SCORING, annexIIIArea: 'employment', annexIIIPoint: '5(b)' },
          AS_OF,
        ),
      );
      expect(problems).toEqual([
        {
          path: 'annexIIIPoint',
          code: 'INVALID_ANSWER',
          message:
            "'annexIIIPoint' 5(b) belongs to the essential-services area, not employment; choose one of 4(a), 4(b)",
        },
      ]);
    });

    it.each([null, [], 'yes', 42])(
      'refuses %j as a whole, as INVALID_ANSWER at the root',
      (raw) => {
        expect(problemsOf(classifyEuAiAct(raw, AS_OF))).toEqual([
          {
            path: '',
            code: 'INVALID_ANSWER',
            message: 'answers must be an object keyed by question id',
          },
        ]);
      },
    );

    it('throws a VALIDATION_ERROR for a malformed asOf, the caller’s bug', () => {
      for (const asOf of ['', '2026-02-30', 'yesterday', '30/09/2026']) {
        expect(() => classifyEuAiAct(MINIMAL, asOf), asOf).toThrow(
          expect.objectContaining({ code: 'VALIDATION_ERROR' }) as Error,
        );
      }
    });
  });
});

function banPractice(letter: string): string {
  const practices: Record<string, string> = {
    a: 'harmful manipulation',
    b: 'exploiting vulnerabilities',
    c: 'social scoring with detrimental treatment',
    d: 'predicting criminal offences solely from profiling or personality traits',
    e: 'untargeted scraping of facial images',
    f: 'emotion inference in the workplace or education',
    g: 'biometric categorisation by sensitive attributes',
    h: 'real-time remote biometric identification in public spaces for law enforcement',
    ba: 'generating non-consensual intimate imagery',
    bb: 'generating child sexual abuse material',
  };
  return practices[letter] ?? letter;
}
