import { describe, expect, it } from 'vitest';
import { SAMPLE_CARD } from '../__fixtures__/sample-card.js';
import type { ModelCard } from '../card-schema.js';
import { renderCardHtml } from './html.js';
import { ATTRIBUTE_BREAKOUT, HOSTILE_CARD, SCRIPT } from './__fixtures__/hostile-card.js';
import { CARD_DIGEST, renderOptions } from './__fixtures__/render-options.js';
import { SPARSE_CARD } from './__fixtures__/sparse-card.js';

const render = (card: ModelCard) => renderCardHtml(card, renderOptions(card));
const tags = (html: string) => html.match(/<[a-zA-Z][^>]*>/g) ?? [];
const svgs = (html: string) => html.match(/<svg[\s\S]*?<\/svg>/g) ?? [];

describe('renderCardHtml', () => {
  const html = render(SAMPLE_CARD);

  it('is one semantic document: cover header, contents, sections, footer', () => {
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html).toContain('<title>Model card · credit-risk 1.1.0</title>');
    expect(html).toContain('<header class="cover">');
    expect(html).toContain('<nav class="toc" aria-labelledby="toc-h">');
    const ids = [...html.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toEqual([
      'model-details',
      'intended-use',
      'risk-classification',
      'training-data',
      'evaluation',
      'fairness',
      'explainability',
      'robustness',
      'human-oversight',
      'limitations',
      'ethics',
      'compute',
      'monitoring',
      'lineage',
      'approval-history',
      'change-log',
      'annex-iv-coverage',
      'digests',
    ]);
    expect(html).toContain('<h2 id="evaluation-h"><span class="num">5</span>Evaluation</h2>');
    expect(html).toContain('<th scope="col" class="num">Value</th>');
    expect(html).toContain('<th scope="row">Card revision</th><td>3</td>');
  });

  it('puts the document metadata in the cover table', () => {
    expect(html).toContain(
      '<th scope="row">Status</th><td><span class="badge badge-good">Frozen · approved for production</span></td>',
    );
    expect(html).toContain(
      `<th scope="row">Card digest</th><td><code class="digest-full">${CARD_DIGEST}</code>`,
    );
    const provider = SAMPLE_CARD.authored.details!.provider!;
    expect(html).toContain(`<th scope="row">Provider</th><td>${provider}</td>`);
  });

  it('shows metrics, approvals and the approval reason', () => {
    const a = SAMPLE_CARD.evidence.promotions[0]!.approvals[0]!;
    expect(html).toContain('<td class="num">0.8123</td><td class="num">0.8010 – 0.8231</td>');
    expect(html).toContain(`<td>${a.approver}</td><td>${a.role}</td>`);
    expect(html).toContain(`<td>${a.reason}</td><td class="when">2025-10-09 09:12 UTC</td>`);
  });

  it('shortens digests with the full value in a title and in appendix B', () => {
    const digest = SAMPLE_CARD.evidence.artifacts[0]!.digest;
    expect(html).toContain(
      `<span class="digest-ref"><code class="digest" title="${digest}">sha256:a1a1a1a1a1a1…</code><sup class="ref"><a href="#digest-1"`,
    );
    expect(html).toContain(
      `<tr id="digest-1" class="digest-row"><th scope="row" class="num">1</th><td><code class="digest-full">${digest}</code>`,
    );
  });

  it('loads nothing from outside the file', () => {
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'`,
    );
    expect(html).not.toMatch(/\ssrc\s*=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/@import/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).not.toMatch(/<script/i);
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]!);
    const external = hrefs.filter((h) => !h.startsWith('#'));
    // The code repository is a link for the reader to follow, not a resource the page loads.
    expect(external).toEqual([SAMPLE_CARD.evidence.lineage.codeRepository]);
  });

  it('has print rules for A4 pages', () => {
    expect(html).toMatch(/@page \{ size: A4; margin: 18mm 16mm 20mm 16mm; \}/);
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toMatch(/tr, figure[^{]*\{ break-inside: avoid;/);
    expect(html).toMatch(/h1, h2, h3 \{[^}]*break-after: avoid;/);
  });

  it('draws the metric, group and completeness charts as accessible inline SVG', () => {
    const charts = svgs(html);
    expect(charts).toHaveLength(3);
    for (const svg of charts) {
      expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" role="img"/);
      const [, id] = /aria-labelledby="([^ ]+)-title \1-desc"/.exec(svg) ?? [];
      expect(id).toBeDefined();
      expect(svg).toContain(`<title id="${id}-title">`);
    }
    expect(charts[0]).toContain(
      '<title id="chart-completeness-title">Card completeness for the high-risk template</title>',
    );
    expect(charts[1]).toContain(
      'Performance metrics in [0, 1], with confidence intervals where recorded</title>',
    );
    expect(charts[1]).toContain('roc_auc 0.8123 (interval 0.801 to 0.8231)');
    expect(charts[2]).toContain('<title id="chart-groups-1-title">selection_rate by group</title>');
    expect(charts[2]).toContain('stroke-dasharray="4 3"');
    expect(charts[2]).toContain('four-fifths of highest (0.0568)');
  });

  it('shows every charted value in a table too', () => {
    const [, metrics, groups] = svgs(html);
    const charted = [metrics!, groups!].flatMap((svg) =>
      [...svg.matchAll(/<text [^>]*class="value"[^>]*>([^<]+)<\/text>/g)].map((m) => m[1]!),
    );
    expect(charted).toEqual([
      '0.8123',
      '0.4711',
      '0.7102',
      '0.0874',
      '0.061',
      '0.071',
      '0.066',
      '0.068',
      '0.070',
    ]);
    for (const value of charted) expect(html).toContain(`<td class="num">${value}</td>`);
  });

  it('keeps metrics outside [0, 1] out of the bar chart and in the table', () => {
    const card: ModelCard = {
      ...SAMPLE_CARD,
      evidence: {
        ...SAMPLE_CARD.evidence,
        metrics: [
          ...SAMPLE_CARD.evidence.metrics,
          { name: 'log_loss', value: 1.73, slice: 'overall', source: 'version' },
        ],
      },
    };
    const out = render(card);
    expect(svgs(out)[1]).not.toContain('log_loss');
    expect(out).toContain('Not charted (outside [0, 1]): log_loss.');
    expect(out).toContain(
      '<th scope="row"><code>log_loss</code></th><td>overall</td><td class="num">1.73</td>',
    );
  });

  it('is deterministic: the same input gives the same bytes', () => {
    expect(render(SAMPLE_CARD)).toBe(html);
    expect(render(structuredClone(SAMPLE_CARD))).toBe(html);
  });
});

