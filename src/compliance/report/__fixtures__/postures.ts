import {
  CONTROL_IDS,
  type ConfidenceTag,
  type ControlId,
  type RequirementStatus,
} from '../../catalogue/schema.js';
import type {
  ControlResult,
  EvidenceItem,
  FrameworkResult,
  ModelPosture,
  ModelScope,
  OrganisationPosture,
  PostureStatus,
  RequirementResult,
  StatusCounts,
  SubControlResult,
} from '../../posture/types.js';
import type {
  ComplianceKpis,
  ModelReportData,
  OrganisationReportData,
  ReportMeta,
} from '../report-data.js';

/*
 * A credit-risk model assessed twice: version 7 on 1 October 2026 with gaps, and version 8 on
 * 2 November 2026, where five sub-controls became met and one (C4.1) regressed. Statuses roll up
 * as the posture engine rolls them (all met → met, all gap → gap, otherwise partial).
 */

const CONTROL_TITLES: Record<ControlId, string> = {
  C1: 'Regulatory mapping and impact assessment',
  C2: 'Model risk identification and mitigation',
  C3: 'Data privacy and ethical AI',
  C4: 'Audit trails and reproducibility',
  C5: 'Secure data handling and access control',
  C6: 'Model integrity',
  C7: 'Secure infrastructure and deployment',
  C8: 'Incident response and recovery',
  C9: 'Automated CI/CD for ML',
  C10: 'Continuous monitoring and drift detection',
  C11: 'Data and model versioning',
  C12: 'Performance optimisation and retraining',
};

interface SubSpec {
  id: string;
  title: string;
  check: string | null;
  remedy: string;
}

