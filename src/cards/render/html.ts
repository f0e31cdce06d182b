import type { ModelCard } from '../card-schema.js';
import { completenessSvg, groupBarsSvg, metricBarsSvg } from './charts.js';
import { buildCardDocument } from './document-model.js';
import type {
  Block,
  CardDocument,
  CardSection,
  Cell,
  Chart,
  ColumnKind,
  DigestEntry,
  FactRow,
  FieldBlock,
  ProsePart,
  Span,
  TableBlock,
} from './document-types.js';
import { breakableHtml, escapeAttribute, escapeHtml, safeHref } from '../../lib/html-escape.js';
import { formatInstant, formatPercent, shortDigest } from './format.js';
import type { RenderOptions } from './options.js';
import { CARD_CSS } from './styles.js';

/*
 * One self-contained HTML file: inline CSS and SVG, no script, no external resource (the CSP
 * below forbids any fetch, so a mistake here fails closed). All card text goes through
 * escapeHtml/escapeAttribute; the only markup comes from this file.
 */

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** Text with its line breaks kept. */
const textHtml = (value: string): string =>
  value
    .split(/\r\n?|\n/)
    .map((line) => breakableHtml(line))
    .join('<br>');

function span(s: Span): string {
  switch (s.kind) {
    case 'text':
      return textHtml(s.text);
    case 'code':
      return `<code>${breakableHtml(s.text)}</code>`;
    case 'digest':
      if (s.ref === null) return `<code class="digest-full">${escapeHtml(s.value)}</code>`;
      // One unit that never wraps: the shortened digest and its note number.
      return (
        `<span class="digest-ref"><code class="digest" title="${escapeAttribute(s.value)}">` +
        `${escapeHtml(shortDigest(s.value))}</code><sup class="ref"><a href="#digest-${s.ref}" ` +
        `aria-label="full digest, note ${s.ref}">${s.ref}</a></sup></span>`
      );
    case 'link': {
      const href = safeHref(s.href);
      return href === null
        ? `<code>${breakableHtml(s.text)}</code>`
        : `<a href="${href}" rel="noopener noreferrer">${breakableHtml(s.text)}</a>`;
    }
    case 'missing':
      return `<span class="missing">${escapeHtml(s.text)}${s.required ? '<span class="required"> · required</span>' : ''}</span>`;
    case 'badge':
      return `<span class="badge badge-${s.tone}">${escapeHtml(s.text)}</span>`;
  }
}

const spans = (cell: Cell): string => cell.map(span).join('');

function annexTag(annexIV: string): string {
  return annexIV === '' ? '' : `<span class="annex">Annex IV ${escapeHtml(annexIV)}</span>`;
}

function prose(parts: ProsePart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'paragraph') return `<p>${textHtml(p.text)}</p>`;
      const tag = p.kind === 'bullets' ? 'ul' : 'ol';
      return `<${tag}>${p.items.map((i) => `<li>${textHtml(i)}</li>`).join('')}</${tag}>`;
    })
    .join('');
}

function proseLength(block: FieldBlock): number {
  const body = block.body;
  if (body.kind === 'prose') {
    return body.parts.reduce(
      (n, p) => n + (p.kind === 'paragraph' ? p.text.length : p.items.join(' ').length),
      0,
    );
  }
  return body.kind === 'items' ? body.items.length * 80 : 0;
}

function field(block: FieldBlock): string {
  const body = block.body;
  const content =
    body.kind === 'prose'
      ? prose(body.parts)
      : body.kind === 'items'
        ? `<ul>${body.items.map((i) => `<li>${spans(i)}</li>`).join('')}</ul>`
        : `<p>${span(body.span)}</p>`;
  // Short fields move to the next page whole; long ones may break between paragraphs.
  const short = proseLength(block) < 900 ? ' field-short' : '';
  return `<div class="field${short}"><h3>${escapeHtml(block.title)}${annexTag(block.annexIV)}</h3>${content}</div>`;
}

