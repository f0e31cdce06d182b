import type { EvaluationView } from '../client/index.js';
import { fields, formatTime, shortDigest, table } from './output.js';

const fixed = (v: number | null | undefined, digits = 4) =>
  v === null || v === undefined ? '-' : v.toFixed(digits);

/** People's view of one evaluation: where it came from, then quality, then the bias audit. */
export function evaluationText(view: EvaluationView): string {
  const s = view.summary;
  const lines = [
    fields([
      ['evaluation', `${view.model}@${view.version} / ${view.name} (${view.id})`],
      ['kind', view.kind + (view.baseline === null ? '' : ` against ${view.baseline}`)],
      [
        'data',
        `${view.data.dataset ?? view.data.file} (${shortDigest(view.data.digest)}, ${s.rows} rows)`,
      ],
      ['evidence', s.kinds.join(', ')],
      ['seed', String(view.seed)],
      ['digest', view.digest],
      ['recorded', `${formatTime(view.createdAt)} by ${view.createdBy}`],
    ]),
    '',
    table(
      view.baseline === null
        ? ['metric', 'value', '95% interval']
        : ['metric', 'difference', '95% interval'],
      s.quality.map((q) => [
        q.name,
        fixed(q.value),
        q.lower === null || q.upper === null ? '-' : `[${fixed(q.lower)}, ${fixed(q.upper)}]`,
      ]),
    ),
  ];
  const ratios = s.fairness.filter((f) => f.metric === 'impact_ratio');
  if (ratios.length > 0) {
    lines.push(
      '',
      table(
        ['attribute', 'group', 'impact ratio', 'four-fifths'],
        ratios.map((f) => [
          f.attribute,
          f.group,
          fixed(f.value, 3),
          f.value >= 0.8 ? 'ok' : 'BELOW 0.8',
        ]),
      ),
    );
  }
  const extra = Object.entries(s.metrics)
    .filter(
      ([k]) => k.startsWith('robustness_') || k.startsWith('flip_') || k === 'min_impact_ratio',
    )
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (extra.length > 0) {
    lines.push('', fields(extra.map(([k, v]) => [k, fixed(v)])));
  }
  return lines.join('\n');
}

export function evaluationsTable(items: readonly EvaluationView[]): string {
  return table(
    ['id', 'name', 'kind', 'data', 'evidence', 'recorded'],
    items.map((e) => [
      e.id,
      e.name,
      e.baseline === null ? e.kind : `${e.kind} vs ${e.baseline}`,
      e.data.dataset ?? e.data.file,
      e.summary.kinds.join(','),
      `${formatTime(e.createdAt)} ${e.createdBy}`,
    ]),
  );
}
