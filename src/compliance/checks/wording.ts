import type { ModelFacts } from './facts.js';

const DAY_MS = 86_400_000;

/** The date part of an ISO timestamp, as details print it. */
export function day(iso: string): string {
  return iso.slice(0, 10);
}

/** Whole days from `from` to `to` (both ISO), rounded down; negative when `from` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

/** Milliseconds from `from` to `to` (both ISO). */
export function msBetween(from: string, to: string): number {
  return Date.parse(to) - Date.parse(from);
}

/** Whether ISO time `a` is at or after ISO time `b` (compared as instants, not as strings). */
export function atOrAfter(a: string, b: string): boolean {
  return Date.parse(a) >= Date.parse(b);
}

/** `a`, `a and b`, `a, b and c`; past `max` items, `a, b, c and 4 more`. */
export function listed(items: readonly string[], max = 5): string {
  if (items.length > max) return `${items.slice(0, max).join(', ')} and ${items.length - max} more`;
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `1 risk`, `3 risks`. */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** A version's label from the facts, falling back to its id. */
export function labelOf(facts: ModelFacts, versionId: string): string {
  if (facts.version?.id === versionId) return facts.version.label;
  return (
    facts.deployments.find((d) => d.versionId === versionId)?.versionLabel ??
    facts.earlierVersions.find((v) => v.id === versionId)?.label ??
    versionId
  );
}

/** The latest of some items by an ISO time. */
export function latestBy<T>(items: readonly T[], at: (item: T) => string): T | undefined {
  let latest: T | undefined;
  for (const item of items)
    if (latest === undefined || Date.parse(at(item)) > Date.parse(at(latest))) latest = item;
  return latest;
}

/** The text with its first letter in upper case, to start a sentence. */
export function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
