import {
  formatInstant,
  formatNumber,
  groupBarsSvg,
  metricBarsSvg,
  REPORT_CSS,
} from '../../cards/index.js';
import { escapeHtml } from '../../lib/html-escape.js';
import { CLASSIFICATION_METRICS, REGRESSION_METRICS } from '../engine/index.js';
import type {
  CalibrationResult,
  ClassificationDisparities,
  FairnessSlice,
  ImportanceResult,
  MetricComparison,
  MetricEstimate,
  RobustnessResult,
} from '../engine/index.js';
import type { EvaluationView } from '../queries.js';
import type { StoredComparison, StoredEvaluation } from '../summary.js';

/*
 * The evaluation as one self-contained HTML file: no script, no external resource, the card's
 * stylesheet and charts. Every value in a chart is also in a table. Text from data (column and
 * group names) is escaped.
 */

const e = escapeHtml;
const num = (v: number | null | undefined) =>
  v === null || v === undefined ? '<span class="muted">n/a</span>' : e(formatNumber(v));
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '<span class="muted">n/a</span>' : `${(v * 100).toFixed(1)}%`;
const badge = (text: string, tone: 'good' | 'warn' | 'bad' | 'neutral') =>
  `<span class="badge badge-${tone}">${e(text)}</span>`;

