import { describe, expect, it } from 'vitest';
import { SAMPLE_CARD } from '../__fixtures__/sample-card.js';
import { AUTHOR_FIELD_PATHS, cardField } from '../templates.js';
import { buildCardDocument } from './document-model.js';
import type { Block, CardDocument, Cell, Span, TableBlock } from './document-types.js';
import { renderOptions } from './__fixtures__/render-options.js';
import { SPARSE_CARD } from './__fixtures__/sparse-card.js';

const SECTIONS = [
  ['1', 'Model details'],
  ['2', 'Intended use'],
  ['3', 'Risk classification'],
  ['4', 'Training data'],
  ['5', 'Evaluation'],
  ['6', 'Fairness'],
  ['7', 'Explainability'],
  ['8', 'Robustness and cybersecurity'],
  ['9', 'Human oversight'],
  ['10', 'Limitations and risks'],
  ['11', 'Ethical considerations'],
  ['12', 'Compute and environmental impact'],
  ['13', 'Monitoring plan and status'],
  ['14', 'Lineage'],
  ['15', 'Approval history'],
  ['16', 'Change log'],
  ['A', 'Annex IV coverage'],
  ['B', 'Digests'],
];

const blocks = (doc: CardDocument): Block[] => doc.sections.flatMap((s) => s.blocks);
const table = (doc: CardDocument, title: string): TableBlock => {
  const found = blocks(doc).find((b): b is TableBlock => b.kind === 'table' && b.title === title);
  if (found === undefined) throw new Error(`no table ${title}`);
  return found;
};
const plain = (cell: Cell): string =>
  cell.map((s: Span) => ('text' in s ? s.text : s.kind === 'digest' ? s.value : '')).join('');

/** The titles whose content is the gap marker, in fields, fact rows and empty tables. */
function titlesMarkedMissing(doc: CardDocument): Set<string> {
  const titles = new Set<string>();
  for (const b of blocks(doc)) {
    if (b.kind === 'field' && b.body.kind === 'missing') titles.add(b.title);
    if (b.kind === 'facts') {
      for (const r of b.rows) if (r.value.some((s) => s.kind === 'missing')) titles.add(r.label);
    }
    if (b.kind === 'table' && b.rows.length === 0) titles.add(b.title);
  }
  return titles;
}

describe('buildCardDocument', () => {
  const doc = buildCardDocument(SAMPLE_CARD, renderOptions(SAMPLE_CARD));

  it('orders the sections 1 to 16, then the Annex IV and digest appendices', () => {
    expect(doc.sections.map((s) => [s.number, s.title])).toEqual(SECTIONS);
  });

  it('gathers each section’s Annex IV items in the regulation’s order', () => {
    const evaluation = doc.sections.find((s) => s.id === 'evaluation');
    expect(evaluation?.annexIV).toEqual(['§2(g)', '§3', '§4']);
    expect(doc.sections.find((s) => s.id === 'change-log')?.annexIV).toEqual(['§2(f)', '§6']);
  });

  it('numbers digests in order of first use and keeps their full value for the appendix', () => {
    const digests = blocks(doc).find((b) => b.kind === 'digests');
    expect(digests?.kind === 'digests' && digests.entries.map((e) => [e.ref, e.usedFor])).toEqual([
      [1, ['Artifact model.onnx']],
      [2, ['Artifact preprocessing.json']],
      [3, ['Signing key credit-release-key']],
      [4, ['Training dataset loan-applications@2025-q3']],
      [5, ['Container image']],
    ]);
    expect(plain(table(doc, 'Artifacts and digests').rows[0]![2]!)).toBe(
      SAMPLE_CARD.evidence.artifacts[0]!.digest,
    );
  });

  it('computes each group’s ratio to the highest group and flags selection rates under 0.8', () => {
    const card = {
      ...SAMPLE_CARD,
      evidence: {
        ...SAMPLE_CARD.evidence,
        groupMetrics: [
          { metric: 'selection_rate', attribute: 'sex', group: 'female', value: 0.05 },
          { metric: 'selection_rate', attribute: 'sex', group: 'male', value: 0.1 },
        ],
      },
    };
    const rows = table(buildCardDocument(card, renderOptions(card)), 'Metrics by group').rows;
    expect(rows.map((r) => r[4])).toEqual([
      [{ kind: 'badge', text: '0.50 < 0.80', tone: 'bad' }],
      [{ kind: 'text', text: '1.00' }],
    ]);
  });

  it('states the frozen and approval status in the header', () => {
    expect(doc.header.status).toEqual({
      frozen: true,
      label: 'Frozen · approved for production',
      tone: 'good',
    });
    const draft = buildCardDocument(SPARSE_CARD, renderOptions(SPARSE_CARD, { frozen: false }));
    expect(draft.header.status.label).toBe('Draft · not approved for any environment');
  });

  it('counts Annex IV coverage per item, including the items no card field covers', () => {
    const rows = table(doc, 'Coverage by Annex IV item').rows;
    const byItem = new Map(rows.map((r) => [plain(r[0]!), plain(r[3]!)]));
    expect(byItem.get('§1(e)')).toBe('Outside the card');
    expect(byItem.get('§9')).toBe('1 of 2'); // the plan is written, no monitor is active
    expect(byItem.get('§4')).toBe('1 of 1');
  });
});

describe('when author fields are missing', () => {
  const doc = buildCardDocument(SPARSE_CARD, renderOptions(SPARSE_CARD));

  it('shows every author field with a gap marker instead of leaving it out', () => {
    const missing = titlesMarkedMissing(doc);
    const notShown = AUTHOR_FIELD_PATHS.map((p) => cardField(p)!.title).filter(
      (t) => !missing.has(t),
    );
    expect(notShown).toEqual([]);
  });

  it('says which gaps the tier’s template requires', () => {
    const fields = blocks(doc).filter((b) => b.kind === 'field');
    const required = (title: string) => {
      const f = fields.find((b) => b.kind === 'field' && b.title === title);
      return f?.kind === 'field' && f.body.kind === 'missing' ? f.body.span.required : undefined;
    };
    expect(required('Description')).toBe(true);
    expect(required('Compute notes')).toBe(false);
  });

  it('lists the missing fields in document order in the header', () => {
    const titles = doc.header.completeness.missing.map((m) => m.title);
    expect(titles.slice(0, 3)).toEqual(['Description', 'Model type', 'Architecture']);
    expect(titles).toHaveLength(doc.header.completeness.required - 1); // only the artifact is there
  });
});
