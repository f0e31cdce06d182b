import { suggest, ValidationError, type Issue } from '../lib/index.js';
import { authoredCardSchema, type AuthoredCard } from './card-schema.js';
import { setAt, valueAt } from './field-paths.js';
import { AUTHOR_FIELD_PATHS, cardField } from './templates.js';

/** A change to the author fields: values to set, items to append to lists, fields to clear. */
export interface CardChanges {
  set?: Record<string, unknown> | undefined;
  append?: Record<string, string[]> | undefined;
  unset?: string[] | undefined;
}

function assertAuthorPath(path: string): void {
  if (AUTHOR_FIELD_PATHS.includes(path)) return;
  const field = cardField(path);
  if (field?.source === 'evidence') {
    throw new ValidationError(
      `card field '${path}' is filled by Verity from its evidence and cannot be written`,
      [{ code: 'read_only', path: path.split('.'), message: 'filled from evidence' }],
    );
  }
  throw new ValidationError(
    `'${path}' is not a card field${suggest(path, [...AUTHOR_FIELD_PATHS])}`,
    [{ code: 'unknown_field', path: path.split('.'), message: 'unknown card field' }],
  );
}

function unsetAt(root: Record<string, unknown>, path: string): void {
  const keys = path.split('.');
  const parent = keys.length === 1 ? root : valueAt(root, keys.slice(0, -1).join('.'));
  if (parent === null || typeof parent !== 'object') return;
  delete (parent as Record<string, unknown>)[keys[keys.length - 1] as string];
  // Drop a section left empty, so "cleared" and "never written" are the same card.
  if (keys.length > 1 && Object.keys(parent).length === 0) unsetAt(root, keys[0] as string);
}

/** Checks a whole authored card against the schema; every problem is reported with its path. */
export function parseAuthoredCard(value: unknown): AuthoredCard {
  const parsed = authoredCardSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues: Issue[] = parsed.error.issues.map((i) => ({
    code: i.code,
    path: i.path.map((p) => (typeof p === 'number' ? p : String(p))),
    message: i.message,
  }));
  const first = issues[0];
  const where =
    first === undefined ? '' : ` at ${first.path.join('.') || '(root)'}: ${first.message}`;
  throw new ValidationError(`the card is not valid${where}`, issues);
}

/**
 * Applies changes to a card's author fields and validates the result. Evidence fields and unknown
 * paths are refused by name; nothing is applied unless every change is valid.
 */
export function applyCardChanges(current: AuthoredCard, changes: CardChanges): AuthoredCard {
  const next = structuredClone(current) as Record<string, unknown>;
  for (const path of changes.unset ?? []) {
    assertAuthorPath(path);
    unsetAt(next, path);
  }
  for (const [path, value] of Object.entries(changes.set ?? {})) {
    assertAuthorPath(path);
    if (value === null) unsetAt(next, path);
    else setAt(next, path, value);
  }
  for (const [path, items] of Object.entries(changes.append ?? {})) {
    assertAuthorPath(path);
    if (cardField(path)?.kind !== 'list') {
      throw new ValidationError(`only list fields can be appended to; '${path}' is not a list`, [
        { code: 'not_a_list', path: path.split('.'), message: 'not a list field' },
      ]);
    }
    const existing = valueAt(next, path);
    const current: unknown[] = Array.isArray(existing) ? (existing as unknown[]) : [];
    setAt(next, path, [...current, ...items]);
  }
  return parseAuthoredCard(next);
}