describe('when author fields are missing', () => {
  const html = render(SPARSE_CARD);

  it('shows a styled “Not provided” marker for each', () => {
    expect(html).toContain(
      '<h3>Description<span class="annex">Annex IV §1(a)</span></h3><p><span class="missing">Not provided<span class="required"> · required</span></span></p>',
    );
    expect(html).toContain(
      '<h3>Compute notes<span class="annex">Annex IV §2(c)</span></h3><p><span class="missing">Not provided</span></p>',
    );
    expect(html).toContain('.missing {');
  });

  it('lists the missing fields on the cover and draws no metric chart without metrics', () => {
    expect(html).toContain(
      '<tr><th scope="row">Training datasets</th><td>§2(d)</td><td>Verity evidence</td></tr>',
    );
    expect(svgs(html)).toHaveLength(1);
  });
});

describe('escaping', () => {
  const html = render(HOSTILE_CARD);
  // Break opportunities split long runs; they are markup of ours, not of the card.
  const unbroken = html.replace(/<wbr>/g, '');

  it('never emits card text as markup', () => {
    expect(html).not.toContain(SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<svg onload');
    expect(unbroken).toContain('Scores loans. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(unbroken).toContain('&#39;single&#39; &amp; &quot;double&quot;');
  });

  it('keeps attribute values closed, so no event handler attribute appears', () => {
    expect(html).toContain('title="sha256:&quot;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(unbroken).toContain(ATTRIBUTE_BREAKOUT.replace(/"/g, '&quot;'));
    for (const tag of tags(html)) expect(tag).not.toMatch(/\son\w+\s*=/i);
  });

  it('never makes a javascript: address a link', () => {
    expect(html).not.toContain('href="javascript:');
    expect(unbroken).toContain('<code>javascript:alert(5)</code>');
  });
});
