/**
 * Instants as the incident rules accept them. Nothing here reads the clock: every "now" is an
 * argument, so the same inputs always give the same deadlines, states and KPIs.
 */
import { ValidationError } from '../../lib/index.js';
import type { Issue } from '../../lib/index.js';

/**
 * A point in time: a `Date`, or an ISO 8601 / RFC 3339 date-time with an explicit offset
 * (`2026-03-02T09:15Z`, `2026-03-02T10:15:00.000+01:00`). Strings without an offset are refused:
 * JavaScript reads them in the host's time zone, so one input would give different deadlines on
 * different machines.
 */
export type Instant = Date | string;

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

// Seconds and fractions are optional; fractions beyond milliseconds (PostgreSQL gives
// microseconds) are truncated by Date.parse.
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/i;

/**
 * Epoch milliseconds of `value`, or null after adding an `invalid_time` issue at `path`.
 * Date.parse rolls impossible dates over (`2026-02-30` becomes 2 March) and accepts `24:00`, so
 * the calendar fields are checked first.
 */
export function readInstant(value: unknown, path: Issue['path'], issues: Issue[]): number | null {
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isFinite(ms)) return ms;
    issues.push({ code: 'invalid_time', path, message: `${where(path)} is an invalid Date` });
    return null;
  }
  if (typeof value === 'string') {
    const m = DATE_TIME.exec(value);
    if (m !== null) {
      const [year, month, day, hour, minute, second, offH, offM] = m
        .slice(1)
        .map((part) => (part === undefined ? 0 : Number(part)));
      const valid =
        month !== undefined &&
        month >= 1 &&
        month <= 12 &&
        day !== undefined &&
        day >= 1 &&
        day <= daysInMonth(year ?? 0, month) &&
        (hour ?? 0) <= 23 &&
        (minute ?? 0) <= 59 &&
        (second ?? 0) <= 59 &&
        (offH ?? 0) <= 23 &&
        (offM ?? 0) <= 59;
      const ms = Date.parse(value);
      if (valid && Number.isFinite(ms)) return ms;
    }
  }
  issues.push({
    code: 'invalid_time',
    path,
    message: `${where(path)} must be a Date or an ISO 8601 date-time with an offset (e.g. 2026-03-02T09:15:00Z)`,
  });
  return null;
}

/** Like `readInstant`, for a single value: throws `ValidationError` instead of collecting. */
export function toMillis(value: unknown, path: Issue['path']): number {
  const issues: Issue[] = [];
  const ms = readInstant(value, path, issues);
  if (ms === null) throw new ValidationError(issues[0]?.message ?? 'invalid time', issues);
  return ms;
}

/** One `ValidationError` listing every issue, its message ending with their messages. */
export function validationError(message: string, issues: readonly Issue[]): ValidationError {
  const detail = issues.map((i) => i.message).join('; ');
  return new ValidationError(detail === '' ? message : `${message}: ${detail}`, [...issues]);
}

/** Throws `validationError(message, issues)` if there are any issues. */
export function throwIfIssues(message: string, issues: readonly Issue[]): void {
  if (issues.length > 0) throw validationError(message, issues);
}

export function where(path: Issue['path']): string {
  return path.length === 0 ? 'value' : path.join('.');
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