/** The catalogue's sub-controls (2026.12.1), with their checks and remedies. */
const SUBS: SubSpec[] = [
  {
    id: 'C1.1',
    title: 'Scope and EU AI Act classification recorded',
    check: 'scope-recorded',
    remedy:
      'Record the model’s scope with `verity compliance scope set` and answer the EU AI Act questionnaire (`verity compliance classify`).',
  },
  {
    id: 'C1.2',
    title: 'Required impact assessments approved',
    check: 'impact-assessments',
    remedy:
      'Fill in the missing assessment (`verity compliance assessment start <model> <kind>`) and have a reviewer approve it.',
  },
  {
    id: 'C1.3',
    title: 'Applicable obligations reviewed with counsel',
    check: null,
    remedy:
      'Hold the annual obligations review and record it with `verity compliance attest C1.3`.',
  },
  {
    id: 'C2.1',
    title: 'Risk register kept and reviewed',
    check: 'risk-register',
    remedy: 'Record the model’s risks, give each a mitigation, and review the overdue ones.',
  },
  {
    id: 'C2.2',
    title: 'Residual risk accepted independently',
    check: 'residual-risk-accepted',
    remedy: 'Have a risk officer accept the residual risk (`verity compliance risk accept`).',
  },
  {
    id: 'C2.3',
    title: 'Independent validation',
    check: 'independent-validation',
    remedy: 'Have a validator who did not build the version run `verity evaluate` on it.',
  },
  {
    id: 'C3.1',
    title: 'Bias audit within thresholds',
    check: 'bias-audit',
    remedy:
      'Where an impact ratio is below 0.8, mitigate and re-evaluate, or record the finding as a risk with its justification.',
  },
  {
    id: 'C3.2',
    title: 'Data protection tags on training data',
    check: 'data-protection-tags',
    remedy: 'Tag the dataset versions (`purpose`, `lawful-basis`) when registering them.',
  },
  {
    id: 'C3.3',
    title: 'Notices to affected people in place',
    check: null,
    remedy:
      'Record the notices and how they are delivered with `verity compliance attest C3.3 --model`.',
  },
  {
    id: 'C4.1',
    title: 'The audit log verifies',
    check: 'ledger-verifies',
    remedy: 'Run `verity audit verify`; if it fails, treat it as an integrity incident.',
  },
  {
    id: 'C4.2',
    title: 'Run manifest for the assessed version',
    check: 'run-manifest',
    remedy: 'Register versions with `--run` and log runs with code, image and inputs.',
  },
  {
    id: 'C4.3',
    title: 'Prediction logs kept for the legal minimum',
    check: 'log-retention',
    remedy: 'Raise the monitor’s `retentionDays` to at least the configured log retention.',
  },
  {
    id: 'C5.1',
    title: 'Separation of duties in approvals',
    check: 'separation-of-duties',
    remedy: 'Investigate the approvals named in the evidence; revoke and re-approve them.',
  },
  {
    id: 'C5.2',
    title: 'Break-glass use reviewed',
    check: 'break-glass-reviewed',
    remedy: 'Resolve the open review items (`verity review list`).',
  },
  {
    id: 'C5.3',
    title: 'Access recertified',
    check: null,
    remedy:
      'Review `verity access` bindings and tokens and record it with `verity compliance attest C5.3`.',
  },
  {
    id: 'C5.4',
    title: 'AI literacy and security training held',
    check: null,
    remedy: 'Hold the training and record it with `verity compliance attest C5.4`.',
  },
  {
    id: 'C6.1',
    title: 'Deployed versions signed',
    check: 'signed-versions',
    remedy: 'Sign the version with `verity sign <model@version>` and upload the signature.',
  },
  {
    id: 'C6.2',
    title: 'No unresolved integrity failure',
    check: 'artifact-integrity',
    remedy: 'Work the integrity incident to closure; re-upload the artifact from a trusted copy.',
  },
  {
    id: 'C6.3',
    title: 'Adversarial robustness tested',
    check: 'robustness-tested',
    remedy: 'Run `verity evaluate` on the version with its ONNX model so robustness is measured.',
  },
  {
    id: 'C7.1',
    title: 'Deployments cleared and attested',
    check: 'deployments-attested',
    remedy: 'Deploy through a promotion so that the deployment record carries its attestation.',
  },
  {
    id: 'C7.2',
    title: 'Penetration test held',
    check: null,
    remedy: 'Commission the test and record its report with `verity compliance attest C7.2`.',
  },
  {
    id: 'C8.1',
    title: 'Regulatory clocks met',
    check: 'incident-clocks',
    remedy:
      'Submit the overdue report (`verity incident report`) and record the reason for the delay.',
  },
  {
    id: 'C8.2',
    title: 'Response drilled in the last year',
    check: 'incident-drill',
    remedy: 'Run a drill (`verity incident drill <model> --playbook <name>`).',
  },
  {
    id: 'C8.3',
    title: 'Serious incidents reviewed',
    check: 'incident-reviews',
    remedy: 'Record the review (`verity incident review`).',
  },
  {
    id: 'C8.4',
    title: 'Backup restore tested',
    check: null,
    remedy:
      'Restore a backup into a scratch instance, run `verity audit verify` there, and attest it.',
  },
  {
    id: 'C9.1',
    title: 'Gate passed without override',
    check: 'gate-passed',
    remedy: 'Fix what the gate blocked and request the promotion again (`verity promote`).',
  },
  {
    id: 'C9.2',
    title: 'Approval quorum met',
    check: 'approval-quorum',
    remedy: 'Promote through `verity promote` so the environment’s approvers decide.',
  },
  {
    id: 'C10.1',
    title: 'Deployed model monitored',
    check: 'active-monitor',
    remedy: 'Create a monitor (`verity monitor create`) with drift, performance and fairness.',
  },
  {
    id: 'C10.2',
    title: 'Alerts handled',
    check: 'alerts-handled',
    remedy: 'Triage the firing alerts; open an incident or resolve their cause.',
  },
  {
    id: 'C11.1',
    title: 'Model card complete and signed off',
    check: 'card-complete',
    remedy:
      'Complete the card (`verity card edit`) and have it signed off (`verity card approve`).',
  },
  {
    id: 'C11.2',
    title: 'Lineage to registered data',
    check: 'lineage-complete',
    remedy: 'Log the run’s inputs as registered dataset versions.',
  },
  {
    id: 'C12.1',
    title: 'Compared with its predecessor',
    check: 'champion-challenger',
    remedy: 'Run `verity evaluate --compare <model@new> <model@old>` on held-out data.',
  },
  {
    id: 'C12.2',
    title: 'Retraining trigger configured',
    check: 'retraining-trigger',
    remedy: 'Add a `retrain` or `incident` action to a monitor.',
  },
  {
    id: 'C12.3',
    title: 'Periodic model review held',
    check: null,
    remedy: 'Hold the review and record it with `verity compliance attest C12.3 --model <model>`.',
  },
];

type Outcome = [PostureStatus, string, number[]?];

