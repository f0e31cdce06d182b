import { REPORT_CSS } from '../../cards/index.js';
import { breakableHtml, escapeAttribute, escapeHtml } from '../../lib/html-escape.js';
import { buildDiffReport } from './build-diff-report.js';
import { buildFrameworkReport } from './build-framework-report.js';
import { buildModelReport } from './build-model-report.js';
import { buildOrganisationReport } from './build-organisation-report.js';
import type {
  FrameworkReportData,
  ModelReportData,
  OrganisationReportData,
  PostureDiff,
} from './report-data.js';
import type {
  Block,
  Inline,
  ReportDocument,
  Section,
  StatusValue,
  TableBlock,
} from './report-document.js';

/*
 * Self-contained HTML: the model card's stylesheet plus the few rules below, no script, no
 * external resource (the CSP forbids any fetch, so a mistake fails closed). Every string from the
 * store goes through escapeHtml/breakableHtml/escapeAttribute; the only markup comes from this
 * file. Laid out for A4: major sections start a new page, rows and headings are not split.
 */

/** The model report (Annex IV technical documentation and model risk report) as HTML. */
export function modelReportHtml(data: ModelReportData): string {
  return renderHtml(buildModelReport(data));
}

/** The gap assessment of one framework across models as HTML. */
export function frameworkReportHtml(data: FrameworkReportData): string {
  return renderHtml(buildFrameworkReport(data));
}

/** The organisation's control effectiveness report as HTML. */
export function organisationReportHtml(data: OrganisationReportData): string {
  return renderHtml(buildOrganisationReport(data));
}

/** The changes between two postures as HTML. */
export function diffHtml(diff: PostureDiff): string {
  return renderHtml(buildDiffReport(diff));
}

const CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

const EXTRA_CSS = `
.muted { color: var(--muted); }
section.major { break-before: page; page-break-before: always; }
h2 .annex { margin-left: auto; font-size: 8pt; }
h3 .annex { font-size: 7.5pt; }
.badge.status { font-size: 0.86em; }
.tag { font-weight: 600; white-space: nowrap; }
.tag-u .counsel { white-space: normal; }
.tag-u { color: var(--warn); }
table.data tbody tr.group > * { background: var(--head); border-top: 1pt solid var(--rule); }
table.matrix, table.heatmap { font-size: 8pt; }
table.matrix th, table.matrix td, table.heatmap th, table.heatmap td { padding: 3px 4px; }
table.data.matrix td:not(:first-child), table.data.heatmap td:not(:first-child) { text-align: center; }
table.data.matrix thead th:not(:first-child), table.data.heatmap thead th:not(:first-child) { text-align: center; }
table.data.heatmap tbody td.heat-met { background: var(--good-bg); }
table.data.heatmap tbody td.heat-partial { background: var(--warn-bg); }
table.data.heatmap tbody td.heat-gap { background: var(--bad-bg); }
table.data.heatmap tbody td.heat-not-applicable, table.data.heatmap tbody td.heat-none { background: #fff; }
table.data.heatmap .badge { background: transparent; }
table.matrix .badge { padding: 0 3px; font-size: 7pt; }
table.fixed { table-layout: fixed; }
nav.toc.inline { break-after: auto; page-break-after: auto; margin-top: 10px; }
nav.toc.inline ol { columns: 2; }
`;

const STATUS_BADGE: Readonly<Record<StatusValue, { label: string; tone: string }>> = {
  met: { label: 'met', tone: 'good' },
  partial: { label: 'partial', tone: 'warn' },
  gap: { label: 'gap', tone: 'bad' },
  'not-applicable': { label: 'n/a', tone: 'neutral' },
  absent: { label: 'absent', tone: 'neutral' },
};

function badge(s: StatusValue): string {
  const b = STATUS_BADGE[s];
  return `<span class="badge badge-${b.tone} status status-${s}">${b.label}</span>`;
}

function inline(part: Inline): string {
  switch (part.kind) {
    case 'text':
      return breakableHtml(part.text);
    case 'strong':
      return `<strong>${breakableHtml(part.text)}</strong>`;
    case 'muted':
      return `<span class="muted">${breakableHtml(part.text)}</span>`;
    case 'code':
      return `<code>${breakableHtml(part.text)}</code>`;
    case 'missing':
      return `<span class="missing">${escapeHtml(part.text)}</span>`;
    case 'status':
      return badge(part.status);
    case 'tag':
      return part.tag === 'U'
        ? '<span class="tag tag-u">[U] <span class="counsel">confirm with counsel</span></span>'
        : `<span class="tag">[${part.tag}]</span>`;
  }
}

const line = (parts: readonly Inline[]) => parts.map(inline).join('');

