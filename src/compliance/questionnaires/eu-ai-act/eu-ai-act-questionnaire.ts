import { USE_CASE_AREAS, type UseCaseArea } from '../../catalogue/schema.js';

/**
 * The EU AI Act classification questionnaire as data: which questions, in which order, asked
 * when. `classifyEuAiAct` validates answers against it and walks it to a risk tier. Citations
 * are to Regulation (EU) 2024/1689 as amended by Regulation (EU) 2026/1744 (the "Digital Omnibus
 * on AI"); see ../shared/reference/regulations.md §1. A change to the questions is a new version,
 * so a stored classification can always be read against the questions it answered.
 */
export const EU_AI_ACT_QUESTIONNAIRE_VERSION = 'eu-ai-act-classification/2026.12';

/** The Annex III areas (every use-case area but `none`). */
export type AnnexIIIArea = Exclude<UseCaseArea, 'none'>;

export interface AnnexIIIPointInfo {
  area: AnnexIIIArea;
  /** The use case in plain words. */
  title: string;
  /** What the point itself carves out, when it does. */
  excludes?: string;
}

/**
 * Annex III points by area (Art 6(2)) [P]. Points 1, 6 and 7 cover uses only in so far as Union
 * or national law permits them.
 */
export const ANNEX_III_POINTS = {
  '1(a)': {
    area: 'biometrics',
    title: 'remote biometric identification',
    excludes:
      'biometric verification whose sole purpose is to confirm that a person is who they claim to be',
  },
  '1(b)': {
    area: 'biometrics',
    title: 'biometric categorisation according to sensitive or protected attributes',
  },
  '1(c)': { area: 'biometrics', title: 'emotion recognition' },
  '2': {
    area: 'critical-infrastructure',
    title:
      'safety components in the management and operation of critical digital infrastructure, road traffic, or the supply of water, gas, heating or electricity',
  },
  '3(a)': {
    area: 'education',
    title: 'access or admission to educational and vocational training institutions',
  },
  '3(b)': {
    area: 'education',
    title: 'evaluating learning outcomes, including to steer the learning process',
  },
  '3(c)': {
    area: 'education',
    title: 'assessing the appropriate level of education a person will receive or can access',
  },
  '3(d)': {
    area: 'education',
    title: 'monitoring and detecting prohibited behaviour of students during tests',
  },
  '4(a)': {
    area: 'employment',
    title:
      'recruitment or selection: targeted job advertisements, analysing and filtering applications, evaluating candidates',
  },
  '4(b)': {
    area: 'employment',
    title:
      'decisions on terms of work relationships, promotion or termination, task allocation based on behaviour or traits, monitoring and evaluating performance and behaviour',
  },
  '5(a)': {
    area: 'essential-services',
    title:
      'evaluating eligibility for essential public assistance benefits and services, including healthcare, and granting, reducing, revoking or reclaiming them',
  },
  '5(b)': {
    area: 'essential-services',
    title: 'evaluating the creditworthiness of natural persons or establishing their credit score',
    excludes: 'systems used to detect financial fraud',
  },
  '5(c)': {
    area: 'essential-services',
    title: 'risk assessment and pricing of natural persons for life and health insurance',
  },
  '5(d)': {
    area: 'essential-services',
    title:
      'evaluating and classifying emergency calls, dispatching or prioritising emergency first response, and emergency healthcare patient triage',
  },
  '6(a)': {
    area: 'law-enforcement',
    title: 'assessing the risk of a natural person becoming the victim of criminal offences',
  },
  '6(b)': { area: 'law-enforcement', title: 'polygraphs and similar tools' },
  '6(c)': {
    area: 'law-enforcement',
    title: 'evaluating the reliability of evidence in criminal investigations or prosecutions',
  },
  '6(d)': {
    area: 'law-enforcement',
    title:
      'assessing the risk of offending or re-offending, or personality traits and past criminal behaviour',
    excludes: 'assessments based solely on profiling (prohibited by Art 5(1)(d) instead)',
  },
  '6(e)': {
    area: 'law-enforcement',
    title: 'profiling in the detection, investigation or prosecution of criminal offences',
  },
  '7(a)': { area: 'migration', title: 'polygraphs and similar tools' },
  '7(b)': {
    area: 'migration',
    title:
      'assessing a security, irregular-migration or health risk posed by a person entering a Member State',
  },
  '7(c)': {
    area: 'migration',
    title:
      'examining applications for asylum, visa or residence permits and related complaints, including the reliability of evidence',
  },
  '7(d)': {
    area: 'migration',
    title: 'detecting, recognising or identifying natural persons',
    excludes: 'the verification of travel documents',
  },
  '8(a)': {
    area: 'justice-democracy',
    title:
      'assisting a judicial authority (or alternative dispute resolution) in researching and interpreting facts and the law and applying the law to facts',
  },
  '8(b)': {
    area: 'justice-democracy',
    title:
      'influencing the outcome of an election or referendum or the voting behaviour of persons',
    excludes:
      'tools whose output people are not directly exposed to, such as those organising, optimising or structuring political campaigns from an administrative or logistical point of view',
  },
} as const satisfies Record<string, AnnexIIIPointInfo>;

