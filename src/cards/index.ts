export * from './card-schema.js';
export * from './templates.js';
export { composeCard } from './compose.js';
export { applyCardChanges, parseAuthoredCard, type CardChanges } from './card-edit.js';
export { diffCards, type CardChange } from './card-diff.js';
export { cardFromMarkdown, cardToMarkdown, type CardSourceHeader } from './card-markdown.js';
export { gatherEvidence } from './evidence.js';
export {
  getCard,
  saveCard,
  patchCard,
  importCardMarkdown,
  exportCardMarkdown,
  listCardRevisions,
  diffCardRevisions,
  approveCard,
  cardGateFacts,
  type CardView,
  type CardRevisionSummary,
  type CardDiff,
  type SaveCardOptions,
} from './cards.js';
export * from './api-schemas.js';
export { renderCard } from './render-card.js';
/** Chart and style primitives other self-contained reports share with the card. */
export {
  CARD_CSS as REPORT_CSS,
  formatInstant,
  formatNumber,
  groupBarsSvg,
  metricBarsSvg,
} from './render/index.js';
