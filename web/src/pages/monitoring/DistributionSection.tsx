import type { MonitorView } from '../../../../src/client/index.js';
import { api } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { GroupedBarChart, seriesColor } from '../../components/charts/index.js';
import { formatNumber } from '../../components/format.js';
import { Facts, Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import {
  defaultRunFor,
  distributionBars,
  formatShare,
  formatStatistic,
  formatWindow,
  outsideShare,
  testName,
  type ColumnDistribution,
  type DriftTimeline,
  type DriftWindow,
} from './monitoring-data.js';

/** Reference against current window for one column and one run, in the reference's bins. */
export function DistributionSection({
  model,
  monitor,
  timeline,
  query,
  setParams,
}: {
  model: string;
  monitor: MonitorView;
  timeline: DriftTimeline;
  query: URLSearchParams;
  setParams: (changes: Record<string, string | undefined>) => void;
}) {
  const columns = timeline.columns.map((c) => c.column);
  const firstDrifted = timeline.windows.flatMap((w) => w.drifted)[0];
  const asked = query.get('dist') || query.get('feature') || '';
  const column = columns.includes(asked) ? asked : (firstDrifted ?? columns[0] ?? '');
  const window = defaultRunFor(timeline, column, query.get('run') ?? undefined);
  const runId = window?.runId;
  const { state, reload } = useApi(
    () =>
      runId === undefined
        ? Promise.resolve(undefined)
        : api.monitoring.distributions(model, monitor.name, runId),
    [model, monitor.name, runId],
  );
  const info = timeline.columns.find((c) => c.column === column);
  const result = window?.byColumn[column];
  const newestFirst = [...timeline.windows].reverse();

  return (
    <Section
      title="Reference against current"
      id="distribution"
      actions={
        <form className="filters compact" onSubmit={(e) => e.preventDefault()}>
          <label className="field">
            <span>Feature to compare</span>
            <select
              value={column}
              onChange={(e) => setParams({ dist: e.target.value, run: undefined })}
            >
              {columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
          <label className="field">
            <span>Window</span>
            <select
              value={runId ?? ''}
              onChange={(e) => setParams({ run: e.target.value, dist: column })}
            >
              {newestFirst.map((w) => (
                <option key={w.runId} value={w.runId}>
                  {formatWindow(w.start, w.end)}
                  {w.byColumn[column]?.drifted === true ? ` — ${column} drifted` : ''}
                </option>
              ))}
            </select>
          </label>
        </form>
      }
    >
      {window === undefined || info === undefined ? (
        <Empty>No run has tested any column yet.</Empty>
      ) : (
        <>
          <p className="chart-summary">
            <strong>{column}</strong> in the window of {formatWindow(window.start, window.end)}:{' '}
            {testName(info.test)} {info.measure === 'p-value' ? 'p-value ' : ''}
            {formatStatistic(result?.value)} against a threshold of{' '}
            {formatStatistic(info.threshold)}{' '}
            {result?.drifted === true ? (
              <Badge tone="bad">drifted</Badge>
            ) : (
              <Badge tone="good">within threshold</Badge>
            )}
          </p>
          <AsyncView state={state} retry={reload} label="Loading the distributions">
            {(data) => {
              const d = data?.columns.find((c) => c.column === column);
              return d === undefined ? (
                <Empty>The reference has no profile for {column}.</Empty>
              ) : (
                <DistributionChart d={d} window={window} records={data?.records ?? 0} />
              );
            }}
          </AsyncView>
        </>
      )}
    </Section>
  );
}

function DistributionChart({
  d,
  window,
  records,
}: {
  d: ColumnDistribution;
  window: DriftWindow;
  records: number;
}) {
  const bars = distributionBars(d);
  const when = formatWindow(window.start, window.end);
  if (bars.currentShares === null) {
    return (
      <Empty>
        The window of {when} holds no values of {d.column}: the traffic did not carry this column.
      </Empty>
    );
  }
  const outside = d.type === 'numeric' ? outsideShare(bars) : 0;
  const moved = bars.categories
    .map((c, i) => ({
      c,
      delta: (bars.currentShares?.[i] ?? 0) - (bars.referenceShares[i] ?? 0),
    }))
    .sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta))[0];
  const description =
    `Share of values per ${d.type === 'numeric' ? 'bin of the reference' : 'category'}: ` +
    `reference (${formatNumber(bars.referenceTotal)} values) against the window of ${when} ` +
    `(${formatNumber(bars.currentTotal)} values).` +
    (moved === undefined
      ? ''
      : ` The largest change is ${moved.c}: ${moved.delta >= 0 ? 'up' : 'down'} ${formatShare(Math.abs(moved.delta))} points.`) +
    (outside > 0 ? ` ${formatShare(outside)} of the window fell outside the reference range.` : '');
  const summary = d.type === 'numeric' ? d.summary : undefined;
  return (
    <>
      {summary === undefined ? null : (
        <Facts
          items={[
            [
              'Mean',
              <>
                {formatNumber(summary.reference.mean, 2)} →{' '}
                <strong>{formatNumber(summary.current?.mean, 2)}</strong>
              </>,
            ],
            [
              'Range',
              <>
                <span className="nowrap">
                  {formatNumber(summary.reference.min)}–{formatNumber(summary.reference.max)}
                </span>{' '}
                →{' '}
                <strong className="nowrap">
                  {formatNumber(summary.current?.min)}–{formatNumber(summary.current?.max)}
                </strong>
              </>,
            ],
            [
              'Outside the reference range',
              outside > 0 ? <strong className="bad-text">{formatShare(outside)}</strong> : 'none',
            ],
            ['Window records', formatNumber(records)],
          ]}
        />
      )}
      <GroupedBarChart
        title={`Distribution of ${d.column}: reference against the window of ${when}`}
        description={description}
        categories={bars.categories}
        tickLabels={bars.tickLabels}
        series={[
          {
            id: 'reference',
            label: 'reference',
            values: bars.referenceShares,
            color: seriesColor(0),
          },
          {
            id: 'current',
            label: `window of ${when}`,
            values: bars.currentShares,
            color: seriesColor(1),
          },
        ]}
        xLabel={d.type === 'numeric' ? 'Bin' : 'Category'}
        yLabel="share of values"
        formatY={(v) => formatShare(v)}
        formatTickY={(v) => formatShare(v, 0)}
        notes={bars.notes}
        tableColumns={[
          { label: 'Reference count', values: bars.referenceCounts.map((n) => formatNumber(n)) },
          {
            label: 'Window count',
            values: (bars.currentCounts ?? []).map((n) => formatNumber(n)),
          },
        ]}
      />
    </>
  );
}
