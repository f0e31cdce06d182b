import type { PostureDiff } from './report-data.js';
import {
  code,
  muted,
  status,
  strong,
  table,
  text,
  type ReportDocument,
} from './report-document.js';
import { formatInstant } from './report-format.js';

/** What changed between two postures, as a document; markdown.ts and html.ts render it. */
export function buildDiffReport(diff: PostureDiff): ReportDocument {
  const side = (s: PostureDiff['from']) => [
    strong(s.label),
    muted(` · version ${s.version ?? 'none'} · as of ${formatInstant(s.asOf)}`),
  ];
  return {
    title: `Posture changes · ${diff.from.label} → ${diff.to.label}`,
    kicker: 'Compliance posture changes',
    heading: `${diff.from.label} → ${diff.to.label}`,
    subheading: `${diff.changes.length} ${diff.changes.length === 1 ? 'change' : 'changes'}: ${diff.improved} improved, ${diff.regressed} regressed.`,
    facts: [
      { label: 'From', value: side(diff.from) },
      { label: 'To', value: side(diff.to) },
      { label: 'Improved', value: [text(String(diff.improved))] },
      { label: 'Regressed', value: [text(String(diff.regressed))] },
    ],
    sections: [
      {
        id: 'changes',
        title: 'Changes',
        ref: null,
        pageBreak: false,
        blocks: [
          table(
            ['Item', 'Kind', 'Title', 'From', 'To', 'Detail'],
            diff.changes.map((c) => [
              [code(c.item)],
              [text(c.kind)],
              [text(c.title)],
              [status(c.from)],
              [status(c.to)],
              [text(c.detail)],
            ]),
            {
              empty: 'No status changed.',
              caption:
                'Improved and regressed count changes between ranked statuses (gap < partial < met); changes to or from not applicable or absent count as neither.',
            },
          ),
        ],
      },
    ],
    colophon: `Compared by Verity: ${diff.from.label} (as of ${formatInstant(diff.from.asOf)}) with ${diff.to.label} (as of ${formatInstant(diff.to.asOf)}).`,
  };
}
