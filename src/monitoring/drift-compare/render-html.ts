/**
 * One self-contained HTML document for a drift comparison: no script, no external resource (the
 * CSP forbids both), inline SVG charts, every piece of text from the data escaped (column names
 * and categories are attacker-controlled). Pure: the same report and meta give the same bytes;
 * the generation time appears only when the caller passes it.
 */
import { escapeAttribute, escapeHtml } from '../../lib/html-escape.js';
import type { ColumnComparison, DriftComparison } from './build-comparison.js';
import {
  categorySvg,
  CURRENT_COLOUR,
  formatPercent,
  formatValue,
  histogramSvg,
  REFERENCE_COLOUR,
} from './charts.js';

export interface DriftReportMeta {
  /** How the reference and current data are named (file names, usually). */
  referenceName: string;
  currentName: string;
  /** ISO time the report was generated; omitted from the document when not given. */
  generatedAt?: string;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1c2430;margin:0;background:#f6f7f9}
main{max-width:960px;margin:0 auto;padding:24px 32px 48px;background:#fff}
h1{font-size:22px;margin:0 0 12px}h2{font-size:17px;margin:0;overflow-wrap:anywhere}
dl.summary{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px;margin:0 0 20px}
dl.summary dt{color:#5a6472}dl.summary dd{margin:0;overflow-wrap:anywhere}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{text-align:left;padding:5px 10px;border-bottom:1px solid #e3e7ec;vertical-align:top}
th{font-size:12px;text-transform:uppercase;letter-spacing:.03em;color:#5a6472}
td.num,th.num{text-align:right}td.name{overflow-wrap:anywhere;max-width:260px}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600}
.drift{background:#fbe3e0;color:#9b2c1c}.ok{background:#e1f1e4;color:#1f6b34}.na{background:#eceff3;color:#5a6472}
section.column{border-top:1px solid #e3e7ec;padding:18px 0 8px}
.head{display:flex;gap:12px;align-items:baseline;flex-wrap:wrap}.muted{color:#5a6472}
svg.chart{display:block;max-width:100%;height:auto;margin:10px 0;font-family:inherit}
details{margin:4px 0 8px}summary{cursor:pointer;color:#2f6690}
details table{width:auto;margin-top:6px}details td,details th{padding:2px 10px}
.ref{color:${REFERENCE_COLOUR}}.cur{color:${CURRENT_COLOUR}}
`;

const e = escapeHtml;

function pValue(p: number | undefined): string {
  if (p === undefined) return '-';
  return p !== 0 && p < 1e-4 ? p.toExponential(2) : p.toFixed(4);
}

function badge(column: ColumnComparison): string {
  if (column.status === 'tested') {
    return column.result.drifted
      ? '<span class="badge drift">drift</span>'
      : '<span class="badge ok">no drift</span>';
  }
  const text = {
    'reference-only': 'only in reference',
    'current-only': 'only in current',
    empty: 'not tested: no values on one side',
  }[column.status];
  return `<span class="badge na">${text}</span>`;
}

function summaryTable(report: DriftComparison): string {
  const rows = report.columns.map((c, i) => {
    const name = `<a href="#column-${i}">${e(c.column)}</a>`;
    if (c.status !== 'tested') {
      const type = c.status === 'empty' ? c.type : '-';
      return `<tr><td class="name">${name}</td><td>${type}</td><td>-</td><td class="num">-</td><td class="num">-</td><td class="num">-</td><td>${badge(c)}</td></tr>`;
    }
    const r = c.result;
    return (
      `<tr><td class="name">${name}</td><td>${r.type}</td><td>${e(r.test)}</td>` +
      `<td class="num">${formatValue(r.statistic)}</td><td class="num">${pValue(r.pValue)}</td>` +
      `<td class="num">${formatValue(r.threshold)}</td><td>${badge(c)}</td></tr>`
    );
  });
  return (
    '<table class="columns"><thead><tr><th>Column</th><th>Type</th><th>Test</th>' +
    '<th class="num">Statistic</th><th class="num">p-value</th><th class="num">Threshold</th>' +
    `<th>Drift</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  );
}

function valuesTable(c: Extract<ColumnComparison, { status: 'tested' }>): string {
  const d = c.distribution;
  const head =
    d.kind === 'histogram'
      ? '<th>Bin</th><th class="num">Reference</th><th class="num">Current</th>'
      : '<th>Category</th><th class="num">Reference</th><th class="num">Current</th>';
  const labels =
    d.kind === 'histogram'
      ? d.reference.map((_, i) => {
          const close = i === d.reference.length - 1 ? ']' : ')';
          return `[${formatValue(d.edges[i]!)}, ${formatValue(d.edges[i + 1]!)}${close}`;
        })
      : d.categories.map((label, i) =>
          d.otherCategories > 0 && i === d.categories.length - 1
            ? `(${d.otherCategories} other categories)`
            : label,
        );
  const rows = labels.map(
    (label, i) =>
      `<tr><td class="name">${e(label)}</td><td class="num">${formatPercent(d.reference[i]!)}</td>` +
      `<td class="num">${formatPercent(d.current[i]!)}</td></tr>`,
  );
  return `<details><summary>Values</summary><table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></details>`;
}

function columnSection(c: ColumnComparison, i: number, names: [string, string]): string {
  const head = `<div class="head"><h2>${e(c.column)}</h2>${badge(c)}</div>`;
  if (c.status !== 'tested' && c.status !== 'empty') {
    return `<section class="column" id="column-${i}">${head}<p class="muted">Not tested: the column is in one file only.</p></section>`;
  }
  const counts =
    `<span class="ref">${c.reference.values} values</span> (${c.reference.missing} missing) vs ` +
    `<span class="cur">${c.current.values} values</span> (${c.current.missing} missing)`;
  if (c.status === 'empty') {
    return `<section class="column" id="column-${i}">${head}<p class="muted">${c.type}; ${counts}. Not tested: one side has no usable value.</p></section>`;
  }
  const r = c.result;
  const p = r.pValue === undefined ? '' : `, p-value ${pValue(r.pValue)}`;
  const facts = `${r.type}; ${e(r.test)} statistic ${formatValue(r.statistic)}${p}; drift when ${e(r.decision.replace('threshold', formatValue(r.threshold)))}; ${counts}`;
  const chart =
    c.distribution.kind === 'histogram'
      ? histogramSvg(c.column, c.distribution, names)
      : categorySvg(c.column, c.distribution, names);
  return `<section class="column" id="column-${i}">${head}<p class="muted">${facts}</p>${chart}${valuesTable(c)}</section>`;
}

/** The report as one HTML document (UTF-8, self-contained). */
export function renderDriftComparisonHtml(report: DriftComparison, meta: DriftReportMeta): string {
  const names: [string, string] = [
    `reference: ${meta.referenceName}`,
    `current: ${meta.currentName}`,
  ];
  const d = report.dataset;
  const verdict = d.datasetDrifted
    ? '<span class="badge drift">dataset drift detected</span>'
    : '<span class="badge ok">no dataset drift</span>';
  const share = `${d.driftedColumns} of ${d.testedColumns} tested columns drifted (${formatPercent(d.share)}; dataset drift at ≥ ${formatPercent(d.driftShare)})`;
  const summary = [
    [
      'Reference',
      `${e(meta.referenceName)} — ${report.reference.rows} rows, ${report.reference.columns} columns`,
    ],
    [
      'Current',
      `${e(meta.currentName)} — ${report.current.rows} rows, ${report.current.columns} columns`,
    ],
    ['Dataset drift', `${verdict} ${share}`],
    ...(meta.generatedAt === undefined ? [] : [['Generated', e(meta.generatedAt)]]),
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('');
  const title = `Data drift: ${meta.currentName} vs ${meta.referenceName}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(CSP)}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${e(title)}</title><style>${STYLE}</style></head>`,
    `<body><main><h1>${e(title)}</h1><dl class="summary">${summary}</dl>`,
    summaryTable(report),
    report.columns.map((c, i) => columnSection(c, i, names)).join('\n'),
    '</main></body></html>',
    '',
  ].join('\n');
}
