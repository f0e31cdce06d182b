import { useId, useMemo, useState, type MouseEvent } from 'react';
import { ChartTable, Legend, seriesColor, useChartWidth, type LegendItem } from './chart-frame.js';
import {
  formatTick,
  labelWidth,
  linearScale,
  logScale,
  logTicks,
  niceTicks,
  timeTicks,
} from './scales.js';

export interface LinePoint {
  x: number;
  y: number | null;
  /** Drawn as a highlighted mark and named in the data table (e.g. a breach). */
  flagged?: boolean;
}

export interface LineSeries {
  id: string;
  label: string;
  points: LinePoint[];
  color?: string;
}

/** A shaded span of the x axis (e.g. the windows in which the dataset drifted). */
export interface ChartRegion {
  from: number;
  to: number;
  label: string;
}

export interface LineChartProps {
  /** The chart's accessible name. */
  title: string;
  /** A sentence saying what the chart shows and what stands out. */
  description: string;
  series: LineSeries[];
  /** `time`: x is milliseconds since the epoch. */
  xType?: 'time' | 'linear';
  xLabel: string;
  yLabel: string;
  formatX: (x: number) => string;
  formatTickX?: (x: number) => string;
  formatY: (y: number) => string;
  /** Labels of the y ticks (default: compact numbers). */
  formatTickY?: (y: number) => string;
  yScale?: 'linear' | 'log';
  /** Fixed bounds of a linear y axis (e.g. [0, 1] for a share). */
  yDomain?: [number, number];
  /**
   * Where a linear y axis without fixed bounds starts: at zero when every value is positive (the
   * default, for counts and statistics), or at the data (for values that change little, such as
   * a loss curve).
   */
  yFrom?: 'zero' | 'data';
  threshold?: { value: number; label: string };
  regions?: ChartRegion[];
  /** What a flagged point means, for the legend and the table ("drifted"). */
  flaggedLabel?: string;
  height?: number;
}

const MARGIN = { top: 14, right: 18, bottom: 30 };

