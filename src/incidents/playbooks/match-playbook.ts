import type { Playbook } from './playbook-schema.js';

/** The facts about an incident a playbook's `appliesTo` filters on. */
export interface PlaybookMatchInput {
  type: string;
  severity: string;
}

/**
 * The first playbook whose filters all match the incident, in the order given (so list the
 * specific ones before the general ones); undefined when none does. An absent filter matches
 * anything.
 */
export function matchPlaybook<P extends Playbook>(
  playbooks: readonly P[],
  incident: PlaybookMatchInput,
): P | undefined {
  return playbooks.find(({ appliesTo: { types, severities } }) => {
    const typeMatches = types === undefined || (types as readonly string[]).includes(incident.type);
    const severityMatches =
      severities === undefined || (severities as readonly string[]).includes(incident.severity);
    return typeMatches && severityMatches;
  });
}
