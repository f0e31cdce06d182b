import type { IncidentSummary, IncidentView } from '../../../../src/client/index.js';

/** Pure shaping of incidents for the board, the table and the incident page. */

export const STATUSES = ['open', 'triaged', 'mitigating', 'resolved', 'closed'] as const;
export type Status = (typeof STATUSES)[number];

export const SEVERITIES = ['SEV1', 'SEV2', 'SEV3', 'SEV4'] as const;

/**
 * The moves the server allows (src/incidents/rules/status-machine.ts, ALLOWED_TRANSITIONS; a unit
 * test keeps the two equal). Closing SEV1/SEV2 also needs the completed review and no open actions.
 */
export const ALLOWED_TRANSITIONS: Readonly<Record<Status, readonly Status[]>> = {
  open: ['triaged', 'mitigating', 'resolved'],
  triaged: ['mitigating', 'resolved'],
  mitigating: ['resolved'],
  resolved: ['mitigating', 'closed'],
  closed: [],
};

export const STATUS_LABELS: Record<Status, string> = {
  open: 'Open',
  triaged: 'Triaged',
  mitigating: 'Mitigating',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The verb of a transition's button ("Start mitigating", "Reopen"...). */
export function transitionLabel(from: string, to: Status): string {
  if (from === 'resolved' && to === 'mitigating') return 'Reopen (mitigating)';
  return {
    open: 'Reopen',
    triaged: 'Mark triaged',
    mitigating: 'Start mitigating',
    resolved: 'Mark resolved',
    closed: 'Close',
  }[to];
}

export function isStatus(value: string): value is Status {
  return (STATUSES as readonly string[]).includes(value);
}

export function allowedTransitions(status: string): readonly Status[] {
  return isStatus(status) ? ALLOWED_TRANSITIONS[status] : [];
}

// ---- regulatory clocks ---------------------------------------------------------------------------

export type Clock = IncidentView['clocks'][number];
export type ClockStatus = Clock['status'];

/** A clock's state at `now` (the server's rule: warning from warnAt, overdue from dueAt). */
export function clockStatusAt(
  clock: Pick<Clock, 'dueAt' | 'warnAt' | 'submittedAt'>,
  now: number,
): ClockStatus {
  const due = Date.parse(clock.dueAt);
  if (clock.submittedAt !== null) {
    return Date.parse(clock.submittedAt) > due ? 'submitted-late' : 'submitted';
  }
  if (now >= due) return 'overdue';
  if (now >= Date.parse(clock.warnAt)) return 'warning';
  return 'running';
}

/** Clocks still waiting for their report (running, warning or overdue). */
export function openClocks(clocks: readonly Clock[]): Clock[] {
  return clocks.filter((c) => c.submittedAt === null);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2 d 23:59:12", "04:05:06": a countdown (the sign is the caller's). */
export function formatCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 1000);
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  const clock = `${pad(hours)}:${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${days} d ${clock}` : clock;
}

/** What a screen reader hears for a countdown: "2 days 23 hours 59 minutes left". */
export function spokenCountdown(ms: number): string {
  const total = Math.floor(Math.abs(ms) / 60_000);
  const days = Math.floor(total / 1_440);
  const hours = Math.floor((total % 1_440) / 60);
  const minutes = total % 60;
  const parts = [
    days > 0 ? `${days} day${days === 1 ? '' : 's'}` : '',
    hours > 0 ? `${hours} hour${hours === 1 ? '' : 's'}` : '',
    `${minutes} minute${minutes === 1 ? '' : 's'}`,
  ].filter(Boolean);
  return ms < 0 ? `overdue by ${parts.join(' ')}` : `${parts.join(' ')} left`;
}

// ---- durations and targets -------------------------------------------------------------------

/** Minutes as people read them: "16 min", "3 h 20 min", "8 d 9 h". */
export function formatMinutes(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes)) return '—';
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 1_440) {
    const rest = m % 60;
    return rest === 0 ? `${Math.floor(m / 60)} h` : `${Math.floor(m / 60)} h ${rest} min`;
  }
  const days = Math.floor(m / 1_440);
  const hours = Math.round((m % 1_440) / 60);
  if (hours === 24) return `${days + 1} d`;
  return hours === 0 ? `${days} d` : `${days} d ${hours} h`;
}

export interface SeverityDefinition {
  severity: string;
  name: string;
  criteria: string;
  acknowledgeWithinMinutes: number;
  resolveWithinMinutes: number;
  reviewRequired: boolean;
}

/** The severity definitions from `GET /incidents/reference`, defensively read. */
export function severityDefinitions(reference: { severities: unknown[] }): SeverityDefinition[] {
  return reference.severities.flatMap((raw) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const s = raw as Partial<SeverityDefinition>;
    if (typeof s.severity !== 'string') return [];
    return [
      {
        severity: s.severity,
        name: s.name ?? '',
        criteria: s.criteria ?? '',
        acknowledgeWithinMinutes: s.acknowledgeWithinMinutes ?? Number.NaN,
        resolveWithinMinutes: s.resolveWithinMinutes ?? Number.NaN,
        reviewRequired: s.reviewRequired === true,
      },
    ];
  });
}

export interface ClockRuleOption {
  id: string;
  framework: string;
  citation: string;
  title: string;
}

export function clockRules(reference: { clocks: unknown[] }): ClockRuleOption[] {
  return reference.clocks.flatMap((raw) => {
    if (typeof raw !== 'object' || raw === null) return [];
    const r = raw as Partial<ClockRuleOption>;
    if (typeof r.id !== 'string') return [];
    return [
      {
        id: r.id,
        framework: r.framework ?? '',
        citation: r.citation ?? '',
        title: r.title ?? r.id,
      },
    ];
  });
}

