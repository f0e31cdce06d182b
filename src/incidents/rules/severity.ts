/**
 * Incident severities and types for ML models that decide about people.
 *
 * Severity measures impact and sets response targets; it does not decide whether the law requires
 * a report. A regulatory clock (see `regulatory-clocks.ts`) starts from the incident's legal class
 * and awareness time, so a SEV3 personal-data breach still starts the GDPR 72-hour clock.
 */

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** What a severity means and what it commits the organisation to. */
export interface SeverityDefinition {
  readonly severity: Severity;
  readonly name: string;
  /** When to use this severity; the highest one whose criteria match applies. */
  readonly criteria: string;
  readonly examples: readonly string[];
  /** Target from opening to acknowledgement by a responder. */
  readonly acknowledgeWithinMinutes: number;
  /** Target from opening to resolution (harm stopped; follow-up may continue). */
  readonly resolveWithinMinutes: number;
  /** Whether the incident may only be closed after a completed post-incident review. */
  readonly reviewRequired: boolean;
}

const MINUTES_PER_HOUR = 60;
const MINUTES_PER_DAY = 24 * MINUTES_PER_HOUR;

/** The severity scale. Targets are Verity's defaults, not legal deadlines. */
export const SEVERITY_LEVELS: Readonly<Record<Severity, SeverityDefinition>> = {
  SEV1: {
    severity: 'SEV1',
    name: 'critical',
    criteria:
      'Harm to people or a legal breach is in progress: a model that decides about people makes ' +
      'discriminatory or wrong decisions at scale; personal data or PHI is breached; or the event ' +
      'is, or may be, a serious incident under EU AI Act Art 3(49) (death or serious harm to ' +
      'health, serious and irreversible disruption of critical infrastructure, infringement of ' +
      'obligations protecting fundamental rights, serious harm to property or the environment).',
    examples: [
      'credit model rejecting one protected group far below the four-fifths line in production',
      'training set with personal data exposed in a public bucket',
      'triage model under-prioritising emergency cases after a bad deployment',
    ],
    acknowledgeWithinMinutes: 15,
    resolveWithinMinutes: 24 * MINUTES_PER_HOUR,
    reviewRequired: true,
  },
  SEV2: {
    severity: 'SEV2',
    name: 'major',
    criteria:
      'Material degradation of a production model, or an event likely to become reportable: ' +
      'performance or fairness thresholds breached in production, drift that changes decisions, ' +
      'a suspected but unconfirmed breach, a deployed artefact failing integrity checks, use ' +
      'outside the intended purpose.',
    examples: [
      'ROC AUC below the committed threshold for a day',
      'signature of the deployed model version no longer verifies',
    ],
    acknowledgeWithinMinutes: 30,
    resolveWithinMinutes: 3 * MINUTES_PER_DAY,
    reviewRequired: true,
  },
  SEV3: {
    severity: 'SEV3',
    name: 'minor',
    criteria:
      'A limited or contained issue: confined to a non-production environment or a small ' +
      'segment, or already contained by a fallback or human review; no reportable event expected.',
    examples: [
      'drift alert on one feature with no change in decisions',
      'staging evaluation run on a stale dataset',
    ],
    acknowledgeWithinMinutes: 4 * MINUTES_PER_HOUR,
    resolveWithinMinutes: 14 * MINUTES_PER_DAY,
    reviewRequired: false,
  },
  SEV4: {
    severity: 'SEV4',
    name: 'low',
    criteria: 'Minor, with no user impact: a near miss, monitoring noise, a documentation defect.',
    examples: ['model card lists an outdated contact', 'flapping monitor on a shadow model'],
    acknowledgeWithinMinutes: MINUTES_PER_DAY,
    resolveWithinMinutes: 30 * MINUTES_PER_DAY,
    reviewRequired: false,
  },
};

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

export const INCIDENT_TYPES = [
  'malfunction',
  'drift',
  'bias',
  'performance',
  'data-quality',
  'security-breach',
  'privacy-breach',
  'integrity',
  'misuse',
  'other',
] as const;
export type IncidentType = (typeof INCIDENT_TYPES)[number];

/** What each incident type covers; shown when an incident is opened. */
export const INCIDENT_TYPE_DESCRIPTIONS: Readonly<Record<IncidentType, string>> = {
  malfunction:
    'The system fails or behaves outside its specification: errors, crashes, wrong outputs from ' +
    'a defect, a bad deployment or a failed dependency.',
  drift:
    'Input or prediction distributions moved away from the reference, so the model no longer ' +
    'sees the population it was validated on.',
  bias:
    'Outcomes differ unfairly between protected or other groups (e.g. an impact ratio below ' +
    'four-fifths): possible algorithmic discrimination.',
  performance:
    'Accuracy, calibration or another quality metric fell below its committed threshold in ' +
    'production.',
  'data-quality':
    'Input or training data is missing, malformed, stale, mislabelled or out of range.',
  'security-breach':
    'Unauthorised access to, or an attack on, systems, models or pipelines: intrusion, data or ' +
    'model poisoning, model theft, adversarial evasion.',
  'privacy-breach':
    'Personal data (or PHI) destroyed, lost, altered, disclosed or accessed without ' +
    'authorisation (GDPR Art 4(12)), including leakage through model outputs.',
  integrity:
    'An artefact, record or log does not match its digest or signature, or the audit trail does ' +
    'not verify.',
  misuse:
    'The system is used outside its intended purpose, population or conditions of use, by a ' +
    'deployer, an operator or an attacker.',
  other: 'Anything else; the summary says what.',
};

export function isIncidentType(value: unknown): value is IncidentType {
  return typeof value === 'string' && (INCIDENT_TYPES as readonly string[]).includes(value);
}
