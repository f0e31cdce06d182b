import type { AuthoredCard } from '../cards/card-schema.js';
import { APPROVAL_CUTOFF } from './demo-content.js';

/**
 * What Northwind Lending's credit-risk team wrote on the card of `credit-risk` 1.0.0 (the
 * logistic-regression baseline). It describes the demo's real inputs, cut-off and data; the
 * numbers on the rendered card (metrics, digests, approvals) come from the registry, not from here.
 */
export const CREDIT_RISK_CARD: AuthoredCard = {
  details: {
    description: `Estimates the probability that a consumer loan applicant defaults within 12 months of origination. Applications scoring below ${APPROVAL_CUTOFF} proceed to the standard affordability checks; the others are referred to an underwriter. The model never declines an application on its own.`,
    type: 'binary classifier (logistic regression on standardised features)',
    architecture:
      'A scoring service behind the loan origination system (LOS). The LOS sends six application fields over an internal REST call and receives the probability of default, the approve/refer flag and the three strongest reason codes.',
    developmentMethod:
      'Trained in the credit-risk-models repository from quarterly extracts of the LOS, with a seeded 80/20 split of the quarter. No pre-trained or third-party model components. Features are log-transformed where skewed (income, loan amount) and employment status is one-hot encoded with "employed" as the reference.',
    designChoices: `Logistic regression was chosen as the baseline for interpretability: every reason code maps to one coefficient. The cut-off of ${APPROVAL_CUTOFF} refers about one application in six to an underwriter. Age is an input because it carries real signal in this portfolio; its use is justified and monitored (see Fairness).`,
    contacts: ['credit-risk-analytics@northwind.example', 'model-risk@northwind.example'],
    owners: ['Credit Risk Analytics', 'Model Risk Management (independent validation)'],
    provider: 'Northwind Lending Inc., Consumer Credit',
    licence: 'Proprietary, internal use only',
    inputSpecification:
      'age (integer, 18–100), income (gross annual, USD, ≥ 0), debt_to_income (0–1.5), credit_history_months (integer, ≥ 0), employment_status (employed, self-employed, unemployed, retired, student), loan_amount (USD, > 0). Requests outside these ranges are rejected by the service, not scored.',
  },
  intendedUse: {
    purpose:
      'Support underwriters in the consumer lending decision by ranking applications by default risk, so that higher-risk applications receive a manual review before credit is granted.',
    intendedUsers: ['Consumer credit underwriters', 'Loan origination system (automated referral)'],
    outOfScopeUses: [
      'Declining an application without human review',
      'Pricing or setting interest rates',
      'Small-business, auto or mortgage lending',
      'Collections or account management decisions',
    ],
    affectedPersons: [
      'Consumer loan applicants',
      'Existing customers applying for additional credit',
    ],
    deploymentContext:
      'Runs next to the LOS in the private cloud; called once per application (about 2,000 a day). Underwriters see the score, the referral flag and the reason codes in the LOS case screen.',
    instructionsForUse:
      'Treat the score as a ranking, not a decision. A referred case is reviewed in full by an underwriter, who may approve regardless of the score and records why. Do not use the score for products outside the supported consumer loans.',
  },
  risk: {
    tier: 'high',
    annexIIIArea: 'essential-services',
    classificationRationale:
      'Creditworthiness evaluation of natural persons is listed in Annex III point 5(b) of the EU AI Act, so the system is high-risk where it serves EU applicants. It is also a model under US bank model-risk guidance (SR 11-7 / SR 26-2).',
    riskManagement:
      'Risks are recorded in the model risk register and reviewed quarterly by the model risk committee. Each release passes independent validation by Model Risk Management before production (MRV-2025-117 for 1.0.0).',
  },
  trainingData: {
    provenance:
      'Quarterly extracts of completed consumer loan applications from the LOS, joined with the 12-month repayment outcome, registered in Verity as loan-applications with their SHA-256 digests. In this demo the applications are synthetic: a seeded generator with a known default process (see the dataset description).',
    preparation:
      'Applications withdrawn before a decision are excluded. The outcome is 1 when the loan defaulted within 12 months. Income and loan amount are log-transformed, all numeric features standardised on the training split, employment status one-hot encoded.',
    knownBiases: [
      'Only approved applications have observed outcomes (no reject inference)',
      'Applicants under 25 are a small share of the data, so their estimates are less certain',
      'Self-declared income is less reliable for self-employed applicants',
    ],
  },
  evaluation: {
    procedure:
      'Hold-out validation on the last 20% of the training quarter, never seen in training; metrics recorded with the version. Model Risk Management re-performs the evaluation independently before each production release.',
    metricRationale:
      'ROC AUC measures ranking quality, which is how underwriters use the score; KS is the industry-standard separation measure for credit scorecards; the Brier score and log loss check calibration, which matters because the probability is shown to underwriters; the approval-rate parity across age bands is the four-fifths-rule check for disparate impact.',
  },
  fairness: {
    groupsConsidered: ['age band (21–24, 25–34, 35–49, 50+)', 'employment status'],
    analysis:
      'Approval rates at the cut-off were compared across age bands; the parity (lowest rate over highest) is recorded with the version as approval_rate_parity_age: 0.62 for 1.0.0 and 0.69 for 1.1.0, below the 0.8 of the four-fifths rule. Younger applicants are approved less often, in line with their observed default rates; Model Risk Management accepted the gap for these versions on the condition below, and it is reviewed at every release.',
    mitigations:
      'Referral, not decline: every applicant above the cut-off is seen by a person, so no application is declined by the score alone. Age-band approval parity is computed daily from the production decisions, with an alert if it falls below 0.5, and compared with 0.8 in a monthly review.',
  },
  explainability: {
    approach:
      'Each score comes with the three features that raise it most (coefficient × standardised value), shown to underwriters as reason codes and passed to the adverse-action notice.',
    interpretationAids:
      'The underwriter guide explains each reason code and the expected action. The coefficients are in the model artifact and are reviewed by the credit committee every quarter.',
  },
  robustness: {
    robustness:
      'Inputs are validated against the version’s input schema; out-of-range requests are rejected rather than scored. The score changes smoothly with each input (a linear model on transformed features), so small input errors cause small score changes.',
    cybersecurity:
      'The scoring service accepts calls only from the LOS over mutual TLS. Model artifacts are signed and their digests checked at load; only a version approved in Verity can be deployed.',
  },
  humanOversight: {
    measures:
      'Every referral is decided by an underwriter, who can approve against the score. The credit operations lead can switch the service to manual-only mode within five minutes. Model Risk Management samples underwriter decisions every week.',
  },
  limitations: {
    known: [
      'Not validated for loans above USD 75,000',
      'Performance in a recession is untested: the training data has no downturn',
      'A single quarter of training data; seasonal effects are not captured',
    ],
    risks: [
      'Indirect discrimination through age, which is an input',
      'Score drift when the application mix or an upstream field definition changes',
      'Automation bias: underwriters following the score without review',
    ],
    mitigations: [
      'Approval-rate parity by age band recorded at every release and watched daily in production',
      'Drift monitoring on every input with alerts',
      'Weekly sampling of underwriter decisions by Model Risk Management',
    ],
  },
  ethics: [
    {
      name: 'Use of age as an input',
      mitigation:
        'Justified by its predictive value in validation; parity across age bands is recorded at every release and reviewed monthly',
    },
    {
      name: 'Explanations for adverse decisions',
      mitigation: 'Reason codes are passed to the adverse-action notice template',
    },
  ],
  compute: {
    hardware: 'Training: one 8-vCPU VM with 32 GiB RAM. Serving: two 2-vCPU containers.',
    trainingDuration: 'under one hour including validation',
    energyKwh: 0.6,
    co2Tonnes: 0.0002,
    notes:
      'Estimated from the VM’s CPU time and the data centre’s published power usage effectiveness of 1.3.',
  },
  monitoring: {
    plan: 'Daily drift checks on every input (PSI, alert at 0.2); approval-rate parity by age band from the daily decisions (alert below 0.5) and a monthly review against 0.8; performance once 12-month outcomes mature (alert if ROC AUC falls 0.05 below validation). Alerts open an incident owned by Credit Risk Analytics; serious incidents are reported as the law requires.',
  },
  lifecycle: {
    predeterminedChanges:
      'Retraining on a newer quarter with unchanged features and method is a new version that needs the same validation and approvals; no change is applied to a released version.',
    standardsApplied: [
      'ISO/IEC 42001:2023',
      'ISO/IEC 23894:2023',
      'SR 11-7 / SR 26-2 model risk management',
    ],
  },
};

