import { useId, type ReactNode } from 'react';
import { formatNumber } from '../../components/format.js';
import { extent, formatTick, linearScale, niceTicks } from '../../components/charts/scales.js';

/*
 * The model page's evaluation charts (intervals, thresholds; its training curves use the shared
 * line chart in components/charts). Each has a title and description for assistive technology,
 * labelled axes, a legend, and its numbers in a table under a <details>.
 */

function ChartFrame({
  title,
  description,
  legend,
  table,
  children,
}: {
  title: string;
  description: string;
  legend?: ReactNode;
  table: ReactNode;
  children: (ids: { title: string; desc: string }) => ReactNode;
}) {
  const base = useId();
  const ids = { title: `${base}-title`, desc: `${base}-desc` };
  return (
    <figure className="chart-figure">
      <figcaption className="chart-caption">{title}</figcaption>
      {children(ids)}
      {legend}
      <details className="chart-data">
        <summary>Numbers behind this chart</summary>
        <div className="table-wrap">{table}</div>
      </details>
      <span className="visually-hidden" id={ids.desc}>
        {description}
      </span>
    </figure>
  );
}

export interface IntervalRow {
  label: string;
  value: number;
  lower: number | null;
  upper: number | null;
  tone?: 'good' | 'bad' | 'neutral';
}

const TONE_COLOURS = { good: 'var(--good)', bad: 'var(--bad)', neutral: 'var(--chart-1)' };

