import type { Actor } from '../auth/index.js';
import {
  addRisk,
  acceptRisk,
  decideAssessment,
  recordAttestation,
  saveAnswers,
  setScope,
  startAssessment,
  submitAssessment,
  loadShippedCatalogue,
} from '../compliance/index.js';
import type { GovernanceContext } from '../approvals/index.js';
import type { ManualClock } from '../lib/index.js';

type At = (day: number, time: string) => Date;

interface People {
  maria: Actor;
  james: Actor;
  priya: Actor;
  elena: Actor;
}

/** The EU AI Act questionnaire as the compliance officer answered it for credit-risk. */
export const CREDIT_RISK_EU_ANSWERS = {
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
  annexIProduct: false,
  annexIIIArea: 'essential-services',
  annexIIIPoint: '5(b)',
  profilesNaturalPersons: true,
  interactsWithPersons: false,
  generatesSyntheticContent: false,
  emotionOrBiometricCategorisation: false,
  deepFakes: false,
  publicInterestText: false,
};

/** The algorithmic impact assessment of credit-risk, written by the data scientist. */
const CREDIT_RISK_AIA: Record<string, unknown> = {
  'deployment-context':
    'Scores consumer loan applications submitted online and in branches in the EU; an approve/refer recommendation goes to the credit officer, who decides. Refer cases are reviewed by a person within two working days.',
  benefits:
    'Faster, more consistent credit decisions; fewer defaults than the previous scorecard (AUC 0.81 vs 0.74 on the out-of-time holdout).',
  'consequential-decision': true,
  'assessment-trigger': 'before-deployment',
  'affected-groups':
    'Applicants for consumer loans of EUR 1,000-50,000, about 180,000 a year; existing customers applying for top-ups.',
  'vulnerable-groups':
    'Young applicants with thin credit files; applicants in financial difficulty.',
  'discrimination-risks':
    'Age and sex are not model inputs, but income and employment length correlate with age: younger applicants may be approved less often.',
  'discrimination-mitigations':
    'Bias audit on approvals by age band and sex before each release (four-fifths benchmark); fairness monitor in production; refer-to-human for every decline.',
  'input-data':
    'Application data (income, debt-to-income ratio, employment length, loan amount and purpose) and bureau data (delinquencies, utilisation).',
  outputs: 'Probability of default within 12 months and an approve/refer recommendation at 0.5.',
  metrics:
    'ROC AUC with a bootstrap interval (discrimination), ECE (calibration), impact ratio by age band and sex (fairness); thresholds fixed in the eu-ai-act-high-risk policy pack.',
  'known-limitations':
    'Not validated for business lending or applicants without a bureau file; performance drops when income is reported monthly.',
  'transparency-measures':
    'Applicants are told an automated model supports the decision and can ask for a human review.',
  'human-oversight':
    'Credit officers see the score and its top factors and decide; they can override with a recorded reason.',
  monitoring:
    'Daily drift monitor (PSI on every input) in production with an incident on breach; quarterly performance and fairness review once 12-month outcomes arrive.',
  appeal: 'Declined applicants can request a review by a senior credit officer within 30 days.',
  'societal-impacts':
    'Access to credit for younger applicants; the bias audit and the monitor watch it quarterly.',
  'next-review': '2027-01-31',
};

/** The DPIA draft: started, partly answered, not yet finished (a real gap on the demo). */
const CREDIT_RISK_DPIA_DRAFT: Record<string, unknown> = {
  'lawful-basis': 'contract',
  'automated-decisions': 'human-decides-with-model-support',
  'dpia-triggers': ['systematic-evaluation-or-profiling-with-significant-effects'],
  'data-subjects': 'Consumer loan applicants in the EU.',
  'data-categories':
    'Identification removed before training; income, employment, debt and credit-bureau data.',
  'data-sources': 'Loan origination system; credit bureau.',
};

/**
 * Scoping and the first impact assessment, right after credit-risk went to production: the
 * compliance officer records its scope and EU AI Act classification (high risk, Annex III 5(b)),
 * the risk officer opens its risk register, the data scientist writes the algorithmic impact
 * assessment and the risk officer approves it. The DPIA is started but not finished.
 */