/** The 1.1.0 card: the 1.0.0 text with what the gradient-boosted model changed. */
export const CREDIT_RISK_110_CARD: AuthoredCard = {
  ...CREDIT_RISK_CARD,
  details: {
    ...CREDIT_RISK_CARD.details,
    type: 'binary classifier (gradient-boosted decision stumps)',
    developmentMethod:
      'Trained in the credit-risk-models repository on the 2025-q3 extract and the first 80% of 2025-q4; the rest of 2025-q4 is the out-of-time hold-out. No pre-trained or third-party model components.',
    designChoices: `Gradient-boosted stumps replace the logistic baseline because they capture the jump in default risk above a debt-to-income of about 0.43 that a linear model smooths over. Each stump uses one feature, so reason codes remain per-feature sums. The cut-off stays at ${APPROVAL_CUTOFF}.`,
  },
  evaluation: {
    ...CREDIT_RISK_CARD.evaluation,
    procedure:
      'Out-of-time validation on the last 20% of 2025-q4, never seen in training; metrics recorded with the version. Champion/challenger comparison against 1.0.0 in staging (shadow scoring for two weeks); independent validation MRV-2026-009.',
  },
  explainability: {
    approach:
      'Each score is a sum of per-feature stump contributions; the three largest are shown to underwriters as reason codes and passed to the adverse-action notice.',
    interpretationAids: CREDIT_RISK_CARD.explainability?.interpretationAids ?? '',
  },
  limitations: {
    ...CREDIT_RISK_CARD.limitations,
    known: [
      'Not validated for loans above USD 75,000',
      'Performance in a recession is untested: the training data has no downturn',
      'Step-shaped response: applicants just either side of a stump threshold can differ noticeably in score',
    ],
  },
};

/** The fraud model's card as its engineer left it: a draft with most sections still empty. */
export const FRAUD_CARD_DRAFT: AuthoredCard = {
  details: {
    description:
      'Scores card payments for fraud; payments scoring at or above the threshold are held for manual review by the payments risk team.',
    type: 'hand-weighted logistic scorecard',
    contacts: ['payments-risk@northwind.example'],
  },
  intendedUse: {
    purpose: 'Hold likely fraudulent card payments for review before they settle.',
    intendedUsers: ['Payments risk analysts'],
  },
};