/** Status, detail and ledger indexes of each sub-control of credit-risk version 7. */
const V7: Record<string, Outcome> = {
  'C1.1': [
    'met',
    'Scope recorded (EU, US; banking; essential-services); EU AI Act tier high, Annex III 5(b).',
    [112],
  ],
  'C1.2': [
    'partial',
    'DPIA approved by dpo@bank.example; FRIA is a draft (14 of 19 answers).',
    [140, 152],
  ],
  'C1.3': ['gap', 'No obligations review has been attested in the last 365 days.'],
  'C2.1': [
    'met',
    '4 risks recorded; every open risk has an owner and a mitigation; none overdue.',
    [160],
  ],
  'C2.2': ['gap', 'RISK-3 (residual high) is not accepted by anyone independent.', [163]],
  'C2.3': [
    'met',
    'Evaluated on holdout-2026q3 by validator@bank.example, who did not author v7.',
    [201],
  ],
  'C3.1': ['partial', 'Minimum impact ratio 0.76 for age_band=under-25 (threshold 0.8).', [201]],
  'C3.2': ['met', '2 dataset versions read, each tagged with purpose and lawful-basis.', [95, 96]],
  'C3.3': [
    'met',
    'Adverse-action notice v3 attested by compliance@bank.example on 2026-03-02.',
    [88],
  ],
  'C4.1': ['met', 'Full verification passed 2026-09-29 over 2,311 entries.', [2300]],
  'C4.2': ['met', 'Run run-7f3a links commit 9c1e2d4, image digest and 2 dataset versions.', [190]],
  'C4.3': [
    'partial',
    'production monitor keeps raw logs 90 days; the configured minimum is 183.',
    [230],
  ],
  'C5.1': [
    'met',
    '3 approvals checked; no approver requested or authored the promoted version.',
    [240, 241, 242],
  ],
  'C5.2': ['not-applicable', 'No break-glass override on the model’s promotions.'],
  'C5.3': ['met', 'Access recertified by ciso@bank.example on 2026-07-01.', [77]],
  'C5.4': ['gap', 'The last training attestation expired on 2026-08-15.'],
  'C6.1': ['gap', 'Version 7, deployed to production, has no signature.'],
  'C6.2': ['met', 'No integrity failure recorded.'],
  'C6.3': ['met', 'Robustness measured: 4 perturbations, minimal-flip search.', [201]],
  'C7.1': ['met', 'The production deployment carries a signed promotion attestation.', [245]],
  'C7.2': ['met', 'Penetration test report attested by ciso@bank.example on 2026-05-20.', [60]],
  'C8.1': ['met', '1 incident; its clock (Art 73, 15 days) was met.', [270]],
  'C8.2': ['gap', 'No drill for the model in the last twelve months.'],
  'C8.3': ['met', 'INC-12 (SEV2) has a post-incident review.', [275]],
  'C8.4': ['met', 'Restore tested by sre@bank.example on 2026-04-11.', [55]],
  'C9.1': ['met', 'Gate for production passed on 2026-09-12.', [238]],
  'C9.2': ['met', 'Production quorum (risk 1, model-owner 1) met.', [240, 241]],
  'C10.1': [
    'partial',
    'Monitor prod-credit checks drift only, not performance or fairness.',
    [230],
  ],
  'C10.2': ['met', 'No alert has been firing for more than 72 hours.'],
  'C11.1': ['partial', 'Card revision 5 is complete for the high tier but not signed off.', [205]],
  'C11.2': ['met', 'Run run-7f3a read 2 registered dataset versions.', [190]],
  'C12.1': ['met', 'Compared with version 6 on holdout-2026q3.', [203]],
  'C12.2': ['gap', 'No monitor requests retraining or opens an incident.'],
  'C12.3': ['gap', 'No periodic model review in the last 365 days.'],
};

/** Version 8: five sub-controls met, C4.1 regressed, break-glass now used and reviewed. */
const V8: Record<string, Outcome> = {
  ...V7,
  'C2.2': ['met', 'RISK-3 accepted by cro@bank.example on 2026-10-20.', [2410]],
  'C2.3': [
    'met',
    'Evaluated on holdout-2026q3 by validator@bank.example, who did not author v8.',
    [2405],
  ],
  'C4.1': ['partial', 'The last full verification passed but is 9 days old (limit 7).', [2300]],
  'C5.2': ['met', '1 break-glass override, reviewed on 2026-10-25.', [2440]],
  'C6.1': ['met', 'Version 8 is signed by key release-2026 (not revoked).', [2415]],
  'C10.1': ['met', 'Monitor prod-credit checks drift, performance and fairness.', [2420]],
  'C11.1': [
    'met',
    'Card revision 6 is complete and signed off by model-risk@bank.example.',
    [2425],
  ],
  'C12.2': ['met', 'Monitor prod-credit requests retraining on drift.', [2420]],
};

