import { describe, expect, it } from 'vitest';
import { loadShippedCatalogue } from '../catalogue/index.js';
import type { Control, Framework } from '../catalogue/schema.js';
import { frameworkApplies, inForceOn, matchesScope } from './applicability.js';
import { aggregateStatus, computePosture, type PostureInput } from './compute-posture.js';
import { organisationPosture } from './organisation-posture.js';
import type { ModelScope, PostureStatus, SubControlResult } from './types.js';

const scope: ModelScope = {
  jurisdictions: ['EU', 'US'],
  sectors: ['banking'],
  area: 'essential-services',
  flags: ['personal-data', 'profiling'],
  euClassification: {
    tier: 'high',
    reasoning: [],
    annexIIIPoint: '5(b)',
    transparencyDuties: [],
    questionnaireVersion: 'q',
  },
};

const controls: Control[] = [
  {
    id: 'C1',
    title: 'Mapping',
    description: 'd',
    subControls: [
      { id: 'C1.1', title: 'a', kind: 'automated', check: 'x', description: 'd', remedy: 'r' },
      { id: 'C1.2', title: 'b', kind: 'automated', check: 'y', description: 'd', remedy: 'r' },
    ],
  },
  {
    id: 'C2',
    title: 'Risk',
    description: 'd',
    subControls: [
      {
        id: 'C2.1',
        title: 'c',
        kind: 'attested',
        scope: 'model',
        validForDays: 365,
        description: 'd',
        remedy: 'r',
      },
    ],
  },
];

function result(id: string, status: PostureStatus, kind: 'automated' | 'attested' = 'automated') {
  return {
    id,
    controlId: id.split('.')[0],
    title: id,
    kind,
    check: kind === 'automated' ? 'x' : null,
    status,
    detail: `${id} ${status}`,
    evidence: [],
    remedy: 'r',
  } as SubControlResult;
}

const framework: Framework = {
  id: 'test-law',
  name: 'Test law',
  version: '1',
  kind: 'law',
  voluntary: false,
  publisher: 'p',
  asOf: '2026-09-30',
  status: 'in-force',
  appliesWhen: { jurisdictions: ['EU'] },
  description: 'd',
  requirements: [
    {
      id: 'R1',
      title: 't',
      summary: 's',
      controls: ['C1'],
      evidence: 'automatic',
      tag: 'P',
      status: 'in-force',
    },
    {
      id: 'R2',
      title: 't',
      summary: 's',
      controls: ['C1', 'C2'],
      subControls: ['C2.1'],
      evidence: 'attest',
      tag: 'S',
      status: 'in-force',
    },
    {
      id: 'R3',
      title: 't',
      summary: 's',
      controls: [],
      evidence: 'attest',
      tag: 'U',
      status: 'in-force',
    },
    {
      id: 'R4',
      title: 't',
      summary: 's',
      controls: ['C2'],
      evidence: 'automatic',
      tag: 'S',
      status: 'scheduled',
      appliesFrom: '2027-12-02',
    },
    {
      id: 'R5',
      title: 't',
      summary: 's',
      controls: ['C2'],
      evidence: 'automatic',
      tag: 'P',
      status: 'in-force',
      appliesWhen: { euTiers: ['limited'] },
    },
    {
      id: 'R6',
      title: 't',
      summary: 's',
      controls: ['C1'],
      evidence: 'automatic',
      tag: 'U',
      status: 'proposed',
    },
  ],
};

function input(overrides: Partial<PostureInput> = {}): PostureInput {
  return {
    asOf: '2026-12-01T10:00:00.000Z',
    catalogue: { version: 'v', controls, frameworks: [framework] },
    subControls: [result('C1.1', 'met'), result('C1.2', 'gap'), result('C2.1', 'met', 'attested')],
    scope,
    adopted: [],
    model: { id: 'm', namespace: 'default', name: 'credit', owner: 'o', riskTier: 'high' },
    version: null,
    versionBasis: 'none',
    ...overrides,
  };
}

describe('aggregateStatus', () => {
  it('is n/a when nothing applies, met or gap when all agree, partial otherwise', () => {
    expect(aggregateStatus([])).toBe('not-applicable');
    expect(aggregateStatus(['not-applicable'])).toBe('not-applicable');
    expect(aggregateStatus(['met', 'not-applicable'])).toBe('met');
    expect(aggregateStatus(['gap', 'gap'])).toBe('gap');
    expect(aggregateStatus(['met', 'gap'])).toBe('partial');
    expect(aggregateStatus(['partial'])).toBe('partial');
    expect(aggregateStatus(['met', 'partial', 'not-applicable'])).toBe('partial');
    expect(aggregateStatus(['gap', 'not-applicable', 'gap'])).toBe('gap');
  });
});

