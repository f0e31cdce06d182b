import { describe, expect, it } from 'vitest';
import { seededRandom } from '../profile/index.js';
import { buildDriftComparison } from './build-comparison.js';
import { columnDataFromRows } from './column-data.js';
import { renderDriftComparisonHtml } from './render-html.js';

const HOSTILE = '<script>alert("x")</script>';

function report() {
  const rows = (seed: number, shift: number) => {
    const random = seededRandom(seed);
    return Array.from({ length: 200 }, () => ({
      amount: Math.round(random() * 1000 + shift),
      [HOSTILE]: random() < 0.5 ? '<img src=x onerror=alert(1)>' : 'https://evil.example/x.png',
      channel: random() < 0.7 ? 'web' : 'branch',
    }));
  };
  return buildDriftComparison(columnDataFromRows(rows(1, 0)), columnDataFromRows(rows(2, 300)));
}

const META = { referenceName: 'ref.csv', currentName: 'cur "2".csv' };

describe('renderDriftComparisonHtml', () => {
  const html = renderDriftComparisonHtml(report(), META);

  it('is one HTML document with a restrictive CSP', () => {
    expect(html.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">`,
    );
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
  });

  it('escapes column names, categories and file names', () => {
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(html).toContain('cur &quot;2&quot;.csv');
  });

  it('loads nothing from outside: no src, href or url( other than in-page anchors', () => {
    // The hostile category text itself is shown (escaped); nothing else may name a URL.
    const withoutData = html.replaceAll('https://evil.example/x.', '');
    expect(withoutData).not.toMatch(/https?:|\ssrc="|url\(|<link|@import|<script|<iframe/);
    expect([...html.matchAll(/href="([^"]*)"/g)].every((m) => m[1]!.startsWith('#column-'))).toBe(
      true,
    );
  });

  it('gives every chart role="img" and a title, and the values in a table', () => {
    const charts = [...html.matchAll(/<svg role="img"[^>]*><title>([^<]*)<\/title>/g)];
    expect(charts.map((m) => m[1])).toEqual([
      'Distribution of amount: reference: ref.csv and current: cur &quot;2&quot;.csv',
      'Categories of &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;: reference: ref.csv and current: cur &quot;2&quot;.csv',
      'Categories of channel: reference: ref.csv and current: cur &quot;2&quot;.csv',
    ]);
    expect(html.match(/<details><summary>Values<\/summary><table>/g)).toHaveLength(3);
  });

  it('is deterministic and dated only when a time is given', () => {
    expect(renderDriftComparisonHtml(report(), META)).toBe(html);
    expect(html).not.toContain('Generated');
    const dated = renderDriftComparisonHtml(report(), {
      ...META,
      generatedAt: '2026-03-01T09:00:00Z',
    });
    expect(dated).toContain('<dt>Generated</dt><dd>2026-03-01T09:00:00Z</dd>');
  });

  it('states the dataset verdict', () => {
    expect(html).toContain('<span class="badge ok">no dataset drift</span>');
    expect(html).toContain('1 of 3 tested columns drifted');
  });
});
