import { SAMPLE_EVIDENCE } from '../../cards/__fixtures__/sample-card.js';
import { CARD_SCHEMA_VERSION, type ModelCard } from '../../cards/card-schema.js';
import { EMPTY_EVIDENCE } from '../../cards/empty-evidence.js';

/** A card with no author text and the least evidence a version can have: one file. */
export const MINIMAL_CARD: ModelCard = {
  schemaVersion: CARD_SCHEMA_VERSION,
  tier: 'minimal',
  authored: {},
  evidence: {
    ...EMPTY_EVIDENCE,
    model: { ...SAMPLE_EVIDENCE.model, riskTier: null, description: '', format: 'other' },
    artifacts: [{ path: 'model.bin', size: 10, digest: `sha256:${'0f'.repeat(32)}` }],
    monitoring: SAMPLE_EVIDENCE.monitoring,
  },
};