export type AnnexIIIPointId = keyof typeof ANNEX_III_POINTS;

export const ANNEX_III_POINT_IDS = Object.keys(ANNEX_III_POINTS) as [
  AnnexIIIPointId,
  ...AnnexIIIPointId[],
];

/** The Annex III points of one area, in order. */
export function annexIIIPointsOf(area: AnnexIIIArea): AnnexIIIPointId[] {
  return ANNEX_III_POINT_IDS.filter((id) => ANNEX_III_POINTS[id].area === area);
}

/** The Art 6(3) second-subparagraph conditions, (a)–(d), and `none`. */
export const DEROGATION_CONDITIONS = {
  'narrow-procedural-task': { point: '(a)', description: 'it performs a narrow procedural task' },
  'improves-completed-human-activity': {
    point: '(b)',
    description: 'it improves the result of a previously completed human activity',
  },
  'detects-decision-patterns': {
    point: '(c)',
    description:
      'it detects decision-making patterns or deviations from them, and is not meant to replace or influence the completed human assessment without proper human review',
  },
  'preparatory-task': {
    point: '(d)',
    description:
      'it performs a task preparatory to an assessment relevant to an Annex III use case',
  },
  none: { point: null, description: 'none of the conditions (a)–(d) holds' },
} as const;
export type DerogationCondition = keyof typeof DEROGATION_CONDITIONS;

export const EU_AI_ACT_QUESTION_IDS = [
  'prohibitedManipulation',
  'prohibitedExploitingVulnerabilities',
  'prohibitedSocialScoring',
  'prohibitedCrimePrediction',
  'prohibitedFacialScraping',
  'prohibitedEmotionInference',
  'prohibitedBiometricCategorisation',
  'prohibitedRealTimeBiometricId',
  'prohibitedIntimateImagery',
  'prohibitedChildAbuseMaterial',
  'annexIProduct',
  'annexIIIArea',
  'annexIIIPoint',
  'profilesNaturalPersons',
  'derogationCondition',
  'noSignificantRisk',
  'interactsWithPersons',
  'generatesSyntheticContent',
  'emotionOrBiometricCategorisation',
  'deepFakes',
  'publicInterestText',
] as const;
export type EuAiActQuestionId = (typeof EU_AI_ACT_QUESTION_IDS)[number];

/**
 * When a question is asked; a question is asked when every one of its conditions holds. Answers
 * are read along the path: an answer to a question that was not asked counts as no answer.
 */
