import type { AuthoredCard } from '../cards/card-schema.js';

/**
 * What the credit-risk team wrote on the card of `credit-risk` 1.0.0. Version 1.1.0 starts from
 * this text and updates what changed (the model family, the new quarter of data, the oversight
 * queue). The numbers on the cards come from the registry, not from this text.
 */
export const CREDIT_RISK_CARD: AuthoredCard = {
  details: {
    description:
      'Estimates the probability that a consumer loan applicant defaults (90+ days past due) within 12 months of origination. The score drives an approve / refer-to-underwriter decision; the model never declines an application on its own.',
    type: 'binary classifier (logistic regression on binned, standardised features)',
    architecture:
      'A single scoring service behind the loan origination system (LOS). The LOS sends the application features over an internal REST call and receives a probability and the three strongest reason codes. Scores at or above 0.35 are referred to an underwriter; lower scores proceed to the standard affordability checks.',
    developmentMethod:
      'Trained in the credit-risk analytics pipeline from quarterly extracts of the LOS. No pre-trained or third-party model components; scikit-learn 1.5 and pandas 2.2 are the only modelling libraries. Hyper-parameters were chosen by 5-fold cross-validation on the training quarter.',
    designChoices:
      'Logistic regression was kept over gradient boosting for interpretability: each reason code maps to one coefficient. The decision threshold of 0.35 trades a 6% referral rate for catching 71% of eventual defaults. Applicant age and postcode are excluded as inputs; income is capped at the 99th percentile.',
    contacts: ['credit-risk-analytics@bank.example', 'model-risk@bank.example'],
    owners: ['Credit Risk Analytics', 'Model Risk Management (validation)'],
    provider: 'Example Bank plc, Retail Credit',
    licence: 'Proprietary, internal use only',
    inputSpecification:
      '14 application features: income (EUR, 0–500k), loan amount (EUR, 1k–75k), term (12–84 months), debt-to-income ratio (0–2), credit history length (months), number of open accounts, number of delinquencies in 24 months, utilisation (0–1), employment length (years), home ownership (own / mortgage / rent), purpose (6 categories), region (NUTS-1), channel (branch / online / broker), existing customer flag. Missing values are imputed with the training median and flagged.',
  },
  intendedUse: {
    purpose:
      'Support underwriters in the consumer lending decision by ranking applications by default risk, so that high-risk applications receive a manual review before credit is granted.',
    intendedUsers: ['Retail credit underwriters', 'Loan origination system (automated referral)'],
    outOfScopeUses: [
      'Automatic decline of an application without human review',
      'Pricing or setting interest rates',
      'Small-business or mortgage lending',
      'Collections or account management decisions',
    ],
    affectedPersons: [
      'Consumer loan applicants in the EU retail market',
      'Existing customers applying for additional credit',
    ],
    deploymentContext:
      'Runs in the bank’s private cloud next to the LOS; called once per application (about 4,000 a day). Underwriters see the score, the referral flag and the reason codes in the LOS case screen.',
    instructionsForUse:
      'Treat the score as a ranking, not a decision. Referred cases must be reviewed in full by an underwriter, who may approve regardless of the score and records the reason. Do not use on applications outside the supported products or with more than three imputed features.',
  },
  risk: {
    tier: 'high',
    annexIIIArea: 'essential-services',
    classificationRationale:
      'Creditworthiness evaluation of natural persons is listed in Annex III point 5(b) of the EU AI Act; the system is therefore high-risk. It is also a model under SR 11-7 / SR 26-2 model risk management.',
    riskManagement:
      'Risks are recorded in the model risk register (MRR-0412) and reviewed quarterly by the model risk committee. Each release passes independent validation (report MRV-2025-117) before production.',
  },
  trainingData: {
    provenance:
      'Quarterly extracts of completed consumer loan applications from the LOS (2021 Q1 to 2025 Q3) joined with the 12-month repayment outcome from the core banking system. Direct identifiers are removed before extraction; the extract is registered in Verity as loan-applications with its SHA-256 digest.',
    preparation:
      'Applications withdrawn before decision are dropped. Outcomes are labelled 1 for 90+ days past due within 12 months. Numeric features are winsorised at the 1st and 99th percentiles, binned into deciles and standardised; categorical features are one-hot encoded with rare levels (< 0.5%) merged.',
    knownBiases: [
      'Only approved applications have observed outcomes (reject inference not applied)',
      'Online channel under-represented before 2023',
      'Applicants under 25 make up 7% of the data against 12% of the market',
    ],
  },
  evaluation: {
    procedure:
      'Out-of-time validation on the most recent quarter, held out from training; 1,000 bootstrap resamples for confidence intervals; independent re-performance by Model Risk Management.',
    metricRationale:
      'ROC AUC measures ranking quality, which is how underwriters use the score. KS is the industry-standard separation measure for credit scorecards. Recall at the referral threshold shows the share of defaults that reach an underwriter.',
  },
  fairness: {
    groupsConsidered: ['sex', 'age band (under 25, 25–64, 65+)', 'nationality (EU / non-EU)'],
    analysis:
      'Referral rates were compared across groups with the four-fifths rule; the lowest impact ratio is 0.86 (applicants under 25). Equal opportunity difference (recall gap) stays below 0.05 for every group.',
    mitigations:
      'Age and postcode are excluded as inputs. The under-25 referral rate is monitored monthly in production with an alert at an impact ratio below 0.80.',
  },
  explainability: {
    approach:
      'Each score comes with the three features that raise it most (coefficient × standardised value), shown to underwriters as reason codes.',
    interpretationAids:
      'The underwriter guide UW-17 explains each reason code and the expected action. Global coefficients are published to the credit committee every quarter.',
  },
  robustness: {
    robustness:
      'Scores change by less than 0.02 under ±5% noise on the numeric inputs. Missing or out-of-range inputs are imputed and flagged; more than three imputed features route the application to manual review.',
    cybersecurity:
      'The scoring service accepts calls only from the LOS over mutual TLS. Model artifacts are signed and their digests are checked at load; only a version approved in Verity can be deployed.',
  },
  humanOversight: {
    measures:
      'Every referral is decided by an underwriter, who can approve against the score. The credit operations lead can switch the service to manual-only mode within five minutes. Overrides are sampled weekly by Model Risk Management.',
  },
  limitations: {
    known: [
      'Not validated for loans above EUR 75,000 or terms above 84 months',
      'Performance in a recession is untested: the training window has no downturn',
      'Self-employed income is self-declared and less reliable',
    ],
    risks: [
      'Indirect discrimination through features correlated with age or nationality',
      'Score drift when the application mix changes (for example a new broker channel)',
      'Automation bias: underwriters following the score without review',
    ],
    mitigations: [
      'Monthly fairness monitoring with alerting below an impact ratio of 0.80',
      'Drift monitoring on all input features with PSI alerts at 0.2',
      'Quarterly sampling of underwriter decisions by Model Risk Management',
    ],
  },
  ethics: [
    {
      name: 'Access to credit for thin-file applicants',
      mitigation:
        'Thin-file applications are always referred to an underwriter, never auto-approved on score alone',
    },
    {
      name: 'Explanations for adverse decisions',
      mitigation: 'Reason codes are passed to the adverse-action notice template',
    },
  ],
  compute: {
    hardware: 'Training: 1 × 8-vCPU VM, 32 GiB RAM. Serving: 2 × 2-vCPU containers.',
    trainingDuration: '48 minutes including cross-validation',
    energyKwh: 0.9,
    co2Tonnes: 0.0002,
    notes:
      'Measured from the VM’s CPU time at the data centre’s published power usage effectiveness of 1.3.',
  },
  monitoring: {
    plan: 'Daily drift checks (PSI per feature, alert at 0.2), monthly performance once 12-month outcomes mature (alert if ROC AUC falls below 0.75), monthly fairness by age band and sex (alert at impact ratio below 0.80). Alerts open an incident owned by Credit Risk Analytics; serious incidents are reported under Art 73.',
  },
  lifecycle: {
    predeterminedChanges:
      'Quarterly retraining on the newest data with unchanged features and method is pre-approved if the out-of-time ROC AUC stays within 0.02 of the current version and the fairness thresholds hold; any other change is a new version with full validation.',
    standardsApplied: [
      'ISO/IEC 42001:2023',
      'ISO/IEC 23894:2023',
      'SR 11-7 / SR 26-2 model risk management',
    ],
    declarationOfConformity: 'EU-DoC-2025-031',
  },
};
