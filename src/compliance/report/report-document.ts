import type { ConfidenceTag } from '../catalogue/schema.js';
import type { PostureStatus } from '../posture/types.js';

/*
 * The format-neutral shape of a compliance report. The builders (build-*-report.ts) turn report
 * data into this; markdown.ts and html.ts render it. Keeping the content in one place means the
 * Markdown and the HTML of a report cannot say different things.
 */

export type StatusValue = PostureStatus | 'absent';

/** A run of inline content. Text is plain (never markup): each renderer escapes it. */
export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; text: string }
  | { kind: 'code'; text: string }
  | { kind: 'muted'; text: string }
  /** Something the documentation needs and Verity does not hold. */
  | { kind: 'missing'; text: string }
  | { kind: 'status'; status: StatusValue }
  /** A requirement's confidence tag; [U] is printed with "confirm with counsel". */
  | { kind: 'tag'; tag: ConfidenceTag };

export type Cell = Inline[];

export interface Column {
  title: string;
  numeric: boolean;
}

export interface Row {
  cells: Cell[];
  /** A heading row inside the table (a control above its sub-controls). */
  emphasis: boolean;
}

export interface TableBlock {
  kind: 'table';
  /** `data`: a plain table; `matrix`: a status grid; `heatmap`: a status grid with tinted cells. */
  style: 'data' | 'matrix' | 'heatmap';
  columns: Column[];
  rows: Row[];
  caption: string | null;
  /** Printed instead of the table when it has no rows. */
  empty: string;
  /** For grids: the key of each row, and of each column (null for a label column); rendered as data attributes. */
  keys: { rows: string[]; columns: (string | null)[] } | null;
  /** Column widths in percent, so that tables of one kind line up in print; null to let it fit. */
  widths: number[] | null;
}

export type Block =
  | { kind: 'paragraph'; content: Inline[] }
  | { kind: 'list'; items: Inline[][] }
  | { kind: 'facts'; rows: { label: string; value: Inline[] }[] }
  | { kind: 'heading'; text: string; ref: string | null }
  | TableBlock;

export interface Section {
  id: string;
  title: string;
  /** The provision the section answers, e.g. `Annex IV(2)`. */
  ref: string | null;
  /** Starts a new printed page. */
  pageBreak: boolean;
  blocks: Block[];
}

export interface ReportDocument {
  /** The document title (HTML `<title>`, the PDF footer). */
  title: string;
  kicker: string;
  heading: string;
  subheading: string | null;
  facts: { label: string; value: Inline[] }[];
  sections: Section[];
  colophon: string;
}

export const text = (value: string): Inline => ({ kind: 'text', text: value });
export const strong = (value: string): Inline => ({ kind: 'strong', text: value });
export const code = (value: string): Inline => ({ kind: 'code', text: value });
export const muted = (value: string): Inline => ({ kind: 'muted', text: value });
export const missing = (value: string): Inline => ({ kind: 'missing', text: value });
export const status = (value: StatusValue): Inline => ({ kind: 'status', status: value });
export const tag = (value: ConfidenceTag): Inline => ({ kind: 'tag', tag: value });

export const paragraph = (...content: Inline[]): Block => ({ kind: 'paragraph', content });
export const list = (items: Inline[][]): Block => ({ kind: 'list', items });
export const heading = (value: string, ref: string | null = null): Block => ({
  kind: 'heading',
  text: value,
  ref,
});

export function table(
  columns: (string | Column)[],
  rows: (Cell[] | Row)[],
  options: {
    style?: TableBlock['style'];
    caption?: string;
    empty?: string;
    keys?: TableBlock['keys'];
    widths?: number[];
  } = {},
): TableBlock {
  return {
    kind: 'table',
    style: options.style ?? 'data',
    columns: columns.map((c) => (typeof c === 'string' ? { title: c, numeric: false } : c)),
    rows: rows.map((r) => (Array.isArray(r) ? { cells: r, emphasis: false } : r)),
    caption: options.caption ?? null,
    empty: options.empty ?? 'None.',
    keys: options.keys ?? null,
    widths: options.widths ?? null,
  };
}

export const numeric = (title: string): Column => ({ title, numeric: true });

/**
 * Catalogue prose (details, remedies) marks commands with backticks: `verity audit verify`. Split
 * it into text and code so that each renderer shows the command as code and escapes the rest.
 */
export function prose(value: string): Inline[] {
  return value
    .split(/(`[^`]+`)/)
    .filter((part) => part !== '')
    .map((part) =>
      part.length > 2 && part.startsWith('`') && part.endsWith('`')
        ? code(part.slice(1, -1))
        : text(part),
    );
}
