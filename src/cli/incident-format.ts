import type { IncidentSummary, IncidentView } from '../client/index.js';
import { fields, formatTime, table } from './output.js';

const minutes = (m: number) => {
  const sign = m < 0 ? '-' : '';
  const a = Math.abs(m);
  const d = Math.floor(a / 1440);
  const h = Math.floor((a % 1440) / 60);
  return `${sign}${d > 0 ? `${d}d ` : ''}${h}h ${a % 60}m`;
};

export function incidentsTable(items: readonly IncidentSummary[]): string {
  return table(
    ['key', 'severity', 'status', 'type', 'title', 'opened', 'owner'],
    items.map((i) => [
      i.key,
      i.severity,
      i.status,
      i.type,
      i.title,
      formatTime(i.openedAt),
      i.owner ?? '-',
    ]),
  );
}

/** People's view of an incident: facts, playbook steps, clocks, review, timeline. */
export function incidentText(i: IncidentView): string {
  const out = [
    fields([
      ['incident', `${i.key}${i.drill ? ' (drill)' : ''}: ${i.title}`],
      ['severity', i.severity],
      ['status', i.status],
      ['type', i.type],
      [
        'affected',
        i.affected
          .map(
            (a) =>
              `${a.model}${a.version === null ? '' : `@${a.version}`}${a.environment === null ? '' : ` in ${a.environment}`}`,
          )
          .join(', ') || '-',
      ],
      ['source', i.source.kind + (i.source.ref === undefined ? '' : ` ${i.source.ref}`)],
      ['owner', i.owner ?? '-'],
      ['aware', formatTime(i.awareAt)],
      [
        'acknowledged',
        i.acknowledgedAt === null
          ? 'no'
          : `${formatTime(i.acknowledgedAt)} by ${i.acknowledgedBy ?? ''}`,
      ],
      ['playbook', i.playbook ?? '-'],
    ]),
    '',
    i.summary,
  ];
  if (i.steps.length > 0) {
    out.push(
      '',
      table(
        ['step', 'kind', 'status', 'result'],
        i.steps.map((s) => [s.id, s.kind, s.status, s.result ?? '']),
      ),
    );
  }
  if (i.clocks.length > 0) {
    out.push(
      '',
      table(
        ['clock', 'framework', 'due', 'status', 'remaining', 'report missing'],
        i.clocks.map((c) => [
          c.rule,
          c.framework,
          formatTime(c.dueAt),
          c.status.toUpperCase(),
          c.submittedAt === null ? minutes(c.remainingMinutes) : '-',
          c.report.missing.join(', ') || '-',
        ]),
      ),
    );
  }
  if (i.review !== null) {
    out.push(
      '',
      `review: ${i.review.completedAt === null ? 'draft' : `completed by ${i.review.completedBy ?? ''}`}; root cause: ${i.review.rootCause}`,
    );
  }
  if (i.actions.length > 0) {
    out.push(
      '',
      table(
        ['action', 'owner', 'due', 'done'],
        i.actions.map((a) => [
          `${a.title} (${a.id})`,
          a.owner,
          formatTime(a.dueAt),
          a.doneAt === null ? (a.overdue ? 'OVERDUE' : 'no') : formatTime(a.doneAt),
        ]),
      ),
    );
  }
  out.push(
    '',
    table(
      ['at', 'actor', 'what'],
      i.timeline.map((t) => [formatTime(t.at), t.actor, t.summary]),
    ),
  );
  return out.join('\n');
}
