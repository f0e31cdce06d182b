import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  catalogueDigest,
  loadShippedCatalogue,
  parseControlCatalogueSource,
  parseFrameworkSource,
  SHIPPED_FRAMEWORK_IDS,
  type Catalogue,
} from './load-catalogue.js';
import { CONTROL_IDS, frameworkSchema, type Framework, type Requirement } from './schema.js';

const catalogue = loadShippedCatalogue();

function framework(id: string): Framework {
  const found = catalogue.frameworks.find((f) => f.id === id);
  if (found === undefined) throw new Error(`framework ${id} is not shipped`);
  return found;
}

function requirement(frameworkId: string, id: string): Requirement {
  const found = framework(frameworkId).requirements.find((r) => r.id === id);
  if (found === undefined) throw new Error(`${frameworkId} has no requirement ${id}`);
  return found;
}

const controlsSource = readFileSync(new URL('./data/controls.yaml', import.meta.url), 'utf8');

describe('loadShippedCatalogue', () => {
  it('validates every shipped file and returns the same frozen catalogue on every call', () => {
    expect(loadShippedCatalogue()).toBe(catalogue);
    expect(Object.isFrozen(catalogue)).toBe(true);
    expect(Object.isFrozen(catalogue.frameworks[0]?.requirements[0])).toBe(true);
    for (const f of catalogue.frameworks) expect(frameworkSchema.safeParse(f).success).toBe(true);
  });

  it('is versioned by controls.yaml', () => {
    const controls = parseControlCatalogueSource(controlsSource);
    expect(controls.ok).toBe(true);
    if (controls.ok) expect(catalogue.version).toBe(controls.catalogue.version);
  });

  it('has the twelve controls in order', () => {
    expect(catalogue.controls.map((c) => c.id)).toEqual([...CONTROL_IDS]);
  });

  it('ships every expected framework, in report order', () => {
    expect(catalogue.frameworks.map((f) => f.id)).toEqual([
      'eu-ai-act',
      'gdpr',
      'hipaa-security',
      'nist-ai-rmf',
      'iso-42001',
      'sr-11-7',
      'sr-26-2',
      'nyc-ll144',
      'colorado-sb-24-205',
      'colorado-sb-26-189',
      'ai-verify',
    ]);
    expect(catalogue.frameworks.map((f) => f.id)).toEqual([...SHIPPED_FRAMEWORK_IDS]);
  });

  it('references every control from at least one requirement', () => {
    const referenced = new Set(
      catalogue.frameworks.flatMap((f) => f.requirements.flatMap((r) => r.controls)),
    );
    expect(CONTROL_IDS.filter((c) => !referenced.has(c))).toEqual([]);
  });

  it('gives every covered requirement a primary control among its controls', () => {
    const missing = catalogue.frameworks.flatMap((f) =>
      f.requirements
        .filter((r) => r.controls.length > 0 && r.primary === undefined)
        .map((r) => `${f.id} ${r.id}`),
    );
    expect(missing).toEqual([]);
  });

  it('keeps superseded requirements dated, so past posture can be recomputed', () => {
    const undated = catalogue.frameworks.flatMap((f) =>
      f.requirements
        .filter((r) => r.status === 'superseded' && r.appliesUntil === undefined)
        .map((r) => `${f.id} ${r.id}`),
    );
    expect(undated).toEqual([]);
  });

  it('digests the catalogue as RFC 8785 canonical JSON', () => {
    const digest = catalogueDigest(catalogue);
    expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    // Member order does not matter to the canonical form; content does.
    const reordered: Catalogue = {
      frameworks: catalogue.frameworks,
      controls: catalogue.controls,
      version: catalogue.version,
    };
    expect(catalogueDigest(reordered)).toBe(digest);
    expect(catalogueDigest({ ...catalogue, version: `${catalogue.version}-next` })).not.toBe(
      digest,
    );
  });
});