function factRows(rows: FactRow[], withAnnex: boolean): string {
  return rows
    .map((r, i) => {
      // An Annex IV reference equal to the row above's is left out: it would only add noise.
      const annex = i > 0 && rows[i - 1]?.annexIV === r.annexIV ? '' : escapeHtml(r.annexIV);
      return (
        `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${spans(r.value)}</td>` +
        (withAnnex ? `<td class="annex">${annex}</td>` : '') +
        '</tr>'
      );
    })
    .join('');
}

function tableBlock(block: TableBlock, className = 'data'): string {
  const heading = `<h3 id="${block.id}">${escapeHtml(block.title)}${annexTag(block.annexIV)}</h3>`;
  if (block.rows.length === 0)
    return `<div class="table-block">${heading}<p>${spans(block.empty)}</p></div>`;
  const cls = (kind: ColumnKind | undefined) =>
    kind === 'numeric' ? ' class="num"' : kind === 'instant' ? ' class="when"' : '';
  const head = block.columns
    .map((c) => `<th scope="col"${cls(c.kind)}>${escapeHtml(c.label)}</th>`)
    .join('');
  const body = block.rows
    .map((row) => {
      const cells = row.map((c, i) =>
        i === 0
          ? `<th scope="row">${spans(c)}</th>`
          : `<td${cls(block.columns[i]?.kind)}>${spans(c)}</td>`,
      );
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('');
  const note = block.note === null ? '' : `<p class="table-note">${spans(block.note)}</p>`;
  return (
    `<div class="table-block">${heading}<table class="${className}" aria-labelledby="${block.id}">` +
    `<thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${note}</div>`
  );
}

function chart(c: Chart, figure: number): string {
  const svg = c.kind === 'metrics' ? metricBarsSvg(c) : groupBarsSvg(c);
  let caption = `Figure ${figure}. ${escapeHtml(c.title)}.`;
  if (c.kind === 'metrics' && c.omitted.length > 0) {
    caption += ` Not charted (outside [0, 1]): ${escapeHtml(c.omitted.join(', '))}.`;
  }
  if (c.kind === 'groups') {
    caption += ' Dashed line: reference value per attribute.';
  }
  caption += ' Every value is also in the table that follows.';
  return `<figure class="chart" id="${c.id}">${svg}<figcaption>${caption}</figcaption></figure>`;
}

function digests(entries: DigestEntry[]): string {
  if (entries.length === 0) return '<p>No digests are shown in this document.</p>';
  const rows = entries
    .map(
      (e) =>
        `<tr id="digest-${e.ref}" class="digest-row"><th scope="row" class="num">${e.ref}</th>` +
        `<td><code class="digest-full">${escapeHtml(e.value)}</code></td><td>${breakableHtml(e.usedFor.join('; '))}</td></tr>`,
    )
    .join('');
  return (
    '<p>The full value of every digest shown shortened above, by note number.</p>' +
    '<table class="data digests"><colgroup><col style="width:7%"><col style="width:68%"><col style="width:25%"></colgroup>' +
    '<thead><tr><th scope="col" class="num">Note</th><th scope="col">Digest</th>' +
    `<th scope="col">Shown for</th></tr></thead><tbody>${rows}</tbody></table>`
  );
}

function renderSection(s: CardSection, figures: { count: number }): string {
  const blocks = s.blocks.map((b: Block): string => {
    switch (b.kind) {
      case 'field':
        return field(b);
      case 'facts':
        return (
          `<div class="table-block"><h3 id="${b.id}">${escapeHtml(b.title)}</h3>` +
          `<table class="facts" aria-labelledby="${b.id}"><tbody>${factRows(b.rows, true)}</tbody></table></div>`
        );
      case 'table':
        return tableBlock(b, b.id === 'table-annex-iv' ? 'data coverage' : 'data');
      case 'chart':
        figures.count += 1;
        return chart(b.chart, figures.count);
      case 'paragraph':
        return `<p>${spans(b.spans)}</p>`;
      case 'digests':
        return digests(b.entries);
    }
  });
  const refs =
    s.annexIV.length === 0
      ? ''
      : `<p class="annex-refs">Annex IV ${escapeHtml(s.annexIV.join(' · '))}</p>`;
  return (
    `<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h"><span class="num">${s.number}</span>` +
    `${escapeHtml(s.title)}</h2>${refs}${blocks.join('')}</section>`
  );
}

function cover(doc: CardDocument): string {
  const h = doc.header;
  const c = h.completeness;
  const missing =
    c.missing.length === 0
      ? '<p>No field the template requires is missing.</p>'
      : '<table class="data"><thead><tr><th scope="col">Missing field</th><th scope="col">Annex IV</th>' +
        '<th scope="col">Written by</th></tr></thead><tbody>' +
        c.missing
          .map(
            (m) =>
              `<tr><th scope="row">${escapeHtml(m.title)}</th><td>${escapeHtml(m.annexIV)}</td>` +
              `<td>${m.source === 'author' ? 'card author' : 'Verity evidence'}</td></tr>`,
          )
          .join('') +
        '</tbody></table>';
  return (
    '<header class="cover"><p class="kicker">Model card · EU AI Act Annex IV technical documentation</p>' +
    `<h1>${escapeHtml(h.modelRef)} <span class="version">${escapeHtml(h.version)}</span></h1>` +
    (h.summary.trim() === '' ? '' : `<p class="summary">${textHtml(h.summary)}</p>`) +
    `<table class="meta" aria-label="Document metadata"><tbody>${factRows(h.facts, false)}</tbody></table>` +
    '<div class="completeness"><h2 id="completeness-h">Completeness</h2>' +
    `<figure>${completenessSvg(c)}<figcaption>${c.present} of ${c.required} fields required by the ` +
    `${escapeHtml(c.tier)}-risk template are filled in (${formatPercent(c.score)}).</figcaption></figure>` +
    `${missing}</div></header>`
  );
}

function contents(doc: CardDocument): string {
  const items = doc.sections
    .map(
      (s) =>
        `<li><span class="num">${s.number}</span><a href="#${s.id}">${escapeHtml(s.title)}</a>` +
        `<span class="annex">${escapeHtml(s.annexIV.join(' '))}</span></li>`,
    )
    .join('');
  return `<nav class="toc" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${items}</ol>${legend()}</nav>`;
}

function legend(): string {
  return (
    '<p class="legend">Fields marked <span class="missing">Not provided</span> were left empty by the ' +
    'card’s authors; <span class="missing">Not provided<span class="required"> · required</span></span> ' +
    'marks a field the tier’s template requires. Digests are shortened in tables; note numbers lead to ' +
    'the full values in appendix B. Evidence (identity, artifacts, metrics, approvals, lineage) is ' +
    'gathered by Verity from its registry and audit ledger, not written by the authors.</p>'
  );
}

/**
 * The card as one self-contained HTML document (inline CSS and SVG charts, no script, no
 * external resource), laid out for A4 printing. Pure and deterministic.
 */
export function renderCardHtml(card: ModelCard, options: RenderOptions): string {
  const doc = buildCardDocument(card, options);
  const figures = { count: 0 };
  const title = `Model card · ${doc.header.title}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Verity">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CARD_CSS}</style>`,
    '</head>',
    '<body>',
    cover(doc),
    contents(doc),
    `<main>${doc.sections.map((s) => renderSection(s, figures)).join('\n')}</main>`,
    `<footer class="colophon">Generated by Verity on ${escapeHtml(formatInstant(doc.header.generatedAt))} from card revision ` +
      `${options.revision} of ${escapeHtml(doc.header.title)}.</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
