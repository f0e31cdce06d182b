import { escapeMarkdownCell, escapeMarkdownText } from '../../cards/render/markdown.js';
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
import type { Block, Inline, ReportDocument, StatusValue, TableBlock } from './report-document.js';

/*
 * GitHub-flavoured Markdown. Text from the store (names, details, answers) is escaped with the
 * model card's rules: no raw HTML or entity gets through, and table cells escape pipes and line
 * breaks.
 */

/** The model report (Annex IV technical documentation and model risk report) as Markdown. */
export function modelReportMarkdown(data: ModelReportData): string {
  return renderMarkdown(buildModelReport(data));
}

/** The gap assessment of one framework across models as Markdown. */
export function frameworkReportMarkdown(data: FrameworkReportData): string {
  return renderMarkdown(buildFrameworkReport(data));
}

/** The organisation's control effectiveness report as Markdown. */
export function organisationReportMarkdown(data: OrganisationReportData): string {
  return renderMarkdown(buildOrganisationReport(data));
}

/** The changes between two postures as Markdown. */
export function diffMarkdown(diff: PostureDiff): string {
  return renderMarkdown(buildDiffReport(diff));
}

const STATUS_TEXT: Readonly<Record<StatusValue, string>> = {
  met: 'met',
  partial: '**partial**',
  gap: '**gap**',
  'not-applicable': 'n/a',
  absent: '_absent_',
};

function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\r\n?|\n/g, ' ')}${pad}${fence}`;
}

/** Text inside emphasis may hold emphasis markers of its own: backslash them. */
const markers = (value: string) => value.replace(/[\\*_`[\]]/g, (c) => `\\${c}`);

function inline(part: Inline, inCell: boolean): string {
  const esc = (value: string) => (inCell ? escapeMarkdownCell(value) : escapeMarkdownText(value));
  switch (part.kind) {
    case 'text':
      return esc(part.text);
    case 'strong':
      return `**${esc(markers(part.text))}**`;
    case 'muted':
      return esc(part.text);
    case 'code':
      return inCell ? codeSpan(part.text).replace(/\|/g, '\\|') : codeSpan(part.text);
    case 'missing':
      return `⚠ **${esc(markers(part.text))}**`;
    case 'status':
      return STATUS_TEXT[part.status];
    case 'tag':
      return part.tag === 'U' ? '[U] **confirm with counsel**' : `[${part.tag}]`;
  }
}

const line = (parts: readonly Inline[], inCell = false) =>
  parts.map((p) => inline(p, inCell)).join('');

function tableMarkdown(t: TableBlock): string {
  if (t.rows.length === 0) return `_${escapeMarkdownText(t.empty)}_`;
  const head = `| ${t.columns.map((c) => escapeMarkdownCell(c.title)).join(' | ')} |`;
  const rule = `|${t.columns.map((c) => (c.numeric ? ' ---: ' : ' --- ')).join('|')}|`;
  const rows = t.rows.map((r) => {
    const cells = r.cells.map((c) => {
      const content = line(c, true);
      return r.emphasis && content !== '' && !content.startsWith('**') ? `**${content}**` : content;
    });
    return `| ${cells.join(' | ')} |`;
  });
  const caption = t.caption === null ? [] : ['', `_${escapeMarkdownText(t.caption)}_`];
  return [head, rule, ...rows, ...caption].join('\n');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'paragraph':
      return line(b.content);
    case 'list':
      return b.items.map((item) => `- ${line(item)}`).join('\n');
    case 'facts':
      return [
        '| | |',
        '| --- | --- |',
        ...b.rows.map((r) => `| **${escapeMarkdownCell(r.label)}** | ${line(r.value, true)} |`),
      ].join('\n');
    case 'heading':
      return `### ${escapeMarkdownText(b.text)}${b.ref === null ? '' : ` _(${escapeMarkdownText(b.ref)})_`}`;
    case 'table':
      return tableMarkdown(b);
  }
}

/** Any report document as Markdown. */
export function renderMarkdown(doc: ReportDocument): string {
  const out: string[] = [
    `# ${escapeMarkdownText(doc.heading)}`,
    `_${escapeMarkdownText(doc.kicker)}_`,
  ];
  if (doc.subheading !== null) out.push(escapeMarkdownText(doc.subheading));
  out.push(block({ kind: 'facts', rows: doc.facts }));
  for (const s of doc.sections) {
    out.push(
      `## ${escapeMarkdownText(s.title)}${s.ref === null ? '' : ` _(${escapeMarkdownText(s.ref)})_`}`,
    );
    for (const b of s.blocks) out.push(block(b));
  }
  out.push('---', `_${escapeMarkdownText(doc.colophon)}_`);
  return `${out.join('\n\n')}\n`;
}
