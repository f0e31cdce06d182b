import type { Check } from './facts.js';
import { cite, outcome } from './outcome.js';
import { count, day, daysBetween, latestBy, listed } from './wording.js';

/** A drill counts for this long (C8.2: "within the last twelve months"). */
export const DRILL_VALID_DAYS = 365;

/**
 * C8.1: no regulatory clock of the model's incidents is past its deadline without a report.
 * Drills are exercises: their clocks bind no regulator, so they are left out.
 */
export const incidentClocks: Check = (facts) => {
  const incidents = facts.incidents.filter((i) => !i.drill);
  if (incidents.length === 0)
    return outcome('met', 'No incidents with regulatory clocks are recorded.');
  const overdue = incidents.filter((i) => i.overdueClocks.length > 0);
  if (overdue.length > 0) {
    const clocks = overdue.flatMap((i) =>
      i.overdueClocks.map((c) => `${i.key} ${c.rule} (due ${day(c.deadline)})`),
    );
    return outcome(
      'gap',
      `${count(clocks.length, 'regulatory clock')} past the deadline without a submitted report: ${listed(clocks)}.`,
      overdue.map((i) =>
        cite(i.evidence, `${i.key} overdue: ${i.overdueClocks.map((c) => c.rule).join(', ')}`),
      ),
    );
  }
  return outcome(
    'met',
    `${count(incidents.length, 'incident')}, none with an overdue regulatory clock.`,
    incidents.map((i) => cite(i.evidence, `${i.key} (${i.severity}, ${i.status})`)),
  );
};

/** C8.2: a drill was opened for the model within the last year; an older one is partial. */
export const incidentDrill: Check = (facts) => {
  const latest = latestBy(
    facts.incidents.filter((i) => i.drill),
    (i) => i.openedAt,
  );
  if (latest === undefined) return outcome('gap', `No drill has been run for ${facts.model.name}.`);
  const age = daysBetween(latest.openedAt, facts.asOf);
  const evidence = [cite(latest.evidence, `drill ${latest.key} opened ${day(latest.openedAt)}`)];
  if (age > DRILL_VALID_DAYS)
    return outcome(
      'partial',
      `The last drill, ${latest.key}, was run on ${day(latest.openedAt)}, ${age} days ago; a drill counts for ${DRILL_VALID_DAYS} days.`,
      evidence,
    );
  return outcome(
    'met',
    `The last drill, ${latest.key}, was run on ${day(latest.openedAt)}, ${age} days ago.`,
    evidence,
  );
};

const SERIOUS = new Set(['SEV1', 'SEV2']);
const FINISHED = new Set(['resolved', 'closed']);

/** C8.3: every resolved or closed SEV1/SEV2 incident (drills aside) has a post-incident review. */
export const incidentReviews: Check = (facts) => {
  const serious = facts.incidents.filter(
    (i) => !i.drill && SERIOUS.has(i.severity) && FINISHED.has(i.status),
  );
  if (serious.length === 0)
    return outcome('not-applicable', 'No resolved or closed SEV1 or SEV2 incident is recorded.');
  const unreviewed = serious.filter((i) => !i.reviewed);
  const evidence = [...unreviewed, ...serious.filter((i) => i.reviewed)].map((i) =>
    cite(
      i.evidence,
      `${i.key} (${i.severity}, ${i.status}) ${i.reviewed ? 'reviewed' : 'not reviewed'}`,
    ),
  );
  if (unreviewed.length > 0)
    return outcome(
      'gap',
      `${count(unreviewed.length, 'serious incident')} of ${serious.length} without a post-incident review: ${listed(unreviewed.map((i) => `${i.key} (${i.severity})`))}.`,
      evidence,
    );
  return outcome(
    'met',
    `Every resolved or closed SEV1 or SEV2 incident (${serious.length}) has a post-incident review.`,
    evidence,
  );
};
