import type { CompletenessSummary, GroupChart, MetricChart } from './document-types.js';
import { escapeHtml } from '../../lib/html-escape.js';
import { formatAligned, formatNumber, formatPercent } from './format.js';

/*
 * Inline SVG charts, written by hand so the document needs no script and no library. Each chart
 * has role="img", a <title> and a <desc> naming every value it shows, and the same values are in
 * a table next to it. Coordinates are rounded to 0.1 so the bytes do not depend on float noise.
 */

const INK = '#1c2430';
const MUTED = '#5a6472';
const GRID = '#d5dbe3';
const BAR = '#2f6690';
const REFERENCE = '#b3401f';
/** Value labels carry a class so tests (and readers' tools) can tell them from axis ticks. */
const VALUE_ATTRS = ` class="value" font-size="11" fill="${INK}"`;

/** Axis labels longer than the label column are cut; the full text is in <desc> and the table. */
function clip(value: string, max = 28): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

const px = (n: number): string => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');

interface Scale {
  min: number;
  max: number;
  ticks: number[];
  decimals: number;
}

/** A domain with round ticks (steps of 1, 2 or 5 × 10^n) that contains 0 and every value. */
export function niceScale(values: readonly number[], target = 5): Scale {
  const lo = Math.min(0, ...values);
  let hi = Math.max(0, ...values);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / target;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  const min = Number((Math.floor(lo / step + 1e-9) * step).toFixed(decimals));
  const max = Number((Math.ceil(hi / step - 1e-9) * step).toFixed(decimals));
  const ticks: number[] = [];
  for (let i = 0; min + i * step <= max + step / 1e6; i += 1) {
    ticks.push(Number((min + i * step).toFixed(decimals)));
  }
  return { min, max, ticks, decimals };
}

function open(id: string, width: number, height: number, title: string, desc: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${width} ${px(height)}" ` +
    `width="${width}" height="${px(height)}" aria-labelledby="${id}-title ${id}-desc" class="chart-svg">` +
    `<title id="${id}-title">${escapeHtml(title)}</title><desc id="${id}-desc">${escapeHtml(desc)}</desc>`
  );
}

