import type { MissingField } from '../templates.js';

/*
 * The card as a document: an ordered list of sections made of a few block kinds. The Markdown and
 * HTML renderers walk this structure; neither knows which card field goes where. Text in here is
 * raw user text: each renderer escapes it for its own output format.
 */

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

/** A piece of inline content. */
export type Span =
  | { kind: 'text'; text: string }
  | { kind: 'code'; text: string }
  /**
   * A digest. With a `ref` it is shown shortened and `ref` numbers its entry in the digest
   * appendix; with `ref: null` it is shown in full (wrapping anywhere).
   */
  | { kind: 'digest'; value: string; ref: number | null }
  /** A link to an http(s) address; other schemes are never made links. */
  | { kind: 'link'; href: string; text: string }
  /** A gap: an author field nobody filled in, or evidence Verity does not hold. */
  | { kind: 'missing'; text: string; required: boolean }
  | { kind: 'badge'; text: string; tone: Tone };

export type Cell = Span[];

/** Prose split into paragraphs and simple lists (the only Markdown structure we interpret). */
export type ProsePart =
  | { kind: 'paragraph'; text: string }
  | { kind: 'bullets'; items: string[] }
  | { kind: 'numbered'; items: string[] };

export type FieldBody =
  | { kind: 'prose'; parts: ProsePart[] }
  | { kind: 'items'; items: Cell[] }
  | { kind: 'missing'; span: Extract<Span, { kind: 'missing' }> };

/** One author field: its title, Annex IV item and content (or the gap). */
export interface FieldBlock {
  kind: 'field';
  path: string;
  title: string;
  annexIV: string;
  body: FieldBody;
}

export interface FactRow {
  label: string;
  annexIV: string;
  value: Cell;
}

/** Label/value pairs: short fields and identity data. */
export interface FactsBlock {
  kind: 'facts';
  id: string;
  title: string;
  rows: FactRow[];
}

/** `numeric` columns align right; `instant` columns (dates and times) never wrap. */
export type ColumnKind = 'text' | 'numeric' | 'instant';

export interface Column {
  label: string;
  kind: ColumnKind;
}

export interface TableBlock {
  kind: 'table';
  id: string;
  title: string;
  annexIV: string;
  columns: Column[];
  rows: Cell[][];
  /** Shown instead of the table when there are no rows. */
  empty: Cell;
  /** A sentence under the table (what a ratio means, which rows were flagged). */
  note: Cell | null;
}

export interface MetricBar {
  label: string;
  value: number;
  lower: number | null;
  upper: number | null;
}

/** Overall metrics that lie in [0, 1], as horizontal bars with confidence-interval whiskers. */
export interface MetricChart {
  kind: 'metrics';
  id: string;
  title: string;
  bars: MetricBar[];
  /** Metrics left out because their values are not in [0, 1]; they are in the table only. */
  omitted: string[];
}

export interface GroupReference {
  value: number;
  label: string;
}

/** One metric by group, with a bar per group, clustered by attribute. */
export interface GroupChart {
  kind: 'groups';
  id: string;
  title: string;
  metric: string;
  attributes: {
    attribute: string;
    groups: { group: string; value: number }[];
    reference: GroupReference | null;
  }[];
}

export type Chart = MetricChart | GroupChart;

export interface ChartBlock {
  kind: 'chart';
  chart: Chart;
}

export interface ParagraphBlock {
  kind: 'paragraph';
  spans: Span[];
}

export interface DigestEntry {
  ref: number;
  value: string;
  /** Where the digest appears, for example `Artifact model.onnx`. */
  usedFor: string[];
}

/** The full value of every digest shortened in the document. */
export interface DigestsBlock {
  kind: 'digests';
  entries: DigestEntry[];
}

export type Block =
  FieldBlock | FactsBlock | TableBlock | ChartBlock | ParagraphBlock | DigestsBlock;

export interface CardSection {
  /** Stable anchor, for example `model-details`. */
  id: string;
  /** `1`…`16` for the body, `A`, `B` for appendices. */
  number: string;
  title: string;
  /** Annex IV items the section serves, in the regulation's order. */
  annexIV: string[];
  blocks: Block[];
}

export interface CompletenessSummary {
  tier: string;
  score: number;
  present: number;
  required: number;
  missing: MissingField[];
}

/** The title block: what the document is about and in what state. */
export interface CardHeader {
  /** `credit-risk 1.1.0` */
  title: string;
  modelRef: string;
  version: string;
  /** The registry description of the model, if any. */
  summary: string;
  facts: FactRow[];
  completeness: CompletenessSummary;
  status: { frozen: boolean; label: string; tone: Tone };
  generatedAt: string;
}

export interface CardDocument {
  header: CardHeader;
  sections: CardSection[];
}
