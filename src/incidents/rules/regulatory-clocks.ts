/**
 * Regulatory reporting clocks: which authority must hear about an incident, by when, and what it
 * asks for. Facts and confidence tags come from `shared/reference/regulations.md` §0 (clock
 * table), §1 (EU AI Act Art 73), §2 (GDPR Art 33), §3 (HIPAA 164.402–164.414) and §7.2 (Colorado
 * 6-1-1703(7)); legal position as of about September 2026. Engineering reference, not legal
 * advice: anything tagged [S] or [U] is shown as "confirm with counsel".
 *
 * Each clock models the outer legal limit. Several provisions also say "immediately" or "without
 * undue delay"; meeting the clock does not by itself meet those words.
 */
import { ValidationError } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  readInstant,
  throwIfIssues,
  toMillis,
  validationError,
} from './time.js';
import type { Instant } from './time.js';

/** What starts a clock: when the organisation became aware, or when it discovered the event. */
export type ClockBasis = 'awareness' | 'discovery';

/** A length of time: `days` are exactly 24 hours each (see `deadline`). */
export interface ClockSpan {
  days?: number;
  hours?: number;
}

/** regulations.md tags: [P] primary text, [S] two or more secondary sources, [U] unverified. */
export type Confidence = 'P' | 'S' | 'U';

/** Which incident fact fills a report field in `draftReport`. */
export type PrefillSource =
  'reference' | 'description' | 'awareAt' | 'onsetAt' | 'models' | 'actions';

/** One piece of information the authority asks for. */
export interface ReportField {
  /** Stable camelCase key. */
  readonly name: string;
  readonly label: string;
  /** Whether the authority requires it in the (initial) report. */
  readonly required: boolean;
  readonly help: string;
  /** The incident fact that prefills it; absent when only a person can answer. */
  readonly prefill?: PrefillSource;
}

/** One reporting obligation with its deadline. */
export interface ClockRule {
  readonly id: string;
  readonly framework: string;
  readonly citation: string;
  readonly title: string;
  /** Who receives the report. */
  readonly recipient: string;
  readonly basis: ClockBasis;
  readonly period: Readonly<ClockSpan>;
  /** How long before the deadline the clock turns to `warning`; a Verity default, not law. */
  readonly warnBefore: Readonly<ClockSpan>;
  /** Tag of the deadline itself; `notes` tag anything weaker. */
  readonly confidence: Confidence;
  /** What the clock does not capture: "immediately", exemptions, status of the law. */
  readonly notes: readonly string[];
  readonly reportFields: readonly ReportField[];
}

const reference: ReportField = {
  name: 'reference',
  label: 'Our incident reference',
  required: false,
  help: 'Internal key, so replies and follow-up reports can be matched to the incident.',
  prefill: 'reference',
};

/**
 * Art 73 report content. Art 73 does not list fields; the Commission's guidance and template are
 * [U] (the Art 72(3) template became voluntary guidance under the Omnibus, §1.1). These are the
 * facts an authority needs to act under Art 73 and Art 3(49).
 */