function label(x: number, y: number, value: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs}>${escapeHtml(value)}</text>`;
}

function axis(scale: Scale, x: (v: number) => number, top: number, bottom: number): string {
  const out: string[] = [];
  for (const tick of scale.ticks) {
    out.push(
      `<line x1="${px(x(tick))}" y1="${px(top)}" x2="${px(x(tick))}" y2="${px(bottom)}" stroke="${GRID}" stroke-width="${tick === 0 ? 1 : 0.6}"/>`,
      label(
        x(tick),
        bottom + 13,
        tick.toFixed(scale.decimals),
        ` text-anchor="middle" font-size="10" fill="${MUTED}"`,
      ),
    );
  }
  return out.join('');
}

/** Chart (a): overall metrics as horizontal bars on [0, 1] with confidence-interval whiskers. */
export function metricBarsSvg(chart: MetricChart): string {
  const width = 640;
  const left = 190;
  const right = 560;
  const top = 8;
  const row = 26;
  const bottom = top + row * chart.bars.length;
  const scale: Scale = { min: 0, max: 1, ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], decimals: 1 };
  const x = (v: number) => left + ((v - scale.min) / (scale.max - scale.min)) * (right - left);
  const desc = chart.bars
    .map((b) =>
      b.lower === null || b.upper === null
        ? `${b.label} ${formatNumber(b.value)}`
        : `${b.label} ${formatNumber(b.value)} (interval ${formatNumber(b.lower)} to ${formatNumber(b.upper)})`,
    )
    .join('; ');
  const parts = [
    open(chart.id, width, bottom + 22, chart.title, desc),
    axis(scale, x, top, bottom),
  ];
  chart.bars.forEach((b, i) => {
    const mid = top + i * row + row / 2;
    parts.push(
      label(left - 8, mid + 4, clip(b.label), ` text-anchor="end" font-size="11" fill="${INK}"`),
      `<rect x="${px(x(0))}" y="${px(mid - 7)}" width="${px(x(b.value) - x(0))}" height="14" fill="${BAR}" rx="1.5"/>`,
    );
    let end = x(b.value);
    if (b.lower !== null && b.upper !== null) {
      const [l, u] = [x(b.lower), x(b.upper)];
      parts.push(
        `<g stroke="${INK}" stroke-width="1.4"><line x1="${px(l)}" y1="${px(mid)}" x2="${px(u)}" y2="${px(mid)}"/>` +
          `<line x1="${px(l)}" y1="${px(mid - 5)}" x2="${px(l)}" y2="${px(mid + 5)}"/>` +
          `<line x1="${px(u)}" y1="${px(mid - 5)}" x2="${px(u)}" y2="${px(mid + 5)}"/></g>`,
      );
      end = Math.max(end, u);
    }
    parts.push(label(end + 6, mid + 4, formatNumber(b.value), VALUE_ATTRS));
  });
  parts.push('</svg>');
  return parts.join('');
}

/**
 * Chart (b): one metric by group, bars clustered by attribute, with a dashed reference line per
 * attribute (four-fifths of the highest group for rates).
 */
export function groupBarsSvg(chart: GroupChart): string {
  const width = 640;
  const left = 190;
  const right = 560;
  const top = 8;
  const row = 22;
  const values = chart.attributes.flatMap((a) => [
    ...a.groups.map((g) => g.value),
    ...(a.reference === null ? [] : [a.reference.value]),
  ]);
  const scale = niceScale(values);
  const x = (v: number) => left + ((v - scale.min) / (scale.max - scale.min)) * (right - left);
  const rows = chart.attributes.reduce((n, a) => n + a.groups.length + 1, 0);
  const bottom = top + rows * row;
  const desc = chart.attributes
    .map(
      (a) =>
        `${a.attribute}: ${a.groups.map((g) => `${g.group} ${formatNumber(g.value)}`).join(', ')}` +
        (a.reference === null ? '' : `; reference ${a.reference.label}`),
    )
    .join('. ');
  const parts = [
    open(chart.id, width, bottom + 22, chart.title, desc),
    axis(scale, x, top, bottom),
  ];
  const shown = formatAligned(chart.attributes.flatMap((a) => a.groups.map((g) => g.value)));
  let next = 0;
  let y = top;
  for (const a of chart.attributes) {
    parts.push(
      label(
        8,
        y + row / 2 + 4,
        clip(a.attribute, 40),
        ` font-size="11" font-weight="700" fill="${INK}"`,
      ),
    );
    const first = y + row;
    y += row;
    for (const g of a.groups) {
      const mid = y + row / 2;
      const [from, to] = [Math.min(x(0), x(g.value)), Math.max(x(0), x(g.value))];
      parts.push(
        label(left - 8, mid + 4, clip(g.group), ` text-anchor="end" font-size="11" fill="${INK}"`),
        `<rect x="${px(from)}" y="${px(mid - 6)}" width="${px(to - from)}" height="12" fill="${BAR}" rx="1.5"/>`,
        label(to + 6, mid + 4, shown[next++] ?? formatNumber(g.value), VALUE_ATTRS),
      );
      y += row;
    }
    if (a.reference !== null) {
      const rx = x(a.reference.value);
      // The label sits in the attribute's heading row, on the side of the line with more room.
      const anchor = rx > (left + right) / 2 ? ` text-anchor="end"` : '';
      parts.push(
        `<line x1="${px(rx)}" y1="${px(first - row / 2 + 6)}" x2="${px(rx)}" y2="${px(y - 2)}" stroke="${REFERENCE}" stroke-width="1.5" stroke-dasharray="4 3"/>`,
        label(
          anchor === '' ? rx + 5 : rx - 5,
          first - row / 2 + 4,
          `- - ${a.reference.label}`,
          `${anchor} font-size="10" fill="${REFERENCE}"`,
        ),
      );
    }
  }
  parts.push('</svg>');
  return parts.join('');
}

/** Chart (c): how much of the tier's template the card fills, as a meter with its percentage. */
export function completenessSvg(c: CompletenessSummary, id = 'chart-completeness'): string {
  const [width, left, right] = [640, 0, 570];
  const share = Math.max(0, Math.min(1, c.score));
  const fill = share >= 1 ? '#1e6b45' : share >= 0.75 ? '#b07400' : '#a12a2a';
  const title = `Card completeness for the ${c.tier}-risk template`;
  const summary = `${c.present} of ${c.required} required fields present (${formatPercent(c.score)})`;
  const w = (s: number) => left + s * (right - left);
  const parts = [
    open(id, width, 24, title, summary),
    `<rect x="${left}" y="4" width="${right - left}" height="16" rx="3" fill="#e6ebf0"/>`,
    `<rect x="${left}" y="4" width="${px(w(share))}" height="16" rx="3" fill="${fill}"/>`,
  ];
  for (const quarter of [0.25, 0.5, 0.75]) {
    const x = px(w(quarter));
    parts.push(`<line x1="${x}" y1="4" x2="${x}" y2="20" stroke="#ffffff" stroke-width="1.5"/>`);
  }
  parts.push(
    label(
      width,
      17,
      formatPercent(c.score),
      ` text-anchor="end" font-size="13" font-weight="700" fill="${fill}"`,
    ),
    '</svg>',
  );
  return parts.join('');
}
