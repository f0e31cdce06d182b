import { CARD_SCHEMA_VERSION, type ModelCard } from '../../card-schema.js';
import { EMPTY_EVIDENCE } from '../../empty-evidence.js';

/**
 * A card straight after registration: nobody has written anything and Verity holds only the
 * model's identity and one artifact. Every author field must show as "Not provided".
 */
export const SPARSE_CARD: ModelCard = {
  schemaVersion: CARD_SCHEMA_VERSION,
  tier: 'high',
  authored: {},
  evidence: {
    ...EMPTY_EVIDENCE,
    model: {
      name: 'churn',
      namespace: 'default',
      ref: 'churn',
      owner: 'sam.lee',
      useCase: '',
      riskTier: null,
      version: '0.1.0',
      seq: 1,
      format: 'pickle',
      author: 'sam.lee',
      createdAt: '2025-11-01T09:00:00.000Z',
      description: '',
    },
    artifacts: [{ path: 'model.pkl', size: 1_024, digest: `sha256:${'0f'.repeat(32)}` }],
  },
};