describe('shipped facts', () => {
  it('EU AI Act: Annex III high-risk classification applies from 2 Dec 2027 after the Omnibus [S]', () => {
    const r = requirement('eu-ai-act', 'Art 6 + Annex III');
    expect(r).toMatchObject({ appliesFrom: '2027-12-02', tag: 'S', status: 'scheduled' });
    expect(framework('eu-ai-act').appliesWhen).toEqual({ jurisdictions: ['EU'] });
  });

  it('EU AI Act: the Annex III high-risk duties (Arts 9–17, 26, 27) apply from 2 Dec 2027 to high-risk systems', () => {
    const ids = ['Art 9', 'Art 10', 'Art 11 + Annex IV', 'Art 12', 'Art 13', 'Art 14', 'Art 15'];
    for (const id of [...ids, 'Art 16', 'Art 17', 'Art 26', 'Art 27']) {
      const r = requirement('eu-ai-act', id);
      expect(r.appliesFrom, id).toBe('2027-12-02');
      expect(r.appliesWhen?.euTiers, id).toEqual(['high']);
    }
    expect(requirement('eu-ai-act', 'Art 27').appliesWhen?.areas).not.toContain(
      'critical-infrastructure',
    );
  });

  it('EU AI Act: Art 5 from 2 Feb 2025, GPAI from 2 Aug 2025, Art 50 from 2 Aug 2026 for limited and high tiers', () => {
    expect(requirement('eu-ai-act', 'Art 5').appliesFrom).toBe('2025-02-02');
    expect(requirement('eu-ai-act', 'Art 53')).toMatchObject({
      appliesFrom: '2025-08-02',
      status: 'in-force',
    });
    expect(requirement('eu-ai-act', 'Art 55').appliesFrom).toBe('2025-08-02');
    const art50 = requirement('eu-ai-act', 'Art 50');
    expect(art50.appliesFrom).toBe('2026-08-02');
    expect(art50.appliesWhen?.euTiers).toEqual(['limited', 'high']);
  });

  it('EU AI Act: Arts 72 and 73 formally apply from 2 Aug 2026, tagged "confirm with counsel"', () => {
    for (const id of ['Art 72', 'Art 73'])
      expect(requirement('eu-ai-act', id)).toMatchObject({ appliesFrom: '2026-08-02', tag: 'U' });
  });

  it('EU AI Act: Art 73 clocks are 15, 2 and 10 days from awareness [P]', () => {
    const clocks = requirement('eu-ai-act', 'Art 73').clocks ?? [];
    expect(clocks.map((c) => [c.amount, c.unit, c.kind, c.tag])).toEqual([
      [15, 'days', 'deadline', 'P'],
      [2, 'days', 'deadline', 'P'],
      [10, 'days', 'deadline', 'P'],
    ]);
  });

  it('EU AI Act: Art 4 AI literacy is evidenced only by the attested training C5.4', () => {
    expect(requirement('eu-ai-act', 'Art 4')).toMatchObject({
      controls: ['C5'],
      subControls: ['C5.4'],
      evidence: 'attest',
    });
  });

  it('EU AI Act: logs are kept at least 6 months and documentation 10 years', () => {
    expect(requirement('eu-ai-act', 'Art 19').clocks?.[0]).toMatchObject({
      amount: 6,
      unit: 'months',
      kind: 'retention',
    });
    expect(requirement('eu-ai-act', 'Art 18').clocks?.[0]).toMatchObject({
      amount: 10,
      unit: 'years',
      kind: 'retention',
    });
  });

  it('GDPR: applies to personal data in the EU; Art 33 breach clock is 72 hours', () => {
    expect(framework('gdpr').appliesWhen).toEqual({
      jurisdictions: ['EU'],
      flags: ['personal-data'],
    });
    expect(requirement('gdpr', 'Art 33')).toMatchObject({ primary: 'C8' });
    expect(requirement('gdpr', 'Art 33').clocks).toEqual([
      {
        trigger: 'awareness of a personal data breach (Art 33(1))',
        amount: 72,
        unit: 'hours',
        kind: 'deadline',
        tag: 'P',
      },
    ]);
  });

  it('HIPAA: documentation is kept 6 years; the NPRM is only proposed; 164.308(a)(2) is uncovered', () => {
    expect(requirement('hipaa-security', '164.316(a)–(b)').clocks?.[0]).toMatchObject({
      amount: 6,
      unit: 'years',
      kind: 'retention',
    });
    expect(requirement('hipaa-security', 'Security Rule NPRM').status).toBe('proposed');
    expect(requirement('hipaa-security', '164.308(a)(2)').controls).toEqual([]);
    expect(requirement('hipaa-security', '164.308(a)(5)').subControls).toEqual(['C5.4']);
    expect(requirement('hipaa-security', '45 CFR 92.210').appliesFrom).toBe('2025-05-01');
  });

  it('SR 11-7 is superseded by SR 26-2 on 17 Apr 2026', () => {
    expect(framework('sr-11-7')).toMatchObject({
      status: 'superseded',
      appliesUntil: '2026-04-16',
      supersededBy: 'sr-26-2',
    });
    expect(framework('sr-26-2')).toMatchObject({ status: 'in-force', appliesFrom: '2026-04-17' });
    expect(framework('sr-26-2').appliesWhen).toEqual(framework('sr-11-7').appliesWhen);
    // The annual review of SR 11-7 becomes risk-based: a clock only in the old framework.
    expect(requirement('sr-11-7', 'Validation — ongoing monitoring').clocks?.[0]).toMatchObject({
      amount: 1,
      unit: 'years',
      kind: 'review',
    });
    expect(requirement('sr-26-2', 'Validation — ongoing monitoring').clocks).toBeUndefined();
  });

  it('NYC LL 144: applies to AEDTs in NYC from 5 Jul 2023; bias audit at most 1 year old', () => {
    expect(framework('nyc-ll144')).toMatchObject({
      appliesFrom: '2023-07-05',
      appliesWhen: { jurisdictions: ['US-NYC'], flags: ['aedt'] },
    });
    expect(requirement('nyc-ll144', '§20-871(a)(1)').clocks).toEqual([
      {
        trigger: 'date of the last bias audit',
        amount: 1,
        unit: 'years',
        kind: 'review',
        tag: 'S',
      },
    ]);
    expect(requirement('nyc-ll144', '§20-871(b)').clocks?.[0]).toMatchObject({
      amount: 10,
      unit: 'business-days',
      kind: 'notice',
    });
  });

  it('Colorado: SB 24-205 is superseded by SB 26-189, scheduled from 1 Jan 2027', () => {
    expect(framework('colorado-sb-24-205')).toMatchObject({
      status: 'superseded',
      supersededBy: 'colorado-sb-26-189',
      appliesFrom: '2026-06-30',
      appliesUntil: '2026-12-31',
    });
    expect(framework('colorado-sb-26-189')).toMatchObject({
      status: 'scheduled',
      appliesFrom: '2027-01-01',
    });
    expect(framework('colorado-sb-26-189').requirements.every((r) => r.tag === 'U')).toBe(true);
    const assessment = requirement('colorado-sb-24-205', '6-1-1703(3)');
    expect(assessment.primary).toBe('C1');
    expect(assessment.clocks?.map((c) => [c.amount, c.unit, c.kind])).toEqual([
      [1, 'years', 'review'],
      [90, 'days', 'deadline'],
      [3, 'years', 'retention'],
    ]);
  });

  it('AI Verify has its 11 principles', () => {
    expect(framework('ai-verify').requirements.map((r) => r.id)).toEqual(
      Array.from({ length: 11 }, (_, i) => String(i + 1)),
    );
  });

  it('ISO/IEC 42001 has the 38 Annex A controls', () => {
    const annexA = framework('iso-42001')
      .requirements.map((r) => r.id)
      .filter((id) => id.startsWith('A.'));
    expect(annexA).toEqual([
      ...['A.2.2', 'A.2.3', 'A.2.4', 'A.3.2', 'A.3.3'],
      ...['A.4.2', 'A.4.3', 'A.4.4', 'A.4.5', 'A.4.6'],
      ...['A.5.2', 'A.5.3', 'A.5.4', 'A.5.5', 'A.6.1.2', 'A.6.1.3'],
      ...['A.6.2.2', 'A.6.2.3', 'A.6.2.4', 'A.6.2.5', 'A.6.2.6', 'A.6.2.7', 'A.6.2.8'],
      ...['A.7.2', 'A.7.3', 'A.7.4', 'A.7.5', 'A.7.6'],
      ...['A.8.2', 'A.8.3', 'A.8.4', 'A.8.5', 'A.9.2', 'A.9.3', 'A.9.4'],
      ...['A.10.2', 'A.10.3', 'A.10.4'],
    ]);
    expect(requirement('iso-42001', 'A.3.2').controls).toEqual([]);
  });

  it('marks the voluntary frameworks voluntary and unscoped', () => {
    for (const id of ['nist-ai-rmf', 'iso-42001', 'ai-verify'])
      expect(framework(id)).toMatchObject({ voluntary: true, appliesWhen: {} });
  });
});

