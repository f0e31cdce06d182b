import type { GateContext } from '../gate-context.js';

const DIGEST_A = `sha256:${'a'.repeat(64)}`;
const DIGEST_B = `sha256:${'b'.repeat(64)}`;

/**
 * A high-risk credit model version with every kind of evidence in order, promoted to production:
 * it passes every rule of every shipped pack. Tests derive failing contexts from it.
 */
export function evidencedContext(): GateContext {
  return {
    environment: { name: 'production', rank: 2 },
    model: {
      name: 'credit-scorer',
      namespace: 'risk',
      ref: 'risk/credit-scorer',
      owner: 'alice',
      riskTier: 'high',
      useCase: 'consumer credit scoring',
      tags: { team: 'lending' },
    },
    version: {
      label: '1.4.0',
      seq: 7,
      format: 'onnx',
      author: 'bob',
      description: 'Retrained on Q1 applications',
      createdAt: '2026-03-01T12:00:00.000Z',
      ageDays: 30,
      frozen: true,
      artifacts: [
        { path: 'model.onnx', size: 1_048_576, digest: DIGEST_A },
        { path: 'tokenizer.json', size: 2048, digest: DIGEST_B },
      ],
      tags: {},
      params: { learning_rate: 0.01, layers: 4, calibrated: true },
    },
    metrics: { auc: 0.81, ks: 0.42 },
    card: { exists: true, completeness: 1, missing: [], riskTier: 'high', approved: true },
    evaluations: { holdout: { auc: 0.8 }, perturbed: { auc_drop: 0.02 } },
    evaluationRuns: [
      {
        name: 'holdout',
        kind: 'validation',
        dataset: 'risk/holdout@3',
        createdAt: '2026-02-27T09:00:00Z',
        metrics: { auc: 0.8 },
      },
      {
        name: 'perturbed',
        kind: 'robustness',
        dataset: 'risk/perturbed@1',
        createdAt: '2026-02-27T10:00:00Z',
        metrics: { auc_drop: 0.02 },
      },
      {
        name: 'outcomes',
        kind: 'backtest',
        dataset: 'risk/outcomes-2025@1',
        createdAt: '2026-02-28T10:00:00Z',
        metrics: { gini: 0.6 },
      },
      {
        name: 'bias_audit',
        kind: 'bias-audit',
        dataset: 'risk/audit-2025@1',
        createdAt: '2025-06-01T00:00:00Z',
        metrics: {},
      },
    ],
    fairness: [
      { metric: 'impact_ratio', group: 'female', value: 0.93, attribute: 'sex' },
      { metric: 'impact_ratio', group: 'male', value: 1, attribute: 'sex' },
      { metric: 'impact_ratio', group: 'hispanic', value: 0.88, attribute: 'race_ethnicity' },
      { metric: 'impact_ratio', group: 'white', value: 1, attribute: 'race_ethnicity' },
      {
        metric: 'impact_ratio',
        group: 'female-hispanic',
        value: 0.85,
        attribute: 'intersectional',
      },
      { metric: 'selection_rate', group: 'female', value: 0.31, attribute: 'sex' },
    ],
    signatures: { count: 1, valid: 1, signers: ['release-key'], coversAllArtifacts: true },
    approvals: [
      { approver: 'carol', role: 'risk-officer', decision: 'approved', environment: 'staging' },
      { approver: 'dan', role: 'bias-auditor', decision: 'approved', environment: 'staging' },
    ],
    lineage: {
      hasRun: true,
      run: {
        name: 'train-2026-03-01',
        status: 'finished',
        codeRepository: 'https://git.example.com/risk/credit',
        codeCommit: '9f1c2e7',
        imageDigest: DIGEST_B,
      },
      datasetCount: 1,
    },
    datasets: [
      {
        ref: 'risk/applications@12',
        digest: DIGEST_A,
        rowCount: 120_000,
        columns: ['income', 'debt_ratio'],
      },
    ],
    monitoring: { active: true, status: 'ok', openAlerts: 0 },
    deployments: [{ environment: 'staging', label: '1.4.0' }],
    compliance: {
      scoped: true,
      euTier: 'high',
      jurisdictions: ['EU'],
      requiredAssessments: ['dpia', 'fria', 'aia'],
      assessments: { dpia: 'approved', fria: 'approved', aia: 'approved' },
    },
  };
}

/** A first version with no evidence at all, headed for production. */
export function bareContext(): GateContext {
  return {
    environment: { name: 'production', rank: 2 },
    model: {
      name: 'resume-ranker',
      namespace: 'default',
      ref: 'resume-ranker',
      owner: '',
      riskTier: '',
      useCase: '',
      tags: {},
    },
    version: {
      label: '0.1.0',
      seq: 1,
      format: 'pickle',
      author: 'bob',
      description: '',
      createdAt: '2024-01-01T00:00:00Z',
      ageDays: 800,
      frozen: false,
      artifacts: [],
      tags: {},
      params: {},
    },
    metrics: {},
    card: { exists: false, completeness: 0, missing: [], riskTier: '', approved: false },
    evaluations: {},
    evaluationRuns: [],
    fairness: [],
    signatures: { count: 0, valid: 0, signers: [], coversAllArtifacts: false },
    approvals: [],
    lineage: {
      hasRun: false,
      run: { name: '', status: '', codeRepository: '', codeCommit: '', imageDigest: '' },
      datasetCount: 0,
    },
    datasets: [],
    monitoring: { active: false, status: 'none', openAlerts: 0 },
    deployments: [],
    compliance: {
      scoped: false,
      euTier: '',
      jurisdictions: [],
      requiredAssessments: [],
      assessments: { dpia: 'missing', fria: 'missing', aia: 'missing' },
    },
  };
}