/** The status a grid cell shows, when the cell is a single status. */
function cellStatus(cell: readonly Inline[]): StatusValue | null {
  const only = cell.length === 1 ? cell[0] : undefined;
  return only?.kind === 'status' ? only.status : null;
}

function tableHtml(t: TableBlock): string {
  if (t.rows.length === 0) return `<p class="muted">${escapeHtml(t.empty)}</p>`;
  const num = (i: number) => (t.columns[i]?.numeric === true ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th${num(i)}>${escapeHtml(c.title)}</th>`).join('');
  const rows = t.rows.map((r, ri) => {
    const rowKey = t.keys?.rows[ri];
    const cells = r.cells.map((c, ci) => {
      const colKey = t.keys?.columns[ci] ?? null;
      if (t.keys === null || rowKey === undefined || colKey === null) {
        const classes = [t.columns[ci]?.numeric === true ? 'num' : ''].filter((x) => x !== '');
        return `<td${classes.length === 0 ? '' : ` class="${classes.join(' ')}"`}>${line(c)}</td>`;
      }
      const s = cellStatus(c);
      const heat = t.style === 'heatmap' ? ` class="heat heat-${s ?? 'none'}"` : '';
      return (
        `<td${heat} data-row="${escapeAttribute(rowKey)}" data-col="${escapeAttribute(colKey)}"` +
        ` data-status="${s ?? 'none'}">${line(c)}</td>`
      );
    });
    return `<tr${r.emphasis ? ' class="group"' : ''}>${cells.join('')}</tr>`;
  });
  const cls = [
    'data',
    ...(t.style === 'data' ? [] : [t.style]),
    ...(t.widths === null ? [] : ['fixed']),
  ].join(' ');
  const cols =
    t.widths === null
      ? ''
      : `<colgroup>${t.widths.map((w) => `<col style="width:${w}%">`).join('')}</colgroup>`;
  const caption = t.caption === null ? '' : `<p class="table-note">${escapeHtml(t.caption)}</p>`;
  return (
    `<table class="${cls}">${cols}<thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>` +
    caption
  );
}

function blockHtml(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return `<p>${line(b.content)}</p>`;
    case 'list':
      return `<ul>${b.items.map((item) => `<li>${line(item)}</li>`).join('')}</ul>`;
    case 'facts':
      return `<table class="facts"><tbody>${b.rows
        .map((r) => `<tr><th>${escapeHtml(r.label)}</th><td>${line(r.value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'heading':
      return `<h3><span>${escapeHtml(b.text)}</span>${b.ref === null ? '' : `<span class="annex">${escapeHtml(b.ref)}</span>`}</h3>`;
    case 'table':
      return tableHtml(b);
  }
}

function sectionHtml(s: Section): string {
  const ref = s.ref === null ? '' : `<span class="annex">${escapeHtml(s.ref)}</span>`;
  return (
    `<section id="${escapeAttribute(s.id)}"${s.pageBreak ? ' class="major"' : ''}>` +
    `<h2><span>${escapeHtml(s.title)}</span>${ref}</h2>\n${s.blocks.map(blockHtml).join('\n')}</section>`
  );
}

function contents(doc: ReportDocument): string {
  if (doc.sections.length < 6) return '';
  const items = doc.sections
    .map(
      (s) =>
        `<li><a href="#${escapeAttribute(s.id)}">${escapeHtml(s.title)}</a>` +
        `${s.ref === null ? '' : `<span class="annex">${escapeHtml(s.ref)}</span>`}</li>`,
    )
    .join('');
  return `<nav class="toc inline" aria-labelledby="toc-h"><h2 id="toc-h">Contents</h2><ol>${items}</ol></nav>`;
}

/** Any report document as one self-contained HTML file. */
export function renderHtml(doc: ReportDocument): string {
  const facts = doc.facts
    .map((f) => `<tr><th>${escapeHtml(f.label)}</th><td>${line(f.value)}</td></tr>`)
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Verity">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${REPORT_CSS}${EXTRA_CSS}</style>`,
    '</head>',
    '<body>',
    '<header class="cover">',
    `<p class="kicker">${escapeHtml(doc.kicker)}</p>`,
    `<h1>${breakableHtml(doc.heading, 28)}</h1>`,
    doc.subheading === null ? '' : `<p class="summary">${escapeHtml(doc.subheading)}</p>`,
    `<table class="meta"><tbody>${facts}</tbody></table>`,
    '</header>',
    contents(doc),
    `<main>\n${doc.sections.map(sectionHtml).join('\n')}\n</main>`,
    `<footer class="colophon">${escapeHtml(doc.colophon)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
