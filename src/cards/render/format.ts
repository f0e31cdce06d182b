/*
 * Locale-free formatting. `Intl` and `toLocaleString` depend on the host's ICU data and locale, so
 * every number and date is formatted by hand: the same card gives the same bytes on every machine.
 */

/** `48213` → `48,213`. Non-integers keep their decimals. */
export function groupThousands(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const [whole = '', fraction] = Math.abs(value).toString().split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0 ? '-' : ''}${grouped}${fraction === undefined ? '' : `.${fraction}`}`;
}

/**
 * A metric or measurement as people read it: at most four significant decimals below 1
 * (`0.81234` → `0.8123`), at most four decimals above, integers grouped.
 */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return groupThousands(value);
  const abs = Math.abs(value);
  const rounded = abs < 1 ? Number(value.toPrecision(4)) : Number(value.toFixed(4));
  if (abs >= 1) return groupThousands(rounded);
  return rounded.toString();
}

/** A share as a percentage with one decimal: `0.9412` → `94.1%`. */
export function formatPercent(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}

const ISO_INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** `2025-10-09T09:12:00.000Z` → `2025-10-09 09:12 UTC`; anything else is shown as given. */
export function formatInstant(value: string): string {
  const match = ISO_INSTANT.exec(value.trim());
  if (match === null) return value;
  const [, day, time, zone] = match;
  return `${day} ${time} ${zone === 'Z' ? 'UTC' : `UTC${zone}`}`;
}

/** The calendar day of an ISO instant (`2025-10-09`), or the value as given. */
export function formatDay(value: string): string {
  const match = ISO_INSTANT.exec(value.trim());
  return match?.[1] ?? value;
}

/**
 * A digest short enough for a table cell: the algorithm and the first 12 hex digits
 * (`sha256:a1a1a1a1a1a1…`). The full value is always printed elsewhere in the document.
 */
export function shortDigest(value: string): string {
  const colon = value.indexOf(':');
  const algorithm = colon === -1 ? '' : value.slice(0, colon + 1);
  const hex = colon === -1 ? value : value.slice(colon + 1);
  return hex.length <= 16 ? value : `${algorithm}${hex.slice(0, 12)}…`;
}

/** A parameter value as JSON would write it, strings without quotes. Keys are sorted. */
export function formatParam(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  return JSON.stringify(sortKeys(value)) ?? String(value);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  return Object.fromEntries(entries.map(([k, v]) => [k, sortKeys(v)]));
}

/** Compares strings by UTF-16 code units, so the order never depends on the locale. */
export function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** How many decimals a number is written with (`0.061` → 3), at most `cap`. */
export function decimalsOf(value: number, cap = 4): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const written = formatNumber(value).replace(/,/g, '');
  const dot = written.indexOf('.');
  return dot === -1 || /e/i.test(written) ? cap : Math.min(cap, written.length - dot - 1);
}

/** Numbers that are read together (a column, an interval) with the same number of decimals. */
export function formatAligned(values: readonly number[], cap = 4): string[] {
  const decimals = Math.max(0, ...values.map((v) => decimalsOf(v, cap)));
  return values.map((v) => {
    if (!Number.isFinite(v)) return String(v);
    const [whole = '', fraction] = v.toFixed(decimals).split('.');
    const grouped = groupThousands(Number(whole));
    return fraction === undefined
      ? grouped
      : `${whole.startsWith('-') && grouped === '0' ? '-' : ''}${grouped}.${fraction}`;
  });
}
