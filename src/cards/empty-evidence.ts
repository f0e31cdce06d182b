import type { CardEvidence } from './card-schema.js';

/** Evidence of a card checked away from Verity (a card file in git): nothing is known yet. */
export const EMPTY_EVIDENCE: CardEvidence = {
  model: {
    name: '',
    namespace: '',
    ref: '',
    owner: '',
    useCase: '',
    riskTier: null,
    version: '',
    seq: 0,
    format: '',
    author: '',
    createdAt: '',
    description: '',
  },
  artifacts: [],
  signatures: [],
  lineage: {
    run: null,
    runStatus: null,
    codeRepository: null,
    codeCommit: null,
    imageDigest: null,
    packages: [],
    params: {},
  },
  trainingDatasets: [],
  metrics: [],
  groupMetrics: [],
  evaluationDatasets: [],
  monitoring: { status: 'none', monitors: 0, openAlerts: 0 },
  gateDecisions: [],
  promotions: [],
  deployments: [],
  changeLog: [],
};