/** Splits a series' points into runs without gaps (a null y breaks the line). */
function segments(points: LinePoint[]): LinePoint[][] {
  const out: LinePoint[][] = [];
  let current: LinePoint[] = [];
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      if (current.length > 0) out.push(current);
      current = [];
    } else {
      current.push(p);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/**
 * A line chart of several series over time (or any x), with an optional threshold line, shaded
 * regions and flagged points; a hover read-out; the numbers in a table below.
 */
export function LineChart(props: LineChartProps) {
  const {
    title,
    description,
    series,
    xType = 'time',
    xLabel,
    yLabel,
    formatX,
    formatY,
    yScale = 'linear',
    yFrom = 'zero',
    threshold,
    regions = [],
    flaggedLabel = 'flagged',
    height = 280,
  } = props;
  const formatTickX = props.formatTickX ?? formatX;
  const id = useId();
  const { ref, width } = useChartWidth();
  const [hover, setHover] = useState<number | undefined>(undefined);

  const xs = useMemo(
    () => [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((a, b) => a - b),
    [series],
  );
  const ys = series.flatMap((s) =>
    s.points.map((p) => p.y).filter((y): y is number => y !== null && Number.isFinite(y)),
  );
  const withThreshold = threshold === undefined ? ys : [...ys, threshold.value];

  // The y axis: log (powers of ten) or linear (round ticks, from zero when all values are ≥ 0,
  // unless it should start at the data).
  let yTicks: number[];
  let yDomain: [number, number];
  if (yScale === 'log') {
    const positive = withThreshold.filter((v) => v > 0);
    yTicks = logTicks(Math.min(...positive, 1), Math.max(...positive, 1));
    yDomain = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  } else if (props.yDomain !== undefined) {
    yDomain = props.yDomain;
    yTicks = niceTicks(yDomain[0], yDomain[1], 4);
  } else {
    const lo = yFrom === 'zero' ? Math.min(0, ...withThreshold) : Math.min(...withThreshold);
    yTicks = niceTicks(lo, Math.max(...withThreshold, lo + 1e-9), 5);
    yDomain = [yTicks[0]!, yTicks[yTicks.length - 1]!];
  }
  const tickLabels = yTicks.map(props.formatTickY ?? formatTick);
  const left = Math.ceil(Math.max(...tickLabels.map((t) => labelWidth(t)))) + 30;
  const plot = {
    left,
    right: Math.max(left + 40, width - MARGIN.right),
    top: MARGIN.top,
    bottom: height - MARGIN.bottom,
  };
  const xMin = xs[0] ?? 0;
  const xMax = xs[xs.length - 1] ?? 1;
  const x = linearScale(xMin === xMax ? [xMin - 1, xMax + 1] : [xMin, xMax], [
    plot.left + 8,
    plot.right - 8,
  ]);
  const y = (yScale === 'log' ? logScale : linearScale)(yDomain, [plot.bottom, plot.top]);
  const clampY = (v: number) => Math.min(plot.bottom, Math.max(plot.top, y(v)));
  const maxXTicks = Math.max(2, Math.floor((plot.right - plot.left) / 70));
  const xTicks =
    xType === 'time'
      ? timeTicks(xMin, xMax, maxXTicks)
      : niceTicks(xMin, xMax, maxXTicks).filter((t) => t >= xMin && t <= xMax);
  const manyPoints = xs.length > 90;

  const onMove = (event: MouseEvent<SVGRectElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - box.left + plot.left;
    let best: number | undefined;
    for (const candidate of xs) {
      if (best === undefined || Math.abs(x(candidate) - px) < Math.abs(x(best) - px)) {
        best = candidate;
      }
    }
    setHover(best);
  };

  const legend: LegendItem[] = series.map((s, i) => ({
    label: s.label,
    color: s.color ?? seriesColor(i),
    kind: 'line',
  }));
  if (threshold !== undefined) {
    legend.push({ label: threshold.label, color: 'var(--bad)', kind: 'dashed' });
  }
  const hasFlags = series.some((s) => s.points.some((p) => p.flagged === true));
  if (hasFlags) legend.push({ label: flaggedLabel, color: 'var(--bad)', kind: 'dot' });
  const regionLabels = [...new Set(regions.map((r) => r.label))];
  for (const label of regionLabels) {
    legend.push({ label, color: 'var(--bad-bg)', kind: 'region' });
  }

  const regionAt = (value: number) => regions.find((r) => value >= r.from && value <= r.to);
  const hoverLeft = hover === undefined ? 0 : x(hover);

  return (
    <figure className="chart-figure">
      <div ref={ref} className="chart-canvas">
        <svg
          className="chart"
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          role="img"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-desc`}
        >
          <title id={`${id}-title`}>{title}</title>
          <desc id={`${id}-desc`}>{description}</desc>
          {regions.map((r, i) => {
            const x0 = Math.max(plot.left, x(r.from));
            const x1 = Math.min(plot.right, x(r.to));
            return x1 <= x0 ? null : (
              <rect
                key={i}
                className="chart-region"
                x={x0}
                y={plot.top}
                width={x1 - x0}
                height={plot.bottom - plot.top}
              />
            );
          })}
          <g className="axis axis-y">
            {yTicks.map((t, i) => (
              <g key={t}>
                <line className="grid-line" x1={plot.left} x2={plot.right} y1={y(t)} y2={y(t)} />
                <text x={plot.left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                  {tickLabels[i]}
                </text>
              </g>
            ))}
            <text
              className="axis-label"
              transform={`translate(12 ${(plot.top + plot.bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
            >
              {yLabel}
            </text>
          </g>
          <g className="axis axis-x">
            <line x1={plot.left} x2={plot.right} y1={plot.bottom} y2={plot.bottom} />
            {xTicks.map((t) => (
              <g key={t}>
                <line x1={x(t)} x2={x(t)} y1={plot.bottom} y2={plot.bottom + 4} />
                <text x={x(t)} y={plot.bottom + 17} textAnchor="middle">
                  {formatTickX(t)}
                </text>
              </g>
            ))}
          </g>
          {threshold === undefined ? null : (
            <g className="chart-threshold">
              <line
                x1={plot.left}
                x2={plot.right}
                y1={clampY(threshold.value)}
                y2={clampY(threshold.value)}
              />
              <text x={plot.right - 4} y={clampY(threshold.value) - 5} textAnchor="end">
                {threshold.label}
              </text>
            </g>
          )}
          {series.map((s, i) => {
            const color = s.color ?? seriesColor(i);
            return (
              <g key={s.id} className="chart-series" style={{ color }}>
                {segments(s.points).map((run, j) => (
                  <path
                    key={j}
                    className="chart-line"
                    d={run
                      .map(
                        (p, k) =>
                          `${k === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${clampY(p.y!).toFixed(1)}`,
                      )
                      .join('')}
                  />
                ))}
                {s.points.map((p) =>
                  p.y === null || !Number.isFinite(p.y) ? null : p.flagged === true ? (
                    <circle key={p.x} className="chart-flag" cx={x(p.x)} cy={clampY(p.y)} r={4.5}>
                      <title>{`${s.label}, ${formatX(p.x)}: ${formatY(p.y)} (${flaggedLabel})`}</title>
                    </circle>
                  ) : manyPoints ? null : (
                    <circle key={p.x} className="chart-point" cx={x(p.x)} cy={clampY(p.y)} r={2.5}>
                      <title>{`${s.label}, ${formatX(p.x)}: ${formatY(p.y)}`}</title>
                    </circle>
                  ),
                )}
              </g>
            );
          })}
          {hover === undefined ? null : (
            <line
              className="chart-cursor"
              x1={hoverLeft}
              x2={hoverLeft}
              y1={plot.top}
              y2={plot.bottom}
            />
          )}
          <rect
            className="chart-hit"
            x={plot.left}
            y={plot.top}
            width={plot.right - plot.left}
            height={plot.bottom - plot.top}
            onMouseMove={onMove}
            onMouseLeave={() => setHover(undefined)}
          />
        </svg>
        {hover === undefined ? null : (
          <div
            className="chart-tooltip"
            aria-hidden="true"
            style={
              hoverLeft > width / 2
                ? { right: width - hoverLeft + 10, top: plot.top }
                : { left: hoverLeft + 10, top: plot.top }
            }
          >
            <strong>{formatX(hover)}</strong>
            {regionAt(hover) === undefined ? null : (
              <div className="chart-tooltip-note">{regionAt(hover)!.label}</div>
            )}
            {series.map((s, i) => {
              const p = s.points.find((q) => q.x === hover);
              return p === undefined || p.y === null ? null : (
                <div key={s.id} className="chart-tooltip-row">
                  <span
                    className="legend-swatch legend-box"
                    style={{ ['--swatch' as string]: s.color ?? seriesColor(i) }}
                  />
                  {s.label}: <strong>{formatY(p.y)}</strong>
                  {p.flagged === true ? (
                    <span className="chart-flag-text"> {flaggedLabel}</span>
                  ) : null}
                </div>
              );
            })}
          </div>
        )}
      </div>
      <Legend items={legend} />
      <ChartTable caption={`${title}: ${yLabel} per ${xLabel.toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {series.map((s) => (
              <th key={s.id} scope="col" className="num">
                {s.label}
              </th>
            ))}
            {regions.length === 0 ? null : <th scope="col">Note</th>}
          </tr>
        </thead>
        <tbody>
          {xs.map((value) => {
            const region = regionAt(value);
            return (
              <tr key={value} className={region === undefined ? undefined : 'chart-row-flagged'}>
                <th scope="row">{formatX(value)}</th>
                {series.map((s) => {
                  const p = s.points.find((q) => q.x === value);
                  return (
                    <td key={s.id} className="num">
                      {p === undefined || p.y === null ? '—' : formatY(p.y)}
                      {p?.flagged === true ? (
                        <span className="chart-flag-text"> ▲ {flaggedLabel}</span>
                      ) : null}
                    </td>
                  );
                })}
                {regions.length === 0 ? null : <td>{region?.label ?? ''}</td>}
              </tr>
            );
          })}
        </tbody>
      </ChartTable>
    </figure>
  );
}
