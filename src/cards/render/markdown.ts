import type { ModelCard } from '../card-schema.js';
import { buildCardDocument } from './document-model.js';
import type {
  Block,
  CardDocument,
  CardSection,
  Cell,
  DigestEntry,
  FieldBlock,
  ProsePart,
  Span,
  TableBlock,
} from './document-types.js';
import { formatPercent, shortDigest } from './format.js';
import type { RenderOptions } from './options.js';

/*
 * GitHub-flavoured Markdown. Author prose is Markdown already and passes through, except that
 * anything that would open a raw HTML tag or entity is escaped: a card must not inject markup
 * into whatever renders it. Table cells additionally escape pipes and turn newlines into <br>.
 */

/** Neutralises raw HTML: `<tag`, `</tag`, `<!--`, `<?` and entity references. */
export function escapeMarkdownText(value: string): string {
  return value.replace(/&(?=#?\w+;)/g, '&amp;').replace(/<(?=[A-Za-z/!?])/g, '&lt;');
}

/** For a GFM table cell: no raw HTML, pipes escaped, no line breaks that would end the row. */
export function escapeMarkdownCell(value: string): string {
  return escapeMarkdownText(value)
    .replace(/\\(?=\|)/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n?|\n/g, '<br>');
}

function codeSpan(value: string): string {
  const longest = Math.max(0, ...(value.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${value.replace(/\r\n?|\n/g, ' ')}${pad}${fence}`;
}

function linkText(value: string): string {
  return escapeMarkdownText(value).replace(/[[\]]/g, (c) => `\\${c}`);
}

function span(s: Span): string {
  switch (s.kind) {
    case 'text':
      return escapeMarkdownText(s.text);
    case 'code':
      return codeSpan(s.text);
    case 'digest':
      if (s.ref === null) return codeSpan(s.value);
      return `${codeSpan(shortDigest(s.value))}[^d${s.ref}]`;
    case 'link':
      return `[${linkText(s.text)}](${encodeURI(s.href).replace(/[()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)})`;
    case 'missing':
      return `⚠ **${s.text}**${s.required ? ' _(required)_' : ''}`;
    case 'badge':
      return s.tone === 'bad' || s.tone === 'warn'
        ? `**${escapeMarkdownText(s.text)}**`
        : escapeMarkdownText(s.text);
  }
}

const spans = (cell: Cell): string => cell.map(span).join('');

/** A cell in a table: inline content with pipes and line breaks made safe. */
function cell(content: Cell): string {
  return content
    .map((s) => {
      const out = span(s);
      return s.kind === 'text' || s.kind === 'badge'
        ? out
            .replace(/\\(?=\|)/g, '\\\\')
            .replace(/\|/g, '\\|')
            .replace(/\r\n?|\n/g, '<br>')
        : out.replace(/\|/g, '\\|');
    })
    .join('');
}

function table(header: string[], rows: string[][], numeric: boolean[]): string {
  const align = numeric.map((n) => (n ? '---:' : '---'));
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(align), ...rows.map(line)].join('\n');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function githubSlug(heading: string): string {
  return heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .trim()
    .replace(/\s/g, '-');
}

function prose(parts: ProsePart[]): string {
  return parts
    .map((p) => {
      if (p.kind === 'paragraph') return escapeMarkdownText(p.text);
      if (p.kind === 'bullets') return p.items.map((i) => `- ${escapeMarkdownText(i)}`).join('\n');
      return p.items.map((i, n) => `${n + 1}. ${escapeMarkdownText(i)}`).join('\n');
    })
    .join('\n\n');
}

function field(block: FieldBlock): string {
  const heading = `### ${escapeMarkdownText(block.title)} (Annex IV ${block.annexIV})`;
  const body = block.body;
  if (body.kind === 'prose') return `${heading}\n\n${prose(body.parts)}`;
  if (body.kind === 'items')
    return `${heading}\n\n${body.items.map((i) => `- ${spans(i)}`).join('\n')}`;
  return `${heading}\n\n${span(body.span)}`;
}

function tableBlock(block: TableBlock): string {
  const annex = block.annexIV === '' ? '' : ` (Annex IV ${block.annexIV})`;
  const heading = `### ${escapeMarkdownText(block.title)}${annex}`;
  if (block.rows.length === 0) return `${heading}\n\n${spans(block.empty)}`;
  const body = table(
    block.columns.map((c) => escapeMarkdownCell(c.label)),
    block.rows.map((row) => row.map(cell)),
    block.columns.map((c) => c.kind === 'numeric'),
  );
  return `${heading}\n\n${body}${block.note === null ? '' : `\n\n_${spans(block.note)}_`}`;
}

function digests(entries: DigestEntry[]): string {
  if (entries.length === 0) return 'No digests are shown in this document.';
  const intro = 'Full values of the digests shortened in the tables above, as footnotes.';
  const notes = entries.map(
    (e) => `[^d${e.ref}]: ${codeSpan(e.value)} — ${escapeMarkdownText(e.usedFor.join('; '))}`,
  );
  return `${intro}\n\n${notes.join('\n')}`;
}

function block(b: Block): string | null {
  switch (b.kind) {
    case 'field':
      return field(b);
    case 'facts':
      return (
        `### ${escapeMarkdownText(b.title)}\n\n` +
        table(
          ['Field', 'Value'],
          b.rows.map((r) => [escapeMarkdownCell(r.label), cell(r.value)]),
          [false, false],
        )
      );
    case 'table':
      return tableBlock(b);
    case 'paragraph':
      return spans(b.spans);
    case 'digests':
      return digests(b.entries);
    case 'chart':
      // Charts are for the HTML and PDF; every charted value is in the table next to it.
      return null;
  }
}

function sectionHeading(s: CardSection): string {
  return `${s.number}. ${s.title}`;
}

function renderSection(s: CardSection): string {
  const annex = s.annexIV.length === 0 ? '' : `\n\n_Annex IV: ${s.annexIV.join(', ')}_`;
  const blocks = s.blocks.map(block).filter((b): b is string => b !== null);
  return [`## ${sectionHeading(s)}${annex}`, ...blocks].join('\n\n');
}

function titleBlock(doc: CardDocument): string {
  const h = doc.header;
  const c = h.completeness;
  const parts = [`# Model card: ${escapeMarkdownText(h.title)}`];
  if (h.summary.trim() !== '') parts.push(`> ${escapeMarkdownText(h.summary).replace(/\n/g, ' ')}`);
  parts.push(
    table(
      ['Field', 'Value'],
      h.facts.map((r) => [escapeMarkdownCell(r.label), cell(r.value)]),
      [false, false],
    ),
  );
  parts.push(
    `**Completeness:** ${c.present} of ${c.required} fields required for the ${c.tier}-risk template (${formatPercent(c.score)}).`,
  );
  if (c.missing.length === 0) {
    parts.push('No field the template requires is missing.');
  } else {
    parts.push(
      table(
        ['Missing field', 'Annex IV', 'Written by'],
        c.missing.map((m) => [
          escapeMarkdownCell(m.title),
          escapeMarkdownCell(m.annexIV),
          m.source === 'author' ? 'card author' : 'Verity evidence',
        ]),
        [false, false, false],
      ),
    );
  }
  const toc = doc.sections.map((s) => {
    const text = sectionHeading(s);
    return `- [${linkText(text)}](#${githubSlug(text)})`;
  });
  parts.push(`## Contents\n\n${toc.join('\n')}`);
  return parts.join('\n\n');
}

/** The card as one GitHub-flavoured Markdown document. Pure and deterministic. */
export function renderCardMarkdown(card: ModelCard, options: RenderOptions): string {
  const doc = buildCardDocument(card, options);
  return `${[titleBlock(doc), ...doc.sections.map(renderSection)].join('\n\n')}\n`;
}