function art73Fields(extra: readonly ReportField[] = []): ReportField[] {
  return [
    reference,
    {
      name: 'provider',
      label: 'Provider',
      required: true,
      help: 'Name, address and contact point of the provider (and of the deployer reporting, if not the provider).',
    },
    {
      name: 'aiSystem',
      label: 'AI system and its identification',
      required: true,
      help: 'Name, version and, where registered, the EU database registration number (Art 49).',
      prefill: 'models',
    },
    {
      name: 'incident',
      label: 'The serious incident',
      required: true,
      help: 'What happened, the Art 3(49) point it falls under ((a) death or serious harm to health, (b) critical infrastructure, (c) fundamental rights, (d) property or environment).',
      prefill: 'description',
    },
    {
      name: 'incidentDate',
      label: 'Date of the incident',
      required: true,
      help: 'When the incident occurred (or began).',
      prefill: 'onsetAt',
    },
    {
      name: 'awareAt',
      label: 'Date of awareness',
      required: true,
      help: 'When the provider or deployer became aware; the deadline runs from here.',
      prefill: 'awareAt',
    },
    {
      name: 'memberStates',
      label: 'Member State(s) where it occurred',
      required: true,
      help: 'The report goes to the market surveillance authority of each (Art 73(1)).',
    },
    {
      name: 'affectedPersons',
      label: 'Affected persons and harm',
      required: true,
      help: 'Who was affected, how many, and the harm suffered or likely.',
    },
    ...extra,
    {
      name: 'causalLink',
      label: 'Causal link',
      required: true,
      help: 'Whether a causal link between the AI system and the incident is established or reasonably likely, and the evidence.',
    },
    {
      name: 'correctiveAction',
      label: 'Corrective action',
      required: true,
      help: 'Action taken or planned (Art 20). Do not alter the system in a way that hampers the cause analysis before informing the authority.',
      prefill: 'actions',
    },
  ];
}

const ART73_NOTES: readonly string[] = [
  'Serious incident: Art 3(49) (a) death or serious harm to health, (b) serious and irreversible disruption of critical infrastructure, (c) infringement of Union-law obligations protecting fundamental rights, (d) serious harm to property or the environment [P].',
  'An initial, incomplete report may be completed later [P].',
  'Equivalent sectoral regimes and MDR/IVDR devices report only Art 3(49)(c) incidents under Art 73 [P].',
  'Applicability [U]: Arts 72–73 reportedly not deferred by Regulation (EU) 2026/1744 while Annex III high-risk duties start 2 Dec 2027 (Annex I: 2 Aug 2028); AI Office route after the Omnibus [U]. Confirm with counsel.',
];

/**
 * HIPAA 164.404(c)(1)(A)–(E) content of the notice to individuals. The field list is from the
 * regulation text as background knowledge [U]; regulations.md §3 lists the clock, not the content.
 */
function hipaaNoticeFields(actor: string, extra: readonly ReportField[] = []): ReportField[] {
  return [
    reference,
    {
      name: 'whatHappened',
      label: 'What happened',
      required: true,
      help: 'Brief description of what happened, including the date of the breach and the date of discovery (164.404(c)(1)(A)).',
      prefill: 'description',
    },
    {
      name: 'breachDate',
      label: 'Date of the breach',
      required: true,
      help: 'When the breach occurred, if known (164.404(c)(1)(A)).',
      prefill: 'onsetAt',
    },
    {
      name: 'discoveryDate',
      label: 'Date of discovery',
      required: true,
      help: 'First day the breach was known, or by reasonable diligence would have been known; the deadline runs from here.',
      prefill: 'awareAt',
    },
    {
      name: 'phiTypes',
      label: 'Types of unsecured PHI involved',
      required: true,
      help: 'E.g. full name, Social Security number, date of birth, home address, account number, diagnosis, disability code (164.404(c)(1)(B)).',
    },
    ...extra,
    {
      name: 'individualSteps',
      label: 'Steps individuals should take',
      required: true,
      help: 'What individuals should do to protect themselves from potential harm (164.404(c)(1)(C)).',
    },
    {
      name: 'entityActions',
      label: `What the ${actor} is doing`,
      required: true,
      help: 'To investigate the breach, mitigate harm and protect against further breaches (164.404(c)(1)(D)).',
      prefill: 'actions',
    },
    {
      name: 'contactProcedures',
      label: 'Contact procedures',
      required: true,
      help: 'How individuals can ask questions: a toll-free number, e-mail address, website or postal address (164.404(c)(1)(E)).',
    },
  ];
}

