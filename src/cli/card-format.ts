import type { CardDiff, CardRevisionSummary, CardView } from '../client/index.js';
import type { Completeness } from '../cards/templates.js';
import { fields, formatTime, table } from './output.js';

function percent(score: number): string {
  return `${Math.round(score * 1000) / 10}%`;
}

/** The missing required fields, one per line, with the Annex IV item each serves. */
export function missingList(completeness: Completeness): string {
  if (completeness.missing.length === 0) return `complete for the ${completeness.tier} template`;
  const width = Math.max(...completeness.missing.map((m) => m.path.length));
  return [
    `missing for the ${completeness.tier} template (${completeness.missing.length} of ${completeness.required}):`,
    ...completeness.missing.map(
      (m) =>
        `  - ${m.path.padEnd(width)}  ${m.title} (Annex IV ${m.annexIV})${m.source === 'evidence' ? ' [evidence: Verity fills it]' : ''}`,
    ),
  ].join('\n');
}

function status(view: CardView): string {
  const parts: string[] = [];
  parts.push(view.exists ? `revision ${view.revision}` : 'not written yet');
  if (view.approved)
    parts.push(`approved by ${view.approvedBy ?? '?'} ${formatTime(view.approvedAt)}`);
  if (view.frozen) parts.push(`frozen (${view.frozenReason ?? 'approved'})`);
  return parts.join(', ');
}

export function cardText(view: CardView): string {
  const e = view.card.evidence;
  const head = fields([
    ['card', `${view.model}@${view.version}`],
    ['status', status(view)],
    ['tier', view.card.tier],
    [
      'completeness',
      `${percent(view.completeness.score)} (${view.completeness.present}/${view.completeness.required})`,
    ],
    [
      'updated',
      view.updatedAt === null ? '-' : `${formatTime(view.updatedAt)} by ${view.updatedBy ?? '?'}`,
    ],
    ['digest', view.digest],
    [
      'evidence',
      `${e.metrics.length} metrics, ${e.trainingDatasets.length} datasets, ${e.signatures.filter((s) => s.valid).length} valid signatures, ${e.gateDecisions.length} gate decisions, ${e.promotions.length} promotions`,
    ],
  ]);
  return `${head}\n\n${missingList(view.completeness)}`;
}

/** One field's value as text (lists one item per line). */
export function fieldText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join('\n');
  return JSON.stringify(value, null, 2);
}

export function revisionsTable(items: readonly CardRevisionSummary[]): string {
  if (items.length === 0) return 'no card revisions';
  return table(
    ['REVISION', 'CREATED', 'BY', 'TIER', 'COMPLETE', 'APPROVED', 'SUMMARY'],
    items.map((r) => [
      String(r.revision),
      formatTime(r.createdAt),
      r.createdBy,
      r.tier,
      percent(r.completeness),
      r.approvedBy ?? '-',
      r.summary,
    ]),
  );
}

function brief(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > 100 ? `${flat.slice(0, 97)}...` : flat;
}

export function diffText(diff: CardDiff): string {
  const head = `card ${diff.model}@${diff.version}: revision ${diff.from} → ${diff.to}`;
  if (diff.changes.length === 0) return `${head}\nno changes`;
  const lines = [head];
  for (const c of diff.changes) {
    const sign = c.change === 'added' ? '+' : c.change === 'removed' ? '-' : '~';
    lines.push(`${sign} ${c.path}  (${c.title})`);
    if (c.itemsAdded !== undefined || c.itemsRemoved !== undefined) {
      for (const item of c.itemsRemoved ?? []) lines.push(`    - ${brief(item)}`);
      for (const item of c.itemsAdded ?? []) lines.push(`    + ${brief(item)}`);
    } else {
      if (c.before !== undefined) lines.push(`    - ${brief(c.before)}`);
      if (c.after !== undefined) lines.push(`    + ${brief(c.after)}`);
    }
  }
  return lines.join('\n');
}