export async function seedComplianceScoping(
  demo: GovernanceContext,
  clock: ManualClock,
  at: At,
  people: People,
  model: string,
): Promise<void> {
  const { maria, priya, elena } = people;
  clock.set(at(-70, '10:00'));
  await setScope(demo, elena, model, {
    jurisdictions: ['EU'],
    sectors: ['banking'],
    area: 'essential-services',
    flags: ['personal-data', 'profiling', 'consequential-decision'],
    euAnswers: CREDIT_RISK_EU_ANSWERS,
  });
  clock.set(at(-70, '11:30'));
  const bias = await addRisk(demo, priya, model, {
    category: 'bias',
    title: 'Lower approval rates for applicants under 25',
    description:
      'Income and employment length correlate with age; the model may approve younger applicants less often than older ones.',
    likelihood: 3,
    impact: 4,
    owner: priya.name,
    mitigations: [
      {
        description:
          'Bias audit on approvals by age band before every release (four-fifths benchmark)',
        controls: ['C3'],
        status: 'implemented',
      },
      {
        description: 'Refer every decline to a credit officer',
        controls: ['C2'],
        status: 'implemented',
      },
    ],
    residualLikelihood: 2,
    residualImpact: 4,
    reviewDue: at(20, '00:00').toISOString().slice(0, 10),
  });
  clock.set(at(-70, '11:45'));
  await addRisk(demo, priya, model, {
    category: 'drift',
    title: 'Applicant population shifts after rate changes',
    description: 'Interest-rate moves change who applies; the score may lose calibration.',
    likelihood: 3,
    impact: 3,
    owner: people.james.name,
    mitigations: [
      {
        description: 'Daily PSI drift monitor on every input with an incident on breach',
        controls: ['C10', 'C8'],
        status: 'implemented',
      },
    ],
    residualLikelihood: 2,
    residualImpact: 2,
    reviewDue: at(45, '00:00').toISOString().slice(0, 10),
  });
  clock.set(at(-69, '16:00'));
  await acceptRisk(demo, elena, model, bias.id, {
    justification:
      'Residual risk accepted by the compliance officer with the quarterly fairness review; re-audit at every release.',
  });
  clock.set(at(-68, '09:30'));
  const aia = await startAssessment(demo, maria, model, 'aia');
  clock.set(at(-68, '14:10'));
  await saveAnswers(demo, maria, model, aia.id, { answers: CREDIT_RISK_AIA });
  clock.set(at(-68, '14:20'));
  await submitAssessment(demo, maria, model, aia.id);
  clock.set(at(-66, '10:05'));
  await decideAssessment(demo, priya, model, aia.id, {
    decision: 'approve',
    reason: 'Complete and consistent with validation MRV-2025-117.',
  });
  clock.set(at(-65, '09:00'));
  const dpia = await startAssessment(demo, maria, model, 'dpia');
  clock.set(at(-65, '11:40'));
  await saveAnswers(demo, maria, model, dpia.id, { answers: CREDIT_RISK_DPIA_DRAFT });
}

/**
 * Later compliance work: the organisation-wide attestations (the obligations review and the AI
 * literacy training; no restore test or penetration test yet), the fraud model's scope, and the
 * drift risk the incident revealed.
 */
export async function seedComplianceFollowUp(
  demo: GovernanceContext,
  clock: ManualClock,
  at: At,
  people: People,
  models: { credit: string; fraud: string },
): Promise<void> {
  const { james, priya, elena } = people;
  const controls = loadShippedCatalogue().controls;
  clock.set(at(-1, '09:00'));
  await recordAttestation(demo, elena, controls, {
    subControl: 'C1.3',
    statement:
      'Annual obligations review with external counsel: EU AI Act (as amended by Regulation 2026/1744), GDPR, SR 26-2; every [U] item listed for follow-up.',
    reference: 'LEGAL-2026-031',
    heldAt: at(-40, '14:00').toISOString(),
  });
  clock.set(at(-1, '09:10'));
  await recordAttestation(demo, elena, controls, {
    subControl: 'C5.4',
    statement:
      'AI literacy training (EU AI Act Art 4) for the credit-risk and payments teams: 23 attendees, role-specific modules for developers, validators and approvers.',
    reference: 'LMS course AI-101, completion report 2026-Q3',
    heldAt: at(-35, '10:00').toISOString(),
  });
  clock.set(at(-1, '09:30'));
  await recordAttestation(demo, priya, controls, {
    subControl: 'C12.3',
    model: models.credit,
    statement:
      'Annual model review by the model risk committee: continued use of credit-risk approved; 1.1.0 revalidated after the income-unit incident.',
    reference: 'MRC minutes 2026-11',
    heldAt: at(-8, '15:00').toISOString(),
  });
  clock.set(at(-1, '10:00'));
  await setScope(demo, elena, models.fraud, {
    jurisdictions: ['EU'],
    sectors: ['banking'],
    area: 'none',
    flags: ['personal-data'],
    euAnswers: {
      ...CREDIT_RISK_EU_ANSWERS,
      annexIIIArea: 'none',
      annexIIIPoint: undefined,
      profilesNaturalPersons: false,
    },
  });
  clock.set(at(-1, '11:00'));
  await addRisk(demo, james, models.credit, {
    category: 'data-quality',
    title: 'Upstream feature pipeline changes units without a contract change',
    description:
      'INC-2026-002: income arrived as a monthly amount for eight days. The rollback limited the harm but 1.0.0 reads income too.',
    likelihood: 3,
    impact: 3,
    owner: james.name,
    mitigations: [
      {
        description: 'Range check on income in the feature pipeline contract (INC-2026-002 action)',
        controls: ['C10', 'C12'],
        status: 'implemented',
      },
    ],
    residualLikelihood: 2,
    residualImpact: 3,
    reviewDue: at(30, '00:00').toISOString().slice(0, 10),
  });
}