const HIPAA_NOTES: readonly string[] = [
  'Without unreasonable delay and in no case later than 60 calendar days after discovery [S].',
  'Only breaches of unsecured PHI (not encrypted per HHS guidance); the entity bears the burden of proof (164.414) [P]. A law-enforcement delay (164.412) can suspend the clock; not modelled.',
  'HHS (164.408): 500 or more individuals at the same time as the individual notice; fewer than 500 in an annual log due 60 days after the calendar year ends [S]; not modelled here.',
];

/** The reporting obligations Verity tracks. Ids are stable; a change in law adds a rule. */
export const CLOCK_RULES: readonly ClockRule[] = [
  {
    id: 'eu-ai-act-art73',
    framework: 'EU AI Act (Regulation (EU) 2024/1689)',
    citation: 'Art 73(1)–(2)',
    title: 'Serious incident report',
    recipient: 'Market surveillance authority of the Member State(s) where the incident occurred',
    basis: 'awareness',
    period: { days: 15 },
    warnBefore: { days: 5 },
    confidence: 'P',
    notes: [
      'Immediately after a causal link (or its reasonable likelihood) is established, and not later than 15 days after awareness [P].',
      ...ART73_NOTES,
    ],
    reportFields: art73Fields(),
  },
  {
    id: 'eu-ai-act-art73-widespread',
    framework: 'EU AI Act (Regulation (EU) 2024/1689)',
    citation: 'Art 73(3), Art 3(49)(b)',
    title:
      'Serious incident report: widespread infringement, or serious and irreversible disruption of critical infrastructure',
    recipient: 'Market surveillance authority of the Member State(s) where the incident occurred',
    basis: 'awareness',
    period: { days: 2 },
    warnBefore: { hours: 24 },
    confidence: 'P',
    notes: ['Immediately, and not later than 2 days after awareness [P].', ...ART73_NOTES],
    reportFields: art73Fields([
      {
        name: 'extent',
        label: 'Extent',
        required: true,
        help: 'For a widespread infringement: the Member States and number of persons affected. For Art 3(49)(b): the critical infrastructure disrupted and why the disruption is serious and irreversible.',
      },
    ]),
  },
  {
    id: 'eu-ai-act-art73-death',
    framework: 'EU AI Act (Regulation (EU) 2024/1689)',
    citation: 'Art 73(4), Art 3(49)(a)',
    title: 'Serious incident report: death of a person',
    recipient: 'Market surveillance authority of the Member State(s) where the incident occurred',
    basis: 'awareness',
    period: { days: 10 },
    warnBefore: { days: 3 },
    confidence: 'P',
    notes: [
      'Immediately once a causal link is established or suspected, and not later than 10 days after awareness [P].',
      ...ART73_NOTES,
    ],
    reportFields: art73Fields(),
  },
  {
    id: 'gdpr-art33',
    framework: 'GDPR (Regulation (EU) 2016/679)',
    citation: 'Art 33(1), 33(3)',
    title: 'Personal-data breach notification to the supervisory authority',
    recipient: 'Competent supervisory authority',
    basis: 'awareness',
    period: { hours: 72 },
    warnBefore: { hours: 24 },
    confidence: 'P',
    notes: [
      'Without undue delay and, where feasible, not later than 72 hours after awareness; a later notification gives the reasons for the delay (Art 33(1)) [P].',
      'Not required where the breach is unlikely to result in a risk to the rights and freedoms of natural persons; every breach is still documented (Art 33(5)) [P].',
      'Information may be given in phases without undue further delay (Art 33(4)) [P]. A processor notifies its controller without undue delay (Art 33(2)); this is the controller clock.',
      'A likely high-risk breach is also communicated to data subjects without undue delay (Art 34), a duty with no fixed hours, so no clock here [P].',
      'Proposed 96-hour window and "high-risk" threshold (COM(2025) 837) [U]: a proposal, not modelled.',
    ],
    reportFields: [
      reference,
      {
        name: 'natureOfBreach',
        label: 'Nature of the personal-data breach',
        required: true,
        help: 'What happened and how: confidentiality, integrity or availability (Art 33(3)(a)).',
        prefill: 'description',
      },
      {
        name: 'dataSubjectCategories',
        label: 'Categories of data subjects concerned',
        required: true,
        help: 'E.g. applicants, customers, patients, employees; where possible (Art 33(3)(a)).',
      },
      {
        name: 'dataSubjectsApprox',
        label: 'Approximate number of data subjects concerned',
        required: true,
        help: 'Where possible (Art 33(3)(a)).',
      },
      {
        name: 'recordCategories',
        label: 'Categories of personal-data records concerned',
        required: true,
        help: 'E.g. identity, contact, financial, special-category data (Art 9), model inputs or outputs; where possible (Art 33(3)(a)).',
      },
      {
        name: 'recordsApprox',
        label: 'Approximate number of personal-data records concerned',
        required: true,
        help: 'Where possible (Art 33(3)(a)).',
      },
      {
        name: 'dpoContact',
        label: 'DPO or other contact point',
        required: true,
        help: 'Name and contact details of the data protection officer or another contact point (Art 33(3)(b)).',
      },
      {
        name: 'likelyConsequences',
        label: 'Likely consequences of the breach',
        required: true,
        help: 'Art 33(3)(c).',
      },
      {
        name: 'measures',
        label: 'Measures taken or proposed',
        required: true,
        help: 'To address the breach, including measures to mitigate its possible adverse effects (Art 33(3)(d)).',
        prefill: 'actions',
      },
      {
        name: 'awareAt',
        label: 'When the controller became aware',
        required: true,
        help: 'The 72 hours run from here (Art 33(1)).',
        prefill: 'awareAt',
      },
      {
        name: 'breachDate',
        label: 'When the breach occurred',
        required: false,
        help: 'If known.',
        prefill: 'onsetAt',
      },
      {
        name: 'delayReasons',
        label: 'Reasons for the delay',
        required: false,
        help: 'Required when the notification is made more than 72 hours after awareness (Art 33(1)).',
      },
    ],
  },
  {
    id: 'hipaa-164-404',
    framework: 'HIPAA Breach Notification Rule (45 CFR Part 164 Subpart D)',
    citation: '45 CFR 164.404(b)–(c)',
    title: 'Notice to individuals of a breach of unsecured PHI',
    recipient:
      'Each individual whose unsecured PHI was, or is reasonably believed to have been, breached',
    basis: 'discovery',
    period: { days: 60 },
    warnBefore: { days: 14 },
    confidence: 'S',
    notes: HIPAA_NOTES,
    reportFields: hipaaNoticeFields('covered entity'),
  },
  {
    id: 'hipaa-164-406',
    framework: 'HIPAA Breach Notification Rule (45 CFR Part 164 Subpart D)',
    citation: '45 CFR 164.406',
    title: 'Media notice of a breach affecting more than 500 residents of a State or jurisdiction',
    recipient: 'Prominent media outlets serving the State or jurisdiction',
    basis: 'discovery',
    period: { days: 60 },
    warnBefore: { days: 14 },
    confidence: 'S',
    notes: [
      'Only when more than 500 residents of a State or jurisdiction are affected [S]; same content as the individual notice (164.406(c)) [U].',
      ...HIPAA_NOTES,
    ],
    reportFields: hipaaNoticeFields('covered entity', [
      {
        name: 'jurisdictions',
        label: 'States or jurisdictions concerned',
        required: true,
        help: 'Each State or jurisdiction with more than 500 affected residents, with the count.',
      },
    ]),
  },
  {
    id: 'hipaa-164-410',
    framework: 'HIPAA Breach Notification Rule (45 CFR Part 164 Subpart D)',
    citation: '45 CFR 164.410',
    title: 'Business associate notice of a breach to the covered entity',
    recipient: 'The covered entity',
    basis: 'discovery',
    period: { days: 60 },
    warnBefore: { days: 14 },
    confidence: 'S',
    notes: [
      'Business associate to covered entity, without unreasonable delay and not later than 60 days after discovery [S]; the business associate agreement may set a shorter period.',
      ...HIPAA_NOTES,
    ],
    reportFields: hipaaNoticeFields('business associate', [
      {
        name: 'individuals',
        label: 'Individuals affected',
        required: true,
        help: 'Identification of each individual whose unsecured PHI was, or is reasonably believed to have been, breached (164.410(c)(1)).',
      },
    ]),
  },
  {
    id: 'colorado-6-1-1703',
    framework: 'Colorado AI Act (SB 24-205, C.R.S. 6-1-1701 to 6-1-1707)',
    citation: 'C.R.S. 6-1-1703(7)',
    title: 'Notice to the Attorney General of discovered algorithmic discrimination',
    recipient: 'Colorado Attorney General',
    basis: 'discovery',
    period: { days: 90 },
    warnBefore: { days: 30 },
    confidence: 'P',
    notes: [
      'A deployer that discovers its high-risk system has caused algorithmic discrimination notifies the AG within 90 days of discovery [P]; form and manner as the AG prescribes [U].',
      'Status [S]: effective 30 June 2026 (SB 25B-004); enforcement stayed since 27 Apr 2026 (X.AI LLC v. Weiser); repealed and replaced by SB 26-189 from 1 Jan 2027, which reportedly has no discrimination reporting [U]. Kept as good practice; confirm with counsel.',
      'Developers have a parallel 90-day duty to disclose known discrimination risks to the AG and known deployers (6-1-1702) [P]; not modelled here.',
    ],
    reportFields: [
      reference,
      {
        name: 'deployer',
        label: 'Deployer',
        required: true,
        help: 'Name and contact details of the deployer giving notice.',
      },
      {
        name: 'aiSystem',
        label: 'High-risk AI system',
        required: true,
        help: 'The system (and version) that caused the discrimination, and the consequential decisions it makes or substantially factors in.',
        prefill: 'models',
      },
      {
        name: 'discrimination',
        label: 'Algorithmic discrimination found',
        required: true,
        help: 'The differential treatment or impact, the protected classes concerned, and how it was found (feedback, red-teaming, internal review).',
        prefill: 'description',
      },
      {
        name: 'discoveryDate',
        label: 'Date of discovery',
        required: true,
        help: 'The 90 days run from here.',
        prefill: 'awareAt',
      },
      {
        name: 'affectedConsumers',
        label: 'Affected consumers',
        required: true,
        help: 'How many Colorado consumers were affected, and by which decisions.',
      },
      {
        name: 'mitigation',
        label: 'Mitigation',
        required: true,
        help: 'Steps taken or planned to stop and remedy the discrimination.',
        prefill: 'actions',
      },
    ],
  },
];

