/*
 * The document's only stylesheet, inlined. System fonts only (no web fonts: the file must not
 * fetch anything). Print rules: A4 pages, the cover and contents on page 1, table headers repeated
 * on every page, no row, figure or short field split across pages, headings kept with what follows.
 */
export const PAGE_MARGIN = { top: '18mm', right: '16mm', bottom: '20mm', left: '16mm' } as const;

export const CARD_CSS = `
@page { size: A4; margin: ${PAGE_MARGIN.top} ${PAGE_MARGIN.right} ${PAGE_MARGIN.bottom} ${PAGE_MARGIN.left}; }
:root {
  --ink: #1c2430; --muted: #5a6472; --rule: #c8d0da; --light: #f3f5f8; --head: #e8edf3;
  --navy: #1f3b5c; --accent: #2f6690;
  --good: #1e6b45; --good-bg: #e3f1e8; --warn: #7a4d00; --warn-bg: #fdf1dc;
  --bad: #a12a2a; --bad-bg: #fbe4e4; --neutral: #44505e; --neutral-bg: #edf0f3;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font-family: "Liberation Sans", "Helvetica Neue", Helvetica, Arial, "DejaVu Sans", sans-serif;
  font-size: 9.5pt; line-height: 1.45;
}
@media screen { body { max-width: 190mm; margin: 24px auto; padding: 0 16px; } }
code, .mono {
  font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace;
  font-size: 0.86em;
}
/* Long identifiers get <wbr> break opportunities from the renderer; nothing else is split. */
td, th, p, li { overflow-wrap: break-word; }
a { color: var(--accent); text-decoration: none; }
p { margin: 0 0 6px; orphans: 3; widows: 3; }
ul, ol { margin: 0 0 6px; padding-left: 18px; }
li { margin: 1px 0; break-inside: avoid; }
h1, h2, h3 { color: var(--navy); break-after: avoid; page-break-after: avoid; }
h2 {
  font-size: 14pt; margin: 22px 0 4px; padding-bottom: 4px; border-bottom: 1.5pt solid var(--navy);
  display: flex; align-items: baseline; gap: 10px;
}
h2 .num { color: var(--accent); min-width: 22px; }
h3 {
  font-size: 10.5pt; margin: 14px 0 4px; display: flex; justify-content: space-between;
  align-items: baseline; gap: 12px;
}
.annex { color: var(--muted); font-size: 7.5pt; font-weight: 400; white-space: nowrap; }
.annex-refs { color: var(--muted); font-size: 8pt; margin: 0 0 8px; break-after: avoid; }
.cover { border-top: 5pt solid var(--navy); padding-top: 14px; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 8pt; color: var(--muted); margin: 0; }
h1 { font-size: 24pt; margin: 4px 0 2px; }
h1 .version { color: var(--accent); font-weight: 400; }
.summary { font-size: 11pt; color: var(--muted); margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
thead { display: table-header-group; }
tr, figure, .field-short, .digest-row { break-inside: avoid; page-break-inside: avoid; }
th, td { text-align: left; vertical-align: top; padding: 4px 6px; }
table.meta th, table.facts th { width: 30%; font-weight: 600; color: var(--navy); }
table.meta td, table.meta th, table.facts td, table.facts th { border-bottom: 0.5pt solid var(--rule); }
table.meta { font-size: 9.5pt; margin: 0 0 12px; }
table.meta tr:first-child th, table.meta tr:first-child td { border-top: 1pt solid var(--navy); }
table.facts { font-size: 9pt; }
table.facts td.annex { width: 1%; text-align: right; }
table.data { font-size: 8.5pt; }
table.data thead th {
  background: var(--head); color: var(--navy); font-weight: 600; border-bottom: 1pt solid var(--navy);
}
table.data tbody th, table.data td { border-bottom: 0.5pt solid var(--rule); }
table.data tbody th { font-weight: 600; }
table.data tbody tr:nth-child(even) > * { background: var(--light); }
td.when { white-space: nowrap; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.table-note { color: var(--muted); font-size: 8pt; }
.missing {
  display: inline-block; padding: 0 6px; border: 1pt dashed #c98a00; border-radius: 3px;
  background: #fff6e0; color: var(--warn); font-style: italic; font-weight: 600; font-size: 0.92em;
}
.missing .required { font-style: normal; font-weight: 400; }
.badge {
  display: inline-block; padding: 0 6px; border-radius: 8px; font-size: 0.9em; font-weight: 600;
  white-space: nowrap;
}
.badge-good { color: var(--good); background: var(--good-bg); }
.badge-warn { color: var(--warn); background: var(--warn-bg); }
.badge-bad { color: var(--bad); background: var(--bad-bg); }
.badge-neutral { color: var(--neutral); background: var(--neutral-bg); }
table.coverage td .badge { white-space: normal; margin: 1px 0; }
.digest-ref { white-space: nowrap; }
sup.ref { font-size: 7pt; line-height: 0; }
sup.ref a { color: var(--muted); }
code.digest-full { word-break: break-all; font-size: 7.5pt; }
table.coverage td.num .badge { white-space: nowrap; }
.completeness { margin: 4px 0 10px; }
.completeness h2 { font-size: 11pt; border: 0; margin: 10px 0 4px; }
figure { margin: 8px 0 12px; }
figure.chart { border: 0.5pt solid var(--rule); border-radius: 4px; padding: 8px 10px 6px; }
figcaption { font-size: 8pt; color: var(--muted); margin-top: 4px; }
.chart-svg { display: block; width: 100%; height: auto; }
nav.toc { break-after: page; page-break-after: always; margin-top: 18px; }
nav.toc h2 { font-size: 12pt; }
nav.toc ol { list-style: none; padding: 0; columns: 2; column-gap: 24px; }
nav.toc li { display: flex; gap: 8px; padding: 2px 0; border-bottom: 0.5pt dotted var(--rule); }
nav.toc .num { color: var(--accent); min-width: 20px; font-weight: 600; }
nav.toc .annex { margin-left: auto; }
.legend { font-size: 8pt; color: var(--muted); margin-top: 8px; }
footer.colophon {
  margin-top: 24px; padding-top: 6px; border-top: 0.5pt solid var(--rule); color: var(--muted);
  font-size: 8pt;
}
`;
