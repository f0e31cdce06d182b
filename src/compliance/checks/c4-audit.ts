import type { EvidenceItem } from '../posture/types.js';
import type { Check } from './facts.js';
import { cite, coverage, noVersion, outcome } from './outcome.js';
import { count, day, listed, msBetween } from './wording.js';

/** The last full verification counts for this long. */
export const VERIFICATION_MAX_AGE_DAYS = 7;

/**
 * EU AI Act Arts 19(1) and 26(6): logs kept "for a period ... of at least six months". Six
 * calendar months span at most 184 days (July to December), so 184 days is six months from any
 * start date.
 */
export const EU_MIN_LOG_RETENTION_DAYS = 184;

/** C4.1: the last full verification of the audit log passed and is at most seven days old. */
export const ledgerVerifies: Check = (facts) => {
  const v = facts.ledgerVerification;
  if (v === null) return outcome('gap', 'The audit log has never been verified.');
  const evidence =
    v.evidence === null
      ? []
      : [
          cite(
            v.evidence,
            `audit log verification of ${v.size} entries: ${v.ok ? 'ok' : 'failed'}`,
          ),
        ];
  if (!v.ok) {
    const where = v.firstBadIndex === null ? '' : ` at entry ${v.firstBadIndex}`;
    return outcome(
      'gap',
      `The last verification of the audit log, on ${day(v.at)}, failed${where}.`,
      evidence,
    );
  }
  const ageDays = msBetween(v.at, facts.asOf) / 86_400_000;
  if (ageDays > VERIFICATION_MAX_AGE_DAYS)
    return outcome(
      'partial',
      `The audit log last verified on ${day(v.at)}, ${Math.floor(ageDays)} days ago; a verification counts for ${VERIFICATION_MAX_AGE_DAYS} days.`,
      evidence,
    );
  return outcome('met', `The audit log of ${v.size} entries verified on ${day(v.at)}.`, evidence);
};

/**
 * C4.2: the assessed version's run records code repository, commit, image digest and inputs. A
 * run that records only some of them is partial.
 */
export const runManifest: Check = (facts) => {
  const version = facts.version;
  if (version === null) return noVersion(facts);
  const run = facts.run;
  if (run === null) return outcome('gap', `${version.label} is not linked to a training run.`);
  const absent: string[] = [];
  if (run.codeRepository === null) absent.push('code repository');
  if (run.codeCommit === null) absent.push('code commit');
  if (run.imageDigest === null) absent.push('image digest');
  if (run.inputs.length === 0) absent.push('input datasets');
  if (absent.length > 0)
    return outcome('partial', `Run ${run.id} of ${version.label} records no ${listed(absent)}.`, [
      cite(run.evidence, `run ${run.id} lacks ${absent.join(', ')}`),
    ]);
  return outcome(
    'met',
    `Run ${run.id} of ${version.label} records ${run.codeRepository}@${run.codeCommit}, image ${run.imageDigest} and ${count(run.inputs.length, 'dataset version')}.`,
    [cite(run.evidence, `run manifest ${run.id}`)],
  );
};

/**
 * C4.3: each deployed environment keeps raw prediction logs at least as long as required: some
 * active monitor on it has that `retentionDays`. The requirement is the organisation's setting
 * when it has one (the organisation's rule, for every deployed model); for models the EU AI Act
 * reaches it is at least six months, whatever the setting.
 */
export const logRetention: Check = (facts) => {
  const environments = [...new Set(facts.deployments.map((d) => d.environment))];
  if (environments.length === 0)
    return outcome('not-applicable', `${facts.model.name} is not deployed.`);
  const setting = facts.settings.logRetentionDays;
  const eu = facts.scope?.jurisdictions.includes('EU') ?? false;
  if (setting <= 0 && !eu)
    return outcome(
      'not-applicable',
      'No log retention is configured and the EU AI Act (Arts 19 and 26(6)), which sets the six-month default, does not reach the model.',
    );
  const required = eu ? Math.max(setting, EU_MIN_LOG_RETENTION_DAYS) : setting;
  const basis =
    setting >= required
      ? `the organisation's log retention of ${required} days (the EU AI Act, Arts 19 and 26(6), sets the six-month default)`
      : `${required} days (six months under the EU AI Act, Arts 19 and 26(6))`;
  const short: string[] = [];
  const failing: EvidenceItem[] = [];
  const supporting: EvidenceItem[] = [];
  for (const env of environments) {
    const monitors = facts.monitors.filter((m) => m.environment === env && m.active);
    const keeping = monitors.find((m) => m.retentionDays >= required);
    if (keeping !== undefined) {
      supporting.push(
        cite(
          keeping.evidence,
          `monitor ${keeping.name} keeps ${env} logs ${keeping.retentionDays} days`,
        ),
      );
      continue;
    }
    const longest = Math.max(0, ...monitors.map((m) => m.retentionDays));
    short.push(monitors.length === 0 ? `${env} (no active monitor)` : `${env} (${longest} days)`);
    for (const m of monitors)
      failing.push(cite(m.evidence, `monitor ${m.name} keeps ${env} logs ${m.retentionDays} days`));
  }
  const status = coverage(environments.length - short.length, environments.length);
  if (status !== 'met')
    return outcome(status, `Raw prediction logs are kept less than ${basis} in ${listed(short)}.`, [
      ...failing,
      ...supporting,
    ]);
  return outcome(
    'met',
    `Every deployed environment (${listed(environments)}) keeps raw prediction logs at least ${basis}.`,
    supporting,
  );
};