/** The rule with this id; throws `ValidationError` (`unknown_rule`) listing the known ids. */
export function findRule(id: string): ClockRule {
  const rule = CLOCK_RULES.find((r) => r.id === id);
  if (rule !== undefined) return rule;
  const known = CLOCK_RULES.map((r) => r.id).join(', ');
  const message = `unknown clock rule '${String(id)}'; known rules: ${known}`;
  throw new ValidationError(message, [{ code: 'unknown_rule', path: ['ruleId'], message }]);
}

function spanMs(span: Readonly<ClockSpan>, path: Issue['path']): number {
  const { days = 0, hours = 0 } = span;
  const ok = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!ok(days) || !ok(hours) || days + hours === 0) {
    const message = `${path.join('.')} must be whole, non-negative days and/or hours, not zero in total`;
    throw new ValidationError(message, [{ code: 'invalid_period', path, message }]);
  }
  return days * DAY_MS + hours * HOUR_MS;
}

/**
 * When the report is due: `startedAt` plus the rule's period, in exact elapsed time on the UTC
 * timeline. A day is 24 hours and an hour 60 minutes: no calendar-day rounding, no time zone,
 * no daylight-saving shifts, no weekend or holiday extension.
 *
 * This is the strictest common reading. EU law (Regulation 1182/71, Art 3) counts a period in
 * days from the start of the day after the event to the end of the last day and moves an end on
 * a weekend or holiday to the next working day, so its end is later, save within an hour of a
 * daylight-saving change [U: background, not in regulations.md]; "60 calendar days" (HIPAA) and
 * "90 days" (Colorado) read day-granular are likewise no earlier. Hours are counted exactly, as
 * GDPR's 72 hours are.
 */
