import type { Actor } from '../auth/index.js';
import type { RegistryContext } from '../registry/index.js';
import { incidentView, type IncidentView } from './incident-view.js';
import { openIncidentWithin } from './open-incident.js';
import { drillSchema } from './schemas.js';

/**
 * A drill: a simulated incident (`DRILL-2026-001`) run through a real playbook. Action steps are
 * described, not done ("simulated: roll credit-risk in production back from 1.1.0 to 1.0.0"),
 * people work the checklist, and the drill is timed from opening to closing. Its ledger entries
 * are the evidence for control C8 that the response works; drills stay out of the KPIs.
 */
export async function runDrill(
  ctx: RegistryContext,
  actor: Actor,
  body: unknown,
): Promise<IncidentView> {
  const input = drillSchema.parse(body);
  const { key } = await ctx.committer.commit(actor, 'incident.drill', (tx, now) =>
    openIncidentWithin(
      ctx,
      tx,
      actor,
      {
        title: `Drill: ${input.playbook} on ${input.model}`,
        type: input.type ?? 'malfunction',
        severity: input.severity,
        summary: input.scenario ?? `Simulated incident to rehearse the ${input.playbook} playbook.`,
        affected: [{ model: input.model, environment: input.environment }],
        playbook: input.playbook,
        source: { kind: 'drill' },
        drill: true,
      },
      now,
    ),
  );
  return incidentView(ctx.db, key, ctx.clock.now());
}
