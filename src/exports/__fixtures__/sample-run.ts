import type { Run } from '../../registry/index.js';

const D = (n: string) => `sha256:${n.repeat(32)}`;

/** The completed training run behind credit-risk 1.1.0, as the registry returns it. */
export const SAMPLE_RUN: Run = {
  id: '0199a3b2-5c4d-7e8f-9a0b-1c2d3e4f5a6b',
  name: 'train-credit-risk-gbt-2025q3',
  status: 'completed',
  params: { n_estimators: 300, learning_rate: 0.05, max_depth: 4, objective: 'binary' },
  metrics: [
    { key: 'roc_auc', step: 0, value: 0.79 },
    { key: 'roc_auc', step: 1, value: 0.8123 },
    { key: 'ks', step: 0, value: 0.4711 },
    { key: 'loss', step: 2, value: 0.31 },
    { key: 'loss', step: 2, value: 0.29 },
    { key: 'loss', step: 1, value: 0.4 },
  ],
  code: {
    repository: 'https://git.bank.example/credit/pd-model',
    commit: '9f1c2e7d4b8a6c3e1f0a9b8c7d6e5f4a3b2c1d0e',
  },
  environment: { image: D('d4'), packages: ['scikit-learn==1.5.2', 'pandas==2.2.3'] },
  inputs: [
    {
      id: '0199a3b0-0000-7000-8000-000000000001',
      ref: 'loan-applications@2025-q3',
      digest: D('e5'),
    },
    { id: '0199a3b0-0000-7000-8000-000000000002', ref: 'risk/bureau-scores@v12', digest: D('f6') },
  ],
  outputs: [{ id: '0199a3b0-0000-7000-8000-000000000003', ref: 'credit-risk@1.1.0' }],
  tags: { team: 'credit-risk', pipeline: 'quarterly' },
  startedAt: '2025-10-02T09:40:00.000Z',
  endedAt: '2025-10-02T10:28:00.000Z',
  createdAt: '2025-10-02T09:39:58.000Z',
  createdBy: 'maria.lopez',
};

/** A run logged by hand: no code, no environment, no inputs, outputs or tags, no start time. */
export const BARE_RUN: Run = {
  ...SAMPLE_RUN,
  id: '0199a3b2-5c4d-7e8f-9a0b-1c2d3e4f5a6c',
  name: 'notebook-experiment',
  params: {},
  metrics: [],
  code: null,
  environment: { image: null, packages: [] },
  inputs: [],
  outputs: [],
  tags: {},
  startedAt: null,
  endedAt: null,
};
