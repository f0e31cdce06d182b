import { useId } from 'react';
import { ChartTable, Legend, seriesColor, useChartWidth } from './chart-frame.js';
import { bandScale, formatTick, labelWidth, linearScale, niceTicks } from './scales.js';

export interface BarSeries {
  id: string;
  label: string;
  values: (number | null)[];
  color?: string;
}

export interface GroupedBarChartProps {
  title: string;
  description: string;
  /** One group of bars per category (a bin, a category value). */
  categories: string[];
  /** Shorter axis labels for the categories (defaults to the categories). */
  tickLabels?: string[];
  series: BarSeries[];
  xLabel: string;
  yLabel: string;
  formatY: (y: number) => string;
  /** Labels of the y ticks (default: compact numbers). */
  formatTickY?: (y: number) => string;
  /** Fixed top of the y axis (e.g. 1 for shares); default a round number above the data. */
  yMax?: number;
  /** Extra columns of the data table (e.g. the counts behind shares). */
  tableColumns?: { label: string; values: string[] }[];
  /** Categories to mark in the table and on the axis (e.g. values outside the reference range). */
  notes?: (string | undefined)[];
  height?: number;
}

const MARGIN = { top: 14, right: 12 };

/** Side-by-side bars per category (reference against current), with the numbers in a table. */
export function GroupedBarChart(props: GroupedBarChartProps) {
  const { title, description, categories, series, xLabel, yLabel, formatY, height = 260 } = props;
  const tickLabels = props.tickLabels ?? categories;
  const id = useId();
  const { ref, width } = useChartWidth();
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const yTicks = niceTicks(0, props.yMax ?? Math.max(...values, 1e-9), 4);
  const tickText = yTicks.map(props.formatTickY ?? formatTick);
  const left = Math.ceil(Math.max(...tickText.map((t) => labelWidth(t)))) + 30;
  const right = Math.max(left + 40, width - MARGIN.right);
  const band = bandScale(categories.length, [left, right], 0.22);
  const widest = Math.max(0, ...tickLabels.map((t) => labelWidth(t)));
  const rotate = widest > band.bandwidth / (1 - 0.22) - 4;
  const bottom = height - (rotate ? Math.min(90, widest * 0.72 + 18) : 30);
  const y = linearScale([yTicks[0]!, yTicks[yTicks.length - 1]!], [bottom, MARGIN.top]);
  const inner = bandScale(series.length, [0, band.bandwidth], 0.08);

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
          <g className="axis axis-y">
            {yTicks.map((t, i) => (
              <g key={t}>
                <line className="grid-line" x1={left} x2={right} y1={y(t)} y2={y(t)} />
                <text x={left - 6} y={y(t)} dy="0.32em" textAnchor="end">
                  {tickText[i]}
                </text>
              </g>
            ))}
            <text
              className="axis-label"
              transform={`translate(12 ${(MARGIN.top + bottom) / 2}) rotate(-90)`}
              textAnchor="middle"
            >
              {yLabel}
            </text>
          </g>
          {categories.map((category, c) => (
            <g key={category}>
              {props.notes?.[c] === undefined ? null : (
                <rect
                  className="chart-region"
                  x={band.start(c) - 3}
                  y={MARGIN.top}
                  width={band.bandwidth + 6}
                  height={bottom - MARGIN.top}
                />
              )}
              {series.map((s, i) => {
                const v = s.values[c];
                if (v === null || v === undefined) return null;
                const top = y(v);
                return (
                  <rect
                    key={s.id}
                    className="chart-bar"
                    x={band.start(c) + inner.start(i)}
                    y={top}
                    width={Math.max(1, inner.bandwidth)}
                    height={Math.max(0, bottom - top)}
                    style={{ fill: s.color ?? seriesColor(i) }}
                  >
                    <title>{`${category}, ${s.label}: ${formatY(v)}`}</title>
                  </rect>
                );
              })}
            </g>
          ))}
          <g className="axis axis-x">
            <line x1={left} x2={right} y1={bottom} y2={bottom} />
            {tickLabels.map((label, c) =>
              rotate ? (
                <text
                  key={c}
                  transform={`translate(${band.center(c)} ${bottom + 12}) rotate(-35)`}
                  textAnchor="end"
                >
                  {label}
                </text>
              ) : (
                <text key={c} x={band.center(c)} y={bottom + 17} textAnchor="middle">
                  {label}
                </text>
              ),
            )}
          </g>
        </svg>
      </div>
      <Legend
        items={[
          ...series.map((s, i) => ({ label: s.label, color: s.color ?? seriesColor(i) })),
          ...(props.notes?.some((n) => n !== undefined) === true
            ? [
                {
                  label: 'outside the reference range',
                  color: 'var(--bad-bg)',
                  kind: 'region' as const,
                },
              ]
            : []),
        ]}
      />
      <ChartTable caption={`${title}: ${yLabel} per ${xLabel.toLowerCase()}`}>
        <thead>
          <tr>
            <th scope="col">{xLabel}</th>
            {series.map((s) => (
              <th key={s.id} scope="col" className="num">
                {s.label}
              </th>
            ))}
            {(props.tableColumns ?? []).map((c) => (
              <th key={c.label} scope="col" className="num">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((category, c) => (
            <tr key={category}>
              <th scope="row">
                {category}
                {props.notes?.[c] === undefined ? null : (
                  <span className="chart-flag-text"> ({props.notes[c]})</span>
                )}
              </th>
              {series.map((s) => {
                const v = s.values[c];
                return (
                  <td key={s.id} className="num">
                    {v === null || v === undefined ? '—' : formatY(v)}
                  </td>
                );
              })}
              {(props.tableColumns ?? []).map((col) => (
                <td key={col.label} className="num">
                  {col.values[c] ?? '—'}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
