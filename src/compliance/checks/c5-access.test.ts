import { describe, expect, it } from 'vitest';
import { baseFacts, promotionOf, ref } from './__fixtures__/facts.js';
import { breakGlassReviewed, separationOfDuties } from './c5-access.js';

describe('separation-of-duties (C5.1)', () => {
  it("is a gap when the version's author approved its promotion, and met once someone else did", () => {
    const facts = baseFacts();
    const approval = promotionOf(facts, 'p-production').approvals[1]!;
    approval.approver = 'bob';
    const result = separationOfDuties(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      "Approved by the requester or the version's author: bob (requester and version's author) on the promotion of 1.4.0 to production.",
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([127, 125]);
    approval.approver = 'dave';
    const met = separationOfDuties(facts);
    expect(met.status).toBe('met');
    expect(met.detail).toBe(
      "None of 4 approvals on 3 promotions was granted by its requester or the version's author.",
    );
    expect(met.evidence.map((e) => e.ledgerIndex)).toEqual([62, 63, 126, 127]);
  });

  it('names a requester who approved their own request', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-hotfix').requestedBy = 'erin';
    expect(separationOfDuties(facts).detail).toBe(
      "Approved by the requester or the version's author: erin (requester) on the promotion of 1.3.0 to production.",
    );
  });

  it('ignores a rejection by the author', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-production').approvals.push({
      approver: 'bob',
      role: 'validator',
      decision: 'rejected',
      at: '2026-03-09T12:00:00.000Z',
      evidence: ref(128, 'approval-rejected', '2026-03-09T12:00:00.000Z'),
    });
    expect(separationOfDuties(facts).status).toBe('met');
  });

  it('is not applicable when no approvals are recorded', () => {
    const facts = baseFacts();
    for (const p of facts.promotions) p.approvals = [];
    expect(separationOfDuties(facts)).toEqual({
      status: 'not-applicable',
      detail: 'No approvals are recorded.',
      evidence: [],
    });
  });
});

describe('break-glass-reviewed (C5.2)', () => {
  it('is a gap while the override review is open, and met once it is resolved', () => {
    const facts = baseFacts();
    const review = facts.reviewItems[0]!;
    review.status = 'open';
    review.resolvedAt = null;
    const result = breakGlassReviewed(facts);
    expect(result.status).toBe('gap');
    expect(result.detail).toBe(
      '1 break-glass review of 1 is still open (the oldest since 2026-01-10).',
    );
    expect(result.evidence.map((e) => e.ledgerIndex)).toEqual([61, 60]);
    review.status = 'resolved';
    review.resolvedAt = '2026-01-14T16:00:00.000Z';
    expect(breakGlassReviewed(facts)).toMatchObject({
      status: 'met',
      detail: '1 break-glass override recorded, each with a resolved review.',
      evidence: [
        { ledgerIndex: 61, summary: 'review rv-1 resolved' },
        { ledgerIndex: 60, summary: 'ivan overrode the production gate for 1.3.0' },
      ],
    });
  });

  it('is a gap when an override has no review item at all', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-production').overriddenBy = 'ivan';
    expect(breakGlassReviewed(facts)).toMatchObject({
      status: 'gap',
      detail: '2 break-glass overrides but only 1 review recorded.',
    });
  });

  it('is not applicable when nothing was overridden', () => {
    const facts = baseFacts();
    promotionOf(facts, 'p-hotfix').overriddenBy = null;
    expect(breakGlassReviewed(facts)).toMatchObject({
      status: 'not-applicable',
      detail: 'No break-glass override is recorded.',
    });
  });
});
