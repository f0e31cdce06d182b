import { canonicalJson } from '../../lib/canonical-json.js';
import { NotFoundError, ValidationError } from '../../lib/errors.js';
import { sha256Hex } from '../../lib/hash.js';
import { CONTROL_IDS, type ControlId } from '../catalogue/schema.js';
import type { ModelPosture, SubControlResult } from '../posture/types.js';
import type { ReportMeta } from './report-data.js';
import { modelName, versionBasisText } from './report-format.js';
import { subControlsOf } from './status-order.js';

/*
 * OSCAL assessment results (NIST OSCAL 1.1.2, assessment-results model; field names and required
 * members as in NIST's JSON schema for the model):
 *
 *   assessment-results: uuid, metadata{title, last-modified, version, oscal-version}, import-ap{href},
 *     results[]: uuid, title, description, start, reviewed-controls{control-selections[]}, plus
 *       observations[]: uuid, description, methods[], collected (relevant-evidence[]: description)
 *       findings[]: uuid, title, description, target{type, target-id, status{state}}
 *
 * Verity's twelve controls are the "catalog"; a sub-control is a control objective (`c6.1`), so a
 * finding targets it with type `objective-id`. OSCAL arrays, when present, have at least one item,
 * so empty ones are left out. Custom properties carry Verity's namespace (`ns`) so that they never
 * collide with names OSCAL defines.
 *
 * Every UUID is derived from a name (below), never random: the same postures and meta give the
 * same bytes.
 */

export const OSCAL_VERSION = '1.1.2';

/** The namespace of Verity's OSCAL properties. */
export const VERITY_OSCAL_NS = 'https://verity.dev/ns/oscal';

/**
 * A name-based UUID in the layout of RFC 4122 §4.3 (version 5), computed with SHA-256 instead of
 * SHA-1: the first 16 bytes of SHA-256("verity-oscal:" + name), version nibble set to 5 and
 * variant bits to 10 (§4.1.1, §4.1.3). OSCAL's UUID datatype accepts versions 4 and 5 only, so a
 * version-8 UUID (RFC 9562's home for SHA-256 names) would not validate.
 */
