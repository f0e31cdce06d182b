import type { AlertView, IncidentView } from '../../../../src/client/index.js';
import { Link, pathOf } from '../../app/router.js';
import { Badge, StatusBadge } from '../../components/badge.js';
import { alertActions } from './monitoring-data.js';

const KIND_LABELS: Record<string, string> = {
  rollback: 'Rollback',
  retrain: 'Retraining requested',
  incident: 'Incident opened',
};

/**
 * What an alert did when it fired (rollback, retraining request, incident), and — when the
 * incident is known — the automatic steps its playbook carried out (e.g. the rollback).
 */
export function AlertActions({
  alert,
  incidents = {},
}: {
  alert: Pick<AlertView, 'actions'>;
  incidents?: Record<string, IncidentView | undefined>;
}) {
  const actions = alertActions(alert);
  if (actions.length === 0) return <span className="muted">notified subscribers only</span>;
  return (
    <ul className="plain-list">
      {actions.map((a, i) => {
        const incident = a.incident === undefined ? undefined : incidents[a.incident];
        const automatic = (incident?.steps ?? []).filter(
          (s) => s.kind === 'action' && s.completedBy === 'verity',
        );
        return (
          <li key={i}>
            <strong>{KIND_LABELS[a.kind] ?? a.kind}</strong>{' '}
            {a.ok ? null : <Badge tone="bad">failed</Badge>}
            {a.incident === undefined ? (
              <span className="small"> {a.detail}</span>
            ) : (
              <>
                {' '}
                <Link to={pathOf('incidents', a.incident)}>{a.incident}</Link>
                {incident === undefined ? null : (
                  <>
                    {' '}
                    <StatusBadge status={incident.status} />
                    {automatic.length === 0 ? null : (
                      <ul className="plain-list nested">
                        {automatic.map((s) => (
                          <li key={s.id} className="small">
                            <Badge
                              tone={
                                s.status === 'done'
                                  ? 'good'
                                  : s.status === 'failed'
                                    ? 'bad'
                                    : 'neutral'
                              }
                            >
                              {s.status}
                            </Badge>{' '}
                            {s.title}
                            {s.result === null ? null : <span className="muted">: {s.result}</span>}
                          </li>
                        ))}
                      </ul>
                    )}
                  </>
                )}
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}
