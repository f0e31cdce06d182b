/**
 * Inline SVG charts of a column's two distributions, written by hand so the report needs no
 * script, library or external resource. Every chart has role="img" and a <title>; the values are
 * also in a table beside it. Coordinates are rounded to 0.1 so the bytes do not depend on float
 * noise. All text goes through escapeHtml.
 */
import { escapeHtml } from '../../lib/html-escape.js';
import type { CategoryDistribution, HistogramDistribution } from './distributions.js';

export const REFERENCE_COLOUR = '#2f6690';
export const CURRENT_COLOUR = '#e07a1f';
const INK = '#1c2430';
const MUTED = '#5a6472';
const GRID = '#d5dbe3';

const px = (n: number): string => (Math.round(n * 10) / 10).toFixed(1).replace(/\.0$/, '');

/** A number for axis ticks and tables: up to 4 significant digits, no float noise. */
export function formatValue(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}

export function formatPercent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** Round ticks (1, 2 or 5 × 10^n) from 0 to at least `max` (a share in [0, 1]). */
function shareTicks(max: number): number[] {
  const top = max > 0 ? max : 1;
  const raw = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / magnitude;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
  const ticks: number[] = [];
  for (let i = 0; i * step < top + step - 1e-12; i++) ticks.push(Number((i * step).toFixed(6)));
  return ticks;
}

function clip(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join('')}…`;
}

function open(width: number, height: number, title: string): string {
  return (
    `<svg role="img" viewBox="0 0 ${width} ${px(height)}" width="${width}" height="${px(height)}" class="chart">` +
    `<title>${escapeHtml(title)}</title>`
  );
}

function text(x: number, y: number, body: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs}>${escapeHtml(body)}</text>`;
}

function legend(x: number, y: number, names: readonly [string, string]): string {
  const items = [
    [REFERENCE_COLOUR, names[0]],
    [CURRENT_COLOUR, names[1]],
  ] as const;
  let offset = x;
  return items
    .map(([colour, name]) => {
      const label = clip(name, 40);
      const item =
        `<rect x="${px(offset)}" y="${px(y - 10)}" width="12" height="12" fill="${colour}" fill-opacity="0.75"/>` +
        text(offset + 17, y, label, ` font-size="12" fill="${INK}"`);
      offset += 30 + [...label].length * 7;
      return item;
    })
    .join('');
}

/** Overlaid histograms of the two samples' shares per bin, on shared edges. */
export function histogramSvg(
  column: string,
  chart: HistogramDistribution,
  names: readonly [string, string],
): string {
  const width = 640;
  const height = 280;
  const left = 56;
  const right = 16;
  const top = 30;
  const bottom = 52;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const ticks = shareTicks(Math.max(...chart.reference, ...chart.current));
  const yMax = ticks[ticks.length - 1]!;
  const y = (share: number) => top + plotH - (share / yMax) * plotH;
  const bins = chart.reference.length;
  const binW = plotW / bins;
  const parts = [open(width, height, `Distribution of ${column}: ${names[0]} and ${names[1]}`)];
  parts.push(legend(left, 16, names));
  for (const tick of ticks) {
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${px(y(tick))}" y2="${px(y(tick))}" stroke="${GRID}"/>`,
      text(
        left - 6,
        y(tick) + 4,
        formatPercent(tick).replace('.0%', '%'),
        ` font-size="11" fill="${MUTED}" text-anchor="end"`,
      ),
    );
  }
  for (const [series, colour] of [
    [chart.reference, REFERENCE_COLOUR],
    [chart.current, CURRENT_COLOUR],
  ] as const) {
    series.forEach((share, i) => {
      if (share <= 0) return;
      const x = left + i * binW;
      parts.push(
        `<rect x="${px(x + 0.5)}" y="${px(y(share))}" width="${px(Math.max(binW - 1, 0.5))}" height="${px(y(0) - y(share))}" fill="${colour}" fill-opacity="0.55"/>`,
      );
    });
  }
  parts.push(
    `<line x1="${left}" x2="${width - right}" y1="${px(y(0))}" y2="${px(y(0))}" stroke="${INK}"/>`,
  );
  // At most about 8 edge labels, evenly spaced, always including both ends.
  const every = Math.max(1, Math.ceil(bins / 8));
  chart.edges.forEach((edge, i) => {
    if (i % every !== 0 && i !== bins) return;
    if (i !== bins && bins - i < every / 2) return;
    const x = left + i * binW;
    parts.push(
      `<line x1="${px(x)}" x2="${px(x)}" y1="${px(y(0))}" y2="${px(y(0) + 4)}" stroke="${INK}"/>`,
      text(x, y(0) + 17, formatValue(edge), ` font-size="11" fill="${MUTED}" text-anchor="middle"`),
    );
  });
  parts.push(
    text(
      left + plotW / 2,
      height - 8,
      clip(column, 60),
      ` font-size="12" fill="${INK}" text-anchor="middle"`,
    ),
    text(
      14,
      top + plotH / 2,
      'share of values',
      ` font-size="12" fill="${INK}" text-anchor="middle" transform="rotate(-90 14 ${px(top + plotH / 2)})"`,
    ),
    '</svg>',
  );
  return parts.join('');
}

/** Side-by-side horizontal bars of each category's share in the two samples. */
export function categorySvg(
  column: string,
  chart: CategoryDistribution,
  names: readonly [string, string],
): string {
  const width = 640;
  const left = 170;
  const right = 56;
  const top = 30;
  const row = 26;
  const bottom = 44;
  const plotW = width - left - right;
  const plotH = row * chart.categories.length;
  const height = top + plotH + bottom;
  const ticks = shareTicks(Math.max(...chart.reference, ...chart.current));
  const xMax = ticks[ticks.length - 1]!;
  const x = (share: number) => left + (share / xMax) * plotW;
  const parts = [open(width, height, `Categories of ${column}: ${names[0]} and ${names[1]}`)];
  parts.push(legend(left, 16, names));
  for (const tick of ticks) {
    parts.push(
      `<line x1="${px(x(tick))}" x2="${px(x(tick))}" y1="${top}" y2="${px(top + plotH)}" stroke="${GRID}"/>`,
      text(
        x(tick),
        top + plotH + 16,
        formatPercent(tick).replace('.0%', '%'),
        ` font-size="11" fill="${MUTED}" text-anchor="middle"`,
      ),
    );
  }
  chart.categories.forEach((category, i) => {
    const y0 = top + i * row;
    const other = chart.otherCategories > 0 && i === chart.categories.length - 1;
    const label = other ? `(${chart.otherCategories} other categories)` : clip(category, 24);
    parts.push(
      text(
        left - 8,
        y0 + row / 2 + 4,
        label,
        ` font-size="12" fill="${other ? MUTED : INK}" text-anchor="end"`,
      ),
    );
    for (const [j, share, colour] of [
      [0, chart.reference[i]!, REFERENCE_COLOUR],
      [1, chart.current[i]!, CURRENT_COLOUR],
    ] as const) {
      const barY = y0 + 3 + j * 10;
      parts.push(
        `<rect x="${left}" y="${px(barY)}" width="${px(x(share) - left)}" height="9" fill="${colour}" fill-opacity="0.85"/>`,
      );
    }
  });
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${px(top + plotH)}" stroke="${INK}"/>`,
    text(
      left + plotW / 2,
      height - 8,
      'share of values',
      ` font-size="12" fill="${INK}" text-anchor="middle"`,
    ),
    '</svg>',
  );
  return parts.join('');
}