describe('applicability', () => {
  it('ANDs the fields of a condition and ORs the values within one', () => {
    expect(matchesScope({}, scope)).toBe(true);
    expect(matchesScope({ jurisdictions: ['EU', 'SG'] }, scope)).toBe(true);
    expect(matchesScope({ jurisdictions: ['SG'] }, scope)).toBe(false);
    expect(matchesScope({ jurisdictions: ['EU'], sectors: ['healthcare'] }, scope)).toBe(false);
    expect(matchesScope({ flags: ['personal-data', 'profiling'] }, scope)).toBe(true);
    expect(matchesScope({ flags: ['personal-data', 'ephi'] }, scope)).toBe(false);
    expect(matchesScope({ anyFlags: ['personal-data', 'ephi'] }, scope)).toBe(true);
    expect(matchesScope({ euTiers: ['high'] }, scope)).toBe(true);
    expect(matchesScope({ euTiers: ['high'] }, { ...scope, euClassification: null })).toBe(false);
  });

  it('reads legal status and dates on the posture date', () => {
    expect(inForceOn({ status: 'proposed' }, '2030-01-01').applies).toBe(false);
    expect(inForceOn({ status: 'stayed' }, '2030-01-01').applies).toBe(false);
    expect(inForceOn({ status: 'scheduled', appliesFrom: '2027-12-02' }, '2027-12-01')).toEqual({
      applies: false,
      reason: 'applies from 2027-12-02',
    });
    expect(
      inForceOn({ status: 'scheduled', appliesFrom: '2027-12-02' }, '2027-12-02').applies,
    ).toBe(true);
    const old = {
      status: 'superseded' as const,
      appliesUntil: '2026-04-16',
      supersededBy: 'sr-26-2',
    };
    expect(inForceOn(old, '2026-04-16').applies).toBe(true);
    expect(inForceOn(old, '2026-04-17')).toEqual({
      applies: false,
      reason: 'applied until 2026-04-16; superseded by sr-26-2',
    });
  });

  it('applies voluntary frameworks only when adopted, and others only to a recorded, matching scope', () => {
    const voluntary = { ...framework, voluntary: true, appliesWhen: {} };
    expect(frameworkApplies(voluntary, null, [], '2026-12-01').applies).toBe(false);
    expect(frameworkApplies(voluntary, null, ['test-law'], '2026-12-01').applies).toBe(true);
    expect(frameworkApplies(framework, null, [], '2026-12-01')).toEqual({
      applies: false,
      reason: 'scope not recorded (C1.1)',
    });
    expect(frameworkApplies(framework, scope, [], '2026-12-01').applies).toBe(true);
    expect(
      frameworkApplies(framework, { ...scope, jurisdictions: ['US'] }, [], '2026-12-01').reason,
    ).toBe('applies to jurisdiction EU');
  });
});

