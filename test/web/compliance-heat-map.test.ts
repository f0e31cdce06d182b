import { describe, expect, it } from 'vitest';
import type {
  CatalogueSummary,
  ModelPosture,
  OrganisationPosture,
} from '../../src/client/index.js';
import {
  buildHeatMap,
  cellDescription,
  cellText,
  codeSegments,
  drillDown,
  formatMinutes,
  formatMs,
  shortFrameworkName,
  sortSubControls,
  worstStatus,
  type PostureStatus,
  type SubControlResult,
} from '../../web/src/pages/compliance/compliance-data.js';
import { modelRef } from '../../web/src/lib/models.js';

type Status = PostureStatus;

function sub(id: string, status: Status, evidence: number[] = []): SubControlResult {
  return {
    id,
    controlId: id.split('.')[0] as SubControlResult['controlId'],
    title: `title of ${id}`,
    kind: 'automated',
    check: `check-${id}`,
    status,
    detail: `detail of ${id}`,
    evidence: evidence.map((i) => ({
      ledgerIndex: i,
      type: 'run-logged',
      at: '2026-10-24T15:40:00.000Z',
      summary: `entry ${i}`,
    })),
    remedy: `Run \`verity fix ${id}\`.`,
  };
}

function requirement(id: string, controls: string[], status: Status) {
  return {
    id,
    title: `requirement ${id}`,
    summary: `what ${id} asks`,
    numbers: null,
    tag: 'P',
    legalStatus: 'in-force',
    appliesFrom: null,
    status,
    reason: `why ${id} is ${status}`,
    controls,
    primary: controls[0] ?? null,
    clocks: [],
    uncovered: controls.length === 0,
  };
}

function framework(
  id: string,
  name: string,
  applies: boolean,
  requirements: ReturnType<typeof requirement>[],
) {
  return {
    id,
    name,
    version: '2026.09',
    voluntary: false,
    applies,
    reason: applies ? 'scope matches: jurisdiction EU' : 'applies to jurisdiction US, flags ephi',
    status: (applies ? worstStatus(requirements.map((r) => r.status)) : 'not-applicable')!,
    counts: { met: 0, partial: 0, gap: 0, 'not-applicable': 0 },
    requirements,
  };
}

function posture(
  namespace: string,
  name: string,
  controls: [string, Status, SubControlResult[]][],
  frameworks: ReturnType<typeof framework>[],
): ModelPosture {
  return {
    asOf: '2026-12-01T00:00:00.000Z',
    catalogueVersion: '2026.12.1',
    model: { id: `${name}-id`, namespace, name, owner: 'maria.chen', riskTier: 'high' },
    version: null,
    versionBasis: 'latest',
    scope: null,
    controls: controls.map(([id, status, subControls]) => ({
      id,
      title: `control ${id}`,
      status,
      subControls,
    })),
    frameworks,
    summary: {
      applicable: 0,
      automated: 0,
      attested: 0,
      met: 0,
      partial: 0,
      gap: 0,
      shareAutomated: 0,
      sharePassing: 0,
    },
  } as unknown as ModelPosture;
}

