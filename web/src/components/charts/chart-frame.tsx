import { useEffect, useRef, useState, type ReactNode } from 'react';
import './charts.css';

/** The colour of the i-th series, from the design tokens. */
export function seriesColor(index: number): string {
  return `var(--chart-${(index % 6) + 1})`;
}

/**
 * The pixel width of a chart's container, followed as it resizes, so the SVG is drawn at its real
 * size (crisp text at every width) instead of being scaled.
 */
export function useChartWidth(fallback = 640) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const element = ref.current;
    if (element === null) return;
    const measure = () => {
      const next = Math.floor(element.getBoundingClientRect().width);
      if (next > 0) setWidth(next);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export interface LegendItem {
  label: string;
  color: string;
  kind?: 'line' | 'dashed' | 'box' | 'dot' | 'region';
}

/** The key to a chart's colours and marks (colour is never the only carrier: labels say it). */
export function Legend({ items }: { items: LegendItem[] }) {
  if (items.length === 0) return null;
  return (
    <ul className="legend chart-legend">
      {items.map((item) => (
        <li key={item.label}>
          <span
            className={`legend-swatch legend-${item.kind ?? 'box'}`}
            style={{ ['--swatch' as string]: item.color }}
            aria-hidden="true"
          />
          {item.label}
        </li>
      ))}
    </ul>
  );
}

/** The numbers behind a chart, as a table in a disclosure (for screen readers and checking). */
export function ChartTable({
  summary = 'Data table',
  caption,
  children,
}: {
  summary?: string;
  caption: string;
  children: ReactNode;
}) {
  return (
    <details className="chart-data">
      <summary>{summary}</summary>
      <div className="table-wrap" style={{ position: 'relative' }}>
        <table className="data">
          <caption>{caption}</caption>
          {children}
        </table>
      </div>
    </details>
  );
}
