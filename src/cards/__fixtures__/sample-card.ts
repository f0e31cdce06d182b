import { CREDIT_RISK_CARD } from '../../demo/demo-cards.js';
import { CARD_SCHEMA_VERSION, type CardEvidence, type ModelCard } from '../card-schema.js';

const D = (n: string) => `sha256:${n.repeat(64).slice(0, 64)}`;

/** Evidence as Verity gathers it for credit-risk 1.1.0 after its production approval. */
export const SAMPLE_EVIDENCE: CardEvidence = {
  model: {
    name: 'credit-risk',
    namespace: 'default',
    ref: 'credit-risk',
    owner: 'maria.lopez',
    useCase: 'consumer loan default prediction',
    riskTier: 'high',
    version: '1.1.0',
    seq: 2,
    format: 'onnx',
    author: 'maria.lopez',
    createdAt: '2025-10-02T10:30:00.000Z',
    description: 'Gradient-boosted trees on the 2025 Q3 extract',
  },
  artifacts: [
    { path: 'model.onnx', size: 18_432, digest: D('a1') },
    { path: 'preprocessing.json', size: 2_114, digest: D('b2') },
  ],
  signatures: [
    {
      signer: 'credit-release-key',
      keyHint: 'c3'.repeat(32),
      algorithm: 'ecdsa-p256-sha256',
      signedAt: '2025-10-03T15:05:00.000Z',
      valid: true,
    },
  ],
  lineage: {
    run: 'train-credit-risk-gbt-2025q3',
    runStatus: 'completed',
    codeRepository: 'https://git.bank.example/credit/pd-model',
    codeCommit: '9f1c2e7d4b8a6c3e1f0a9b8c7d6e5f4a3b2c1d0e',
    imageDigest: D('d4'),
    packages: ['scikit-learn==1.5.2', 'pandas==2.2.3', 'onnx==1.17.0'],
    params: { learning_rate: 0.05, max_depth: 4, n_estimators: 300 },
  },
  trainingDatasets: [
    {
      ref: 'loan-applications@2025-q3',
      digest: D('e5'),
      rows: 48_213,
      columns: ['income', 'loan_amount', 'term', 'dti', 'credit_history_months', 'default_12m'],
      sourceUri: 's3://credit-data/extracts/2025-q3/',
    },
  ],
  metrics: [
    {
      name: 'roc_auc',
      value: 0.8123,
      slice: 'overall',
      lower: 0.801,
      upper: 0.8231,
      source: 'version',
    },
    { name: 'ks', value: 0.4711, slice: 'overall', source: 'version' },
    { name: 'recall_at_threshold', value: 0.7102, slice: 'overall', source: 'version' },
    { name: 'brier', value: 0.0874, slice: 'overall', source: 'version' },
  ],
  groupMetrics: [
    { metric: 'selection_rate', attribute: 'age_band', group: 'under-25', value: 0.061 },
    { metric: 'selection_rate', attribute: 'age_band', group: '25-64', value: 0.071 },
    { metric: 'selection_rate', attribute: 'age_band', group: '65+', value: 0.066 },
    { metric: 'selection_rate', attribute: 'sex', group: 'female', value: 0.068 },
    { metric: 'selection_rate', attribute: 'sex', group: 'male', value: 0.07 },
  ],
  evaluationDatasets: [],
  monitoring: { status: 'none', monitors: 0, openAlerts: 0 },
  gateDecisions: [
    {
      environment: 'staging',
      outcome: 'pass',
      packs: ['baseline@1'],
      failedRules: [],
      evaluatedAt: '2025-10-06T08:50:00.000Z',
      evaluatedBy: 'maria.lopez',
    },
    {
      environment: 'production',
      outcome: 'pass',
      packs: ['baseline@1', 'eu-ai-act-high-risk@1'],
      failedRules: [],
      evaluatedAt: '2025-10-08T14:20:00.000Z',
      evaluatedBy: 'maria.lopez',
    },
  ],
  promotions: [
    {
      environment: 'production',
      status: 'approved',
      requestedBy: 'maria.lopez',
      requestedAt: '2025-10-08T14:20:00.000Z',
      overriddenBy: null,
      approvals: [
        {
          approver: 'priya.shah',
          role: 'risk-officer',
          decision: 'approved',
          reason: 'Validation MRV-2025-131 approved by the model risk committee',
          decidedAt: '2025-10-09T09:12:00.000Z',
        },
      ],
    },
  ],
  deployments: [
    {
      environment: 'production',
      deployedAt: '2025-10-09T10:00:00.000Z',
      actor: 'james.okafor',
      kind: 'deploy',
    },
  ],
  changeLog: [
    {
      revision: 1,
      at: '2025-10-02T11:00:00.000Z',
      author: 'maria.lopez',
      summary: 'Card created from 1.0.0',
      approvedBy: null,
      approvedAt: null,
    },
    {
      revision: 2,
      at: '2025-10-07T16:30:00.000Z',
      author: 'maria.lopez',
      summary: 'Fairness analysis for the 2025 Q3 data',
      approvedBy: 'priya.shah',
      approvedAt: '2025-10-08T09:40:00.000Z',
    },
  ],
};

/** A complete high-risk card: the demo's authored text with the evidence above. */
export const SAMPLE_CARD: ModelCard = {
  schemaVersion: CARD_SCHEMA_VERSION,
  tier: 'high',
  authored: CREDIT_RISK_CARD,
  evidence: SAMPLE_EVIDENCE,
};
