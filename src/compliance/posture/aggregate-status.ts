import type { PostureStatus } from './types.js';

/**
 * Statuses of parts as the status of the whole (sub-controls → control, sub-controls →
 * requirement, requirements → framework): all not applicable is not applicable; of the applicable
 * ones, all met is met, all gap is a gap, anything else partial.
 */
export function aggregateStatus(statuses: readonly PostureStatus[]): PostureStatus {
  const applicable = statuses.filter((s) => s !== 'not-applicable');
  if (applicable.length === 0) return 'not-applicable';
  if (applicable.every((s) => s === 'met')) return 'met';
  if (applicable.every((s) => s === 'gap')) return 'gap';
  return 'partial';
}
