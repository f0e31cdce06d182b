import { describe, expect, it } from 'vitest';
import {
  creditRiskReport,
  creditRiskV7,
  creditRiskV8,
  fraudModel,
  META,
  organisationReport,
} from './__fixtures__/postures.js';
import { diffPostures } from './diff.js';
import {
  diffMarkdown,
  frameworkReportMarkdown,
  modelReportMarkdown,
  organisationReportMarkdown,
} from './markdown.js';
import { openItems } from './status-order.js';

describe('modelReportMarkdown', () => {
  const md = modelReportMarkdown(creditRiskReport);

  it('has a heading for every Annex IV point, §1 to §9, in order', () => {
    const headings = [
      '## §1 General description of the AI system',
      '## §2 Development, design, data and validation',
      '### §2(f) Pre-determined changes',
      '### §2(g) Validation and testing: test logs',
      '## §3 Monitoring, functioning and control',
      '## §4 Appropriateness of the performance metrics',
      '## §5 Risk management system',
      '## §6 Changes through the lifecycle',
      '## §7 Harmonised standards and other specifications applied',
      '## §8 EU declaration of conformity',
      '## §9 Post-market monitoring',
    ];
    const positions = headings.map((h) => md.indexOf(h));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('anchors the report to the audit log and names the version and why it was chosen', () => {
    expect(md).toContain('2,451 entries, root `sha256:9f86d081');
    expect(md).toContain('the version deployed to the highest environment');
    expect(md).toContain('| **Control catalogue** | 2026.12.1 |');
  });

  it('says what lies outside Verity: attach the declaration of conformity', () => {
    expect(md).toContain('attach the declaration');
    expect(md).toContain(
      '⚠ **Limitations and foreseeable risks** are not written in the model card.',
    );
  });

  it('ends with every gap and partial sub-control and its remedy, commands as code', () => {
    const gaps = md.slice(md.indexOf('## Gaps and next steps'));
    const open = openItems(creditRiskV8);
    expect(open.map((s) => s.id)).toEqual([
      'C1.3',
      'C5.4',
      'C8.2',
      'C12.3',
      'C1.2',
      'C3.1',
      'C4.1',
      'C4.3',
    ]);
    for (const s of open) expect(gaps).toContain(`\`${s.id}\` ${s.title}`);
    expect(gaps).toContain('Run a drill (`verity incident drill <model> --playbook <name>`).');
    expect(gaps).toContain('| `C4.1` The audit log verifies | **partial** |');
  });

  it('prints a [U] requirement with "confirm with counsel", and [P] without', () => {
    expect(md).toContain(
      '| `Art 27` | Fundamental rights impact assessment | [U] **confirm with counsel** | **partial** |',
    );
    expect(md).toContain('| `Art 9` | Risk management system | [P] | met |');
  });

  it('lists the risk register with likelihood × impact and the missing acceptance', () => {
    expect(md).toContain('| 4 × 4 = 16 (high) | open · review 2027-01-15 |');
    expect(md).toContain('3 × 3 = 9 (medium) | ⚠ **not accepted** |');
  });

  it('says "not classified" as a gap when the EU AI Act questionnaire is unanswered', () => {
    const scope = creditRiskV8.scope;
    if (scope === null) throw new Error('fixture has a scope');
    const unclassified = modelReportMarkdown({
      ...creditRiskReport,
      posture: { ...creditRiskV8, scope: { ...scope, euClassification: null } },
    });
    expect(unclassified).toContain(
      '⚠ **not classified** — the EU AI Act questionnaire has not been answered',
    );
  });

  it('neutralises HTML in names from the store', () => {
    const hostile = modelReportMarkdown({
      ...creditRiskReport,
      posture: {
        ...creditRiskV8,
        model: { ...creditRiskV8.model, name: '<img src=x onerror=alert(1)>' },
      },
    });
    expect(hostile).not.toContain('<img');
    expect(hostile).toContain('&lt;img src=x onerror=alert(1)>');
  });
});

describe('frameworkReportMarkdown', () => {
  const md = frameworkReportMarkdown({
    meta: META,
    frameworkId: 'eu-ai-act',
    postures: [creditRiskV8, fraudModel],
  });

  it('says for each model whether the framework applies and why', () => {
    expect(md).toContain('| payments/card-fraud | 3 | no | applies to jurisdiction EU | n/a |');
    expect(md).toContain(
      '| retail-lending/credit-risk | 8 | **yes** | scope matches: jurisdiction EU |',
    );
  });

  it('gives each gap its next steps: the remedies of the short sub-controls, once each', () => {
    const art27 = md.slice(md.indexOf('### Art 27'), md.indexOf('### Art 47'));
    expect(art27).toContain('[U] **confirm with counsel**');
    expect(art27).toContain('`C1.2` Required impact assessments approved');
    expect(art27).toContain('Hold the annual obligations review');
    const art11 = md.slice(md.indexOf('### Art 11'), md.indexOf('### Art 12'));
    expect(art11.match(/Run `verity audit verify`/g)).toHaveLength(1);
  });

  it('lists proposed and scheduled requirements for planning, outside the matrix', () => {
    const matrix = md.slice(
      md.indexOf('## Requirements × models'),
      md.indexOf('## Gaps and next steps'),
    );
    expect(matrix).not.toContain('Art 4a');
    const planning = md.slice(md.indexOf('## Not yet in force'));
    expect(planning).toContain('shown for planning; not counted');
    expect(planning).toContain(
      '| `Art 4a` Processing special categories of data to detect bias | [U] **confirm with counsel** | proposed |',
    );
    expect(planning).toContain('| scheduled | 2027-08-02 | applies from 2027-08-02 |');
  });

  it('refuses a framework no posture knows, with NOT_FOUND', () => {
    expect(() =>
      frameworkReportMarkdown({ meta: META, frameworkId: 'no-such-law', postures: [creditRiskV8] }),
    ).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('organisationReportMarkdown', () => {
  const md = organisationReportMarkdown(organisationReport);

  it('prints "no data" for KPIs without data and formats the rest', () => {
    expect(md).toContain('| **Mean time to detect (MTTD)** | no data |');
    expect(md).toContain('| **Deployment lead time (median)** | no data |');
    expect(md).toContain('| **Mean time to resolve (MTTR)** | 5.2 h |');
    expect(md).toContain('| **Audit cycle time** | 4.2 s to produce a full model report');
  });

  it('shows each control’s counts and effectiveness, and the models × controls grid', () => {
    expect(md).toContain('| `C6` Model integrity | 1 | 1 | 0 | 0 | **50.0%** |');
    expect(md).toContain('| payments/card-fraud 3 · tier-2 | **partial** | met | **gap** |');
  });
});

describe('diffMarkdown', () => {
  it('summarises the counts and lists each change', () => {
    const md = diffMarkdown(diffPostures(creditRiskV7, creditRiskV8, { from: 'v7', to: 'v8' }));
    expect(md).toContain('17 changes: 14 improved, 1 regressed.');
    expect(md).toContain('| `C4.1` | sub-control | The audit log verifies | met | **partial** |');
    expect(md).toContain(
      '| `gdpr Art 13(2)(f)` | requirement | Information about automated decision-making | _absent_ | **partial** |',
    );
  });
});
