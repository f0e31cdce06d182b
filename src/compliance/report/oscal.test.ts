import { describe, expect, it } from 'vitest';
import { creditRiskV8, fraudModel, META } from './__fixtures__/postures.js';
import { OSCAL_VERSION, oscalAssessmentResults, oscalUuid, VERITY_OSCAL_NS } from './oscal.js';
import { subControlsOf } from './status-order.js';

/* The members and patterns below are those of NIST's OSCAL 1.1.2 assessment-results JSON schema. */

// OSCAL UUIDDatatype: RFC 4122 versions 4 or 5, variant 10.
const UUID =
  /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/;
// OSCAL TokenDatatype.
const TOKEN = /^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u;
// OSCAL DateTimeWithTimezoneDatatype, simplified: seconds and a zone are required.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

interface Finding {
  uuid: string;
  title: string;
  description: string;
  target: {
    type: string;
    'target-id': string;
    status: { state: string };
    props: { name: string; ns: string; value: string }[];
  };
  'related-observations': { 'observation-uuid': string }[];
}
interface Observation {
  uuid: string;
  description: string;
  methods: string[];
  collected: string;
  'relevant-evidence'?: { href: string; description: string }[];
}
interface Result {
  uuid: string;
  title: string;
  description: string;
  start: string;
  'reviewed-controls': {
    'control-selections': { 'include-controls'?: { 'control-id': string }[] }[];
  };
  observations?: Observation[];
  findings?: Finding[];
}
interface Doc {
  'assessment-results': {
    uuid: string;
    metadata: { title: string; 'last-modified': string; version: string; 'oscal-version': string };
    'import-ap': { href: string };
    'back-matter': {
      resources: {
        uuid: string;
        title: string;
        props?: { name: string; value: string }[];
      }[];
    };
    results: Result[];
  };
}

const doc = oscalAssessmentResults([creditRiskV8, fraudModel], META, {}) as Doc;
const ar = doc['assessment-results'];
const [credit] = ar.results;
if (credit === undefined) throw new Error('no result');

/** Every value of a key anywhere in the document. */
function valuesOf(value: unknown, key: string): unknown[] {
  if (Array.isArray(value)) return (value as unknown[]).flatMap((v) => valuesOf(v, key));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]): unknown[] => [
    ...(k === key ? [v] : []),
    ...valuesOf(v, key),
  ]);
}

