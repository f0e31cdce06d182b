import { canonicalJson } from '../lib/index.js';
import type { ModelCard } from './card-schema.js';
import { valueAt } from './field-paths.js';
import { CARD_FIELDS } from './templates.js';

export interface CardChange {
  path: string;
  title: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
  /** For lists: the items only in `after` and only in `before`. */
  itemsAdded?: unknown[];
  itemsRemoved?: unknown[];
}

function valueOf(card: ModelCard, path: string): unknown {
  return valueAt(path.startsWith('evidence.') ? card : card.authored, path);
}

function isEmpty(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'string' && value.trim() === '')
  );
}

/** Evidence that changes with every revision and so says nothing about the card's content. */
const IGNORED = new Set(['evidence.changeLog']);

/**
 * What changed between two cards, field by field, in document order: the tier, every author field
 * and every kind of evidence (metrics, datasets, signatures, approvals...). Lists also name the
 * items added and removed.
 */
export function diffCards(before: ModelCard, after: ModelCard): CardChange[] {
  const changes: CardChange[] = [];
  if (before.tier !== after.tier) {
    changes.push({
      path: 'tier',
      title: 'Template tier',
      change: 'changed',
      before: before.tier,
      after: after.tier,
    });
  }
  for (const field of CARD_FIELDS) {
    if (IGNORED.has(field.path)) continue;
    const a = valueOf(before, field.path);
    const b = valueOf(after, field.path);
    if (isEmpty(a) && isEmpty(b)) continue;
    if (!isEmpty(a) && !isEmpty(b) && canonicalJson(a) === canonicalJson(b)) continue;
    const change: CardChange = {
      path: field.path,
      title: field.title,
      change: isEmpty(a) ? 'added' : isEmpty(b) ? 'removed' : 'changed',
    };
    if (!isEmpty(a)) change.before = a;
    if (!isEmpty(b)) change.after = b;
    if (Array.isArray(a) || Array.isArray(b)) {
      const left = (Array.isArray(a) ? a : []).map((x) => canonicalJson(x));
      const right = (Array.isArray(b) ? b : []).map((x) => canonicalJson(x));
      change.itemsAdded = right
        .filter((x) => !left.includes(x))
        .map((x) => JSON.parse(x) as unknown);
      change.itemsRemoved = left
        .filter((x) => !right.includes(x))
        .map((x) => JSON.parse(x) as unknown);
    }
    changes.push(change);
  }
  return changes;
}
