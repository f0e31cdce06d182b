import type { LedgerRef, ModelFacts } from '../facts.js';

/** A ledger reference; each fact in the fixture gets its own index so evidence can be asserted. */
export function ref(ledgerIndex: number, type: string, at: string): LedgerRef {
  return { ledgerIndex, type, at };
}

export const AS_OF = '2026-06-30T12:00:00.000Z';
export const VERSION_ID = 'v-140';
export const PREVIOUS_ID = 'v-130';

/**
 * A consumer credit-scoring model in the EU and the US, version 1.4.0 deployed to staging and
 * production through gated, approved promotions, with every kind of evidence in order: every
 * automated check is met. Tests break one fact at a time.
 */
export function baseFacts(): ModelFacts {
  return {
    asOf: AS_OF,
    model: {
      id: 'm-credit',
      name: 'credit-scorer',
      owner: 'alice',
      riskTier: 'high',
      createdAt: '2025-09-01T09:00:00.000Z',
    },
    scope: {
      jurisdictions: ['EU', 'US'],
      sectors: ['banking'],
      area: 'essential-services',
      flags: ['personal-data', 'profiling', 'consequential-decision', 'bank-model'],
      euClassification: {
        tier: 'high',
        reasoning: ['Annex III 5(b): creditworthiness of natural persons (Art 6(2)).'],
        annexIIIPoint: '5(b)',
        transparencyDuties: [],
        questionnaireVersion: '1',
      },
      recordedAt: '2025-09-02T10:00:00.000Z',
      recordedBy: 'alice',
      evidence: ref(10, 'model-scope-recorded', '2025-09-02T10:00:00.000Z'),
    },
    version: {
      id: VERSION_ID,
      label: '1.4.0',
      seq: 7,
      author: 'bob',
      createdAt: '2026-03-01T12:00:00.000Z',
      evidence: ref(100, 'model-version-registered', '2026-03-01T12:00:00.000Z'),
    },
    earlierVersions: [
      { id: 'v-120', label: '1.2.0', seq: 5 },
      { id: PREVIOUS_ID, label: '1.3.0', seq: 6 },
    ],
    environments: [
      { name: 'development', rank: 0, gated: false, quorum: {} },
      { name: 'staging', rank: 1, gated: true, quorum: {} },
      { name: 'production', rank: 2, gated: true, quorum: { 'risk-officer': 1, validator: 1 } },
    ],
    deployments: [
      {
        environment: 'staging',
        versionId: VERSION_ID,
        versionLabel: '1.4.0',
        deployedAt: '2026-03-05T09:00:00.000Z',
        kind: 'promotion',
        attested: true,
        evidence: ref(120, 'model-deployed', '2026-03-05T09:00:00.000Z'),
      },
      {
        environment: 'production',
        versionId: VERSION_ID,
        versionLabel: '1.4.0',
        deployedAt: '2026-03-10T09:00:00.000Z',
        kind: 'promotion',
        attested: true,
        evidence: ref(130, 'model-deployed', '2026-03-10T09:00:00.000Z'),
      },
    ],
    signatures: [
      {
        versionId: VERSION_ID,
        keyId: 'release-2026',
        keyRevoked: false,
        createdAt: '2026-03-01T13:00:00.000Z',
        evidence: ref(101, 'model-signature-recorded', '2026-03-01T13:00:00.000Z'),
      },
    ],
    card: {
      revision: 3,
      tier: 'high',
      complete: true,
      missing: [],
      approvedBy: 'carol',
      evidence: ref(105, 'model-card-approved', '2026-03-03T10:00:00.000Z'),
    },
    gateDecisions: [
      {
        versionId: VERSION_ID,
        environment: 'staging',
        outcome: 'passed',
        evaluatedAt: '2026-03-04T10:00:00.000Z',
        evidence: ref(110, 'gate-evaluated', '2026-03-04T10:00:00.000Z'),
      },
      {
        versionId: VERSION_ID,
        environment: 'production',
        outcome: 'passed',
        evaluatedAt: '2026-03-08T10:00:00.000Z',
        evidence: ref(124, 'gate-evaluated', '2026-03-08T10:00:00.000Z'),
      },
    ],
    promotions: [
      {
        // 1.3.0 went to production by break-glass during a data outage; its review is resolved.
        id: 'p-hotfix',
        versionId: PREVIOUS_ID,
        versionAuthor: 'bob',
        environment: 'production',
        status: 'expired',
        requestedBy: 'bob',
        requestedAt: '2026-01-10T09:00:00.000Z',
        approvedAt: '2026-01-11T10:00:00.000Z',
        overriddenBy: 'ivan',
        quorum: { 'risk-officer': 1, validator: 1 },
        approvals: [
          {
            approver: 'erin',
            role: 'risk-officer',
            decision: 'approved',
            at: '2026-01-11T09:00:00.000Z',
            evidence: ref(62, 'approval-granted', '2026-01-11T09:00:00.000Z'),
          },
          {
            approver: 'dave',
            role: 'validator',
            decision: 'approved',
            at: '2026-01-11T10:00:00.000Z',
            evidence: ref(63, 'approval-granted', '2026-01-11T10:00:00.000Z'),
          },
        ],
        evidence: ref(60, 'gate-overridden', '2026-01-10T10:00:00.000Z'),
      },
      {
        id: 'p-staging',
        versionId: VERSION_ID,
        versionAuthor: 'bob',
        environment: 'staging',
        status: 'approved',
        requestedBy: 'bob',
        requestedAt: '2026-03-04T10:00:00.000Z',
        approvedAt: '2026-03-04T10:00:00.000Z',
        overriddenBy: null,
        quorum: {},
        approvals: [],
        evidence: ref(111, 'promotion-requested', '2026-03-04T10:00:00.000Z'),
      },
      {
        id: 'p-production',
        versionId: VERSION_ID,
        versionAuthor: 'bob',
        environment: 'production',
        status: 'approved',
        requestedBy: 'bob',
        requestedAt: '2026-03-08T10:00:00.000Z',
        approvedAt: '2026-03-09T15:00:00.000Z',
        overriddenBy: null,
        quorum: { 'risk-officer': 1, validator: 1 },
        approvals: [
          {
            approver: 'erin',
            role: 'risk-officer',
            decision: 'approved',
            at: '2026-03-09T11:00:00.000Z',
            evidence: ref(126, 'approval-granted', '2026-03-09T11:00:00.000Z'),
          },
          {
            approver: 'dave',
            role: 'validator',
            decision: 'approved',
            at: '2026-03-09T15:00:00.000Z',
            evidence: ref(127, 'approval-granted', '2026-03-09T15:00:00.000Z'),
          },
        ],
        evidence: ref(125, 'promotion-requested', '2026-03-08T10:00:00.000Z'),
      },
    ],
    reviewItems: [
      {
        id: 'rv-1',
        kind: 'gate-override',
        status: 'resolved',
        openedAt: '2026-01-10T10:00:00.000Z',
        resolvedAt: '2026-01-14T16:00:00.000Z',
        evidence: ref(61, 'review-item-resolved', '2026-01-14T16:00:00.000Z'),
      },
    ],
    evaluations: [
      {
        id: 'e-holdout',
        versionId: VERSION_ID,
        baselineVersionId: null,
        name: 'holdout',
        kind: 'validation',
        createdBy: 'dave',
        createdAt: '2026-03-02T09:00:00.000Z',
        hasBiasAudit: true,
        minImpactRatio: 0.91,
        worstGroup: 'age_band=under-25',
        hasRobustness: true,
        evidence: ref(102, 'evaluation-recorded', '2026-03-02T09:00:00.000Z'),
      },
      {
        id: 'e-compare',
        versionId: VERSION_ID,
        baselineVersionId: PREVIOUS_ID,
        name: 'challenger',
        kind: 'validation',
        createdBy: 'dave',
        createdAt: '2026-03-02T11:00:00.000Z',
        hasBiasAudit: false,
        minImpactRatio: null,
        worstGroup: null,
        hasRobustness: false,
        evidence: ref(103, 'evaluation-recorded', '2026-03-02T11:00:00.000Z'),
      },
    ],
    run: {
      id: 'run-77',
      codeRepository: 'https://git.example.com/risk/credit-scorer',
      codeCommit: '4f1c2a9',
      imageDigest: `sha256:${'c'.repeat(64)}`,
      inputs: [
        {
          datasetName: 'credit-applications',
          versionLabel: '12',
          tags: { purpose: 'credit-scoring', 'lawful-basis': 'contract' },
        },
        {
          datasetName: 'bureau-scores',
          versionLabel: '4',
          tags: { purpose: 'credit-scoring', 'lawful-basis': 'legitimate-interest' },
        },
      ],
      evidence: ref(99, 'run-logged', '2026-02-28T18:00:00.000Z'),
    },
    monitors: [
      {
        id: 'mon-prod',
        name: 'production-quality',
        environment: 'production',
        active: true,
        drift: true,
        performance: true,
        fairness: true,
        retentionDays: 200,
        actions: ['retrain', 'incident'],
        evidence: ref(131, 'monitor-created', '2026-03-10T10:00:00.000Z'),
      },
      {
        id: 'mon-staging',
        name: 'staging-quality',
        environment: 'staging',
        active: true,
        drift: true,
        performance: true,
        fairness: true,
        retentionDays: 190,
        actions: ['incident'],
        evidence: ref(121, 'monitor-created', '2026-03-05T10:00:00.000Z'),
      },
    ],
    alerts: [
      {
        id: 'a-1',
        severity: 'warning',
        firedAt: '2026-06-30T02:00:00.000Z',
        summary: 'PSI of income above 0.2',
        incidentKey: null,
        evidence: ref(400, 'alert-fired', '2026-06-30T02:00:00.000Z'),
      },
    ],
    incidents: [
      {
        key: 'INC-7',
        severity: 'SEV2',
        status: 'closed',
        drill: false,
        openedAt: '2026-04-02T08:00:00.000Z',
        resolvedAt: '2026-04-03T17:00:00.000Z',
        reviewed: true,
        overdueClocks: [],
        evidence: ref(300, 'incident-opened', '2026-04-02T08:00:00.000Z'),
      },
      {
        key: 'INC-9',
        severity: 'SEV2',
        status: 'closed',
        drill: true,
        openedAt: '2026-05-12T09:00:00.000Z',
        resolvedAt: '2026-05-12T12:00:00.000Z',
        reviewed: true,
        overdueClocks: [],
        evidence: ref(350, 'incident-opened', '2026-05-12T09:00:00.000Z'),
      },
    ],
    integrityFailures: [],
    risks: [
      {
        id: 'R-1',
        category: 'fairness',
        title: 'Lower approval rates for young applicants',
        description: 'Thin credit files make scores less reliable under 25.',
        likelihood: 3,
        impact: 4,
        score: 12,
        level: 'high',
        owner: 'alice',
        status: 'open',
        mitigations: [
          {
            description: 'Bias audit per version and fairness monitoring in production',
            controls: ['C3', 'C10'],
            status: 'implemented',
            evidence: ['e-holdout'],
          },
        ],
        residualLikelihood: 2,
        residualImpact: 3,
        residualScore: 6,
        residualLevel: 'medium',
        reviewDue: '2026-09-30',
        acceptedBy: 'erin',
        acceptedAt: '2026-03-06T10:00:00.000Z',
        acceptance: 'Residual risk within appetite given monitoring.',
        evidence: ref(115, 'risk-accepted', '2026-03-06T10:00:00.000Z'),
      },
      {
        id: 'R-2',
        category: 'performance',
        title: 'Drift in income distribution',
        description: 'Macroeconomic change shifts applicant incomes.',
        likelihood: 3,
        impact: 2,
        score: 6,
        level: 'medium',
        owner: 'alice',
        status: 'open',
        mitigations: [
          {
            description: 'Drift monitor with a retrain action',
            controls: ['C10', 'C12'],
            status: 'implemented',
            evidence: ['mon-prod'],
          },
        ],
        residualLikelihood: 2,
        residualImpact: 2,
        residualScore: 4,
        residualLevel: 'low',
        reviewDue: '2026-12-31',
        acceptedBy: null,
        acceptedAt: null,
        acceptance: null,
        evidence: ref(116, 'risk-recorded', '2026-03-06T11:00:00.000Z'),
      },
    ],
    assessments: (['dpia', 'fria', 'aia'] as const).map((kind, i) => ({
      id: `as-${kind}`,
      kind,
      status: 'approved' as const,
      authoredBy: 'alice',
      approvedBy: 'frank',
      approvedAt: '2026-03-03T15:00:00.000Z',
      complete: true,
      evidence: ref(106 + i, 'assessment-approved', '2026-03-03T15:00:00.000Z'),
    })),
    attestations: [
      attestation('C1.3', false, '2026-01-15T10:00:00.000Z', 365, 200),
      attestation('C3.3', true, '2026-03-10T10:00:00.000Z', 365, 201),
      attestation('C5.3', false, '2026-05-01T10:00:00.000Z', 180, 202),
      attestation('C5.4', false, '2026-02-01T10:00:00.000Z', 365, 203),
      attestation('C7.2', false, '2025-11-20T10:00:00.000Z', 365, 204),
      attestation('C8.4', false, '2026-04-20T10:00:00.000Z', 365, 205),
      attestation('C12.3', true, '2026-03-15T10:00:00.000Z', 365, 206),
    ],
    ledgerVerification: {
      ok: true,
      at: '2026-06-28T03:00:00.000Z',
      size: 5120,
      firstBadIndex: null,
      evidence: ref(5119, 'audit-log-verified', '2026-06-28T03:00:00.000Z'),
    },
    settings: { logRetentionDays: 184 },
  };
}

/** An attestation recorded at `at`, valid for `days`. */
export function attestation(
  subControl: string,
  modelScoped: boolean,
  at: string,
  days: number,
  ledgerIndex: number,
): ModelFacts['attestations'][number] {
  return {
    subControl,
    modelScoped,
    statement: `${subControl} done`,
    attestedBy: 'grace',
    attestedAt: at,
    validUntil: new Date(Date.parse(at) + days * 86_400_000).toISOString(),
    evidence: ref(ledgerIndex, 'attestation-recorded', at),
  };
}

/** One of the fixture's promotions by id (`p-hotfix`, `p-staging`, `p-production`). */
export function promotionOf(facts: ModelFacts, id: string): ModelFacts['promotions'][number] {
  const promotion = facts.promotions.find((p) => p.id === id);
  if (promotion === undefined) throw new Error(`no promotion ${id} in the fixture`);
  return promotion;
}
