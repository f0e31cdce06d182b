import type { IncidentOpener, RegistryContext } from '../registry/index.js';
import { openIncidentWithin } from './open-incident.js';
import type { IncidentType } from './rules/index.js';

const TYPE_OF_ALERT: Record<string, IncidentType> = {
  drift: 'drift',
  performance: 'performance',
  fairness: 'bias',
};

/**
 * The incident opener other modules call inside their own transaction. Monitoring calls
 * `openFromAlert` when an alert with an `incident` action fires: the
 * incident opens in the monitor run's transaction, detected at the alert, with the breached
 * window as its onset, and its playbook's `auto` steps (a rollback) run in that same change.
 */
export function incidentOpener(ctx: RegistryContext): IncidentOpener {
  return {
    async openFromAlert(tx, actor, input, now) {
      const opened = await openIncidentWithin(
        ctx,
        tx,
        { name: actor.name },
        {
          title: `${input.model}: ${input.summary}`,
          type: TYPE_OF_ALERT[input.kind] ?? 'malfunction',
          severity: input.severity,
          summary: `Monitor ${input.monitor} raised alert ${input.alertKey} in ${input.environment}: ${input.summary}`,
          affected: [{ model: input.model, environment: input.environment }],
          playbook: input.playbook,
          onsetAt: input.onsetAt,
          detectedAt: now,
          awareAt: now,
          source: { kind: 'alert', id: input.alertId, ref: `${input.monitor}/${input.alertKey}` },
        },
        now,
      );
      return { key: opened.result.key, events: opened.events };
    },
    async open(tx, actor, input, now) {
      const opened = await openIncidentWithin(
        ctx,
        tx,
        { name: actor.name },
        { ...input, detectedAt: now, awareAt: now },
        now,
      );
      return { key: opened.result.key, events: opened.events };
    },
  };
}
