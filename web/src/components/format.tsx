import { useState } from 'react';

const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' });

export function formatDateTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${dateTime.format(date)} UTC`;
}

export function formatDate(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateOnly.format(date);
}

/** "3 days ago", "in 5 hours". */
export function relative(iso: string, now: number = Date.now()): string {
  const seconds = Math.round((Date.parse(iso) - now) / 1000);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['year', 365 * 86400],
    ['month', 30 * 86400],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ];
  const format = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(seconds, 'second');
}

/** A time shown relative ("2 days ago") with the exact UTC time on hover and for machines. */
export function Time({
  iso,
  mode = 'relative',
}: {
  iso: string | null | undefined;
  mode?: 'relative' | 'date' | 'datetime';
}) {
  if (iso === null || iso === undefined) return <span>—</span>;
  const text =
    mode === 'date' ? formatDate(iso) : mode === 'datetime' ? formatDateTime(iso) : relative(iso);
  return (
    <time dateTime={iso} title={formatDateTime(iso)}>
      {text}
    </time>
  );
}

/** A digest shortened for reading, whole on hover, with a copy button. */
export function Digest({ value, length = 12 }: { value: string; length?: number }) {
  const [copied, setCopied] = useState(false);
  const [algorithm, hex] = value.includes(':') ? value.split(':', 2) : ['', value];
  const short = `${algorithm === '' ? '' : algorithm + ':'}${(hex ?? '').slice(0, length)}…`;
  const copy = () => {
    void navigator.clipboard?.writeText(value).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <span className="digest">
      <code title={value}>{short}</code>
      <button type="button" className="icon-button" onClick={copy} aria-label={`Copy ${value}`}>
        <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden="true">
          {copied ? (
            <path d="M3 8.5l3 3 7-7" fill="none" stroke="currentColor" strokeWidth="1.8" />
          ) : (
            <>
              <rect
                x="5"
                y="5"
                width="8.5"
                height="8.5"
                rx="1.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
              />
              <path
                d="M3 10.5V3.5A1 1 0 0 1 4 2.5h6.5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.4"
              />
            </>
          )}
        </svg>
      </button>
    </span>
  );
}

export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-GB');
  return value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

export function formatPercent(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—';
  return `${(value * 100).toFixed(digits)}%`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}
