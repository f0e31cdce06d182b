import { z } from 'zod';
import { EVENT_TYPE_PATTERN } from '../ledger/index.js';

/**
 * What a webhook subscribes to: an exact event type (`model-version-registered`), every event
 * (`*`), or every type that starts with a kebab-case prefix (`model-version-*`). Nothing else:
 * no regular expressions, so matching stays linear and a subscription cannot be made to match
 * something its author did not spell out.
 */
export const eventTypePatternSchema = z
  .string()
  .max(128)
  .refine(
    (p) => p === '*' || EVENT_TYPE_PATTERN.test(p.endsWith('-*') ? p.slice(0, -2) : p),
    'must be an event type (model-version-registered), a prefix pattern (model-version-*) or *',
  );

export const eventTypePatternsSchema = z
  .array(eventTypePatternSchema)
  .min(1)
  .max(100)
  .refine((list) => new Set(list).size === list.length, 'each pattern at most once');

/** True when `type` is named by `pattern` (see `eventTypePatternSchema`). */
export function matchesEventType(pattern: string, type: string): boolean {
  if (pattern === '*') return true;
  // `model-version-*` matches `model-version-registered`, not `model-version` or `model-versions`.
  if (pattern.endsWith('-*')) return type.startsWith(pattern.slice(0, -1));
  return pattern === type;
}

/** True when any of the patterns names `type`. */
export function matchesAnyEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => matchesEventType(p, type));
}
