import type { Check } from './facts.js';
import { cite, noVersion, outcome } from './outcome.js';
import { capitalised, count, day, latestBy, listed } from './wording.js';

/** The four-fifths rule: a group's selection rate at least 0.8 of the most favoured group's. */
export const MIN_IMPACT_RATIO = 0.8;

/** A ratio as details print it: three decimals at most, never rounded up past the threshold. */
function ratio(value: number): string {
  return String(Math.floor(value * 1000) / 1000);
}

/**
 * C3.1: the latest bias audit of the assessed version has every impact ratio at or above 0.8. A
 * lower ratio is partial (the audit is evidence and the finding is named); an audit that
 * recorded no ratio is a gap, since it shows nothing about the groups.
 */
export const biasAudit: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const audits = facts.evaluations.filter((e) => e.versionId === version.id && e.hasBiasAudit);
  const latest = latestBy(audits, (e) => e.createdAt);
  if (latest === undefined) return outcome('gap', `${version.label} has no bias audit.`);
  const others = audits
    .filter((e) => e !== latest)
    .map((e) => cite(e.evidence, `earlier bias audit ${e.name}`));
  const where = `the latest bias audit (${latest.name}, ${day(latest.createdAt)})`;
  if (latest.minImpactRatio === null)
    return outcome('gap', `${capitalised(where)} recorded no impact ratio.`, [
      cite(latest.evidence, `bias audit ${latest.name} without impact ratios`),
      ...others,
    ]);
  const min = ratio(latest.minImpactRatio);
  if (latest.minImpactRatio < MIN_IMPACT_RATIO)
    return outcome(
      'partial',
      `In ${where} the impact ratio of ${latest.worstGroup ?? 'one group'} is ${min}, below ${MIN_IMPACT_RATIO}.`,
      [
        cite(
          latest.evidence,
          `bias audit ${latest.name}: ${latest.worstGroup ?? 'a group'} at ${min}`,
        ),
        ...others,
      ],
    );
  return outcome(
    'met',
    `In ${where} every group's impact ratio is at least ${MIN_IMPACT_RATIO} (lowest ${min}).`,
    [cite(latest.evidence, `bias audit ${latest.name}: lowest impact ratio ${min}`), ...others],
  );
};

/**
 * C3.2: where the model processes personal data, every dataset version its training run read is
 * tagged with a non-empty `purpose` and `lawful-basis` (and `special-category` when the scope
 * says it holds such data).
 */
export const dataProtectionTags: Check = (facts) => {
  const scope = facts.scope;
  if (scope === null)
    return outcome(
      'not-applicable',
      'No scope is recorded, so personal-data processing is unknown.',
    );
  if (!scope.flags.includes('personal-data'))
    return outcome('not-applicable', 'The scope does not flag personal data.');
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const run = facts.run;
  if (run === null)
    return outcome(
      'gap',
      `${version.label} has no training run, so the data it was trained on is unknown.`,
    );
  if (run.inputs.length === 0)
    return outcome('gap', `Run ${run.id} of ${version.label} records no input datasets.`, [
      cite(run.evidence, `run ${run.id} without inputs`),
    ]);
  const needed = ['purpose', 'lawful-basis'];
  if (scope.flags.includes('special-category-data')) needed.push('special-category');
  const untagged = run.inputs.flatMap((input) => {
    const absent = needed.filter((tag) => (input.tags[tag] ?? '').trim() === '');
    return absent.length === 0
      ? []
      : [`${input.datasetName}@${input.versionLabel} lacks ${absent.join(', ')}`];
  });
  const evidence = [
    cite(run.evidence, `run ${run.id} read ${count(run.inputs.length, 'dataset version')}`),
  ];
  if (untagged.length > 0)
    return outcome('gap', `Of the data run ${run.id} read: ${listed(untagged)}.`, evidence);
  return outcome(
    'met',
    `All ${count(run.inputs.length, 'dataset version')} run ${run.id} read carry ${listed(needed)} tags.`,
    evidence,
  );
};