const EVIDENCE_TYPES: Record<string, string> = {
  C1: 'model-scope-recorded',
  C2: 'risk-recorded',
  C3: 'evaluation-recorded',
  C4: 'ledger-verified',
  C5: 'approval-granted',
  C6: 'model-signature-recorded',
  C7: 'deployment-recorded',
  C8: 'incident-resolved',
  C9: 'gate-evaluated',
  C10: 'monitor-created',
  C11: 'card-approved',
  C12: 'evaluation-recorded',
};

function subResult(spec: SubSpec, outcome: Outcome, asOf: string): SubControlResult {
  const [status, detail, indexes = []] = outcome;
  const controlId = spec.id.split('.')[0] as ControlId;
  const evidence: EvidenceItem[] = indexes.map((ledgerIndex) => ({
    ledgerIndex,
    type: spec.check === null ? 'attestation-recorded' : (EVIDENCE_TYPES[controlId] ?? 'entry'),
    at: asOf,
    summary: `${spec.id} evidence at leaf ${ledgerIndex}`,
  }));
  return {
    id: spec.id,
    controlId,
    title: spec.title,
    kind: spec.check === null ? 'attested' : 'automated',
    check: spec.check,
    status,
    detail,
    evidence,
    remedy: spec.remedy,
  };
}

export function aggregate(statuses: readonly PostureStatus[]): PostureStatus {
  const applicable = statuses.filter((s) => s !== 'not-applicable');
  if (applicable.length === 0) return 'not-applicable';
  if (applicable.every((s) => s === 'met')) return 'met';
  if (applicable.every((s) => s === 'gap')) return 'gap';
  return 'partial';
}

interface RequirementSpec {
  id: string;
  title: string;
  tag: ConfidenceTag;
  controls: ControlId[];
  legalStatus?: RequirementStatus;
  appliesFrom?: string;
  /** Not in force on the posture date, with the reason. */
  notInForce?: string;
}

interface FrameworkSpec {
  id: string;
  name: string;
  version: string;
  voluntary: boolean;
  /** The reason it applies, or null when it does not (with `notApplies`). */
  applies: string | null;
  notApplies?: string;
  requirements: RequirementSpec[];
}

const EU_AI_ACT: FrameworkSpec = {
  id: 'eu-ai-act',
  name: 'EU AI Act',
  version: '2024/1689',
  voluntary: false,
  applies: 'scope matches: jurisdiction EU',
  requirements: [
    { id: 'Art 9', title: 'Risk management system', tag: 'P', controls: ['C2'] },
    { id: 'Art 10', title: 'Data and data governance', tag: 'P', controls: ['C3', 'C11'] },
    { id: 'Art 11', title: 'Technical documentation', tag: 'P', controls: ['C11', 'C4'] },
    { id: 'Art 12', title: 'Record-keeping', tag: 'P', controls: ['C4'] },
    { id: 'Art 14', title: 'Human oversight', tag: 'S', controls: ['C9', 'C5'] },
    {
      id: 'Art 15',
      title: 'Accuracy, robustness and cybersecurity',
      tag: 'P',
      controls: ['C6', 'C12'],
    },
    {
      id: 'Art 26(6)',
      title: 'Deployers keep logs for at least six months',
      tag: 'P',
      controls: ['C4'],
    },
    { id: 'Art 27', title: 'Fundamental rights impact assessment', tag: 'U', controls: ['C1'] },
    { id: 'Art 47', title: 'EU declaration of conformity', tag: 'P', controls: [] },
    { id: 'Art 72', title: 'Post-market monitoring', tag: 'P', controls: ['C10', 'C8'] },
    { id: 'Art 73', title: 'Reporting of serious incidents', tag: 'P', controls: ['C8'] },
    {
      id: 'Art 4a',
      title: 'Processing special categories of data to detect bias',
      tag: 'U',
      controls: ['C3'],
      legalStatus: 'proposed',
      notInForce: 'proposed, not law',
    },
    {
      id: 'Art 6(1)',
      title: 'High-risk as a safety component of a regulated product',
      tag: 'P',
      controls: ['C1'],
      legalStatus: 'scheduled',
      appliesFrom: '2027-08-02',
      notInForce: 'applies from 2027-08-02',
    },
  ],
};

