import type { Control, SubControl } from '../catalogue/schema.js';
import type { SubControlResult } from '../posture/types.js';
import type { CheckOutcome, ModelFacts } from './facts.js';
import { cite, outcome } from './outcome.js';
import { CHECKS } from './registry.js';
import { day } from './wording.js';

/**
 * Days an attestation counts, per sub-control id (`C5.3`), where the organisation is stricter
 * than the validity recorded on the attestation.
 */
export type AttestationValidity = Readonly<Record<string, number>>;

/**
 * Decides every sub-control of the catalogue for one model: automated ones by their check,
 * attested ones by the newest attestation of the right scope. Throws when an automated
 * sub-control names a check that does not exist (a catalogue and code out of step).
 */
export function runChecks(
  facts: ModelFacts,
  controls: readonly Control[],
  attestationValidity: AttestationValidity = {},
): SubControlResult[] {
  return controls.flatMap((control) =>
    control.subControls.map((sub): SubControlResult => {
      const decided =
        sub.kind === 'automated'
          ? runCheck(facts, sub)
          : attested(facts, sub, attestationValidity[sub.id]);
      return {
        id: sub.id,
        controlId: control.id,
        title: sub.title,
        kind: sub.kind,
        check: sub.kind === 'automated' ? (sub.check ?? null) : null,
        status: decided.status,
        detail: decided.detail,
        evidence: decided.evidence,
        remedy: sub.remedy,
      };
    }),
  );
}

function runCheck(facts: ModelFacts, sub: SubControl): CheckOutcome {
  const id = sub.check;
  const check = id === undefined || !Object.hasOwn(CHECKS, id) ? undefined : CHECKS[id];
  if (check === undefined)
    throw new Error(`sub-control ${sub.id} names the check '${id ?? ''}', which does not exist`);
  return check(facts);
}

/**
 * An attested sub-control is met while the newest attestation of its scope is valid on the
 * posture date: a model-scoped sub-control needs a model-scoped attestation, an organisation one
 * an organisation-wide attestation. Attestations recorded after the posture date do not count.
 */
function attested(facts: ModelFacts, sub: SubControl, validDays: number | undefined): CheckOutcome {
  const perModel = sub.scope === 'model';
  const asOf = Date.parse(facts.asOf);
  const forSub = facts.attestations.filter(
    (a) => a.subControl === sub.id && Date.parse(a.attestedAt) <= asOf,
  );
  const newest = forSub
    .filter((a) => a.modelScoped === perModel)
    .sort((a, b) => Date.parse(b.attestedAt) - Date.parse(a.attestedAt))[0];
  if (newest === undefined) {
    const wrong = forSub.length === 0 ? '' : ` (${wrongScope(perModel)})`;
    return outcome(
      'gap',
      `No ${perModel ? 'attestation for this model' : 'organisation-wide attestation'} is recorded${wrong}.`,
    );
  }
  let until = Date.parse(newest.validUntil);
  if (validDays !== undefined)
    until = Math.min(until, Date.parse(newest.attestedAt) + validDays * 86_400_000);
  const untilIso = new Date(until).toISOString();
  const evidence = [
    cite(newest.evidence, `${newest.attestedBy} attested ${sub.id}: ${newest.statement}`),
  ];
  if (until < asOf)
    return outcome(
      'gap',
      `The attestation by ${newest.attestedBy} of ${day(newest.attestedAt)} expired on ${day(untilIso)}.`,
      evidence,
    );
  return outcome(
    'met',
    `Attested by ${newest.attestedBy} on ${day(newest.attestedAt)}, valid until ${day(untilIso)}.`,
    evidence,
  );
}

function wrongScope(perModel: boolean): string {
  return perModel
    ? 'an organisation-wide attestation does not count: this is attested per model'
    : 'a model-scoped attestation does not count: this is attested for the organisation';
}