export function deadline(rule: ClockRule, startedAt: Instant): Date {
  return new Date(toMillis(startedAt, ['startedAt']) + spanMs(rule.period, ['period']));
}

/** When the clock turns to `warning`: the deadline minus `warnBefore`. */
export function warningAt(rule: ClockRule, startedAt: Instant): Date {
  const due = deadline(rule, startedAt).getTime();
  return new Date(due - spanMs(rule.warnBefore, ['warnBefore']));
}

export type ClockStatus = 'running' | 'warning' | 'overdue' | 'submitted' | 'submitted-late';

/** A clock as stored on an incident: the rule, its start, and the submission if any. */
export interface RegulatoryClock {
  ruleId: string;
  startedAt: Instant;
  submittedAt?: Instant | null;
}

export interface ClockState {
  status: ClockStatus;
  dueAt: Date;
  warnAt: Date;
  /**
   * Whole minutes from the clock's reference time to `dueAt`, rounded down: negative once the
   * deadline has passed, 0 in the last minute before it and at the due instant itself (when
   * `status` is already `overdue`). The reference time is `now`, or `submittedAt` once submitted
   * (the margin by which the report was early, or late when negative).
   */
  remainingMinutes: number;
  /** Whole minutes from `startedAt` to the same reference time, rounded down. */
  elapsedMinutes: number;
}