/** Whether a response target was met, missed, or is still running at `now`. */
export function targetState(
  from: string,
  to: string | null,
  withinMinutes: number,
  now: number,
): { state: 'met' | 'missed' | 'running' | 'overdue'; minutes: number } {
  const start = Date.parse(from);
  const end = to === null ? now : Date.parse(to);
  const minutes = (end - start) / 60_000;
  if (!Number.isFinite(withinMinutes)) return { state: to === null ? 'running' : 'met', minutes };
  if (to === null) return { state: minutes > withinMinutes ? 'overdue' : 'running', minutes };
  return { state: minutes <= withinMinutes ? 'met' : 'missed', minutes };
}

// ---- board and table ---------------------------------------------------------------------------

const SEVERITY_RANK: Record<string, number> = { SEV1: 1, SEV2: 2, SEV3: 3, SEV4: 4 };

/** Incidents per status column, most severe first, then newest. */
export function boardColumns(
  incidents: readonly IncidentSummary[],
): Record<Status, IncidentSummary[]> {
  const columns = Object.fromEntries(STATUSES.map((s) => [s, [] as IncidentSummary[]])) as Record<
    Status,
    IncidentSummary[]
  >;
  for (const incident of incidents) {
    if (isStatus(incident.status)) columns[incident.status].push(incident);
  }
  for (const status of STATUSES) {
    columns[status].sort(
      (a, b) =>
        (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) ||
        b.openedAt.localeCompare(a.openedAt),
    );
  }
  return columns;
}

export type SortKey = 'key' | 'title' | 'severity' | 'status' | 'model' | 'owner' | 'opened';
export const SORT_KEYS: readonly SortKey[] = [
  'key',
  'title',
  'severity',
  'status',
  'model',
  'owner',
  'opened',
];

function sortValue(incident: IncidentSummary, key: SortKey): string | number {
  switch (key) {
    case 'severity':
      // Higher is more severe, so "descending" lists SEV1 first.
      return -(SEVERITY_RANK[incident.severity] ?? 9);
    case 'status':
      return isStatus(incident.status) ? STATUSES.indexOf(incident.status) : 9;
    case 'model':
      return incident.affected[0]?.model ?? '';
    case 'owner':
      return incident.owner ?? '';
    case 'opened':
      return incident.openedAt;
    case 'title':
      return incident.title.toLowerCase();
    case 'key':
      return incident.key;
  }
}

/** A sorted copy; ties keep the newest first. */
export function sortIncidents(
  incidents: readonly IncidentSummary[],
  key: SortKey,
  direction: 'asc' | 'desc',
): IncidentSummary[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...incidents].sort((a, b) => {
    const x = sortValue(a, key);
    const y = sortValue(b, key);
    const order = x < y ? -1 : x > y ? 1 : 0;
    return order * sign || b.openedAt.localeCompare(a.openedAt);
  });
}

/** Filters by severity and model (`''` means any). */
export function filterIncidents(
  incidents: readonly IncidentSummary[],
  filter: { severity: string; model: string },
): IncidentSummary[] {
  return incidents.filter(
    (i) =>
      (filter.severity === '' || i.severity === filter.severity) &&
      (filter.model === '' || i.affected.some((a) => a.model === filter.model)),
  );
}

// ---- sources and steps -------------------------------------------------------------------------

/**
 * The monitor behind an alert-opened incident: its source ref is `<model>/<monitor>/<alert key>`
 * and alert keys start with drift:, performance: or fairness:.
 */
export function alertSource(
  source: IncidentSummary['source'],
): { model: string; monitor: string; key: string } | undefined {
  if (source.kind !== 'alert' || source.ref === undefined) return undefined;
  const match = /^(.+)\/([^/]+)\/((?:drift|performance|fairness):.*)$/.exec(source.ref);
  if (match === null) return undefined;
  return { model: match[1]!, monitor: match[2]!, key: match[3]! };
}

/** A playbook action in words ("roll back production", "freeze the version"). */
export function describeAction(action: unknown): string {
  if (typeof action !== 'object' || action === null) return '';
  const a = action as Record<string, unknown>;
  const env = typeof a.environment === 'string' ? a.environment : 'production';
  switch (a.kind) {
    case 'rollback':
      return `roll ${env} back to the previous version`;
    case 'move-alias':
      return `move alias ${String(a.alias)} to ${String(a.to)}`;
    case 'freeze-version':
      return 'freeze the affected version';
    case 'retrain-webhook':
      return 'request retraining through a webhook';
    default:
      return typeof a.kind === 'string' ? a.kind : '';
  }
}

/** Who was notified: roles and named users. */
export function describeRecipients(recipients: unknown): string {
  if (typeof recipients !== 'object' || recipients === null) return '—';
  const r = recipients as { roles?: unknown; users?: unknown };
  const list = [
    ...(Array.isArray(r.roles) ? r.roles.map(String) : []),
    ...(Array.isArray(r.users) ? r.users.map(String) : []),
  ];
  return list.length === 0 ? '—' : list.join(', ');
}

/** Why closing would be refused now (the server checks again and has the last word). */
export function closeBlockers(
  view: Pick<IncidentView, 'review' | 'actions'>,
  reviewRequired: boolean,
): string[] {
  const out: string[] = [];
  if (reviewRequired && (view.review === null || view.review.completedAt === null)) {
    out.push('a completed post-incident review');
  }
  const open = view.actions.filter((a) => a.doneAt === null).length;
  if (open > 0) out.push(`every follow-up action done (${open} open)`);
  return out;
}