const GDPR: FrameworkSpec = {
  id: 'gdpr',
  name: 'GDPR',
  version: '2016/679',
  voluntary: false,
  applies: 'scope matches: jurisdiction EU, flags personal-data',
  requirements: [
    {
      id: 'Art 22',
      title: 'Automated individual decision-making',
      tag: 'S',
      controls: ['C3', 'C9'],
    },
    { id: 'Art 30', title: 'Records of processing activities', tag: 'P', controls: ['C4'] },
    { id: 'Art 33', title: 'Notification of a personal data breach', tag: 'P', controls: ['C8'] },
    { id: 'Art 35', title: 'Data protection impact assessment', tag: 'P', controls: ['C1'] },
  ],
};

const GDPR_V8: FrameworkSpec = {
  ...GDPR,
  requirements: [
    ...GDPR.requirements,
    {
      id: 'Art 13(2)(f)',
      title: 'Information about automated decision-making',
      tag: 'S',
      controls: ['C3'],
    },
  ],
};

const ISO_42001: FrameworkSpec = {
  id: 'iso-42001',
  name: 'ISO/IEC 42001',
  version: '2023',
  voluntary: true,
  applies: 'voluntary; adopted by the organisation',
  requirements: [
    { id: 'A.5.2', title: 'AI system impact assessment process', tag: 'S', controls: ['C1'] },
    { id: 'A.6.2.4', title: 'AI system verification and validation', tag: 'S', controls: ['C2'] },
    { id: 'A.6.2.6', title: 'AI system operation and monitoring', tag: 'S', controls: ['C10'] },
  ],
};

const NYC_LL144: FrameworkSpec = {
  id: 'nyc-ll144',
  name: 'NYC Local Law 144',
  version: '2021/144',
  voluntary: false,
  applies: null,
  notApplies: 'applies to jurisdiction US-NYC, flags aedt',
  requirements: [
    { id: '§ 20-871(a)', title: 'Bias audit within one year of use', tag: 'P', controls: ['C3'] },
  ],
};

const SR_11_7: FrameworkSpec = {
  id: 'sr-11-7',
  name: 'SR 11-7 model risk management',
  version: '2011',
  voluntary: false,
  applies: 'scope matches: jurisdiction US, sector banking, flags bank-model',
  requirements: [
    {
      id: 'Validation',
      title: 'Independent validation with effective challenge',
      tag: 'P',
      controls: ['C2'],
    },
    {
      id: 'Ongoing monitoring',
      title: 'Ongoing monitoring and outcomes analysis',
      tag: 'P',
      controls: ['C10', 'C12'],
    },
    { id: 'Inventory', title: 'Model inventory and documentation', tag: 'S', controls: ['C11'] },
    { id: 'Annual review', title: 'Annual review of each model', tag: 'U', controls: ['C12'] },
  ],
};

function emptyCounts(): StatusCounts {
  return { met: 0, partial: 0, gap: 0, 'not-applicable': 0 };
}

function frameworkResult(spec: FrameworkSpec, controls: readonly ControlResult[]): FrameworkResult {
  const applies = spec.applies !== null;
  const requirements = spec.requirements.map((r): RequirementResult => {
    const base = {
      id: r.id,
      title: r.title,
      summary: `${r.title}.`,
      numbers: null,
      tag: r.tag,
      legalStatus: r.legalStatus ?? 'in-force',
      appliesFrom: r.appliesFrom ?? null,
      controls: r.controls,
      primary: r.controls[0] ?? null,
      clocks:
        r.id === 'Art 73'
          ? [
              {
                trigger: 'serious incident known',
                amount: 15,
                unit: 'days' as const,
                kind: 'deadline' as const,
              },
            ]
          : [],
      uncovered: r.controls.length === 0,
    };
    if (!applies)
      return { ...base, status: 'not-applicable', reason: 'the framework does not apply' };
    if (r.notInForce !== undefined)
      return { ...base, status: 'not-applicable', reason: r.notInForce };
    if (base.uncovered)
      return {
        ...base,
        status: 'gap',
        reason: 'no Verity control covers this obligation; keep its evidence outside Verity',
      };
    const subs = controls.filter((c) => r.controls.includes(c.id)).flatMap((c) => c.subControls);
    const status = aggregate(subs.map((s) => s.status));
    const short = subs.filter((s) => s.status === 'gap' || s.status === 'partial');
    const reason =
      short.length === 0
        ? `met by ${subs
            .filter((s) => s.status === 'met')
            .map((s) => s.id)
            .join(', ')}`
        : `short: ${short.map((s) => `${s.id} ${s.status}`).join(', ')}`;
    return { ...base, status, reason };
  });
  const counts = emptyCounts();
  for (const r of requirements) if (!r.uncovered) counts[r.status] += 1;
  return {
    id: spec.id,
    name: spec.name,
    version: spec.version,
    voluntary: spec.voluntary,
    applies,
    reason: spec.applies ?? spec.notApplies ?? '',
    status: applies
      ? aggregate(requirements.filter((r) => !r.uncovered).map((r) => r.status))
      : 'not-applicable',
    counts,
    requirements,
  };
}

