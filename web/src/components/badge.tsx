import type { ReactNode } from 'react';

export type Tone = 'good' | 'warn' | 'bad' | 'info' | 'neutral';

export function Badge({
  tone = 'neutral',
  children,
  title,
}: {
  tone?: Tone;
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={`badge badge-${tone}`} {...(title === undefined ? {} : { title })}>
      {children}
    </span>
  );
}

const TONES: Record<string, Tone> = {
  met: 'good',
  passed: 'good',
  approved: 'good',
  pass: 'good',
  valid: 'good',
  verified: 'good',
  resolved: 'good',
  closed: 'neutral',
  deployed: 'good',
  active: 'good',
  low: 'good',
  minimal: 'good',
  partial: 'warn',
  pending: 'warn',
  submitted: 'warn',
  draft: 'warn',
  warning: 'warn',
  warn: 'warn',
  medium: 'warn',
  limited: 'warn',
  mitigating: 'warn',
  triaged: 'warn',
  acknowledged: 'warn',
  gap: 'bad',
  blocked: 'bad',
  rejected: 'bad',
  fail: 'bad',
  failed: 'bad',
  firing: 'bad',
  critical: 'bad',
  high: 'bad',
  'high-risk': 'bad',
  unacceptable: 'bad',
  revoked: 'bad',
  open: 'bad',
  invalid: 'bad',
  overridden: 'bad',
  sev1: 'bad',
  sev2: 'bad',
  sev3: 'warn',
  sev4: 'info',
  'not-applicable': 'neutral',
  cancelled: 'neutral',
  info: 'info',
};

/** A status word in the colour the whole dashboard uses for it (met green, gap red...). */
export function StatusBadge({ status, title }: { status: string; title?: string }) {
  const tone = TONES[status.toLowerCase()] ?? 'neutral';
  return (
    <Badge tone={tone} {...(title === undefined ? {} : { title })}>
      {status}
    </Badge>
  );
}

export function toneOf(status: string): Tone {
  return TONES[status.toLowerCase()] ?? 'neutral';
}
