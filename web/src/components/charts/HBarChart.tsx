import { useId } from 'react';
import { ChartTable, Legend, seriesColor, useChartWidth, type LegendItem } from './chart-frame.js';
import { formatTick, labelWidth, linearScale, niceTicks } from './scales.js';

export interface HBarRow {
  label: string;
  value: number | null;
  /** More about the row, shown in the table (e.g. the group's size). */
  detail?: string;
}

export interface HBarChartProps {
  title: string;
  description: string;
  rows: HBarRow[];
  categoryLabel: string;
  valueLabel: string;
  formatValue: (value: number) => string;
  formatTickValue?: (value: number) => string;
  /** Fixed value axis (e.g. [0, 1]); default from zero to a round number above the data. */
  domain?: [number, number];
  /** A vertical reference line, e.g. the four-fifths rule at 0.8. */
  reference?: { value: number; label: string };
  /** Rows to draw in the warning colour and name in the table (e.g. below the reference). */
  flag?: (value: number) => boolean;
  flaggedLabel?: string;
  detailLabel?: string;
}

const ROW = 28;

/** One horizontal bar per group, with an optional reference line and flagged groups. */
export function HBarChart(props: HBarChartProps) {
  const {
    title,
    description,
    rows,
    formatValue,
    reference,
    flag,
    flaggedLabel = 'flagged',
  } = props;
  const id = useId();
  const { ref, width } = useChartWidth();
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  const ticks =
    props.domain === undefined
      ? niceTicks(0, Math.max(...values, reference?.value ?? 0, 1e-9), 5)
      : niceTicks(props.domain[0], props.domain[1], 5);
  const left = Math.min(
    width * 0.4,
    Math.ceil(Math.max(40, ...rows.map((r) => labelWidth(r.label)))) + 14,
  );
  const right = Math.max(left + 40, width - 56);
  const top = 8;
  const height = top + rows.length * ROW + 28;
  const bottom = height - 24;
  const x = linearScale([ticks[0]!, ticks[ticks.length - 1]!], [left, right]);
  const formatTickValue = props.formatTickValue ?? formatTick;

  const legend: LegendItem[] = [{ label: props.valueLabel, color: seriesColor(0) }];
  if (flag !== undefined && values.some(flag)) {
    legend.push({ label: flaggedLabel, color: 'var(--bad)' });
  }
  if (reference !== undefined) {
    legend.push({ label: reference.label, color: 'var(--ink-2)', kind: 'dashed' });
  }

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
          <g className="axis axis-x">
            {ticks.map((t) => (
              <g key={t}>
                <line className="grid-line" x1={x(t)} x2={x(t)} y1={top} y2={bottom} />
                <text x={x(t)} y={bottom + 16} textAnchor="middle">
                  {formatTickValue(t)}
                </text>
              </g>
            ))}
          </g>
          {rows.map((row, i) => {
            const cy = top + i * ROW + ROW / 2;
            const flagged = row.value !== null && flag?.(row.value) === true;
            return (
              <g key={row.label}>
                <text className="chart-category" x={left - 8} y={cy} dy="0.32em" textAnchor="end">
                  {row.label}
                </text>
                {row.value === null ? (
                  <text x={left + 4} y={cy} dy="0.32em">
                    no data
                  </text>
                ) : (
                  <>
                    <rect
                      className="chart-bar"
                      x={left}
                      y={cy - 9}
                      width={Math.max(1, x(row.value) - left)}
                      height={18}
                      style={{ fill: flagged ? 'var(--bad)' : seriesColor(0) }}
                    >
                      <title>{`${row.label}: ${formatValue(row.value)}`}</title>
                    </rect>
                    <text className="chart-value" x={x(row.value) + 6} y={cy} dy="0.32em">
                      {formatValue(row.value)}
                    </text>
                  </>
                )}
              </g>
            );
          })}
          {reference === undefined ? null : (
            <g className="chart-reference">
              <line x1={x(reference.value)} x2={x(reference.value)} y1={top - 4} y2={bottom} />
            </g>
          )}
          <line className="axis-line" x1={left} x2={left} y1={top} y2={bottom} />
        </svg>
      </div>
      <Legend items={legend} />
      <ChartTable
        caption={`${title}: ${props.valueLabel} per ${props.categoryLabel.toLowerCase()}`}
      >
        <thead>
          <tr>
            <th scope="col">{props.categoryLabel}</th>
            <th scope="col" className="num">
              {props.valueLabel}
            </th>
            {props.detailLabel === undefined ? null : <th scope="col">{props.detailLabel}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.label}>
              <th scope="row">{row.label}</th>
              <td className="num">
                {row.value === null ? '—' : formatValue(row.value)}
                {row.value !== null && flag?.(row.value) === true ? (
                  <span className="chart-flag-text"> ▼ {flaggedLabel}</span>
                ) : null}
              </td>
              {props.detailLabel === undefined ? null : <td>{row.detail ?? ''}</td>}
            </tr>
          ))}
        </tbody>
      </ChartTable>
    </figure>
  );
}