export function oscalUuid(name: string): string {
  const hex = sha256Hex(`verity-oscal:${name}`).slice(0, 32);
  const bytes = Buffer.from(hex, 'hex');
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** OSCAL ids are tokens; Verity's are upper-case (`C6.1`), OSCAL's by convention lower-case. */
export const oscalId = (id: string): string => id.toLowerCase();

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const WITH_ZONE_AND_SECONDS = /T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** OSCAL's date-time-with-timezone needs seconds and a zone; a bare date is its midnight UTC. */
function oscalDateTime(value: string): string {
  if (DATE_ONLY.test(value)) return `${value}T00:00:00Z`;
  if (WITH_ZONE_AND_SECONDS.test(value)) return value;
  const parsed = new Date(value);
  if (Number.isNaN(parsed.getTime()))
    throw new ValidationError(`'${value}' is not a date-time OSCAL can carry`, [
      { code: 'invalid_date', path: [], message: 'expected an ISO 8601 date-time' },
    ]);
  return parsed.toISOString();
}

const prop = (name: string, value: string) => ({ name, ns: VERITY_OSCAL_NS, value });

export interface OscalOptions {
  /** Restrict each result to the controls this framework maps, and to the models it applies to. */
  frameworkId?: string;
}

/**
 * One OSCAL assessment-results document for the postures: one result per model, an observation
 * and a finding per applicable sub-control (not-applicable ones are left out). A finding is
 * `satisfied` exactly when its sub-control is met; the Verity status is kept as a property.
 * Observation evidence points at audit-log entries (`#ledger-<index>`), which the evidence bundle
 * proves against the root in the metadata.
 */
export function oscalAssessmentResults(
  postures: readonly ModelPosture[],
  meta: ReportMeta,
  options: OscalOptions = {},
): object {
  const frameworkId = options.frameworkId;
  let frameworkName: string | null = null;
  const scoped: { posture: ModelPosture; controls: ControlId[] }[] = [];
  for (const posture of postures) {
    if (frameworkId === undefined) {
      scoped.push({ posture, controls: [...CONTROL_IDS] });
      continue;
    }
    const framework = posture.frameworks.find((f) => f.id === frameworkId);
    if (framework === undefined) continue;
    frameworkName ??= `${framework.name} ${framework.version}`;
    if (!framework.applies) continue;
    const mapped = new Set(
      framework.requirements
        .filter((r) => r.status !== 'not-applicable')
        .flatMap((r) => r.controls),
    );
    scoped.push({ posture, controls: CONTROL_IDS.filter((c) => mapped.has(c)) });
  }
  if (frameworkId !== undefined && frameworkName === null)
    throw new NotFoundError('framework', frameworkId);
  if (scoped.length === 0)
    throw new ValidationError(
      frameworkId === undefined
        ? 'an assessment result needs at least one model posture'
        : `framework '${frameworkId}' applies to none of the models`,
      [{ code: 'no_results', path: ['postures'], message: 'OSCAL requires at least one result' }],
    );

  const results = scoped.map(({ posture, controls }) =>
    result(posture, controls, frameworkId, meta.ledger.origin),
  );
  const first = postures[0];
  const metadata = {
    title:
      frameworkName === null
        ? 'Verity compliance posture: assessment results'
        : `Verity compliance posture: assessment results for ${frameworkName}`,
    'last-modified': oscalDateTime(meta.generatedAt),
    version: `audit log size ${meta.ledger.size}`,
    'oscal-version': OSCAL_VERSION,
    props: [
      prop('generated-by', meta.generatedBy),
      prop('verity-version', meta.verityVersion),
      ...(first === undefined ? [] : [prop('catalogue-version', first.catalogueVersion)]),
      prop('ledger-origin', meta.ledger.origin),
      prop('ledger-size', String(meta.ledger.size)),
      prop('ledger-root', meta.ledger.rootHash),
    ],
  };
  // Local references resolve to back-matter resources by UUID, as OSCAL's `#` links do: the
  // assessment plan (Verity's control catalogue) and each audit-log entry cited as evidence.
  const entries = [
    ...new Map(
      scoped
        .flatMap(({ posture }) => subControlsOf(posture).flatMap((s) => s.evidence))
        .map((e) => [e.ledgerIndex, e] as const),
    ).values(),
  ].sort((a, b) => a.ledgerIndex - b.ledgerIndex);
  const resources = [
    {
      uuid: PLAN_UUID,
      title: 'Verity control catalogue (the assessment plan)',
      description:
        `The twelve governance controls and their sub-controls, catalogue ${first?.catalogueVersion ?? ''}: ` +
        'automated sub-controls are decided by checks over Verity records, attested ones by recorded attestations.',
      props: first === undefined ? [] : [prop('catalogue-version', first.catalogueVersion)],
    },
    ...entries.map((e) => ({
      uuid: ledgerUuid(meta.ledger.origin, e.ledgerIndex),
      title: `Audit log entry ${e.ledgerIndex}`,
      description: `${e.type} at ${e.at}, in the audit log ${meta.ledger.origin}; prove it with an inclusion proof (GET /api/v1/audit/proofs/inclusion?index=${e.ledgerIndex}) or the evidence bundle.`,
      props: [prop('ledger-index', String(e.ledgerIndex)), prop('ledger-event-type', e.type)],
    })),
  ].map((r) =>
    r.props.length === 0 ? { uuid: r.uuid, title: r.title, description: r.description } : r,
  );
  const body = {
    metadata,
    'import-ap': { href: `#${PLAN_UUID}` },
    results,
    'back-matter': { resources },
  };
  // The document's UUID names its content: a different posture or meta gives a different UUID.
  return {
    'assessment-results': {
      uuid: oscalUuid(`document:${sha256Hex(canonicalJson(body))}`),
      ...body,
    },
  };
}

function result(
  posture: ModelPosture,
  controls: readonly ControlId[],
  frameworkId: string | undefined,
  origin: string,
) {
  const name = modelName(posture);
  const key = `${posture.model.id}:${posture.version?.id ?? 'none'}:${posture.asOf}:${frameworkId ?? '*'}`;
  const inScope = new Set<string>(controls);
  const subs = subControlsOf(posture).filter(
    (s) => s.status !== 'not-applicable' && inScope.has(s.controlId),
  );
  const observations = subs.map((s) => observation(posture, key, s, origin));
  const findings = subs.map((s, i) => finding(key, s, observations[i]?.uuid ?? ''));
  const met = subs.filter((s) => s.status === 'met').length;
  const version = posture.version === null ? 'no version' : `version ${posture.version.label}`;
  const asOf = oscalDateTime(posture.asOf);
  return {
    uuid: oscalUuid(`result:${key}`),
    title: `${name} ${version}`,
    description:
      `Verity's governance controls assessed for ${name}, ${version} (${versionBasisText(posture.versionBasis)}), ` +
      `as of ${posture.asOf}, control catalogue ${posture.catalogueVersion}` +
      `${frameworkId === undefined ? '' : `, restricted to the controls framework ${frameworkId} maps`}. ` +
      `${met} of ${subs.length} applicable sub-controls met.`,
    start: asOf,
    end: asOf,
    props: [
      prop('model', name),
      ...(posture.version === null ? [] : [prop('model-version', posture.version.label)]),
    ],
    'reviewed-controls': {
      'control-selections': [
        controls.length === 0
          ? { description: 'No control is in scope.' }
          : { 'include-controls': controls.map((c) => ({ 'control-id': oscalId(c) })) },
      ],
    },
    ...(observations.length === 0 ? {} : { observations }),
    ...(findings.length === 0 ? {} : { findings }),
  };
}

/** The back-matter resource of the assessment plan. */
const PLAN_UUID = oscalUuid('resource:verity-assessment-plan');

/** The back-matter resource of one audit-log entry. */
function ledgerUuid(origin: string, index: number): string {
  return oscalUuid(`resource:ledger:${origin}:${index}`);
}

function observation(posture: ModelPosture, key: string, s: SubControlResult, origin: string) {
  const evidence = s.evidence.map((e) => ({
    href: `#${ledgerUuid(origin, e.ledgerIndex)}`,
    description: `${e.type} at ${e.at}: ${e.summary}`,
  }));
  return {
    uuid: oscalUuid(`observation:${key}:${s.id}`),
    title: `${s.id} ${s.title}`,
    description: s.detail,
    props: [
      prop('verity-kind', s.kind),
      ...(s.check === null ? [] : [prop('verity-check', s.check)]),
    ],
    methods: [s.kind === 'automated' ? 'TEST' : 'EXAMINE'],
    ...(evidence.length === 0 ? {} : { 'relevant-evidence': evidence }),
    collected: oscalDateTime(posture.asOf),
  };
}

function finding(key: string, s: SubControlResult, observationUuid: string) {
  const open = s.status === 'gap' || s.status === 'partial';
  return {
    uuid: oscalUuid(`finding:${key}:${s.id}`),
    title: `${s.id} ${s.title}`,
    description: open ? `${s.detail} Next step: ${s.remedy}` : s.detail,
    target: {
      type: 'objective-id',
      'target-id': oscalId(s.id),
      status: { state: s.status === 'met' ? 'satisfied' : 'not-satisfied' },
      props: [prop('verity-status', s.status)],
    },
    'related-observations': [{ 'observation-uuid': observationUuid }],
  };
}
