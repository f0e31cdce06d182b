import { describe, expect, it } from 'vitest';
import { breakableHtml, escapeAttribute, escapeHtml, safeHref } from './html-escape.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and quoted attributes', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe(
      '&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;',
    );
  });

  it('keeps an attribute value from closing its quotes', () => {
    const value = escapeAttribute('" onmouseover="alert(1)');
    expect(value).toBe('&quot; onmouseover=&quot;alert(1)');
    expect(value).not.toContain('"');
  });

  it('escapes an existing entity again instead of letting it through', () => {
    expect(escapeHtml('&lt;b&gt;')).toBe('&amp;lt;b&amp;gt;');
  });

  it('replaces control characters HTML does not allow', () => {
    expect(escapeHtml('a\u0000b\u0007c\td\ne')).toBe('a\uFFFDb\uFFFDc\td\ne');
  });

  it('writes newlines in attributes as character references', () => {
    expect(escapeAttribute('a\nb')).toBe('a&#10;b');
  });
});

describe('safeHref', () => {
  it('allows http and https addresses', () => {
    expect(safeHref('https://git.bank.example/credit/pd-model')).toBe(
      'https://git.bank.example/credit/pd-model',
    );
    expect(safeHref('http://example.com/a?b=1&c="2"')).toBe(
      'http://example.com/a?b=1&amp;c=%222%22',
    );
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>', 'file:///etc/passwd', 'not a url'])(
    'refuses %s',
    (value) => {
      expect(safeHref(value)).toBeNull();
    },
  );
});

describe('breakableHtml', () => {
  it('leaves short words alone', () => {
    expect(breakableHtml('roc_auc for loan-applications')).toBe('roc_auc for loan-applications');
  });

  it('offers breaks after punctuation inside long runs, and escapes each piece', () => {
    expect(breakableHtml('s3://bucket/extracts/2025/q3/file.parquet')).toBe(
      's3://<wbr>bucket/<wbr>extracts/<wbr>2025/<wbr>q3/<wbr>file.<wbr>parquet',
    );
    expect(breakableHtml('<script>alert(1)</script>')).toBe(
      '&lt;script&gt;alert(1)<wbr>&lt;/<wbr>script&gt;',
    );
  });

  it('cuts runs without punctuation every max characters', () => {
    expect(breakableHtml('a'.repeat(45))).toBe(`${'a'.repeat(20)}<wbr>${'a'.repeat(20)}<wbr>aaaaa`);
  });
});
