import type { AppliesWhen, Framework, Requirement } from '../catalogue/schema.js';
import type { ModelScope } from './types.js';

/** Whether a scope condition matches a model's scope (every present field must match). */
export function matchesScope(when: AppliesWhen, scope: ModelScope): boolean {
  const tier = scope.euClassification?.tier;
  if (when.jurisdictions && !when.jurisdictions.some((j) => scope.jurisdictions.includes(j)))
    return false;
  if (when.sectors && !when.sectors.some((s) => scope.sectors.includes(s))) return false;
  if (when.areas && !when.areas.includes(scope.area)) return false;
  if (when.euTiers && (tier === undefined || !when.euTiers.includes(tier))) return false;
  if (when.flags && !when.flags.every((f) => scope.flags.includes(f))) return false;
  if (when.anyFlags && !when.anyFlags.some((f) => scope.flags.includes(f))) return false;
  return true;
}

/** The condition in words, for "applies only to ..." reasons. */
export function describeCondition(when: AppliesWhen): string {
  const parts: string[] = [];
  if (when.jurisdictions) parts.push(`jurisdiction ${when.jurisdictions.join(' or ')}`);
  if (when.sectors) parts.push(`sector ${when.sectors.join(' or ')}`);
  if (when.areas) parts.push(`use-case area ${when.areas.join(' or ')}`);
  if (when.euTiers) parts.push(`EU AI Act tier ${when.euTiers.join(' or ')}`);
  if (when.flags) parts.push(`flags ${when.flags.join(' and ')}`);
  if (when.anyFlags) parts.push(`any of ${when.anyFlags.join(', ')}`);
  return parts.length === 0 ? 'every model' : parts.join(', ');
}

export interface Applicability {
  applies: boolean;
  reason: string;
}

/**
 * Whether a dated item (a framework or a requirement) is law on `date` (YYYY-MM-DD): proposed
 * and stayed items never are; scheduled items are once their date has come; superseded and
 * repealed items are until their end date.
 */
export function inForceOn(
  item: Pick<Requirement, 'status' | 'appliesFrom' | 'appliesUntil' | 'supersededBy'>,
  date: string,
): Applicability {
  if (item.status === 'proposed') return { applies: false, reason: 'proposed, not law' };
  if (item.status === 'stayed') return { applies: false, reason: 'enforcement stayed' };
  if (item.appliesFrom !== undefined && date < item.appliesFrom)
    return { applies: false, reason: `applies from ${item.appliesFrom}` };
  if (item.appliesUntil !== undefined && date > item.appliesUntil) {
    const by = item.supersededBy === undefined ? '' : `; superseded by ${item.supersededBy}`;
    return { applies: false, reason: `applied until ${item.appliesUntil}${by}` };
  }
  if (
    (item.status === 'superseded' || item.status === 'repealed') &&
    item.appliesUntil === undefined
  )
    return {
      applies: false,
      reason: `${item.status}${item.supersededBy ? ` by ${item.supersededBy}` : ''}`,
    };
  return { applies: true, reason: 'in force' };
}

/** Whether a framework reaches a model on `date`, and why. */
export function frameworkApplies(
  framework: Framework,
  scope: ModelScope | null,
  adopted: readonly string[],
  date: string,
): Applicability {
  const dated = inForceOn(framework, date);
  if (!dated.applies) return dated;
  if (framework.voluntary) {
    return adopted.includes(framework.id)
      ? { applies: true, reason: 'voluntary; adopted by the organisation' }
      : { applies: false, reason: 'voluntary; not adopted (compliance settings)' };
  }
  if (scope === null) return { applies: false, reason: 'scope not recorded (C1.1)' };
  return matchesScope(framework.appliesWhen, scope)
    ? { applies: true, reason: `scope matches: ${describeCondition(framework.appliesWhen)}` }
    : { applies: false, reason: `applies to ${describeCondition(framework.appliesWhen)}` };
}
