import { describe, expect, it } from 'vitest';
import { baseFacts } from './__fixtures__/facts.js';
import { cardComplete, lineageComplete } from './c11-versioning.js';

describe('card-complete (C11.1)', () => {
  it('is a gap without a card and met with a complete, signed-off one', () => {
    const facts = baseFacts();
    const card = facts.card;
    facts.card = null;
    expect(cardComplete(facts)).toEqual({
      status: 'gap',
      detail: '1.4.0 has no model card.',
      evidence: [],
    });
    facts.card = card;
    expect(cardComplete(facts)).toMatchObject({
      status: 'met',
      detail: 'Card revision 3 of 1.4.0 is complete for tier high and signed off by carol.',
      evidence: [{ ledgerIndex: 105 }],
    });
  });

  it('is partial when complete but not signed off', () => {
    const facts = baseFacts();
    facts.card!.approvedBy = null;
    expect(cardComplete(facts)).toMatchObject({
      status: 'partial',
      detail: 'Card revision 3 of 1.4.0 is complete for tier high but not signed off.',
    });
  });

  it('is partial when signed off but incomplete', () => {
    const facts = baseFacts();
    facts.card!.complete = false;
    facts.card!.missing = ['limitations'];
    expect(cardComplete(facts)).toMatchObject({
      status: 'partial',
      detail:
        'Card revision 3 of 1.4.0 is signed off by carol but incomplete for tier high: missing limitations.',
    });
  });

  it('is a gap when incomplete and not signed off, naming at most five missing fields', () => {
    const facts = baseFacts();
    facts.card = {
      ...facts.card!,
      complete: false,
      approvedBy: null,
      missing: ['intendedUse', 'limitations', 'metrics', 'ethics', 'training', 'caveats', 'owner'],
    };
    expect(cardComplete(facts)).toMatchObject({
      status: 'gap',
      detail:
        'Card revision 3 of 1.4.0 is incomplete for tier high (missing intendedUse, limitations, metrics, ethics, training and 2 more) and not signed off.',
    });
  });
});

describe('lineage-complete (C11.2)', () => {
  it('is a gap when the run read no registered dataset, and met once it records its inputs', () => {
    const facts = baseFacts();
    const inputs = facts.run!.inputs;
    facts.run!.inputs = [];
    expect(lineageComplete(facts)).toMatchObject({
      status: 'gap',
      detail: 'Run run-77 of 1.4.0 read no registered dataset version.',
      evidence: [{ ledgerIndex: 99 }],
    });
    facts.run!.inputs = inputs;
    expect(lineageComplete(facts)).toMatchObject({
      status: 'met',
      detail:
        'Run run-77 of 1.4.0 read 2 registered dataset versions: credit-applications@12 and bureau-scores@4.',
    });
  });

  it('is a gap without a run and not applicable without a version', () => {
    const facts = baseFacts();
    facts.run = null;
    expect(lineageComplete(facts).detail).toBe(
      '1.4.0 is not linked to a training run, so its data lineage is unknown.',
    );
    facts.version = null;
    expect(lineageComplete(facts).status).toBe('not-applicable');
  });
});