/** Estimates with their confidence intervals, one row each (a forest plot). */
export function IntervalChart({
  title,
  description,
  rows,
  reference,
  axisLabel,
  legend,
  digits = 3,
}: {
  title: string;
  description: string;
  rows: IntervalRow[];
  /** A vertical line to read against (0 for differences). */
  reference?: { value: number; label: string };
  axisLabel: string;
  legend?: ReactNode;
  digits?: number;
}) {
  const width = 560;
  const rowHeight = 26;
  const m = { top: 8, right: 20, bottom: 40, left: 120 };
  const height = m.top + rows.length * rowHeight + m.bottom;
  const values = rows.flatMap((r) => [r.value, r.lower ?? r.value, r.upper ?? r.value]);
  if (reference !== undefined) values.push(reference.value);
  const [lo, hi] = extent(values) ?? [0, 1];
  const ticks = niceTicks(lo, hi, 6);
  const x = linearScale([ticks[0]!, ticks.at(-1)!], [m.left, width - m.right]);
  const bottom = height - m.bottom;
  return (
    <ChartFrame
      title={title}
      description={description}
      legend={legend}
      table={
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Metric</th>
              <th scope="col" className="num">
                Estimate
              </th>
              <th scope="col" className="num">
                Lower
              </th>
              <th scope="col" className="num">
                Upper
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.label}>
                <th scope="row">{r.label}</th>
                <td className="num">{formatNumber(r.value, digits)}</td>
                <td className="num">{formatNumber(r.lower, digits)}</td>
                <td className="num">{formatNumber(r.upper, digits)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {(ids) => (
        <svg
          className="chart"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${ids.title} ${ids.desc}`}
        >
          <title id={ids.title}>{title}</title>
          <g className="axis">
            {ticks.map((t) => (
              <g key={t}>
                <line className="grid-line" x1={x(t)} x2={x(t)} y1={m.top} y2={bottom} />
                <text x={x(t)} y={bottom + 16} textAnchor="middle">
                  {formatTick(t)}
                </text>
              </g>
            ))}
            <line x1={m.left} x2={width - m.right} y1={bottom} y2={bottom} />
            <text x={(m.left + width - m.right) / 2} y={height - 4} textAnchor="middle">
              {axisLabel}
            </text>
          </g>
          {reference === undefined ? null : (
            <g>
              <line
                x1={x(reference.value)}
                x2={x(reference.value)}
                y1={m.top}
                y2={bottom}
                stroke="var(--ink-3)"
                strokeDasharray="4 3"
              />
            </g>
          )}
          {rows.map((r, i) => {
            const cy = m.top + i * rowHeight + rowHeight / 2;
            const colour = TONE_COLOURS[r.tone ?? 'neutral'];
            return (
              <g key={r.label}>
                <text x={m.left - 10} y={cy} dy="0.32em" textAnchor="end" className="row-label">
                  {r.label}
                </text>
                {r.lower === null || r.upper === null ? null : (
                  <g stroke={colour} strokeWidth={2}>
                    <line x1={x(r.lower)} x2={x(r.upper)} y1={cy} y2={cy} />
                    <line x1={x(r.lower)} x2={x(r.lower)} y1={cy - 5} y2={cy + 5} />
                    <line x1={x(r.upper)} x2={x(r.upper)} y1={cy - 5} y2={cy + 5} />
                  </g>
                )}
                <circle cx={x(r.value)} cy={cy} r={4.5} fill={colour} />
              </g>
            );
          })}
        </svg>
      )}
    </ChartFrame>
  );
}

/** Horizontal bars against a threshold (impact ratio against four fifths). */
export function ThresholdBars({
  title,
  description,
  bars,
  threshold,
  axisLabel,
}: {
  title: string;
  description: string;
  bars: { label: string; value: number }[];
  threshold: { value: number; label: string };
  axisLabel: string;
}) {
  const width = 560;
  const rowHeight = 28;
  const m = { top: 20, right: 40, bottom: 40, left: 90 };
  const height = m.top + bars.length * rowHeight + m.bottom;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const ticks = niceTicks(0, max, 5);
  const x = linearScale([0, ticks.at(-1)!], [m.left, width - m.right]);
  const bottom = height - m.bottom;
  return (
    <ChartFrame
      title={title}
      description={description}
      legend={
        <div className="legend">
          <span>
            <span className="legend-swatch" style={{ background: 'var(--chart-1)' }} />
            at or above {threshold.label}
          </span>
          <span>
            <span className="legend-swatch" style={{ background: 'var(--bad)' }} />
            below {threshold.label}
          </span>
        </div>
      }
      table={
        <table className="data">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col" className="num">
                {axisLabel}
              </th>
              <th scope="col">Against {threshold.label}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.label}>
                <th scope="row">{b.label}</th>
                <td className="num">{formatNumber(b.value, 3)}</td>
                <td>{b.value < threshold.value ? 'below' : 'at or above'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      }
    >
      {(ids) => (
        <svg
          className="chart"
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${ids.title} ${ids.desc}`}
        >
          <title id={ids.title}>{title}</title>
          <g className="axis">
            {ticks.map((t) => (
              <g key={t}>
                <line className="grid-line" x1={x(t)} x2={x(t)} y1={m.top} y2={bottom} />
                <text x={x(t)} y={bottom + 16} textAnchor="middle">
                  {formatTick(t)}
                </text>
              </g>
            ))}
            <line x1={m.left} x2={width - m.right} y1={bottom} y2={bottom} />
            <text x={(m.left + width - m.right) / 2} y={height - 4} textAnchor="middle">
              {axisLabel}
            </text>
          </g>
          {bars.map((b, i) => {
            const y = m.top + i * rowHeight + 5;
            const below = b.value < threshold.value;
            return (
              <g key={b.label}>
                <text x={m.left - 10} y={y + 9} dy="0.32em" textAnchor="end" className="row-label">
                  {b.label}
                </text>
                <rect
                  x={m.left}
                  y={y}
                  width={Math.max(1, x(b.value) - m.left)}
                  height={rowHeight - 10}
                  rx={2}
                  fill={below ? 'var(--bad)' : 'var(--chart-1)'}
                />
                <text x={x(b.value) + 4} y={y + 9} dy="0.32em" className="bar-value">
                  {formatNumber(b.value, 3)}
                </text>
              </g>
            );
          })}
          <line
            x1={x(threshold.value)}
            x2={x(threshold.value)}
            y1={m.top - 8}
            y2={bottom}
            stroke="var(--ink-2)"
            strokeDasharray="4 3"
          />
          <text
            x={x(threshold.value)}
            y={m.top - 10}
            textAnchor="middle"
            className="threshold-label"
          >
            {threshold.label}
          </text>
        </svg>
      )}
    </ChartFrame>
  );
}