function summarise(subs: readonly SubControlResult[]): ModelPosture['summary'] {
  const applicable = subs.filter((s) => s.status !== 'not-applicable');
  const count = (status: PostureStatus) => applicable.filter((s) => s.status === status).length;
  const automated = applicable.filter((s) => s.kind === 'automated').length;
  return {
    applicable: applicable.length,
    automated,
    attested: applicable.length - automated,
    met: count('met'),
    partial: count('partial'),
    gap: count('gap'),
    shareAutomated: applicable.length === 0 ? 0 : automated / applicable.length,
    sharePassing: applicable.length === 0 ? 0 : count('met') / applicable.length,
  };
}

interface PostureSpec {
  asOf: string;
  model: ModelPosture['model'];
  version: ModelPosture['version'];
  versionBasis: ModelPosture['versionBasis'];
  scope: ModelScope | null;
  outcomes: Record<string, Outcome>;
  frameworks: FrameworkSpec[];
}

export function buildPosture(spec: PostureSpec): ModelPosture {
  const subs = SUBS.map((s) =>
    subResult(s, spec.outcomes[s.id] ?? ['not-applicable', 'Not assessed.'], spec.asOf),
  );
  const controls = CONTROL_IDS.map((id): ControlResult => {
    const subControls = subs.filter((s) => s.controlId === id);
    return {
      id,
      title: CONTROL_TITLES[id],
      status: aggregate(subControls.map((s) => s.status)),
      subControls,
    };
  });
  return {
    asOf: spec.asOf,
    catalogueVersion: '2026.12.1',
    model: spec.model,
    version: spec.version,
    versionBasis: spec.versionBasis,
    scope: spec.scope,
    controls,
    frameworks: spec.frameworks.map((f) => frameworkResult(f, controls)),
    summary: summarise(subs),
  };
}

const CREDIT_MODEL: ModelPosture['model'] = {
  id: 'mdl_01JCREDIT',
  namespace: 'retail-lending',
  name: 'credit-risk',
  owner: 'lending-ml@bank.example',
  riskTier: 'tier-1',
};

const CREDIT_SCOPE: ModelScope = {
  jurisdictions: ['EU', 'US'],
  sectors: ['banking'],
  area: 'essential-services',
  flags: ['personal-data', 'consequential-decision', 'bank-model', 'profiling'],
  euClassification: {
    tier: 'high',
    reasoning: [
      'The system is not placed on the market for a prohibited practice (Art 5).',
      'It evaluates the creditworthiness of natural persons: Annex III point 5(b).',
      'It profiles natural persons, so the Art 6(3) derogation cannot apply.',
      'It is therefore high-risk under Art 6(2).',
    ],
    annexIIIPoint: '5(b)',
    transparencyDuties: [],
    questionnaireVersion: 'eu-ai-act-2026.1',
  },
};

/** Credit-risk version 7, as of 1 October 2026: 7 gaps, 5 partial. */
export const creditRiskV7: ModelPosture = buildPosture({
  asOf: '2026-10-01T09:00:00.000Z',
  model: CREDIT_MODEL,
  version: {
    id: 'ver_07',
    label: '7',
    seq: 7,
    author: 'ana@bank.example',
    createdAt: '2026-09-10T14:05:00.000Z',
  },
  versionBasis: 'deployed',
  scope: CREDIT_SCOPE,
  outcomes: V7,
  frameworks: [EU_AI_ACT, GDPR, ISO_42001, NYC_LL144, SR_11_7],
});

/** Credit-risk version 8, as of 2 November 2026: five gaps closed, C4.1 regressed. */
export const creditRiskV8: ModelPosture = buildPosture({
  asOf: '2026-11-02T10:00:00.000Z',
  model: CREDIT_MODEL,
  version: {
    id: 'ver_08',
    label: '8',
    seq: 8,
    author: 'ana@bank.example',
    createdAt: '2026-10-14T11:30:00.000Z',
  },
  versionBasis: 'deployed',
  scope: CREDIT_SCOPE,
  outcomes: V8,
  frameworks: [EU_AI_ACT, GDPR_V8, ISO_42001, NYC_LL144, SR_11_7],
});

