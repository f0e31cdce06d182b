import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { deploymentsAttested } from './c7-deployment.js';

describe('deployments-attested (C7.1)', () => {
  it('is a gap when no deployment is attested, and met once every one is', () => {
    const facts = baseFacts();
    for (const d of facts.deployments) d.attested = false;
    expect(deploymentsAttested(facts)).toMatchObject({
      status: 'gap',
      detail:
        '2 deployments of 2 carry no promotion attestation: 1.4.0 in staging and 1.4.0 in production.',
    });
    for (const d of facts.deployments) d.attested = true;
    const met = deploymentsAttested(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      'Every current deployment (1.4.0 in staging and 1.4.0 in production) carries a signed promotion attestation.',
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([120, 130]);
  });

  it('is partial when some deployments are attested, citing the unattested one first', () => {
    const facts = baseFacts();
    facts.deployments[1]!.attested = false;
    const result = deploymentsAttested(facts);
    expect(result.status).toBe('partial');
    expect(result.detail).toBe(
      '1 deployment of 2 carries no promotion attestation: 1.4.0 in production.',
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([130, 120]);
  });

  it('is not applicable when nothing is deployed', () => {
    const facts = baseFacts();
    facts.deployments = [];
    expect(deploymentsAttested(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'credit-scorer is not deployed.',
    });
  });
});