// Two models: the EU AI Act and GDPR reach credit-risk, only the EU AI Act reaches fraud; HIPAA
// reaches neither. C1 is mapped by both EU requirements, C2 by one, C3 by GDPR only.
const credit = posture(
  'default',
  'credit-risk',
  [
    ['C1', 'partial', [sub('C1.1', 'met', [51]), sub('C1.2', 'gap', [60, 58])]],
    ['C2', 'met', [sub('C2.1', 'met', [54])]],
    ['C3', 'gap', [sub('C3.2', 'gap', [76]), sub('C3.1', 'partial')]],
  ],
  [
    framework('eu-ai-act', 'EU AI Act (Regulation (EU) 2024/1689)', true, [
      requirement('Art 9', ['C1', 'C2'], 'partial'),
      requirement('Art 27', ['C1'], 'gap'),
      requirement('Art 99', ['C1'], 'not-applicable'),
    ]),
    framework('gdpr', 'GDPR (Regulation (EU) 2016/679)', true, [
      requirement('Art 35', ['C3', 'C1'], 'gap'),
    ]),
    framework('hipaa-security', 'HIPAA Security Rule (45 CFR Part 164)', false, [
      requirement('164.308', ['C1'], 'not-applicable'),
    ]),
  ],
);
const fraud = posture(
  'payments',
  'fraud-screening',
  [
    ['C1', 'met', [sub('C1.1', 'met', [181])]],
    ['C2', 'gap', [sub('C2.1', 'gap')]],
    ['C3', 'not-applicable', [sub('C3.2', 'not-applicable')]],
  ],
  [
    framework('eu-ai-act', 'EU AI Act (Regulation (EU) 2024/1689)', true, [
      requirement('Art 9', ['C1', 'C2'], 'met'),
      requirement('Art 27', ['C1'], 'met'),
      requirement('Art 99', ['C1'], 'not-applicable'),
    ]),
    framework('gdpr', 'GDPR (Regulation (EU) 2016/679)', false, [
      requirement('Art 35', ['C3', 'C1'], 'not-applicable'),
    ]),
    framework('hipaa-security', 'HIPAA Security Rule (45 CFR Part 164)', false, [
      requirement('164.308', ['C1'], 'not-applicable'),
    ]),
  ],
);
const organisation = {
  controls: [
    {
      id: 'C1',
      title: 'control C1',
      counts: { met: 1, partial: 1, gap: 0, 'not-applicable': 0 },
      effectiveness: 0.5,
    },
    {
      id: 'C2',
      title: 'control C2',
      counts: { met: 1, partial: 0, gap: 1, 'not-applicable': 0 },
      effectiveness: 0.5,
    },
    {
      id: 'C3',
      title: 'control C3',
      counts: { met: 0, partial: 0, gap: 1, 'not-applicable': 1 },
      effectiveness: 0,
    },
  ],
} as unknown as OrganisationPosture;
// Catalogue order puts HIPAA before GDPR; frameworks that reach a model still come first.
const catalogue = {
  controls: [
    { id: 'C1', title: 'Regulatory mapping' },
    { id: 'C2', title: 'Model risk' },
    { id: 'C3', title: 'Data privacy' },
  ],
  frameworks: [
    { id: 'eu-ai-act', status: 'in-force' },
    { id: 'hipaa-security', status: 'in-force' },
    { id: 'gdpr', status: 'in-force' },
  ],
} as unknown as CatalogueSummary;

const heat = buildHeatMap([credit, fraud], organisation, catalogue);
const cellOf = (control: string, framework: string) =>
  heat.rows.find((r) => r.control === control)!.cells[
    heat.columns.findIndex((c) => c.id === framework)
  ]!;

describe('the controls × frameworks heat map', () => {
  it('orders columns: frameworks that reach a model first, each group in catalogue order', () => {
    expect(heat.columns.map((c) => [c.id, c.shortName, c.models])).toEqual([
      ['eu-ai-act', 'EU AI Act', 2],
      ['gdpr', 'GDPR', 1],
      ['hipaa-security', 'HIPAA Security', 0],
    ]);
    expect(heat.columns[2]!.reason).toBe('applies to jurisdiction US, flags ephi');
    expect(heat.rows.map((r) => [r.control, r.title, r.effectiveness])).toEqual([
      ['C1', 'Regulatory mapping', 0.5],
      ['C2', 'Model risk', 0.5],
      ['C3', 'Data privacy', 0],
    ]);
  });

  it('takes the worst requirement status over the models the framework reaches', () => {
    // C1 × EU AI Act: credit partial + gap, fraud met + met; not-applicable results are counted apart.
    const c1 = cellOf('C1', 'eu-ai-act');
    expect(c1.status).toBe('gap');
    expect(c1.counts).toEqual({ met: 2, partial: 1, gap: 1, 'not-applicable': 2 });
    expect(cellText(c1)).toEqual({ status: 'gap', detail: '2/4 met' });
    // C2 × EU AI Act: only Art 9 maps C2.
    expect(cellOf('C2', 'eu-ai-act')).toMatchObject({ status: 'partial', results: 2 });
    // GDPR reaches only credit-risk: fraud's not-applicable result is not counted.
    expect(cellOf('C3', 'gdpr')).toMatchObject({ status: 'gap', results: 1 });
  });

  it('marks unmapped cells null and the cells of a framework that reaches no model n/a', () => {
    expect(cellOf('C2', 'gdpr').status).toBeNull();
    expect(cellText(cellOf('C2', 'gdpr'))).toEqual({ status: '—', detail: 'not mapped' });
    expect(cellOf('C1', 'hipaa-security').status).toBe('not-applicable');
    expect(cellText(cellOf('C1', 'hipaa-security'))).toEqual({ status: 'n/a', detail: '' });
    expect(cellOf('C3', 'hipaa-security').status).toBeNull();
  });

  it('describes each cell in a sentence for screen readers', () => {
    const row = heat.rows[0]!;
    expect(cellDescription(cellOf('C1', 'eu-ai-act'), row, heat.columns[0]!)).toBe(
      'C1 Regulatory mapping under EU AI Act: gap, 2 of 4 requirement results met, 1 partial, 1 gap',
    );
    expect(cellDescription(cellOf('C1', 'hipaa-security'), row, heat.columns[2]!)).toContain(
      'the framework applies to no model',
    );
    expect(cellDescription(cellOf('C2', 'gdpr'), heat.rows[1]!, heat.columns[1]!)).toContain(
      'no requirement maps this control',
    );
  });

  it('agrees with the server’s ranking of statuses', () => {
    expect(worstStatus([])).toBeNull();
    expect(worstStatus(['not-applicable', 'not-applicable'])).toBe('not-applicable');
    expect(worstStatus(['met', 'not-applicable', 'partial'])).toBe('partial');
    expect(worstStatus(['not-applicable', 'met'])).toBe('met');
    expect(worstStatus(['met', 'gap', 'partial'])).toBe('gap');
  });
});