/** A custom framework; `lineOf` finds a line's 1-based number so the tests survive edits. */
const customLines = [
  'id: acme-ai-policy',
  'name: ACME responsible AI policy',
  'version: "1"',
  'kind: voluntary',
  'voluntary: true',
  'publisher: ACME Corp',
  'asOf: 2026-09-01',
  'status: in-force',
  'appliesWhen: {}',
  'description: Internal policy for every model.',
  'requirements:',
  '  - id: P-1',
  '    title: Model cards',
  '    summary: Every model has a signed-off card.',
  '    controls: [C11, C4]',
  '    primary: C11',
  '    evidence: automatic',
  '    tag: P',
  '    status: in-force',
  '  - id: P-2',
  '    title: Training',
  '    summary: Staff are trained every year.',
  '    controls: [C5]',
  '    subControls: [C5.4]',
  '    evidence: attest',
  '    tag: P',
  '    status: in-force',
];
const customYaml = customLines.join('\n');

function edit(from: string, to: string): { source: string; line: number } {
  const index = customLines.indexOf(from);
  if (index < 0) throw new Error(`no line '${from}'`);
  const lines = [...customLines];
  lines[index] = to;
  return { source: lines.join('\n'), line: index + 1 };
}

describe('parseFrameworkSource', () => {
  it('accepts a custom framework in YAML', () => {
    const result = parseFrameworkSource(customYaml, 'yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.framework.id).toBe('acme-ai-policy');
    expect(result.framework.requirements.map((r) => r.id)).toEqual(['P-1', 'P-2']);
    expect(Object.isFrozen(result.framework)).toBe(true);
  });

  it('accepts the same framework in JSON', () => {
    const yaml = parseFrameworkSource(customYaml, 'yaml');
    if (!yaml.ok) throw new Error('the YAML fixture does not parse');
    const result = parseFrameworkSource(JSON.stringify(yaml.framework, null, 2), 'json');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.framework).toEqual(yaml.framework);
  });

  describe('when the YAML is malformed', () => {
    it('reports YAML_SYNTAX with the line and column', () => {
      const { source, line } = edit('    controls: [C11, C4]', '    controls: [C11, C4');
      const result = parseFrameworkSource(source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems[0]).toMatchObject({ code: 'YAML_SYNTAX', path: [] });
      expect(result.problems[0]?.line).toBeGreaterThanOrEqual(line);
      expect(result.problems[0]?.column).toBeGreaterThan(0);
    });

    it('refuses a duplicated key', () => {
      const { source, line } = edit('    tag: P', '    tag: P\n    tag: S');
      const result = parseFrameworkSource(source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        expect.objectContaining({ code: 'YAML_SYNTAX', line: line + 1 }),
      ]);
    });
  });

  describe('when the JSON is malformed', () => {
    it('reports YAML_SYNTAX with the line and column of the error', () => {
      const source = '{\n  "id": "acme",\n  "name" "ACME"\n}';
      const result = parseFrameworkSource(source, 'json');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        expect.objectContaining({ code: 'YAML_SYNTAX', path: [], line: 3, column: 10 }),
      ]);
    });

    it('refuses a duplicated key that JSON.parse would silently resolve', () => {
      const result = parseFrameworkSource('{"id": "a", "id": "b"}', 'json');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]?.code).toBe('YAML_SYNTAX');
    });

    it('does not accept YAML that is not JSON', () => {
      const result = parseFrameworkSource(customYaml, 'json');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems[0]?.code).toBe('YAML_SYNTAX');
    });
  });

  describe('when a requirement names an unknown control', () => {
    it('reports SCHEMA at the control, with its path and line', () => {
      const { source, line } = edit('    controls: [C11, C4]', '    controls: [C11, C13]');
      const result = parseFrameworkSource(source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'SCHEMA',
          path: ['requirements', 0, 'controls', 1],
          line,
          column: 21,
        }),
      ]);
      expect(result.problems[0]?.message).toMatch(/^requirements\[0\]\.controls\[1\]: /);
    });
  });

  describe('when a field is missing or unknown', () => {
    it('reports each as SCHEMA, in source order', () => {
      const missing = edit('    evidence: automatic', '    evidenz: automatic');
      const result = parseFrameworkSource(missing.source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems.map((p) => [p.code, p.path.join('.'), p.line])).toEqual([
        // A missing field points at the map that should hold it.
        ['SCHEMA', 'requirements.0.evidence', 12],
        ['SCHEMA', 'requirements.0.evidenz', missing.line],
      ]);
      expect(result.problems.map((p) => p.message)).toEqual([
        'requirements[0].evidence: is required',
        "requirements[0]: unknown field 'evidenz'",
      ]);
    });
  });

  describe('when a requirement names an unknown sub-control', () => {
    it('reports UNKNOWN_SUB_CONTROL with its path and line', () => {
      const { source, line } = edit('    subControls: [C5.4]', '    subControls: [C5.9]');
      const result = parseFrameworkSource(source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        {
          code: 'UNKNOWN_SUB_CONTROL',
          path: ['requirements', 1, 'subControls', 0],
          line,
          column: 19,
          message:
            "requirements[1].subControls[0]: sub-control 'C5.9' is not in the control catalogue",
        },
      ]);
    });

    it('checks against the control catalogue it is given', () => {
      const controls = catalogue.controls.filter((c) => c.id !== 'C5');
      const result = parseFrameworkSource(customYaml, 'yaml', controls);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.problems.map((p) => p.code)).toEqual(['UNKNOWN_SUB_CONTROL']);
    });
  });

  describe('when two requirements share an id', () => {
    it('reports SCHEMA once, at the second id', () => {
      const { source, line } = edit('  - id: P-2', '  - id: P-1');
      const result = parseFrameworkSource(source, 'yaml');
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        expect.objectContaining({ code: 'SCHEMA', path: ['requirements', 1, 'id'], line }),
      ]);
      expect(result.problems[0]?.message).toContain("'P-1' is already defined at requirements[0]");
    });
  });

  describe('when the source is too large', () => {
    it('reports SCHEMA without parsing it', () => {
      const result = parseFrameworkSource(`# ${'x'.repeat(600 * 1024)}\n${customYaml}`, 'yaml');
      expect(result).toEqual({
        ok: false,
        problems: [expect.objectContaining({ code: 'SCHEMA', line: 1, column: 1 })],
      });
    });
  });
});

describe('parseControlCatalogueSource', () => {
  it('accepts the shipped controls', () => {
    expect(parseControlCatalogueSource(controlsSource).ok).toBe(true);
  });

  describe('when two sub-controls name the same check', () => {
    it('reports SCHEMA at the second check', () => {
      const source = controlsSource.replace('check: bias-audit', 'check: scope-recorded');
      const result = parseControlCatalogueSource(source);
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        expect.objectContaining({
          code: 'SCHEMA',
          path: ['controls', 2, 'subControls', 0, 'check'],
          message:
            "controls[2].subControls[0].check: check 'scope-recorded' already decides sub-control C1.1",
        }),
      ]);
    });
  });

  describe('when a sub-control sits under another control', () => {
    it('reports SCHEMA at its id', () => {
      const source = controlsSource.replace('- id: C2.3', '- id: C3.9');
      const result = parseControlCatalogueSource(source);
      expect(result.ok).toBe(false);
      if (!result.ok)
        expect(result.problems.map((p) => p.path.join('.'))).toEqual([
          'controls.1.subControls.2.id',
        ]);
    });
  });
});
