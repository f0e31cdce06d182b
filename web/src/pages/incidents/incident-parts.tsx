import { describeError } from '../../api/client.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { formatDateTime } from '../../components/format.js';
import { clockStatusAt, formatCountdown, spokenCountdown, type Clock } from './incident-data.js';
import './incidents.css';

/** SEV1–SEV4 in the dashboard's colours, with the severity's name on hover. */
export function SeverityBadge({ severity, name }: { severity: string; name?: string }) {
  return <StatusBadge status={severity} {...(name === undefined ? {} : { title: name })} />;
}

/** "GDPR Art 33(1), 33(3)": the framework's short name and the article. */
export function clockName(clock: Pick<Clock, 'framework' | 'citation'>): string {
  const short = clock.framework.split(' (')[0] ?? clock.framework;
  return `${short} ${clock.citation}`;
}

const CLOCK_TONES = {
  running: 'info',
  warning: 'warn',
  overdue: 'bad',
  submitted: 'good',
  'submitted-late': 'warn',
} as const;

/** A regulatory clock's live countdown: time left, or overdue in red; submitted clocks say so. */
export function ClockCountdown({
  clock,
  now,
  compact = false,
}: {
  clock: Clock;
  now: number;
  compact?: boolean;
}) {
  const status = clockStatusAt(clock, now);
  const left = Date.parse(clock.dueAt) - now;
  const submitted = status === 'submitted' || status === 'submitted-late';
  return (
    <div className={`clock clock-${status}${compact ? ' clock-compact' : ''}`}>
      <div className="clock-head">
        <span className="clock-rule" title={clock.title}>
          {clockName(clock)}
        </span>
        <Badge tone={CLOCK_TONES[status]}>{status.replace('-', ' ')}</Badge>
      </div>
      {submitted ? (
        <div className="clock-time">report submitted {formatDateTime(clock.submittedAt)}</div>
      ) : (
        <div className="clock-time">
          <span
            role="timer"
            aria-label={`${clockName(clock)}: ${spokenCountdown(left)}`}
            className="clock-countdown"
          >
            {left < 0 ? `overdue by ${formatCountdown(left)}` : `${formatCountdown(left)} left`}
          </span>
        </div>
      )}
      {compact ? null : (
        <div className="clock-due small">
          due <time dateTime={clock.dueAt}>{formatDateTime(clock.dueAt)}</time>
        </div>
      )}
    </div>
  );
}

/** An action's failure: the server's stable code and message. */
export function ActionError({ error }: { error: unknown }) {
  if (error === undefined) return null;
  const { code, message } = describeError(error);
  return (
    <p className="form-error" role="alert">
      <code>{code}</code> {message}
    </p>
  );
}