describe('computePosture', () => {
  it('derives controls from sub-controls and requirements from the controls they map to', () => {
    const p = computePosture(input());
    expect(p.controls.map((c) => [c.id, c.status])).toEqual([
      ['C1', 'partial'],
      ['C2', 'met'],
    ]);
    const f = p.frameworks[0]!;
    expect(f.applies).toBe(true);
    const r = Object.fromEntries(f.requirements.map((x) => [x.id, x]));
    expect(r.R1).toMatchObject({ status: 'partial', reason: 'short: C1.2 gap' });
    // Narrowed to C2.1 only: C1's gap does not count.
    expect(r.R2).toMatchObject({ status: 'met', reason: 'met by C2.1' });
    expect(r.R3).toMatchObject({ status: 'gap', uncovered: true });
    expect(r.R4).toMatchObject({ status: 'not-applicable', reason: 'applies from 2027-12-02' });
    expect(r.R5).toMatchObject({
      status: 'not-applicable',
      reason: 'applies to EU AI Act tier limited',
    });
    expect(r.R6).toMatchObject({ status: 'not-applicable', reason: 'proposed, not law' });
    // Uncovered requirements are reported but not counted.
    expect(f.counts).toEqual({ met: 1, partial: 1, gap: 0, 'not-applicable': 3 });
    expect(f.status).toBe('partial');
    expect(p.summary).toMatchObject({ applicable: 3, automated: 2, attested: 1, met: 2, gap: 1 });
    expect(p.summary.sharePassing).toBeCloseTo(2 / 3, 12);
  });

  it('turns a requirement on when its date comes, and a gap into met when the evidence arrives', () => {
    const later = computePosture(input({ asOf: '2027-12-02T00:00:00.000Z' }));
    expect(later.frameworks[0]!.requirements.find((r) => r.id === 'R4')?.status).toBe('met');
    const fixed = computePosture(
      input({
        subControls: [
          result('C1.1', 'met'),
          result('C1.2', 'met'),
          result('C2.1', 'met', 'attested'),
        ],
      }),
    );
    expect(fixed.controls.every((c) => c.status === 'met')).toBe(true);
    expect(fixed.frameworks[0]!.status).toBe('met');
  });

  it('a framework outside the scope is not applicable with the reason', () => {
    const p = computePosture(input({ scope: { ...scope, jurisdictions: ['SG'] } }));
    expect(p.frameworks[0]).toMatchObject({ applies: false, status: 'not-applicable' });
    expect(p.frameworks[0]!.requirements.every((r) => r.status === 'not-applicable')).toBe(true);
  });

  it('refuses a catalogue sub-control without a result', () => {
    expect(() => computePosture(input({ subControls: [result('C1.1', 'met')] }))).toThrow(
      'no result for sub-control C1.2',
    );
  });
});

describe('the shipped catalogue over time', () => {
  const shipped = loadShippedCatalogue();
  const bank: ModelScope = { ...scope, jurisdictions: ['US'], flags: ['bank-model'] };
  const all = shipped.controls
    .flatMap((c) => c.subControls)
    .map((s) => result(s.id, 'met', s.kind));
  const at = (asOf: string) =>
    computePosture(
      input({
        asOf,
        scope: bank,
        subControls: all,
        catalogue: { ...shipped, frameworks: [...shipped.frameworks] },
      }),
    ).frameworks;

  it('applies SR 11-7 until 16 April 2026 and SR 26-2 from the next day', () => {
    const before = at('2026-04-16T12:00:00.000Z');
    const after = at('2026-04-17T12:00:00.000Z');
    const applies = (fs: typeof before, id: string) => fs.find((f) => f.id === id)?.applies;
    expect([applies(before, 'sr-11-7'), applies(before, 'sr-26-2')]).toEqual([true, false]);
    expect([applies(after, 'sr-11-7'), applies(after, 'sr-26-2')]).toEqual([false, true]);
  });

  it('defers EU AI Act high-risk duties for Annex III systems to 2 December 2027', () => {
    const eu = (asOf: string) =>
      computePosture(
        input({
          asOf,
          subControls: all,
          catalogue: { ...shipped, frameworks: [...shipped.frameworks] },
        }),
      )
        .frameworks.find((f) => f.id === 'eu-ai-act')!
        .requirements.find((r) => r.id === 'Art 9')!;
    expect(eu('2026-12-01T00:00:00.000Z').status).toBe('not-applicable');
    expect(eu('2027-12-02T12:00:00.000Z').status).toBe('met');
  });
});

describe('organisationPosture', () => {
  it('counts, per control, how many models meet it', () => {
    const a = computePosture(input());
    const b = computePosture(
      input({
        model: { id: 'n', namespace: 'default', name: 'fraud', owner: 'o', riskTier: null },
        subControls: [
          result('C1.1', 'gap'),
          result('C1.2', 'gap'),
          result('C2.1', 'not-applicable', 'attested'),
        ],
      }),
    );
    const org = organisationPosture([a, b], controls, a.asOf, 'v');
    expect(org.controls).toEqual([
      {
        id: 'C1',
        title: 'Mapping',
        counts: { met: 0, partial: 1, gap: 1, 'not-applicable': 0 },
        effectiveness: 0,
      },
      {
        id: 'C2',
        title: 'Risk',
        counts: { met: 1, partial: 0, gap: 0, 'not-applicable': 1 },
        effectiveness: 1,
      },
    ]);
    expect(org.models.map((m) => [m.name, m.controls.C1])).toEqual([
      ['credit', 'partial'],
      ['fraud', 'gap'],
    ]);
    expect(org.summary).toMatchObject({ applicable: 5, met: 2, gap: 3 });
  });
});
