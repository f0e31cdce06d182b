import type { EvidenceItem } from '../posture/types.js';
import type { Check, ModelFacts } from './facts.js';
import { cite, noVersion, outcome } from './outcome.js';
import { count, day, latestBy, listed } from './wording.js';

type Risk = ModelFacts['risks'][number];

/** C2.1: a register exists; open risks have an owner, a mitigation and a current review date. */
export const riskRegister: Check = (facts) => {
  if (facts.risks.length === 0)
    return outcome('gap', `No risks are recorded for ${facts.model.name}.`);
  const today = day(facts.asOf);
  const open = facts.risks.filter((r) => r.status === 'open');
  const problems: string[] = [];
  const failing: EvidenceItem[] = [];
  for (const risk of open) {
    const wrong: string[] = [];
    if (risk.owner.trim() === '') wrong.push('has no owner');
    if (risk.mitigations.length === 0) wrong.push('has no mitigation');
    // reviewDue is a date (or a timestamp whose date part counts); overdue once that day is past.
    if (risk.reviewDue !== null && day(risk.reviewDue) < today)
      wrong.push(`was due for review on ${day(risk.reviewDue)}`);
    if (wrong.length === 0) continue;
    problems.push(`${risk.id} ${wrong.join(' and ')}`);
    failing.push(cite(risk.evidence, `${risk.id} "${risk.title}" ${wrong.join(' and ')}`));
  }
  const supporting = facts.risks.map((r) =>
    cite(r.evidence, `${r.id} "${r.title}" (${r.level}, ${r.status})`),
  );
  if (problems.length > 0)
    return outcome('gap', `Of ${count(open.length, 'open risk')}: ${listed(problems)}.`, [
      ...failing,
      ...supporting,
    ]);
  return outcome(
    'met',
    `${count(facts.risks.length, 'risk')} recorded, ${open.length} open; every open risk has an owner, a mitigation and a current review date.`,
    supporting,
  );
};

const AT_LEAST_MEDIUM = new Set(['medium', 'high', 'critical']);

/**
 * C2.2: residual risk of medium or higher is accepted by someone independent of development.
 * Risks still carried count: `open` and `accepted` (an acceptance by the owner must not hide the
 * risk by changing its status); mitigated and closed risks do not.
 */
export const residualRiskAccepted: Check = (facts) => {
  if (facts.risks.length === 0)
    return outcome('not-applicable', `No risks are recorded for ${facts.model.name}.`);
  const author = facts.version?.author ?? null;
  const carried = facts.risks.filter(
    (r) =>
      (r.status === 'open' || r.status === 'accepted') &&
      AT_LEAST_MEDIUM.has(r.residualLevel ?? r.level),
  );
  const problems: string[] = [];
  const failing: EvidenceItem[] = [];
  const supporting: EvidenceItem[] = [];
  for (const risk of carried) {
    const level = risk.residualLevel ?? risk.level;
    const problem = acceptanceProblem(risk, facts.model.owner, author);
    if (problem === null) {
      supporting.push(cite(risk.evidence, `${risk.id} (${level}) accepted by ${risk.acceptedBy}`));
      continue;
    }
    problems.push(`${risk.id} (${level}) ${problem}`);
    failing.push(cite(risk.evidence, `${risk.id} "${risk.title}" ${problem}`));
  }
  if (problems.length > 0)
    return outcome(
      'gap',
      `${count(problems.length, 'risk')} with residual level medium or higher not accepted independently: ${listed(problems)}.`,
      [...failing, ...supporting],
    );
  if (carried.length === 0)
    return outcome(
      'met',
      `No open risk has a residual level of medium or higher (${count(facts.risks.length, 'risk')} recorded).`,
    );
  return outcome(
    'met',
    `Every open risk with residual level medium or higher (${carried.length}) was accepted by someone other than the owner and the version's author.`,
    supporting,
  );
};

function acceptanceProblem(risk: Risk, owner: string, author: string | null): string | null {
  if (risk.acceptedBy === null) return 'is not accepted';
  if (risk.acceptedBy === owner) return `was accepted by the model's owner ${owner}`;
  if (risk.acceptedBy === author) return `was accepted by the version's author ${author}`;
  return null;
}

/** C2.3: the assessed version was evaluated by someone other than its author. */
export const independentValidation: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const evaluations = facts.evaluations.filter((e) => e.versionId === version.id);
  if (evaluations.length === 0) return outcome('gap', `${version.label} has not been evaluated.`);
  const independent = evaluations.filter((e) => e.createdBy !== version.author);
  const latest = latestBy(independent, (e) => e.createdAt);
  if (latest === undefined)
    return outcome(
      'gap',
      `${version.label} was evaluated only by its author ${version.author} (${count(evaluations.length, 'evaluation')}).`,
      evaluations.map((e) => cite(e.evidence, `${e.name} evaluated by the author ${e.createdBy}`)),
    );
  return outcome(
    'met',
    `${version.label} was evaluated by ${latest.createdBy} (${latest.name}, ${latest.kind}, ${day(latest.createdAt)}), not its author ${version.author}.`,
    [latest, ...independent.filter((e) => e !== latest)].map((e) =>
      cite(e.evidence, `${e.name} (${e.kind}) evaluated by ${e.createdBy}`),
    ),
  );
};
