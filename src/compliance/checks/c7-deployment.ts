import type { Check } from './facts.js';
import { cite, coverage, outcome } from './outcome.js';
import { count, listed } from './wording.js';

/** C7.1: every current deployment carries a signed promotion attestation. */
export const deploymentsAttested: Check = (facts) => {
  const deployments = facts.deployments;
  if (deployments.length === 0)
    return outcome('not-applicable', `${facts.model.name} is not deployed.`);
  const bare = deployments.filter((d) => !d.attested);
  const evidence = [...bare, ...deployments.filter((d) => d.attested)].map((d) =>
    cite(
      d.evidence,
      `${d.versionLabel} deployed to ${d.environment} ${d.attested ? 'with' : 'without'} a promotion attestation`,
    ),
  );
  const status = coverage(deployments.length - bare.length, deployments.length);
  if (status !== 'met')
    return outcome(
      status,
      `${count(bare.length, 'deployment')} of ${deployments.length} ${bare.length === 1 ? 'carries' : 'carry'} no promotion attestation: ${listed(bare.map((d) => `${d.versionLabel} in ${d.environment}`))}.`,
      evidence,
    );
  return outcome(
    'met',
    `Every current deployment (${listed(deployments.map((d) => `${d.versionLabel} in ${d.environment}`))}) carries a signed promotion attestation.`,
    evidence,
  );
};