export type AskCondition =
  /** No Art 5 ban that applies on the classification date was answered yes. */
  | { readonly kind: 'no-prohibited-practice' }
  /** The question was answered with one of `values`. */
  | {
      readonly kind: 'answer-is';
      readonly question: EuAiActQuestionId;
      readonly values: readonly (string | boolean)[];
    }
  /** The question was answered, with none of `values`. */
  | {
      readonly kind: 'answer-is-not';
      readonly question: EuAiActQuestionId;
      readonly values: readonly (string | boolean)[];
    };

export const EU_AI_ACT_SECTIONS = [
  'prohibited-practices',
  'annex-i',
  'annex-iii',
  'derogation',
  'transparency',
] as const;
export type EuAiActSection = (typeof EU_AI_ACT_SECTIONS)[number];

export interface EuAiActQuestion {
  readonly id: EuAiActQuestionId;
  readonly section: EuAiActSection;
  readonly text: string;
  readonly help?: string;
  /** The article the question applies, e.g. `Art 5(1)(a)`. */
  readonly citation: string;
  readonly type: 'boolean' | 'choice';
  /** choice only. For `annexIIIPoint` the options are narrowed by the area (ANNEX_III_POINTS). */
  readonly options?: readonly string[];
  readonly askedWhen: readonly AskCondition[];
  /** Art 5 questions: the ban a yes answer triggers. */
  readonly prohibition?: {
    /** The letter of Art 5(1): `a` … `h`, `ba`, `bb`. */
    readonly point: string;
    /** The practice in a few words, for the reasoning. */
    readonly practice: string;
    /** ISO date the ban applies from. */
    readonly appliesFrom: string;
    /** Confidence in that date: [P] primary text, [S] secondary sources. */
    readonly tag: 'P' | 'S';
  };
  /** Art 50 questions: the duty a yes answer triggers. */
  readonly transparencyDuty?: {
    readonly duty: string;
    readonly actor: 'provider' | 'deployer';
    /** What the duty requires, for the reasoning. */
    readonly requires: string;
  };
}

/** The date the original Art 5 bans apply from (Art 113(a)) [P]. */
export const ORIGINAL_BANS_APPLY_FROM = '2025-02-02';
/** The date the Omnibus bans, Art 5(1)(ba) and (bb), apply from [S]. */
export const OMNIBUS_BANS_APPLY_FROM = '2026-12-02';

const ANSWERED_NO_BAN = { kind: 'no-prohibited-practice' } as const;
const NOT_ANNEX_I: AskCondition = { kind: 'answer-is', question: 'annexIProduct', values: [false] };
const IN_ANNEX_III_AREA: AskCondition = {
  kind: 'answer-is-not',
  question: 'annexIIIArea',
  values: ['none'],
};

function ban(
  id: EuAiActQuestionId,
  point: string,
  practice: string,
  text: string,
  help?: string,
): EuAiActQuestion {
  const omnibus = point === 'ba' || point === 'bb';
  return {
    id,
    section: 'prohibited-practices',
    text,
    ...(help === undefined ? {} : { help }),
    citation: omnibus
      ? `Art 5(1)(${point}) (added by Regulation (EU) 2026/1744)`
      : `Art 5(1)(${point})`,
    type: 'boolean',
    askedWhen: [],
    prohibition: {
      point,
      practice,
      appliesFrom: omnibus ? OMNIBUS_BANS_APPLY_FROM : ORIGINAL_BANS_APPLY_FROM,
      tag: omnibus ? 'S' : 'P',
    },
  };
}

function transparency(
  id: EuAiActQuestionId,
  citation: string,
  duty: string,
  actor: 'provider' | 'deployer',
  requires: string,
  text: string,
): EuAiActQuestion {
  return {
    id,
    section: 'transparency',
    text,
    citation,
    type: 'boolean',
    askedWhen: [ANSWERED_NO_BAN],
    transparencyDuty: { duty, actor, requires },
  };
}

