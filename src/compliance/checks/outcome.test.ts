import { describe, expect, it } from 'vitest';
import { MAX_EVIDENCE, outcome } from './outcome.js';

const item = (ledgerIndex: number, summary = `entry ${ledgerIndex}`) => ({
  ledgerIndex,
  type: 'model-version-signed',
  at: '2026-11-30T10:00:00.000Z',
  summary,
});

describe('outcome', () => {
  it('keeps the first citation of an entry and cuts the list at MAX_EVIDENCE', () => {
    const o = outcome('met', 'ok', [item(3, 'first'), item(3, 'again'), item(4)]);
    expect(o.evidence.map((e) => [e.ledgerIndex, e.summary])).toEqual([
      [3, 'first'],
      [4, 'entry 4'],
    ]);
    const many = outcome(
      'met',
      'ok',
      Array.from({ length: 30 }, (_, i) => item(i)),
    );
    expect(many.evidence).toHaveLength(MAX_EVIDENCE);
  });

  it('never cites a fact whose ledger entry was not found (index -1)', () => {
    expect(outcome('met', 'ok', [item(-1), item(7)]).evidence.map((e) => e.ledgerIndex)).toEqual([
      7,
    ]);
  });
});
