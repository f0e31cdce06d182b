import type { EvidenceItem } from '../posture/types.js';
import type { Check } from './facts.js';
import { cite, outcome } from './outcome.js';
import { count, day, labelOf, listed } from './wording.js';

/**
 * C5.1: no approval of the model's promotions was granted by the promotion's requester or by
 * the author of the promoted version.
 */
export const separationOfDuties: Check = (facts) => {
  const approvals = facts.promotions.flatMap((p) => p.approvals.map((a) => ({ p, a })));
  if (approvals.length === 0) return outcome('not-applicable', 'No approvals are recorded.');
  const conflicts: string[] = [];
  const failing: EvidenceItem[] = [];
  for (const { p, a } of approvals) {
    if (a.decision !== 'approved') continue;
    const roles: string[] = [];
    if (a.approver === p.requestedBy) roles.push('requester');
    if (a.approver === p.versionAuthor) roles.push("version's author");
    if (roles.length === 0) continue;
    const what = `${a.approver} (${roles.join(' and ')}) on the promotion of ${labelOf(facts, p.versionId)} to ${p.environment}`;
    conflicts.push(what);
    failing.push(
      cite(a.evidence, `approval by ${what}`),
      cite(p.evidence, `promotion ${p.id} requested by ${p.requestedBy}`),
    );
  }
  if (conflicts.length > 0)
    return outcome(
      'gap',
      `Approved by the requester or the version's author: ${listed(conflicts, 3)}.`,
      failing,
    );
  const granted = approvals.filter(({ a }) => a.decision === 'approved');
  return outcome(
    'met',
    `None of ${count(granted.length, 'approval')} on ${count(facts.promotions.length, 'promotion')} was granted by its requester or the version's author.`,
    granted.map(({ p, a }) =>
      cite(a.evidence, `${a.approver} approved ${labelOf(facts, p.versionId)} to ${p.environment}`),
    ),
  );
};

/**
 * C5.2: every break-glass override has a resolved review. Review items carry no promotion id in
 * the facts, so the check asks that there are at least as many review items as overrides and
 * that none is open.
 */
export const breakGlassReviewed: Check = (facts) => {
  const overridden = facts.promotions.filter((p) => p.overriddenBy !== null);
  if (overridden.length === 0)
    return outcome('not-applicable', 'No break-glass override is recorded.');
  const overrides = overridden.map((p) =>
    cite(
      p.evidence,
      `${p.overriddenBy} overrode the ${p.environment} gate for ${labelOf(facts, p.versionId)}`,
    ),
  );
  const open = facts.reviewItems.filter((r) => r.status === 'open');
  const resolved = facts.reviewItems.filter((r) => r.status === 'resolved');
  const cited = (r: (typeof facts.reviewItems)[number]) =>
    cite(
      r.evidence,
      `review ${r.id} ${r.status === 'open' ? `open since ${day(r.openedAt)}` : 'resolved'}`,
    );
  const reviews = [...open, ...resolved].map(cited);
  if (open.length > 0) {
    const oldest = [...open].sort((a, b) => Date.parse(a.openedAt) - Date.parse(b.openedAt))[0];
    return outcome(
      'gap',
      `${count(open.length, 'break-glass review')} of ${facts.reviewItems.length} ${open.length === 1 ? 'is' : 'are'} still open (the oldest since ${day(oldest?.openedAt ?? '')}).`,
      [...reviews, ...overrides],
    );
  }
  if (facts.reviewItems.length < overridden.length)
    return outcome(
      'gap',
      `${count(overridden.length, 'break-glass override')} but only ${count(facts.reviewItems.length, 'review')} recorded.`,
      [...overrides, ...reviews],
    );
  return outcome(
    'met',
    `${count(overridden.length, 'break-glass override')} recorded, each with a resolved review.`,
    [...reviews, ...overrides],
  );
};
