import type { Check } from './facts.js';
import { cite, noVersion, outcome } from './outcome.js';
import { day, labelOf, latestBy, listed } from './wording.js';

/** C12.1: the assessed version was compared with an earlier version of the model. */
export const championChallenger: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  if (facts.earlierVersions.length === 0)
    return outcome('not-applicable', `${version.label} is the model's first version.`);
  const earlier = new Set(facts.earlierVersions.map((v) => v.id));
  const comparison = latestBy(
    facts.evaluations.filter(
      (e) =>
        e.versionId === version.id &&
        e.baselineVersionId !== null &&
        earlier.has(e.baselineVersionId),
    ),
    (e) => e.createdAt,
  );
  if (comparison === undefined) {
    const predecessor = [...facts.earlierVersions].sort((a, b) => b.seq - a.seq)[0];
    return outcome(
      'gap',
      `${version.label} was not compared with an earlier version (its predecessor is ${predecessor?.label ?? 'unknown'}).`,
    );
  }
  const baseline = labelOf(facts, comparison.baselineVersionId ?? '');
  return outcome(
    'met',
    `${version.label} was compared with ${baseline} in evaluation ${comparison.name} on ${day(comparison.createdAt)}.`,
    [cite(comparison.evidence, `${comparison.name}: ${version.label} against ${baseline}`)],
  );
};

/**
 * C12.2: an active monitor requests retraining when drift or performance degrades. A monitor
 * that only opens incidents or rolls back is partial: a playbook may retrain, but nothing here
 * says it will.
 */
export const retrainingTrigger: Check = (facts) => {
  const active = facts.monitors.filter((m) => m.active);
  const retrain = active.filter((m) => m.actions.includes('retrain'));
  if (retrain.length > 0)
    return outcome(
      'met',
      `${listed(retrain.map((m) => `${m.name} (${m.environment})`))} ${retrain.length === 1 ? 'requests' : 'request'} retraining when it fires.`,
      retrain.map((m) => cite(m.evidence, `monitor ${m.name} with a retrain action`)),
    );
  const reacting = active.filter(
    (m) => m.actions.includes('incident') || m.actions.includes('rollback'),
  );
  if (reacting.length > 0)
    return outcome(
      'partial',
      `No active monitor requests retraining; ${listed(reacting.map((m) => `${m.name} (${m.actions.join(', ')})`))} only ${reacting.length === 1 ? 'reacts' : 'react'} by incident or rollback.`,
      reacting.map((m) => cite(m.evidence, `monitor ${m.name}: ${m.actions.join(', ')}`)),
    );
  return outcome(
    'gap',
    `No active monitor on ${facts.model.name} requests retraining or opens an incident.`,
  );
};
