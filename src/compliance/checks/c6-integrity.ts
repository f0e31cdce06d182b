import type { EvidenceItem } from '../posture/types.js';
import type { Check } from './facts.js';
import { cite, coverage, noVersion, outcome } from './outcome.js';
import { count, day, latestBy, listed } from './wording.js';

/**
 * C6.1: every deployed version (or, when none is deployed, the assessed version) has a signature
 * by a key that is not revoked. None signed is a gap, some is partial.
 */
export const signedVersions: Check = (facts) => {
  const deployed = new Map<string, { label: string; environments: string[] }>();
  for (const d of facts.deployments) {
    const entry = deployed.get(d.versionId) ?? { label: d.versionLabel, environments: [] };
    entry.environments.push(d.environment);
    deployed.set(d.versionId, entry);
  }
  if (deployed.size === 0) {
    if (facts.version === null) return noVersion(facts);
    deployed.set(facts.version.id, { label: facts.version.label, environments: [] });
  }
  const unsigned: string[] = [];
  const failing: EvidenceItem[] = [];
  const supporting: EvidenceItem[] = [];
  for (const [versionId, { label, environments }] of deployed) {
    const signatures = facts.signatures.filter((s) => s.versionId === versionId);
    const valid = signatures.find((s) => !s.keyRevoked);
    if (valid !== undefined) {
      supporting.push(cite(valid.evidence, `${label} signed with key ${valid.keyId}`));
      continue;
    }
    const where =
      environments.length === 0 ? 'is not deployed' : `is deployed in ${listed(environments)}`;
    const revoked = signatures.map((s) => s.keyId);
    const note = revoked.length === 0 ? '' : ` (revoked: ${listed(revoked)})`;
    unsigned.push(`${label} ${where} but has no signature by an unrevoked key${note}`);
    for (const s of signatures)
      failing.push(cite(s.evidence, `${label} signed with revoked key ${s.keyId}`));
  }
  const status = coverage(deployed.size - unsigned.length, deployed.size);
  if (status !== 'met')
    return outcome(status, `${listed(unsigned, 3)}.`, [...failing, ...supporting]);
  const labels = [...deployed.values()].map((v) => v.label);
  return outcome(
    'met',
    `${listed(labels)} ${labels.length === 1 ? 'carries' : 'each carry'} a signature by an unrevoked key.`,
    supporting,
  );
};

/** C6.2: every recorded integrity failure has a closed incident. */
export const artifactIntegrity: Check = (facts) => {
  if (facts.version === null) return noVersion(facts);
  const failures = facts.integrityFailures;
  if (failures.length === 0)
    return outcome('met', `No integrity failure is recorded for ${facts.model.name}.`);
  const unresolved = failures.filter((f) => !f.incidentClosed);
  const cited = [...unresolved, ...failures.filter((f) => f.incidentClosed)].map((f) =>
    cite(
      f.evidence,
      `${f.ref} failed its digest check${f.incidentClosed ? '; incident closed' : ''}`,
    ),
  );
  if (unresolved.length > 0)
    return outcome(
      'gap',
      `${count(unresolved.length, 'integrity failure')} without a closed incident: ${listed(unresolved.map((f) => `${f.ref} (${day(f.at)})`))}.`,
      cited,
    );
  return outcome(
    'met',
    `${count(failures.length, 'integrity failure')} recorded, each with a closed incident.`,
    cited,
  );
};

/** C6.3: an evaluation of the assessed version measured robustness. */
export const robustnessTested: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const evaluations = facts.evaluations.filter((e) => e.versionId === version.id);
  const latest = latestBy(
    evaluations.filter((e) => e.hasRobustness),
    (e) => e.createdAt,
  );
  if (latest === undefined)
    return outcome(
      'gap',
      `None of the ${count(evaluations.length, 'evaluation')} of ${version.label} measured robustness.`,
    );
  return outcome(
    'met',
    `Robustness of ${version.label} was measured in evaluation ${latest.name} on ${day(latest.createdAt)}.`,
    [cite(latest.evidence, `evaluation ${latest.name} with robustness results`)],
  );
};
