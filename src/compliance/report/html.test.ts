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
import { diffHtml, frameworkReportHtml, modelReportHtml, organisationReportHtml } from './html.js';

const all = () => [
  modelReportHtml(creditRiskReport),
  frameworkReportHtml({
    meta: META,
    frameworkId: 'eu-ai-act',
    postures: [creditRiskV8, fraudModel],
  }),
  organisationReportHtml(organisationReport),
  diffHtml(diffPostures(creditRiskV7, creditRiskV8, { from: 'v7', to: 'v8' })),
];

/** The heat-map cell of a control and framework: its data-status. */
function heatCell(html: string, control: string, framework: string): string | null {
  const re = new RegExp(
    `<td class="heat heat-[a-z-]+" data-row="${control}" data-col="${framework}" data-status="([a-z-]+)">`,
  );
  return re.exec(html)?.[1] ?? null;
}

describe('report HTML', () => {
  it('is self-contained: no script, no external resource, a CSP that forbids fetching', () => {
    for (const html of all()) {
      expect(html).not.toMatch(/<script/i);
      expect(html).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
      expect(html).not.toMatch(/@import|url\(/i);
      expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline';`);
    }
  });

  it('sets the title renderPdf prints in the footer', () => {
    const [model, framework, organisation] = all();
    expect(model).toContain('<title>Compliance report · retail-lending/credit-risk 8</title>');
    expect(framework).toContain('<title>Gap assessment · EU AI Act 2024/1689</title>');
    expect(organisation).toContain('<title>Compliance report · organisation</title>');
  });

  it('escapes < and & from a hostile model name everywhere, title included', () => {
    const html = modelReportHtml({
      ...creditRiskReport,
      posture: {
        ...creditRiskV8,
        model: { ...creditRiskV8.model, name: '<script>alert("x")</script>&co' },
      },
    });
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;co');
    expect(html).toMatch(/<title>Compliance report · retail-lending\/&lt;script&gt;/);
  });

  it('prints each status as a badge with its word, not colour alone', () => {
    const html = modelReportHtml(creditRiskReport);
    expect(html).toContain('<span class="badge badge-good status status-met">met</span>');
    expect(html).toContain('<span class="badge badge-warn status status-partial">partial</span>');
    expect(html).toContain('<span class="badge badge-bad status status-gap">gap</span>');
    expect(html).toContain(
      '<span class="badge badge-neutral status status-not-applicable">n/a</span>',
    );
    expect(html).toContain(
      '<span class="tag tag-u">[U] <span class="counsel">confirm with counsel</span></span>',
    );
  });

  it('has the controls × frameworks heat map: the worst requirement status per cell', () => {
    const html = modelReportHtml(creditRiskReport);
    // C2 maps to EU AI Act Art 9 (met in version 8); C1 to Art 27 (C1.2 partial, C1.3 gap).
    expect(heatCell(html, 'C2', 'eu-ai-act')).toBe('met');
    expect(heatCell(html, 'C1', 'eu-ai-act')).toBe('partial');
    expect(heatCell(html, 'C10', 'iso-42001')).toBe('met');
    expect(heatCell(html, 'C12', 'sr-11-7')).toBe('partial');
    // No SR 11-7 requirement maps C1; NYC LL 144 does not apply, so it has no column.
    expect(heatCell(html, 'C1', 'sr-11-7')).toBe('none');
    expect(html).not.toContain('data-col="nyc-ll144"');
  });

  it('takes the worst status over every model in the organisation heat map', () => {
    const html = organisationReportHtml(organisationReport);
    // ISO 42001 A.6.2.6 maps C10: met for credit-risk, gap for card-fraud (no monitor).
    expect(heatCell(html, 'C10', 'iso-42001')).toBe('gap');
    expect(heatCell(modelReportHtml(creditRiskReport), 'C10', 'iso-42001')).toBe('met');
    // The EU AI Act applies to credit-risk only, so card-fraud's gaps do not reach its column.
    const model = modelReportHtml(creditRiskReport);
    for (const c of ['C1', 'C3', 'C6', 'C10', 'C12'])
      expect(heatCell(html, c, 'eu-ai-act')).toBe(heatCell(model, c, 'eu-ai-act'));
    expect(html).toContain('data-row="payments/card-fraud" data-col="C3" data-status="gap"');
  });

  it('starts major sections on a new page and keeps the cover with the summary', () => {
    const html = modelReportHtml(creditRiskReport);
    expect(html).toContain('<section id="annex-iv-1" class="major">');
    expect(html).toContain('<section id="risk-register" class="major">');
    expect(html).toContain('<section id="summary">');
    expect(html).toContain('section.major { break-before: page;');
  });
});
