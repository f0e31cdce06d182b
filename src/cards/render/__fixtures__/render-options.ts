import type { ModelCard } from '../../card-schema.js';
import { completeness } from '../../templates.js';
import type { RenderOptions } from '../options.js';

export const CARD_DIGEST = `sha256:${'f0'.repeat(32)}`;

/** Options as the service would pass them, computed from the card, with a fixed clock. */
export function renderOptions(card: ModelCard, extra: Partial<RenderOptions> = {}): RenderOptions {
  return {
    generatedAt: '2025-10-10T08:00:00.000Z',
    revision: 3,
    frozen: true,
    completeness: completeness(card.authored, card.evidence, card.tier),
    digest: CARD_DIGEST,
    ...extra,
  };
}