/**
 * The state of a clock at `now`:
 * - `running` before `warnAt`; `warning` from `warnAt` (inclusive) to `dueAt` (exclusive);
 *   `overdue` at or after `dueAt`;
 * - `submitted` if submitted before `dueAt`, `submitted-late` if at or after it.
 *
 * A submission counts only once `now` has reached it, so a past state can be recomputed from the
 * final record (`now` = an earlier instant gives the state as it was then).
 */
export function clockState(clock: RegulatoryClock, now: Instant): ClockState {
  const rule = findRule(clock.ruleId);
  const issues: Issue[] = [];
  const start = readInstant(clock.startedAt, ['startedAt'], issues);
  const at = readInstant(now, ['now'], issues);
  const submitted =
    clock.submittedAt === undefined || clock.submittedAt === null
      ? null
      : readInstant(clock.submittedAt, ['submittedAt'], issues);
  if (start === null || at === null) throw validationError('invalid clock', issues);
  if (at < start) {
    issues.push({
      code: 'before_start',
      path: ['now'],
      message: 'now is before the clock started',
    });
  }
  if (submitted !== null && submitted < start) {
    issues.push({
      code: 'submitted_before_start',
      path: ['submittedAt'],
      message: 'submittedAt is before the clock started',
    });
  }
  throwIfIssues('invalid clock', issues);

  const dueAt = deadline(rule, new Date(start));
  const warnAt = warningAt(rule, new Date(start));
  const due = dueAt.getTime();
  const done = submitted !== null && submitted <= at;
  const ref = done ? submitted : at;
  let status: ClockStatus;
  if (done) status = submitted < due ? 'submitted' : 'submitted-late';
  else if (at >= due) status = 'overdue';
  else if (at >= warnAt.getTime()) status = 'warning';
  else status = 'running';
  return {
    status,
    dueAt,
    warnAt,
    remainingMinutes: Math.floor((due - ref) / MINUTE_MS),
    elapsedMinutes: Math.floor((ref - start) / MINUTE_MS),
  };
}
