import { parseDocument, stringify } from 'yaml';
import { ValidationError, type Issue } from '../lib/index.js';
import { CARD_SCHEMA_VERSION, type AuthoredCard } from './card-schema.js';
import { parseAuthoredCard } from './card-edit.js';
import { setAt, valueAt } from './field-paths.js';
import { CARD_FIELDS, CARD_SECTIONS } from './templates.js';

/*
 * The card's source file: Markdown with YAML front matter, so a card can live in git next to the
 * training code and be reviewed like code. Short fields (lines, lists, choices, numbers) are in the
 * front matter; prose fields are in the body, each after a `<!-- verity:<path> -->` marker and up
 * to the next marker or heading of level 1-3 (a prose field may use `####` headings of its own).
 * Evidence is never in the file: Verity fills it. `verity card export` writes this format and
 * `verity card import` reads it; exporting then importing gives the same card.
 */

const MARKER = /^<!--\s*verity:([A-Za-z0-9_.-]+)\s*-->\s*$/;
const SECTION_HEADING = /^#{1,3}\s/;
const FENCE = /^\s*(```|~~~)/;

const PROSE = CARD_FIELDS.filter((f) => f.source === 'author' && f.kind === 'prose');
const PROSE_PATHS = new Set(PROSE.map((f) => f.path));

/** The front matter: the author fields that are not prose, in schema order. */
function frontMatter(authored: AuthoredCard): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of CARD_FIELDS) {
    if (field.source !== 'author' || field.kind === 'prose') continue;
    const value = valueAt(authored, field.path);
    if (value !== undefined) setAt(out, field.path, value);
  }
  return out;
}

export interface CardSourceHeader {
  /** The model the file is for (`credit-risk` or `ns/name`); checked on import when present. */
  model?: string;
  /** The version it was exported from; informational. */
  version?: string;
}

/** Writes a card's author fields as Markdown with YAML front matter. */
export function cardToMarkdown(authored: AuthoredCard, header: CardSourceHeader = {}): string {
  const head = {
    schema: CARD_SCHEMA_VERSION,
    ...(header.model === undefined ? {} : { model: header.model }),
    ...(header.version === undefined ? {} : { version: header.version }),
    ...frontMatter(authored),
  };
  const lines = [
    '---',
    stringify(head, { lineWidth: 0 }).trimEnd(),
    '---',
    '',
    `# Model card${header.model === undefined ? '' : `: ${header.model}`}`,
    '',
    '<!-- Write each prose field below its marker. Lists, choices and numbers are in the front',
    '     matter above. Evidence (metrics, datasets, signatures, approvals) is filled by Verity. -->',
  ];
  for (const section of CARD_SECTIONS) {
    const fields = PROSE.filter((f) => f.path.split('.')[0] === section.key);
    if (fields.length === 0) continue;
    lines.push('', `## ${section.title}`);
    for (const field of fields) {
      const value = valueAt(authored, field.path);
      lines.push('', `### ${field.title}`, `<!-- verity:${field.path} -->`);
      if (typeof value === 'string') lines.push(value);
    }
  }
  return `${lines.join('\n')}\n`;
}

function problem(line: number, message: string, path: string[] = []): ValidationError {
  return new ValidationError(`card file, line ${line}: ${message}`, [
    { code: 'card_markdown', path, message: `line ${line}: ${message}` },
  ]);
}

function splitFrontMatter(text: string): { head: string; body: string; bodyLine: number } {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/^\uFEFF/, '');
  if (!normalised.startsWith('---\n')) {
    throw problem(1, 'a card file starts with YAML front matter between two "---" lines');
  }
  const end = normalised.indexOf('\n---', 3);
  if (end === -1 || (normalised[end + 4] !== '\n' && normalised[end + 4] !== undefined)) {
    throw problem(1, 'the front matter is not closed by a "---" line');
  }
  const head = normalised.slice(4, end + 1);
  return {
    head,
    body: normalised.slice(end + 5),
    bodyLine: head.split('\n').length + 2,
  };
}

function parseHead(head: string): Record<string, unknown> {
  const doc = parseDocument(head, { uniqueKeys: true });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = (error?.linePos?.[0]?.line ?? 0) + 1;
    throw problem(line, `front matter is not valid YAML: ${error?.message.split('\n')[0] ?? ''}`);
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw problem(2, 'the front matter must be a mapping of card fields');
  }
  return value as Record<string, unknown>;
}

function parseBody(body: string, firstLine: number): Map<string, { text: string; line: number }> {
  const found = new Map<string, { text: string; line: number }>();
  let current: { path: string; line: number; lines: string[] } | undefined;
  let inFence = false;
  const close = (): void => {
    if (current === undefined) return;
    const text = current.lines.join('\n').trim();
    if (text !== '') found.set(current.path, { text, line: current.line });
    current = undefined;
  };
  body.split('\n').forEach((raw, index) => {
    const line = firstLine + index;
    if (FENCE.test(raw)) inFence = !inFence;
    const marker = inFence ? null : MARKER.exec(raw);
    if (marker !== null) {
      close();
      const path = marker[1] as string;
      if (!PROSE_PATHS.has(path)) {
        throw problem(line, `'${path}' is not a prose field of the card`, path.split('.'));
      }
      if (found.has(path)) throw problem(line, `'${path}' is written twice`, path.split('.'));
      current = { path, line, lines: [] };
      return;
    }
    if (!inFence && SECTION_HEADING.test(raw)) {
      close();
      return;
    }
    current?.lines.push(raw);
  });
  close();
  return found;
}

export interface ParsedCardSource {
  authored: AuthoredCard;
  model?: string;
}

/** Reads a card source file; every problem names its line or field, and nothing partial returns. */
export function cardFromMarkdown(text: string): ParsedCardSource {
  const { head, body, bodyLine } = splitFrontMatter(text);
  const { schema, model, ...rest } = parseHead(head);
  delete rest.version; // informational: the version a file was exported from
  if (schema !== undefined && schema !== CARD_SCHEMA_VERSION) {
    throw problem(
      2,
      `unsupported card schema ${JSON.stringify(schema)} (expected ${CARD_SCHEMA_VERSION})`,
    );
  }
  if (model !== undefined && typeof model !== 'string')
    throw problem(2, '"model" must be a string');
  const authored = structuredClone(rest);
  for (const [path, { text: prose, line }] of parseBody(body, bodyLine)) {
    if (valueAt(authored, path) !== undefined) {
      throw problem(line, `'${path}' is given both in the front matter and in the body`);
    }
    setAt(authored, path, prose);
  }
  let parsed: AuthoredCard;
  try {
    parsed = parseAuthoredCard(authored);
  } catch (error) {
    if (error instanceof ValidationError) {
      const issues = (error.details.issues ?? []) as Issue[];
      throw new ValidationError(
        `card file: ${error.message.replace(/^the card is not valid/, 'not a valid card')}`,
        issues,
      );
    }
    throw error;
  }
  return model === undefined ? { authored: parsed } : { authored: parsed, model };
}
