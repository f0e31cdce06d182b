import type { ModelCard } from '../card-schema.js';
import { valueAt } from '../field-paths.js';
import { cardField, TIER_REQUIREMENTS } from '../templates.js';
import { mergeAnnexItems } from './annex-iv.js';
import type {
  Block,
  CardSection,
  Cell,
  Column,
  ColumnKind,
  DigestEntry,
  FactRow,
  FieldBlock,
  ProsePart,
  Span,
  TableBlock,
  Tone,
} from './document-types.js';
import type { RenderOptions } from './options.js';

export const NOT_PROVIDED = 'Not provided';
export const NONE_RECORDED = 'None recorded';

export const text = (value: string): Span => ({ kind: 'text', text: value });
export const code = (value: string): Span => ({ kind: 'code', text: value });
export const badge = (value: string, tone: Tone): Span => ({ kind: 'badge', text: value, tone });

/** A link only for http(s) addresses: anything else (`javascript:`, `file:`) stays text. */
export function linkOrCode(value: string): Span {
  return /^https?:\/\/[^\s"'<>]+$/i.test(value)
    ? { kind: 'link', href: value, text: value }
    : code(value);
}

/**
 * Prose as authors write it (a Markdown body): blank lines separate blocks; a block whose every
 * line starts with `- `/`* ` is a bullet list, `1. `/`1) ` a numbered list. Nothing else is
 * interpreted, so the text reaches the reader as written.
 */
export function parseProse(value: string): ProsePart[] {
  const parts: ProsePart[] = [];
  for (const chunk of value.replace(/\r\n?/g, '\n').split(/\n[ \t]*\n/)) {
    const lines = chunk
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '');
    if (lines.length === 0) continue;
    if (lines.every((l) => /^[-*] /.test(l))) {
      parts.push({ kind: 'bullets', items: lines.map((l) => l.slice(2).trim()) });
    } else if (lines.every((l) => /^\d+[.)] /.test(l))) {
      parts.push({ kind: 'numbered', items: lines.map((l) => l.replace(/^\d+[.)] /, '').trim()) });
    } else {
      parts.push({ kind: 'paragraph', text: lines.join('\n') });
    }
  }
  return parts;
}

/**
 * Shared state while one document is built: the card, which fields the tier requires, and the
 * digest appendix (numbered in order of first use, so the numbering is deterministic).
 */
export class BuildContext {
  private readonly required: ReadonlySet<string>;
  private readonly digests = new Map<string, DigestEntry>();
  private tableCount = 0;

  constructor(
    readonly card: ModelCard,
    readonly options: RenderOptions,
  ) {
    this.required = new Set(TIER_REQUIREMENTS[options.completeness.tier]);
  }

  isRequired(path: string): boolean {
    return this.required.has(path);
  }

  title(path: string): string {
    return cardField(path)?.title ?? path;
  }

  annex(path: string): string {
    return cardField(path)?.annexIV ?? '';
  }

  /** The marker for a gap; `required` says whether the tier's template asks for the field. */
  missing(path: string, label: string = NOT_PROVIDED): Span {
    return { kind: 'missing', text: label, required: this.isRequired(path) };
  }

  digest(value: string, usedFor: string): Span {
    let entry = this.digests.get(value);
    if (entry === undefined) {
      entry = { ref: this.digests.size + 1, value, usedFor: [] };
      this.digests.set(value, entry);
    }
    if (!entry.usedFor.includes(usedFor)) entry.usedFor.push(usedFor);
    return { kind: 'digest', value, ref: entry.ref };
  }

  digestEntries(): DigestEntry[] {
    return [...this.digests.values()];
  }

  private authored(path: string): unknown {
    return valueAt(this.card.authored, path);
  }

  /** An author field written as prose, list or line, shown under its own title. */
  field(path: string): FieldBlock {
    const value = this.authored(path);
    const base = {
      kind: 'field' as const,
      path,
      title: this.title(path),
      annexIV: this.annex(path),
    };
    if (typeof value === 'string' && value.trim() !== '') {
      return { ...base, body: { kind: 'prose', parts: parseProse(value) } };
    }
    if (Array.isArray(value) && value.length > 0) {
      return { ...base, body: { kind: 'items', items: value.map((v) => [text(String(v))]) } };
    }
    const span = this.missing(path) as Extract<Span, { kind: 'missing' }>;
    return { ...base, body: { kind: 'missing', span } };
  }

  /** A short author field (a line, a number, a choice, a short list) as a label/value row. */
  fact(path: string, show: (value: unknown) => Cell = (v) => [text(lineOf(v))]): FactRow {
    const value = this.authored(path);
    const present =
      value !== undefined &&
      value !== null &&
      !(typeof value === 'string' && value.trim() === '') &&
      !(Array.isArray(value) && value.length === 0);
    return {
      label: this.title(path),
      annexIV: this.annex(path),
      value: present ? show(value) : [this.missing(path)],
    };
  }

  /** A table of evidence (or author records); with no rows it shows the gap marker. */
  table(
    path: string,
    columns: (string | [string, Exclude<ColumnKind, 'text'>])[],
    rows: Cell[][],
    extra: { title?: string; note?: Cell; emptyLabel?: string } = {},
  ): TableBlock {
    this.tableCount += 1;
    return {
      kind: 'table',
      id: `table-${this.tableCount}`,
      title: extra.title ?? this.title(path),
      annexIV: this.annex(path),
      columns: columns.map((c): Column =>
        typeof c === 'string' ? { label: c, kind: 'text' } : { label: c[0], kind: c[1] },
      ),
      rows,
      empty: [this.missing(path, extra.emptyLabel ?? NONE_RECORDED)],
      note: rows.length === 0 ? null : (extra.note ?? null),
    };
  }
}

function lineOf(value: unknown): string {
  if (Array.isArray(value)) return value.map(String).join('; ');
  return String(value);
}

/** A numbered section whose Annex IV items are gathered from its blocks. */
export function section(id: string, number: string, title: string, blocks: Block[]): CardSection {
  const references: string[] = [];
  for (const block of blocks) {
    if (block.kind === 'field' || block.kind === 'table') references.push(block.annexIV);
    if (block.kind === 'facts') references.push(...block.rows.map((r) => r.annexIV));
  }
  return { id, number, title, annexIV: mergeAnnexItems(references), blocks };
}
