import { CARD_FIELDS, isPresent } from '../templates.js';
import { ANNEX_IV_ITEMS, splitAnnexItems } from './annex-iv.js';
import { badge, section, text, type BuildContext } from './build-context.js';
import type { CardSection, Cell, Span } from './document-types.js';

/**
 * Appendix A: for each Annex IV item, the card fields that serve it and whether each is filled
 * in. Items no card field covers are listed too, so the reader sees what the card leaves to
 * other documents.
 */
export function annexCoverage(ctx: BuildContext): CardSection {
  const { authored, evidence } = ctx.card;
  const rows: Cell[][] = ANNEX_IV_ITEMS.map(({ item, requirement }) => {
    const fields = CARD_FIELDS.filter((f) => splitAnnexItems(f.annexIV).includes(item));
    if (fields.length === 0) {
      return [
        [text(item)],
        [text(requirement)],
        [text('No card field')],
        [badge('Outside the card', 'neutral')],
      ];
    }
    const marks: Span[] = [];
    let present = 0;
    let requiredMissing = 0;
    for (const f of fields) {
      const filled = isPresent(authored, evidence, f.path);
      if (filled) present += 1;
      else if (ctx.isRequired(f.path)) requiredMissing += 1;
      if (marks.length > 0) marks.push(text(' '));
      marks.push(
        filled
          ? badge(`✓ ${f.title}`, 'good')
          : badge(`✗ ${f.title}`, ctx.isRequired(f.path) ? 'bad' : 'warn'),
      );
    }
    const tone = present === fields.length ? 'good' : requiredMissing > 0 ? 'bad' : 'warn';
    return [
      [text(item)],
      [text(requirement)],
      marks,
      [badge(`${present} of ${fields.length}`, tone)],
    ];
  });
  return {
    ...section('annex-iv-coverage', 'A', 'Annex IV coverage', [
      {
        kind: 'paragraph',
        spans: [
          text(
            'Each Annex IV item with the card fields that document it. ✓ present; ✗ missing (red when the template for this tier requires the field).',
          ),
        ],
      },
      {
        kind: 'table',
        id: 'table-annex-iv',
        title: 'Coverage by Annex IV item',
        annexIV: '',
        columns: [
          { label: 'Item', kind: 'text' },
          { label: 'Requirement', kind: 'text' },
          { label: 'Card fields', kind: 'text' },
          { label: 'Present', kind: 'numeric' },
        ],
        rows,
        empty: [text('—')],
        note: null,
      },
    ]),
    // The appendix is about every item; listing them all under its heading would say nothing.
    annexIV: [],
  };
}

/** Appendix B: the full value of every digest the body shows shortened. */
export function digestIndex(ctx: BuildContext): CardSection {
  return section('digests', 'B', 'Digests', [{ kind: 'digests', entries: ctx.digestEntries() }]);
}