describe('oscalAssessmentResults', () => {
  it('has the required members of assessment-results, metadata and each result', () => {
    expect(Object.keys(ar)).toEqual(['uuid', 'metadata', 'import-ap', 'results', 'back-matter']);
    expect(ar.metadata).toMatchObject({
      'oscal-version': OSCAL_VERSION,
      version: 'audit log size 2451',
    });
    expect(ar.metadata['last-modified']).toMatch(DATE_TIME);
    // The plan is a back-matter resource, referenced by its UUID.
    const plan = ar['back-matter'].resources[0];
    expect(plan?.title).toBe('Verity control catalogue (the assessment plan)');
    expect(ar['import-ap']).toEqual({ href: `#${plan?.uuid}` });
    expect(ar.results).toHaveLength(2);
    for (const r of ar.results) {
      expect(r).toHaveProperty('title');
      expect(r).toHaveProperty('description');
      expect(r.start).toMatch(DATE_TIME);
      expect(
        r['reviewed-controls']['control-selections'][0]?.['include-controls']?.map(
          (c) => c['control-id'],
        ),
      ).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', 'c9', 'c10', 'c11', 'c12']);
    }
  });

  it('gives every uuid the OSCAL UUID form, and none twice', () => {
    const uuids = [...valuesOf(doc, 'uuid'), ...valuesOf(doc, 'observation-uuid')];
    for (const u of uuids) expect(u).toMatch(UUID);
    expect(new Set(valuesOf(doc, 'uuid')).size).toBe(valuesOf(doc, 'uuid').length);
  });

  it('derives name-based version-5 UUIDs: the same name always gives the same UUID', () => {
    expect(oscalUuid('a')).toBe(oscalUuid('a'));
    expect(oscalUuid('a')).not.toBe(oscalUuid('b'));
    expect(oscalUuid('a')[14]).toBe('5');
    expect('89ab').toContain(oscalUuid('a')[19]);
  });

  it('is deterministic: the same postures and meta give the same bytes', () => {
    const again = oscalAssessmentResults([creditRiskV8, fraudModel], META, {});
    expect(JSON.stringify(again)).toBe(JSON.stringify(doc));
    const later = oscalAssessmentResults(
      [creditRiskV8, fraudModel],
      { ...META, generatedAt: '2026-11-03T00:00:00.000Z' },
      {},
    ) as Doc;
    expect(later['assessment-results'].uuid).not.toBe(ar.uuid);
  });

  it('makes a finding per applicable sub-control, satisfied exactly when met, ids as lower-case tokens', () => {
    const applicable = subControlsOf(creditRiskV8).filter((s) => s.status !== 'not-applicable');
    const findings = credit.findings ?? [];
    expect(findings.map((f) => f.target['target-id'])).toEqual(
      applicable.map((s) => s.id.toLowerCase()),
    );
    for (const [i, f] of findings.entries()) {
      const s = applicable[i];
      expect(f.target.type).toBe('objective-id');
      expect(f.target['target-id']).toMatch(TOKEN);
      expect(f.target.status.state).toBe(s?.status === 'met' ? 'satisfied' : 'not-satisfied');
      expect(f.target.props).toEqual([
        { name: 'verity-status', ns: VERITY_OSCAL_NS, value: s?.status },
      ]);
    }
    expect(findings.find((f) => f.target['target-id'] === 'c4.1')?.description).toContain(
      'Next step: Run `verity audit verify`',
    );
  });

  it('leaves not-applicable sub-controls out', () => {
    const fraud = ar.results[1];
    const ids = (fraud?.findings ?? []).map((f) => f.target['target-id']);
    expect(ids).not.toContain('c1.2');
    expect(ids).not.toContain('c10.2');
    expect(ids).toContain('c10.1');
  });

  it('relates each finding to its observation, TEST for automated and EXAMINE for attested', () => {
    const observations = new Map((credit.observations ?? []).map((o) => [o.uuid, o]));
    for (const f of credit.findings ?? []) {
      const o = observations.get(f['related-observations'][0]?.['observation-uuid'] ?? '');
      expect(o).toBeDefined();
      expect(o?.collected).toMatch(DATE_TIME);
    }
    const byTitle = (id: string) =>
      (credit.observations ?? []).find((o) => o.description !== '' && observationFor(id, o));
    const observationFor = (id: string, o: Observation) =>
      (credit.findings ?? []).some(
        (f) =>
          f.target['target-id'] === id &&
          f['related-observations'][0]?.['observation-uuid'] === o.uuid,
      );
    expect(byTitle('c6.1')?.methods).toEqual(['TEST']);
    expect(byTitle('c5.3')?.methods).toEqual(['EXAMINE']);
  });

  it('points observation evidence at the ledger entries that back the status', () => {
    const c5 = subControlsOf(creditRiskV8).find((s) => s.id === 'C5.1');
    const o = (credit.observations ?? []).find((x) => x.description === c5?.detail);
    // Each href names a back-matter resource, which carries the ledger index.
    const resources = new Map(ar['back-matter'].resources.map((r) => [`#${r.uuid}`, r]));
    const indexOf = (href: string) =>
      resources.get(href)?.props?.find((p) => p.name === 'ledger-index')?.value;
    expect(o?.['relevant-evidence']?.map((e) => indexOf(e.href))).toEqual(['240', '241', '242']);
    for (const href of valuesOf(doc, 'href')) expect(resources.has(href as string)).toBe(true);
    // An observation without evidence has no relevant-evidence member (OSCAL arrays are non-empty).
    const c82 = (credit.observations ?? []).find((x) => x.description.startsWith('No drill'));
    expect(c82).not.toHaveProperty('relevant-evidence');
  });

  describe('when a framework is chosen', () => {
    it('keeps the models it applies to and the controls its in-force requirements map', () => {
      const eu = oscalAssessmentResults([creditRiskV8, fraudModel], META, {
        frameworkId: 'eu-ai-act',
      }) as Doc;
      const results = eu['assessment-results'].results;
      expect(results).toHaveLength(1);
      expect(results[0]?.title).toBe('retail-lending/credit-risk version 8');
      const controls = results[0]?.['reviewed-controls']['control-selections'][0]?.[
        'include-controls'
      ]?.map((c) => c['control-id']);
      // Art 47 maps no control; C7 appears in no EU AI Act requirement of the fixture.
      expect(controls).toEqual([
        'c1',
        'c2',
        'c3',
        'c4',
        'c5',
        'c6',
        'c8',
        'c9',
        'c10',
        'c11',
        'c12',
      ]);
      expect(eu['assessment-results'].metadata.title).toContain('EU AI Act 2024/1689');
    });

    it('refuses a framework no posture knows (NOT_FOUND) and one that applies to none (VALIDATION_ERROR)', () => {
      expect(() => oscalAssessmentResults([creditRiskV8], META, { frameworkId: 'nope' })).toThrow(
        expect.objectContaining({ code: 'NOT_FOUND' }),
      );
      expect(() =>
        oscalAssessmentResults([creditRiskV8], META, { frameworkId: 'nyc-ll144' }),
      ).toThrow(expect.objectContaining({ code: 'VALIDATION_ERROR' }));
    });
  });
});
