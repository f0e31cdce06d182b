import {
  LineChart,
  prefersLog,
  seriesColor,
  type LineSeries,
} from '../../components/charts/index.js';
import { Section } from '../../components/layout.js';
import {
  breachSummary,
  formatShare,
  formatStatistic,
  formatWindow,
  formatWindowTick,
  measureLabel,
  sharedThreshold,
  testName,
  type DriftTimeline,
} from './monitoring-data.js';

/** Series colours, red (--chart-5) last: red marks a breach on this chart. */
const PALETTE = [0, 1, 2, 3, 5, 4];

/** Each column's drift per window with the threshold, and the share of drifted columns. */
export function DriftSection({
  timeline,
  query,
  setParams,
}: {
  timeline: DriftTimeline;
  query: URLSearchParams;
  setParams: (changes: Record<string, string | undefined>) => void;
}) {
  const asked = query.get('feature') ?? '';
  const feature = timeline.columns.some((c) => c.column === asked) ? asked : '';
  const selected =
    feature === '' ? timeline.columns : timeline.columns.filter((c) => c.column === feature);
  const values = timeline.windows.flatMap((w) =>
    selected.map((c) => w.byColumn[c.column]?.value ?? null).filter((v): v is number => v !== null),
  );
  const auto = prefersLog(values) ? 'log' : 'linear';
  const askedScale = query.get('scale');
  const scale = askedScale === 'log' || askedScale === 'linear' ? askedScale : auto;
  const threshold = sharedThreshold(selected);
  const measure = measureLabel(selected);
  const series: LineSeries[] = selected.map((c) => ({
    id: c.column,
    label: c.column,
    color: seriesColor(PALETTE[timeline.columns.indexOf(c) % PALETTE.length]!),
    points: timeline.windows.map((w) => ({
      x: w.start,
      y: w.byColumn[c.column]?.value ?? null,
      flagged: w.byColumn[c.column]?.drifted === true,
    })),
  }));
  const first = timeline.windows[0];
  const last = timeline.windows[timeline.windows.length - 1];
  const span =
    first === undefined || last === undefined
      ? ''
      : `${timeline.windows.length} windows from ${formatWindow(first.start, first.end)} to ${formatWindow(last.start, last.end)}`;
  const perColumn = selected
    .map((c) => {
      const drifted = timeline.windows.filter((w) => w.byColumn[c.column]?.drifted === true);
      return {
        column: c.column,
        count: drifted.length,
        first: drifted[0],
        last: drifted[drifted.length - 1],
      };
    })
    .filter((c) => c.count > 0);
  const breaches = breachSummary(timeline);
  const findings =
    perColumn.length === 0
      ? `No ${feature === '' ? 'column' : feature} drifted${threshold === undefined ? '' : ` (threshold ${threshold})`}.`
      : perColumn
          .map(
            (c) =>
              `${c.column} drifted in ${c.count} window${c.count === 1 ? '' : 's'}` +
              (c.first === undefined || c.last === undefined
                ? ''
                : c.count === 1
                  ? ` (${formatWindow(c.first.start, c.first.end)})`
                  : ` (${formatWindow(c.first.start, c.first.end)} to ${formatWindow(c.last.start, c.last.end)})`),
          )
          .join('; ') + '.';
  const dataset =
    breaches.breached === 0
      ? 'The dataset did not drift.'
      : `The dataset drifted in ${breaches.breached} of ${breaches.total} windows (shaded).`;
  const title =
    feature === ''
      ? `Drift of ${selected.length} monitored features (${measure}) per window`
      : `Drift of ${feature} (${measure}) per window`;
  const description = `${span}. ${findings} ${dataset}`;
  const tick = (x: number) => formatWindowTick(x, timeline.windowMs);
  const format = (x: number) => formatWindow(x, x + timeline.windowMs);

  return (
    <Section
      title="Drift over time"
      id="drift"
      actions={
        <form className="filters compact" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>Feature</span>
            <select
              value={feature}
              onChange={(e) =>
                setParams({
                  feature: e.target.value,
                  dist: e.target.value || undefined,
                  run: undefined,
                })
              }
            >
              <option value="">All features</option>
              {timeline.columns.map((c) => (
                <option key={c.column} value={c.column}>
                  {c.column} ({testName(c.test)})
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Scale</span>
            <select
              value={askedScale === 'log' || askedScale === 'linear' ? askedScale : ''}
              onChange={(e) => setParams({ scale: e.target.value })}
            >
              <option value="">automatic ({auto === 'log' ? 'logarithmic' : 'linear'})</option>
              <option value="log">logarithmic</option>
              <option value="linear">linear</option>
            </select>
          </label>
        </form>
      }
    >
      <p className="chart-summary">
        {findings} {dataset}
      </p>
      <LineChart
        title={title}
        description={description}
        series={series}
        xLabel="Window"
        yLabel={measure}
        formatX={format}
        formatTickX={tick}
        formatY={formatStatistic}
        yScale={scale}
        {...(threshold === undefined
          ? {}
          : { threshold: { value: threshold, label: `threshold ${formatStatistic(threshold)}` } })}
        regions={timeline.regions}
        flaggedLabel="drifted"
      />
      {timeline.datasetShare === null ? null : (
        <div className="chart-secondary">
          <h3>Share of drifted columns</h3>
          <LineChart
            title="Share of drifted columns per window"
            description={`${dataset} The dataset drifts when ${formatShare(timeline.datasetShare, 0)} or more of the columns drift.`}
            series={[
              {
                id: 'share',
                label: 'share of columns drifted',
                color: 'var(--ink-2)',
                points: timeline.windows.map((w) => ({
                  x: w.start,
                  y: w.share,
                  flagged: w.datasetDrifted,
                })),
              },
            ]}
            xLabel="Window"
            yLabel="share drifted"
            formatX={format}
            formatTickX={tick}
            formatY={(v) => formatShare(v, 0)}
            formatTickY={(v) => formatShare(v, 0)}
            threshold={{
              value: timeline.datasetShare,
              label: `dataset drift at ${formatShare(timeline.datasetShare, 0)}`,
            }}
            regions={timeline.regions}
            flaggedLabel="dataset drifted"
            height={190}
          />
        </div>
      )}
    </Section>
  );
}