describe('the drill-down of a cell', () => {
  it('lists the framework’s requirements on the control and the sub-controls of the models it reaches', () => {
    const drill = drillDown([credit, fraud], 'C3', 'gdpr')!;
    expect(drill.framework).toEqual({
      id: 'gdpr',
      name: 'GDPR (Regulation (EU) 2016/679)',
      shortName: 'GDPR',
    });
    expect(drill.requirements).toEqual([
      {
        id: 'Art 35',
        title: 'requirement Art 35',
        summary: 'what Art 35 asks',
        byModel: [{ model: 'credit-risk', status: 'gap', reason: 'why Art 35 is gap' }],
      },
    ]);
    expect(drill.models.map((m) => m.ref)).toEqual(['credit-risk']);
    expect(drill.open).toEqual({ gap: 1, partial: 1 });
    // Gaps first, each with its remedy and evidence entries.
    const subs = sortSubControls(drill.models[0]!.control.subControls);
    expect(subs.map((s) => [s.id, s.status])).toEqual([
      ['C3.2', 'gap'],
      ['C3.1', 'partial'],
    ]);
    expect(subs[0]!.evidence.map((e) => e.ledgerIndex)).toEqual([76]);
  });

  it('shows every model for a control alone, with namespaced references', () => {
    const drill = drillDown([credit, fraud], 'C2')!;
    expect(drill.framework).toBeNull();
    expect(drill.requirements).toEqual([]);
    expect(drill.models.map((m) => [m.ref, m.control.status])).toEqual([
      ['credit-risk', 'met'],
      ['payments/fraud-screening', 'gap'],
    ]);
  });

  it('has no model for a framework that reaches none, and nothing for an unknown control', () => {
    const drill = drillDown([credit, fraud], 'C1', 'hipaa-security')!;
    expect(drill.models).toEqual([]);
    expect(drill.requirements[0]!.byModel).toEqual([]);
    expect(drillDown([credit, fraud], 'C99')).toBeUndefined();
    expect(drillDown([credit, fraud], 'C1', 'no-such-framework')).toBeUndefined();
  });
});

describe('words and numbers', () => {
  it('names models and frameworks as the API and a column header need', () => {
    expect(modelRef({ namespace: 'default', name: 'credit-risk' })).toBe('credit-risk');
    expect(modelRef({ namespace: 'payments', name: 'fraud-screening' })).toBe(
      'payments/fraud-screening',
    );
    expect(shortFrameworkName('nist-ai-rmf', 'NIST AI Risk Management Framework 1.0 (…)')).toBe(
      'NIST AI RMF',
    );
    expect(shortFrameworkName('our-policy', 'Our bank policy (2026) / internal')).toBe(
      'Our bank policy',
    );
    expect(shortFrameworkName('x', 'SR 26-2 / OCC Bulletin 2026-13')).toBe('SR 26-2');
  });

  it('sets backticked commands in remedies as code, keeping an unmatched backtick', () => {
    expect(codeSegments('Run `verity compliance attest C5.3` yearly.')).toEqual([
      { code: false, text: 'Run ' },
      { code: true, text: 'verity compliance attest C5.3' },
      { code: false, text: ' yearly.' },
    ]);
    expect(codeSegments('a `b` c `d')).toEqual([
      { code: false, text: 'a ' },
      { code: true, text: 'b' },
      { code: false, text: ' c `d' },
    ]);
  });

  it('formats KPI durations', () => {
    expect(formatMinutes(45)).toBe('45 min');
    expect(formatMinutes(60)).toBe('1 h');
    expect(formatMinutes(200)).toBe('3 h 20 min');
    expect(formatMinutes(1445)).toBe('1 d');
    expect(formatMinutes(12065)).toBe('8 d 9 h');
    expect(formatMinutes(null)).toBe('—');
    expect(formatMs(850)).toBe('850 ms');
    expect(formatMs(7340)).toBe('7.3 s');
    expect(formatMs(null)).toBe('—');
  });
});
