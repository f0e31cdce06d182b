import type { Check } from './facts.js';
import { cite, noVersion, outcome } from './outcome.js';
import { count, listed } from './wording.js';

/**
 * C11.1: the assessed version's latest card revision is complete for its tier and signed off.
 * Complete but unsigned, or signed off but incomplete, is partial; neither is a gap.
 */
export const cardComplete: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const card = facts.card;
  if (card === null) return outcome('gap', `${version.label} has no model card.`);
  const which = `Card revision ${card.revision} of ${version.label}`;
  const missing = `missing ${listed(card.missing)}`;
  const evidence = [
    cite(
      card.evidence,
      `card revision ${card.revision} (${card.tier}): ${card.complete ? 'complete' : missing}${card.approvedBy === null ? '' : `, signed off by ${card.approvedBy}`}`,
    ),
  ];
  if (card.complete && card.approvedBy !== null)
    return outcome(
      'met',
      `${which} is complete for tier ${card.tier} and signed off by ${card.approvedBy}.`,
      evidence,
    );
  if (card.complete)
    return outcome(
      'partial',
      `${which} is complete for tier ${card.tier} but not signed off.`,
      evidence,
    );
  if (card.approvedBy !== null)
    return outcome(
      'partial',
      `${which} is signed off by ${card.approvedBy} but incomplete for tier ${card.tier}: ${missing}.`,
      evidence,
    );
  return outcome(
    'gap',
    `${which} is incomplete for tier ${card.tier} (${missing}) and not signed off.`,
    evidence,
  );
};

/** C11.2: the assessed version's run read at least one registered dataset version. */
export const lineageComplete: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const run = facts.run;
  if (run === null)
    return outcome(
      'gap',
      `${version.label} is not linked to a training run, so its data lineage is unknown.`,
    );
  if (run.inputs.length === 0)
    return outcome('gap', `Run ${run.id} of ${version.label} read no registered dataset version.`, [
      cite(run.evidence, `run ${run.id} without inputs`),
    ]);
  const inputs = run.inputs.map((i) => `${i.datasetName}@${i.versionLabel}`);
  return outcome(
    'met',
    `Run ${run.id} of ${version.label} read ${count(inputs.length, 'registered dataset version')}: ${listed(inputs)}.`,
    [cite(run.evidence, `run ${run.id} read ${inputs.join(', ')}`)],
  );
};