/** The questions in the order they are asked. */
export const EU_AI_ACT_QUESTIONS: readonly EuAiActQuestion[] = [
  ban(
    'prohibitedManipulation',
    'a',
    'harmful manipulation',
    'Does the system deploy subliminal, purposefully manipulative or deceptive techniques that materially distort people’s behaviour by impairing their ability to make an informed decision, in a way that causes or is reasonably likely to cause significant harm?',
  ),
  ban(
    'prohibitedExploitingVulnerabilities',
    'b',
    'exploiting vulnerabilities',
    'Does the system exploit vulnerabilities of people due to their age, disability or specific social or economic situation, materially distorting their behaviour in a way that causes or is reasonably likely to cause significant harm?',
  ),
  ban(
    'prohibitedSocialScoring',
    'c',
    'social scoring with detrimental treatment',
    'Does the system evaluate or classify people over time by their social behaviour or personal characteristics, with a social score leading to detrimental treatment in unrelated contexts or treatment that is unjustified or disproportionate?',
  ),
  ban(
    'prohibitedCrimePrediction',
    'd',
    'predicting criminal offences solely from profiling or personality traits',
    'Does the system assess the risk that a person will commit a criminal offence based solely on profiling or on assessing their personality traits and characteristics?',
    'Not covered: supporting a human assessment of a person’s involvement in a criminal activity that is already based on objective, verifiable facts directly linked to it.',
  ),
  ban(
    'prohibitedFacialScraping',
    'e',
    'untargeted scraping of facial images',
    'Does the system create or expand facial recognition databases through untargeted scraping of facial images from the internet or CCTV footage?',
  ),
  ban(
    'prohibitedEmotionInference',
    'f',
    'emotion inference in the workplace or education',
    'Does the system infer the emotions of people in the workplace or in education institutions, other than for medical or safety reasons?',
  ),
  ban(
    'prohibitedBiometricCategorisation',
    'g',
    'biometric categorisation by sensitive attributes',
    'Does the system categorise individual people from their biometric data to deduce or infer their race, political opinions, trade union membership, religious or philosophical beliefs, sex life or sexual orientation?',
    'Not covered: labelling or filtering lawfully acquired biometric datasets, or categorising biometric data in law enforcement.',
  ),
  ban(
    'prohibitedRealTimeBiometricId',
    'h',
    'real-time remote biometric identification in public spaces for law enforcement',
    'Is the system used for real-time remote biometric identification of people in publicly accessible spaces for law enforcement, outside the narrow exceptions of Art 5(1)(h)(i)–(iii) and the authorisation Art 5(2)–(7) requires?',
  ),
  ban(
    'prohibitedIntimateImagery',
    'ba',
    'generating non-consensual intimate imagery',
    'Does the system generate or manipulate sexually explicit images, video or audio of an identifiable real person without their consent?',
    'A ban added by Regulation (EU) 2026/1744, applying from 2 Dec 2026 [S]; confirm the wording with counsel.',
  ),
  ban(
    'prohibitedChildAbuseMaterial',
    'bb',
    'generating child sexual abuse material',
    'Can the system generate child sexual abuse material?',
    'A ban added by Regulation (EU) 2026/1744, applying from 2 Dec 2026 [S]; confirm the wording with counsel.',
  ),
  {
    id: 'annexIProduct',
    section: 'annex-i',
    text: 'Is the system a product, or a safety component of a product, covered by the Union harmonisation legislation listed in Annex I, which must undergo a third-party conformity assessment under that legislation?',
    help: 'For example medical devices, machinery, toys, lifts, radio equipment, vehicles, civil aviation.',
    citation: 'Art 6(1), Annex I',
    type: 'boolean',
    askedWhen: [ANSWERED_NO_BAN],
  },
  {
    id: 'annexIIIArea',
    section: 'annex-iii',
    text: 'Which Annex III area does the intended purpose fall in, if any?',
    citation: 'Art 6(2), Annex III',
    type: 'choice',
    options: USE_CASE_AREAS,
    askedWhen: [ANSWERED_NO_BAN, NOT_ANNEX_I],
  },
  {
    id: 'annexIIIPoint',
    section: 'annex-iii',
    text: 'Which point of that area describes the intended purpose?',
    help: 'Only the points of the chosen area are valid; some points exclude uses (for example 5(b) excludes fraud detection).',
    citation: 'Art 6(2), Annex III',
    type: 'choice',
    options: ANNEX_III_POINT_IDS,
    askedWhen: [ANSWERED_NO_BAN, NOT_ANNEX_I, IN_ANNEX_III_AREA],
  },
  {
    id: 'profilesNaturalPersons',
    section: 'derogation',
    text: 'Does the system profile natural persons (automated evaluation of personal aspects such as work performance, economic situation, health, preferences, interests, reliability, behaviour, location or movements)?',
    help: 'Profiling as defined in GDPR Art 4(4). An Annex III system that profiles natural persons is always high-risk.',
    citation: 'Art 6(3), last subparagraph',
    type: 'boolean',
    askedWhen: [ANSWERED_NO_BAN, NOT_ANNEX_I, IN_ANNEX_III_AREA],
  },
  {
    id: 'derogationCondition',
    section: 'derogation',
    text: 'Which of these describes what the system does, if any: a narrow procedural task; improving the result of a completed human activity; detecting decision-making patterns without replacing the human assessment; a preparatory task?',
    citation: 'Art 6(3), second subparagraph',
    type: 'choice',
    options: Object.keys(DEROGATION_CONDITIONS),
    askedWhen: [
      ANSWERED_NO_BAN,
      NOT_ANNEX_I,
      IN_ANNEX_III_AREA,
      { kind: 'answer-is', question: 'profilesNaturalPersons', values: [false] },
    ],
  },
  {
    id: 'noSignificantRisk',
    section: 'derogation',
    text: 'Is it true that the system poses no significant risk of harm to the health, safety or fundamental rights of people, including by not materially influencing the outcome of decisions?',
    citation: 'Art 6(3), first subparagraph',
    type: 'boolean',
    askedWhen: [
      ANSWERED_NO_BAN,
      NOT_ANNEX_I,
      IN_ANNEX_III_AREA,
      { kind: 'answer-is', question: 'profilesNaturalPersons', values: [false] },
      { kind: 'answer-is-not', question: 'derogationCondition', values: ['none'] },
    ],
  },
  transparency(
    'interactsWithPersons',
    'Art 50(1)',
    '50(1) interaction disclosure',
    'provider',
    'the provider must make sure people are told they are interacting with an AI system, unless that is obvious from the context',
    'Is the system intended to interact directly with natural persons?',
  ),
  transparency(
    'generatesSyntheticContent',
    'Art 50(2)',
    '50(2) machine-readable marking of synthetic content',
    'provider',
    'the provider must mark synthetic audio, image, video or text in a machine-readable format, detectable as artificially generated or manipulated',
    'Does the system generate synthetic audio, image, video or text content?',
  ),
  transparency(
    'emotionOrBiometricCategorisation',
    'Art 50(3)',
    '50(3) emotion recognition or biometric categorisation notice',
    'deployer',
    'the deployer must inform the people exposed to it of the operation of the system',
    'Is the system an emotion recognition or biometric categorisation system that you deploy?',
  ),
  transparency(
    'deepFakes',
    'Art 50(4), first subparagraph',
    '50(4) deep fake disclosure',
    'deployer',
    'the deployer must disclose that the image, audio or video content has been artificially generated or manipulated',
    'Does the system generate or manipulate image, audio or video content that is a deep fake (resembling existing persons, objects, places or events and falsely appearing authentic)?',
  ),
  transparency(
    'publicInterestText',
    'Art 50(4), second subparagraph',
    '50(4) AI-generated public-interest text disclosure',
    'deployer',
    'the deployer must disclose that the text has been artificially generated or manipulated',
    'Does the system generate or manipulate text published to inform the public on matters of public interest, without human review or editorial control under someone’s editorial responsibility?',
  ),
];
