import { SAMPLE_CARD } from '../../__fixtures__/sample-card.js';
import type { ModelCard } from '../../card-schema.js';

/** Markup an attacker could put in card fields: element, attribute and URL injections. */
export const SCRIPT = '<script>alert(1)</script>';
export const ATTRIBUTE_BREAKOUT = '" onmouseover="alert(2)" x="';
export const PIPE_AND_NEWLINE = 'a | b\nc';

/** SAMPLE_CARD with hostile text in author fields and in evidence alike. */
export const HOSTILE_CARD: ModelCard = {
  ...SAMPLE_CARD,
  authored: {
    ...SAMPLE_CARD.authored,
    details: {
      ...SAMPLE_CARD.authored.details,
      description: `Scores loans. ${SCRIPT}`,
      provider: ATTRIBUTE_BREAKOUT,
      owners: [`<img src=x onerror=alert(3)>`, PIPE_AND_NEWLINE],
    },
    ethics: [{ name: PIPE_AND_NEWLINE, mitigation: `'single' & "double" ${SCRIPT}` }],
  },
  evidence: {
    ...SAMPLE_CARD.evidence,
    artifacts: [{ path: `"><svg onload=alert(4)>`, size: 1, digest: `sha256:"${SCRIPT}` }],
    lineage: { ...SAMPLE_CARD.evidence.lineage, codeRepository: 'javascript:alert(5)' },
    promotions: SAMPLE_CARD.evidence.promotions.map((p) => ({
      ...p,
      approvals: p.approvals.map((a) => ({ ...a, reason: `${ATTRIBUTE_BREAKOUT}${SCRIPT}` })),
    })),
  },
};