/** A second model: a US fraud model to which the EU AI Act does not apply. */
export const fraudModel: ModelPosture = buildPosture({
  asOf: '2026-11-02T10:00:00.000Z',
  model: {
    id: 'mdl_01JFRAUD',
    namespace: 'payments',
    name: 'card-fraud',
    owner: 'fraud-ml@bank.example',
    riskTier: 'tier-2',
  },
  version: {
    id: 'ver_f3',
    label: '3',
    seq: 3,
    author: 'li@bank.example',
    createdAt: '2026-08-01T08:00:00.000Z',
  },
  versionBasis: 'deployed',
  scope: {
    jurisdictions: ['US'],
    sectors: ['banking'],
    area: 'none',
    flags: ['bank-model'],
    euClassification: null,
  },
  outcomes: {
    ...V8,
    'C1.2': ['not-applicable', 'No impact assessment is required by the scope.'],
    'C3.1': ['gap', 'No bias audit for version 3.'],
    'C3.2': ['not-applicable', 'The model processes no personal data.'],
    'C3.3': ['not-applicable', 'No notice is required.'],
    'C6.1': ['gap', 'Version 3, deployed to production, has no signature.'],
    'C10.1': ['gap', 'production has no active monitor.'],
    'C10.2': ['not-applicable', 'No monitor, so no alert.'],
    'C12.1': ['not-applicable', 'Version 3 has no predecessor.'],
  },
  frameworks: [
    { ...EU_AI_ACT, applies: null, notApplies: 'applies to jurisdiction EU' },
    { ...GDPR, applies: null, notApplies: 'applies to jurisdiction EU, flags personal-data' },
    ISO_42001,
    NYC_LL144,
    SR_11_7,
  ],
});

export const META: ReportMeta = {
  generatedAt: '2026-11-02T10:05:00.000Z',
  generatedBy: 'auditor@bank.example',
  verityVersion: '0.1.0',
  ledger: {
    origin: 'verity.bank.example/log',
    size: 2451,
    rootHash: 'sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
  },
};

/** The model report data the service would gather for credit-risk version 8. */
export const creditRiskReport: ModelReportData = {
  meta: META,
  posture: creditRiskV8,
  versions: [
    { label: '6', createdAt: '2026-06-02T10:00:00.000Z', author: 'ana@bank.example' },
    { label: '7', createdAt: '2026-09-10T14:05:00.000Z', author: 'ana@bank.example' },
    { label: '8', createdAt: '2026-10-14T11:30:00.000Z', author: 'ana@bank.example' },
  ],
  deployments: [
    {
      environment: 'production',
      version: '8',
      deployedAt: '2026-10-22T07:00:00.000Z',
      kind: 'promotion',
    },
    {
      environment: 'staging',
      version: '8',
      deployedAt: '2026-10-16T07:00:00.000Z',
      kind: 'promotion',
    },
  ],
  card: {
    revision: 6,
    tier: 'high',
    complete: true,
    missing: [],
    approvedBy: 'model-risk@bank.example',
    approvedAt: '2026-10-21T16:00:00.000Z',
    intendedUse:
      'Estimate the probability of default of retail loan applicants, as one input to a human credit decision.',
    limitations: null,
  },
  evaluations: [
    {
      name: 'holdout-2026q3',
      kind: 'classification',
      createdAt: '2026-10-15T09:00:00.000Z',
      createdBy: 'validator@bank.example',
      metrics: [
        { name: 'roc_auc', value: 0.8312, lower: 0.8207, upper: 0.8414 },
        { name: 'ece', value: 0.021, lower: null, upper: null },
      ],
      minImpactRatio: 0.76,
      worstGroup: 'age_band=under-25',
    },
  ],
  risks: [
    {
      id: 'RISK-1',
      category: 'fairness',
      title: 'Lower approval rate for applicants under 25',
      description: 'The impact ratio for age_band=under-25 is below 0.8.',
      likelihood: 4,
      impact: 4,
      score: 16,
      level: 'high',
      owner: 'lending-ml@bank.example',
      status: 'open',
      mitigations: [
        {
          description: 'Reweigh training data',
          controls: ['C3.1'],
          status: 'planned',
          evidence: [],
        },
      ],
      residualLikelihood: 3,
      residualImpact: 3,
      residualScore: 9,
      residualLevel: 'medium',
      reviewDue: '2027-01-15',
      acceptedBy: null,
      acceptedAt: null,
      acceptance: null,
    },
    {
      id: 'RISK-3',
      category: 'performance',
      title: 'Drift after interest-rate changes',
      description: 'Applicant mix shifts when rates change.',
      likelihood: 3,
      impact: 5,
      score: 15,
      level: 'high',
      owner: 'lending-ml@bank.example',
      status: 'accepted',
      mitigations: [
        {
          description: 'Monitor drift and retrain',
          controls: ['C10.1', 'C12.2'],
          status: 'implemented',
          evidence: ['2420'],
        },
      ],
      residualLikelihood: 3,
      residualImpact: 4,
      residualScore: 12,
      residualLevel: 'high',
      reviewDue: '2027-04-01',
      acceptedBy: 'cro@bank.example',
      acceptedAt: '2026-10-20T12:00:00.000Z',
      acceptance: 'Accepted until the Q1 2027 retraining.',
    },
  ],
  assessments: [
    {
      id: 'asm_1',
      kind: 'dpia',
      title: 'Credit scoring DPIA',
      status: 'approved',
      version: '8',
      answered: 22,
      required: 22,
      missing: [],
      authoredBy: 'privacy@bank.example',
      approvedBy: 'dpo@bank.example',
      approvedAt: '2026-10-18T10:00:00.000Z',
      highlights: [{ question: 'Lawful basis', answer: 'Art 6(1)(b) contract' }],
    },
    {
      id: 'asm_2',
      kind: 'fria',
      title: 'Fundamental rights impact assessment',
      status: 'draft',
      version: null,
      answered: 14,
      required: 19,
      missing: ['affected groups', 'complaint mechanism'],
      authoredBy: 'compliance@bank.example',
      approvedBy: null,
      approvedAt: null,
      highlights: [],
    },
  ],
  incidents: [
    {
      key: 'INC-12',
      severity: 'SEV2',
      status: 'closed',
      title: 'Score drift after rate change',
      openedAt: '2026-07-03T08:00:00.000Z',
      resolvedAt: '2026-07-04T15:30:00.000Z',
      clocks: [{ rule: 'EU AI Act Art 73', deadline: '2026-07-18T08:00:00.000Z', status: 'met' }],
    },
  ],
};

