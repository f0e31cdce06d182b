import { jsonDigest } from '../lib/index.js';
import {
  CARD_SCHEMA_VERSION,
  type AuthoredCard,
  type CardEvidence,
  type ModelCard,
} from './card-schema.js';
import { completeness, resolveTier, type Completeness } from './templates.js';

/** A whole card from what people wrote and what Verity gathered, with its completeness. */
export function composeCard(
  authored: AuthoredCard,
  evidence: CardEvidence,
): { card: ModelCard; completeness: Completeness; digest: string } {
  const tier = resolveTier(authored, evidence.model.riskTier);
  const card: ModelCard = { schemaVersion: CARD_SCHEMA_VERSION, tier, authored, evidence };
  return { card, completeness: completeness(authored, evidence, tier), digest: jsonDigest(card) };
}