function table(headers: string[], rows: string[][], numeric: boolean[] = []): string {
  const cls = (i: number) => (numeric[i] === true ? ' class="num"' : '');
  return (
    `<table class="data"><thead><tr>${headers.map((h, i) => `<th${cls(i)}>${e(h)}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`
  );
}

function facts(rows: [string, string][]): string {
  return `<table class="meta">${rows.map(([k, v]) => `<tr><th>${e(k)}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function qualitySection(r: StoredEvaluation): string {
  // Stored results come back from jsonb with keys reordered: show metrics in their usual order.
  const metrics = r.quality.metrics as Record<string, MetricEstimate>;
  const order: readonly string[] =
    r.quality.task === 'binary-classification' ? CLASSIFICATION_METRICS : REGRESSION_METRICS;
  const entries = order
    .filter((name) => metrics[name] !== undefined)
    .map((name): [string, MetricEstimate] => [name, metrics[name]!]);
  const interval = (m: MetricEstimate) =>
    m.ciLower === null || m.ciUpper === null ? 'n/a' : `${num(m.ciLower)} – ${num(m.ciUpper)}`;
  const bars = entries
    .filter(([, m]) => m.value !== null && m.value >= 0 && m.value <= 1)
    .map(([name, m]) => ({
      label: name,
      value: m.value as number,
      lower: m.ciLower,
      upper: m.ciUpper,
    }));
  const q = r.quality;
  const counts =
    q.task === 'binary-classification'
      ? `<p>${q.n} rows, ${q.positives} positive; decision threshold ${num(q.threshold)}. Confusion at the threshold: TP ${q.confusion.tp}, FP ${q.confusion.fp}, TN ${q.confusion.tn}, FN ${q.confusion.fn}.</p>`
      : `<p>${q.n} rows.</p>`;
  return [
    '<h2 id="quality">Quality</h2>',
    counts,
    `<p class="muted">Intervals: ${q.bootstrap.method} bootstrap, ${q.bootstrap.resamples} resamples, ${Math.round(q.bootstrap.confidence * 100)}% confidence.</p>`,
    bars.length === 0
      ? ''
      : `<figure>${metricBarsSvg({ kind: 'metrics', id: 'chart-quality', title: 'Quality metrics with bootstrap intervals', bars, omitted: [] })}</figure>`,
    table(
      ['metric', 'value', 'interval'],
      entries.map(([name, m]) => [`<code>${e(name)}</code>`, num(m.value), interval(m)]),
      [false, true, true],
    ),
  ].join('\n');
}

function sliceSection(slice: FairnessSlice): string {
  const out = [
    `<h3>${e(slice.name)}${slice.name === slice.key ? '' : ` <span class="muted">(${e(slice.key)})</span>`}</h3>`,
  ];
  const groups = slice.groups;
  if (groups.length > 0 && 'selection_rate' in groups[0]!) {
    out.push(
      table(
        ['group', 'n', 'selection rate', 'TPR', 'FPR', 'precision'],
        groups.map((g) =>
          'selection_rate' in g
            ? [
                e(g.group) + (g.unknown ? ` ${badge('unknown', 'neutral')}` : ''),
                String(g.n),
                num(g.selection_rate),
                num(g.tpr),
                num(g.fpr),
                num(g.precision),
              ]
            : [],
        ),
        [false, true, true, true, true, true],
      ),
    );
    const d = slice.disparities as ClassificationDisparities;
    out.push(
      facts([
        ['demographic parity difference', num(d.demographic_parity_difference)],
        ['demographic parity ratio', num(d.demographic_parity_ratio)],
        ['equalized odds difference', num(d.equalized_odds_difference)],
        ['equal opportunity difference', num(d.equal_opportunity_difference)],
        [
          'disparate impact ratio',
          `${num(d.disparate_impact_ratio)}${d.privileged_group === null ? '' : ` (against ${e(d.privileged_group)})`}`,
        ],
      ]),
    );
  } else {
    out.push(
      table(
        ['group', 'n', 'RMSE', 'MAE'],
        groups.map((g) => ('rmse' in g ? [e(g.group), String(g.n), num(g.rmse), num(g.mae)] : [])),
        [false, true, true, true],
      ),
    );
  }
  const ll = slice.ll144;
  const included = ll.categories.filter((c) => c.status === 'included' && c.impactRatio !== null);
  if (included.length > 0) {
    out.push(
      `<figure>${groupBarsSvg({
        kind: 'groups',
        id: `chart-ir-${slice.key.replace(/[^A-Za-z0-9]+/g, '-')}`,
        title: `Impact ratios by ${slice.name}`,
        metric: 'impact_ratio',
        attributes: [
          {
            attribute: slice.name,
            groups: included.map((c) => ({ group: c.group, value: c.impactRatio as number })),
            reference: { value: 0.8, label: 'four-fifths (0.8)' },
          },
        ],
      })}</figure>`,
    );
  }
  out.push(
    `<p class="muted">NYC LL144 impact-ratio table (${e(ll.form)} form): categories under ${(ll.smallCategoryShare * 100).toFixed(0)}% of the data may be excluded; unknown values are counted but not rated.</p>`,
    table(
      [
        'category',
        'n',
        'share',
        ll.form === 'selection-rate' ? 'selection rate' : 'scoring rate',
        'impact ratio',
        'status',
      ],
      ll.categories.map((c) => [
        e(c.group),
        String(c.n),
        pct(c.shareOfData),
        num(c.rate),
        num(c.impactRatio),
        c.status !== 'included'
          ? badge(c.status, 'neutral')
          : c.belowFourFifths === true
            ? badge('below 0.8', 'bad')
            : badge('ok', 'good'),
      ]),
      [false, true, true, true, true, false],
    ),
  );
  return out.join('\n');
}

function calibrationSection(c: CalibrationResult): string {
  const width = 320;
  const pad = 36;
  const size = width - 2 * pad;
  const x = (v: number) => (pad + v * size).toFixed(1);
  const y = (v: number) => (pad + (1 - v) * size).toFixed(1);
  const points = c.bins.filter((b) => b.meanScore !== null && b.observedRate !== null);
  const desc = points
    .map(
      (b) =>
        `mean score ${formatNumber(b.meanScore as number)}: observed ${formatNumber(b.observedRate as number)} (${b.count} rows)`,
    )
    .join('; ');
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${width}" width="${width}" height="${width}" aria-labelledby="cal-title cal-desc">` +
    `<title id="cal-title">Reliability diagram</title><desc id="cal-desc">${e(desc)}</desc>` +
    `<rect x="${pad}" y="${pad}" width="${size}" height="${size}" fill="none" stroke="#c8d0da"/>` +
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#b3401f" stroke-dasharray="4 3"/>` +
    (points.length > 1
      ? `<polyline fill="none" stroke="#2f6690" stroke-width="1.8" points="${points.map((b) => `${x(b.meanScore as number)},${y(b.observedRate as number)}`).join(' ')}"/>`
      : '') +
    points
      .map(
        (b) =>
          `<circle cx="${x(b.meanScore as number)}" cy="${y(b.observedRate as number)}" r="3" fill="#2f6690"/>`,
      )
      .join('') +
    `<text x="${width / 2}" y="${width - 8}" text-anchor="middle" font-size="10" fill="#5a6472">mean predicted score</text>` +
    `<text x="10" y="${width / 2}" font-size="10" fill="#5a6472" transform="rotate(-90 10 ${width / 2})" text-anchor="middle">observed rate</text>` +
    `</svg>`;
  return [
    '<h2 id="calibration">Calibration</h2>',
    `<p>Expected calibration error ${num(c.ece)} over ${c.bins.length} equal-width bins (${e(c.binRule)}).</p>`,
    `<figure>${svg}</figure>`,
    table(
      ['bin', 'rows', 'mean score', 'observed rate'],
      c.bins.map((b) => [
        `${formatNumber(b.lower)} – ${formatNumber(b.upper)}`,
        String(b.count),
        num(b.meanScore),
        num(b.observedRate),
      ]),
      [false, true, true, true],
    ),
  ].join('\n');
}

function robustnessSection(r: RobustnessResult): string {
  const out = [
    '<h2 id="robustness">Robustness</h2>',
    `<p>Primary metric <code>${e(r.metric)}</code>: ${num(r.baseline.value)} on the unperturbed data.</p>`,
    table(
      [
        'perturbation',
        'feature',
        'scale (std)',
        r.metric,
        'change',
        r.metric === 'roc_auc' ? 'decisions flipped' : 'mean |Δ prediction|',
      ],
      r.perturbations.map((p) => [
        e(p.kind),
        p.feature === null ? 'all numeric' : `<code>${e(p.feature)}</code>`,
        p.scale === null ? '' : num(p.scale),
        num(p.value),
        num(p.change),
        r.metric === 'roc_auc' ? pct(p.flipRate) : num(p.meanAbsolutePredictionChange),
      ]),
      [false, false, true, true, true, true],
    ),
  ];
  if (r.skipped.length > 0) {
    out.push(
      `<p class="muted">Not run: ${r.skipped.map((s) => `${e(s.kind)}${s.feature === null ? '' : ` on ${e(s.feature)}`} (${e(s.reason)})`).join('; ')}.</p>`,
    );
  }
  const f = r.flipSearch;
  if (f !== null) {
    out.push(
      '<h3>Smallest change that flips a decision</h3>',
      `<p>${f.sampledRows} sampled rows; each numeric feature moved alone, up to ${formatNumber(f.maxDistance)} of its standard deviations, to tolerance ${formatNumber(f.tolerance)}. ${f.summary.flippable} rows flip; median distance ${num(f.summary.medianDistance)} std.</p>`,
      table(
        ['within', 'share of rows that flip'],
        f.summary.withinStd.map((w) => [`${formatNumber(w.std)} std`, pct(w.share)]),
        [false, true],
      ),
      table(
        ['feature', 'rows where it is the closest flip'],
        f.summary.countByFeature.map((c) => [`<code>${e(c.feature)}</code>`, String(c.count)]),
        [false, true],
      ),
    );
  }
  return out.join('\n');
}

function importanceSection(imp: ImportanceResult): string {
  const groups = imp.features
    .filter((f) => f.mean !== null)
    .map((f) => ({ group: f.feature, value: f.mean as number }));
  return [
    '<h2 id="importance">Permutation feature importance</h2>',
    `<p>Drop in <code>${e(imp.metric)}</code> (baseline ${num(imp.baseline)}) when a feature is shuffled: the mean over ${imp.repeats} repeats; the table adds the standard deviation and every repeat.</p>`,
    groups.length === 0
      ? ''
      : `<figure>${groupBarsSvg({ kind: 'groups', id: 'chart-importance', title: 'Permutation importance', metric: imp.metric, attributes: [{ attribute: 'mean drop', groups, reference: null }] })}</figure>`,
    table(
      ['feature', 'columns', 'mean', 'std', 'repeats'],
      imp.features.map((f) => [
        `<code>${e(f.feature)}</code>`,
        e(f.columns.join(', ')),
        num(f.mean),
        num(f.std),
        f.values.map((v) => (v === null ? 'n/a' : formatNumber(v))).join(', '),
      ]),
      [false, false, true, true, false],
    ),
  ].join('\n');
}

function comparisonSection(r: StoredComparison): string {
  const entries = Object.entries(r.metrics as Record<string, MetricComparison>);
  return [
    '<h2 id="comparison">Champion / challenger</h2>',
    `<p>Both versions scored on the same ${r.n} rows; differences are challenger − baseline with a paired ${r.bootstrap.method} bootstrap interval (${r.bootstrap.resamples} resamples, ${Math.round(r.bootstrap.confidence * 100)}%).</p>`,
    table(
      ['metric', e(r.baseline.ref), e(r.challenger.ref), 'difference', 'interval', ''],
      entries.map(([name, m]) => [
        `<code>${e(name)}</code>`,
        num(m.a),
        num(m.b),
        num(m.difference),
        m.ciLower === null || m.ciUpper === null ? 'n/a' : `${num(m.ciLower)} – ${num(m.ciUpper)}`,
        m.excludesZero ? badge('significant', 'warn') : badge('within noise', 'neutral'),
      ]),
      [false, true, true, true, true, false],
    ),
  ].join('\n');
}

function provenance(
  view: EvaluationView,
  r: { verityVersion: string; runtime: string | null; seed: number },
  model: string,
): string {
  return facts([
    ['model', `<code>${e(model)}</code>`],
    ['data', `${e(view.data.dataset ?? view.data.file)} <code>${e(view.data.digest)}</code>`],
    ['rows', String(view.summary.rows)],
    ['kind', e(view.kind)],
    ['seed', String(r.seed)],
    ['computed by', `Verity ${e(r.verityVersion)}${r.runtime === null ? '' : `, ${e(r.runtime)}`}`],
    ['result digest', `<code>${e(view.digest)}</code>`],
    ['recorded', `${e(formatInstant(view.createdAt))} by ${e(view.createdBy)}`],
  ]);
}

/** The evaluation report: provenance, quality, bias audit, calibration, robustness, importance. */
export function renderEvaluationHtml(view: EvaluationView): string {
  const title = `${view.model}@${view.version} · ${view.name}`;
  const body: string[] = [
    '<header class="cover">',
    `<p class="kicker">Verity evaluation report</p>`,
    `<h1>${e(view.model)} <span class="version">${e(view.version)}</span></h1>`,
    `<p class="summary">${e(view.name)}: ${e(view.summary.kinds.join(', '))}</p>`,
    '</header>',
  ];
  const result = view.result as StoredEvaluation | StoredComparison;
  if (result.schema === 'verity.comparison/v1') {
    body.push(
      provenance(view, result, `${result.challenger.ref} vs ${result.baseline.ref}`),
      comparisonSection(result),
    );
  } else {
    const r = result;
    const model = `${r.model.ref}${r.model.artifact === null ? ` (predictions column ${r.predictions ?? ''})` : ` ${r.model.artifact.digest}`}`;
    body.push(provenance(view, r, model), qualitySection(r));
    if (r.fairness !== null && r.fairness.slices.length > 0) {
      body.push(
        '<h2 id="fairness">Bias audit</h2>',
        `<p>Protected attributes: ${r.protected.map((p) => `<code>${e(p)}</code>`).join(', ')}. Groups with an unknown value are shown but left out of the disparities.</p>`,
        ...r.fairness.slices.map(sliceSection),
      );
    }
    if (r.calibration !== null) body.push(calibrationSection(r.calibration));
    if (r.robustness !== null) body.push(robustnessSection(r.robustness));
    else
      body.push(
        '<h2 id="robustness">Robustness</h2><p class="muted">Not run: Verity evaluated a predictions column, not a model it can run.</p>',
      );
    if (r.importance !== null) body.push(importanceSection(r.importance));
    if (r.undefinedMetrics.length > 0) {
      body.push(
        `<p class="muted">Undefined for this data: ${r.undefinedMetrics.map((m) => `<code>${e(m)}</code>`).join(', ')}.</p>`,
      );
    }
  }
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title>`,
    `<style>${REPORT_CSS}\n.muted { color: var(--muted); }</style>`,
    '</head><body><main>',
    ...body,
    '</main></body></html>',
  ].join('\n');
}