function organisationOf(postures: readonly ModelPosture[]): OrganisationPosture {
  const subs = postures.flatMap((p) => p.controls.flatMap((c) => c.subControls));
  const models = postures.map((p) => ({
    name: p.model.name,
    namespace: p.model.namespace,
    riskTier: p.model.riskTier,
    version: p.version?.label ?? null,
    controls: Object.fromEntries(p.controls.map((c) => [c.id, c.status])) as Record<
      ControlId,
      PostureStatus
    >,
    summary: p.summary,
  }));
  const controls = CONTROL_IDS.map((id) => {
    const counts = emptyCounts();
    for (const m of models) counts[m.controls[id]] += 1;
    const applicable = counts.met + counts.partial + counts.gap;
    return {
      id,
      title: CONTROL_TITLES[id],
      counts,
      effectiveness: applicable === 0 ? null : counts.met / applicable,
    };
  });
  const frameworkIds = [...new Set(postures.flatMap((p) => p.frameworks.map((f) => f.id)))].sort();
  const frameworks = frameworkIds.map((id) => {
    const results = postures.flatMap((p) => p.frameworks.filter((f) => f.id === id));
    const counts = emptyCounts();
    for (const f of results.filter((x) => x.applies))
      for (const r of f.requirements) counts[r.status] += 1;
    return {
      id,
      name: results[0]?.name ?? id,
      models: results.filter((f) => f.applies).length,
      counts,
    };
  });
  return {
    asOf: postures[0]?.asOf ?? '',
    catalogueVersion: '2026.12.1',
    models,
    controls,
    frameworks,
    summary: summarise(subs),
  };
}

export const KPIS: ComplianceKpis = {
  auditCycleMs: 4210,
  auditCycleAt: '2026-11-02T10:05:04.000Z',
  shareAutomated: 0.82,
  sharePassing: 0.71,
  mttdMinutes: null,
  mttrMinutes: 312,
  approvalLeadMinutes: 95,
  deploymentLeadMinutes: null,
  openGaps: 9,
};

/** The organisation: credit-risk (version 8) and card-fraud. */
export const organisationReport: OrganisationReportData = {
  meta: META,
  posture: organisationOf([creditRiskV8, fraudModel]),
  postures: [creditRiskV8, fraudModel],
  kpis: KPIS,
};
