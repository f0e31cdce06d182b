import type { ModelPosture, StatusCounts, SubControlResult } from '../posture/types.js';
import type { ControlFrameworkHeatMap } from './heat-map.js';
import type { ReportMeta } from './report-data.js';
import {
  code,
  muted,
  paragraph,
  prose,
  status,
  strong,
  table,
  text,
  type Block,
  type Cell,
  type Inline,
  type TableBlock,
} from './report-document.js';
import { formatInstant, formatNumber, ledgerRefs } from './report-format.js';
import { subControlsOf } from './status-order.js';

/* Blocks more than one report uses. */

/** Who made the report and what it is anchored to: the audit log's size and root. */
export function metaFacts(meta: ReportMeta): { label: string; value: Inline[] }[] {
  return [
    {
      label: 'Generated',
      value: [text(`${formatInstant(meta.generatedAt)} by ${meta.generatedBy}`)],
    },
    { label: 'Verity version', value: [text(meta.verityVersion)] },
    {
      label: 'Audit log',
      value: [
        text(`${formatNumber(meta.ledger.size)} entries, root `),
        code(meta.ledger.rootHash),
        muted(` (${meta.ledger.origin})`),
      ],
    },
  ];
}

/** The ledger indexes of a sub-control's evidence, or a dash. */
export function ledgerCell(sub: SubControlResult): Cell {
  return sub.evidence.length === 0
    ? [muted('—')]
    : [code(ledgerRefs(sub.evidence.map((e) => e.ledgerIndex)))];
}

/**
 * The sub-controls that evidence something, with their status and what they show. Ids the
 * catalogue does not have (or that this posture lacks) are listed as not assessed.
 */
export function evidenceTable(posture: ModelPosture, ids: readonly string[]): TableBlock {
  const subs = new Map(subControlsOf(posture).map((s) => [s.id, s]));
  return table(
    ['Sub-control', 'Status', 'What it shows', 'Ledger'],
    ids.map((id) => {
      const s = subs.get(id);
      if (s === undefined) return [[code(id)], [muted('not assessed')], [], []];
      return [
        [code(s.id), text(` ${s.title}`)],
        [status(s.status)],
        prose(s.detail),
        ledgerCell(s),
      ];
    }),
    { empty: 'No sub-control evidences this.', widths: [32, 10, 47, 11] },
  );
}

/** `3 met, 1 partial, 2 gap, 4 not applicable`. */
export function countsText(counts: StatusCounts): string {
  return `${counts.met} met, ${counts.partial} partial, ${counts.gap} gap, ${counts['not-applicable']} not applicable`;
}

export function heatMapTable(map: ControlFrameworkHeatMap): Block[] {
  if (map.frameworks.length === 0)
    return [paragraph(muted('No framework applies, so there is nothing to map.'))];
  return [
    table(
      ['Control', ...map.frameworks.map((f) => f.name)],
      map.rows.map((r) => [
        [code(r.control), text(` ${r.title}`)],
        ...r.cells.map((c): Cell => (c === null ? [muted('—')] : [status(c)])),
      ]),
      {
        style: 'heatmap',
        caption:
          'Each cell is the worst status among the framework’s requirements that map to the control; — where none does.',
        keys: {
          rows: map.rows.map((r) => r.control),
          columns: [null, ...map.frameworks.map((f) => f.id)],
        },
      },
    ),
  ];
}

export const TAG_LEGEND: Block = paragraph(
  muted('Tags: '),
  strong('[P]'),
  muted(' checked against the primary text; '),
  strong('[S]'),
  muted(' two or more secondary sources; '),
  strong('[U]'),
  muted(' unverified — confirm with counsel.'),
);
