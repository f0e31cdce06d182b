import type { MonitorRun, MonitorView } from '../../../../src/client/index.js';
import { HBarChart, LineChart } from '../../components/charts/index.js';
import { formatNumber } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { Empty } from '../../components/states.js';
import {
  DAY,
  formatShare,
  formatStatistic,
  formatWindow,
  fairnessSeries,
  formatWindowTick,
  groupRateName,
  labelledTotals,
  latestFairness,
  metricName,
  performanceSeries,
} from './monitoring-data.js';

/** The runs' window length in milliseconds (from the oldest run; a day when there is none). */
function windowLength(runs: readonly MonitorRun[]): number {
  const first = runs[runs.length - 1];
  return first === undefined ? DAY : Date.parse(first.window.end) - Date.parse(first.window.start);
}

/** Performance per window once labels have arrived; otherwise how to send them. */
export function PerformanceSection({
  monitor,
  runs,
}: {
  monitor: MonitorView;
  runs: MonitorRun[];
}) {
  const series = performanceSeries(runs).filter((s) => s.points.some((p) => p.y !== null));
  const totals = labelledTotals(runs);
  const rules = monitor.config.performance;
  const windowMs = windowLength(runs);
  const rule = rules.length === 1 ? rules[0] : undefined;
  const bound = rule?.min ?? rule?.max;
  return (
    <Section title="Performance" id="performance">
      {series.length === 0 ? (
        <Empty>
          <p>
            <strong>Labels have not arrived.</strong>{' '}
            {totals.labelled === 0
              ? `None of the ${formatNumber(totals.records)} predictions in these windows has an outcome yet`
              : `Only ${formatNumber(totals.labelled)} of ${formatNumber(totals.records)} predictions have an outcome`}
            , so accuracy, ROC AUC and the other performance metrics cannot be computed.
          </p>
          <p className="small">
            Send outcomes as they become known with{' '}
            <code>POST /api/v1/models/{monitor.model}/labels</code> (
            <code>
              [{'{'}"id", "label"{'}'}]
            </code>
            , joined to the predictions by id) or{' '}
            <code>verity monitor labels {monitor.model} labels.ndjson</code>; each window&apos;s
            next run computes them.
            {rules.length === 0
              ? ' No performance threshold is configured for this monitor.'
              : ` Thresholds: ${rules.map((r) => `${metricName(r.metric)} ${r.min === undefined ? '' : `≥ ${r.min}`}${r.max === undefined ? '' : ` ≤ ${r.max}`}`).join('; ')}.`}
          </p>
        </Empty>
      ) : (
        <LineChart
          title="Performance per window"
          description={`${series.map((s) => metricName(s.metric)).join(', ')} over ${formatNumber(totals.labelled)} labelled predictions.`}
          series={series.map((s) => ({
            id: s.metric,
            label: metricName(s.metric),
            points: s.points.map((p) => ({ x: p.x, y: p.y, flagged: p.breached })),
          }))}
          xLabel="Window"
          yLabel="metric value"
          formatX={(x) => formatWindow(x, x + windowMs)}
          formatTickX={(x) => formatWindowTick(x, windowMs)}
          formatY={formatStatistic}
          {...(rule === undefined || bound === undefined
            ? {}
            : {
                threshold: {
                  value: bound,
                  label: `${metricName(rule.metric)} ${rule.min === undefined ? '≤' : '≥'} ${bound}`,
                },
              })}
          flaggedLabel="below threshold"
          height={220}
        />
      )}
    </Section>
  );
}

/** Rates by protected group and each group's ratio to the best (four-fifths rule). */
export function FairnessSection({ monitor, runs }: { monitor: MonitorView; runs: MonitorRun[] }) {
  const views = latestFairness(runs);
  const rules = monitor.config.fairness;
  const trends = fairnessSeries(runs, rules).filter((s) => s.points.some((p) => p.y !== null));
  const windowMs = windowLength(runs);
  return (
    <Section title="Fairness by group" id="fairness">
      {views.length === 0 ? (
        <Empty>
          <p>
            <strong>No fairness results.</strong>{' '}
            {rules.length === 0
              ? 'This monitor has no fairness rules.'
              : `Rules are configured (${rules.map((r) => `${metricName(r.metric)} by ${r.attributes.join(' × ')}`).join('; ')}) but no window has enough predictions carrying those attributes yet (decisions for selection-rate rules, labelled predictions for error-rate rules).`}
          </p>
          <p className="small">
            Fairness is computed per window from predictions that carry a decision (a prediction, or
            a score against the threshold) and segment attributes (for example{' '}
            <code>
              segments: {'{'}"age_band": "18-24"{'}'}
            </code>
            ). Add a rule such as{' '}
            <code>
              {'{'}metric: selection_rate_ratio, attributes: [age_band], min: 0.8{'}'}
            </code>{' '}
            to the monitor&apos;s configuration to check the four-fifths rule.
          </p>
        </Empty>
      ) : (
        <>
          {trends.map(({ rule, points }) => {
            const by = rule.attributes.join(' × ');
            const bound = rule.min ?? rule.max;
            const breached = points.filter((p) => p.breached).length;
            return (
              <LineChart
                key={`trend-${rule.metric}-${by}`}
                title={`${metricName(rule.metric)} by ${by} per window`}
                description={`${metricName(rule.metric)} by ${by} in ${points.length} windows; ${breached === 0 ? 'no window breached the rule' : `${breached} window${breached === 1 ? '' : 's'} breached the rule`}.`}
                series={[
                  {
                    id: `${rule.metric}-${by}`,
                    label: metricName(rule.metric),
                    points: points.map((p) => ({ x: p.x, y: p.y, flagged: p.breached })),
                  },
                ]}
                xLabel="Window"
                yLabel={metricName(rule.metric)}
                formatX={(x) => formatWindow(x, x + windowMs)}
                formatTickX={(x) => formatWindowTick(x, windowMs)}
                formatY={formatStatistic}
                {...(bound === undefined
                  ? {}
                  : {
                      threshold: {
                        value: bound,
                        label: `${metricName(rule.metric)} ${rule.min === undefined ? '≤' : '≥'} ${bound}`,
                      },
                    })}
                flaggedLabel="outside the rule"
                height={200}
              />
            );
          })}
          {views.map((v) => {
            const by = v.attributes.join(' × ');
            const selection = v.metric.startsWith('selection');
            return (
              <div key={`${v.metric}-${by}`} className="fairness-block">
                <h3>
                  {metricName(v.metric)} by {by}: {formatStatistic(v.value)}
                </h3>
                <p className="muted small">
                  Window of {formatWindow(v.window.start, v.window.end)}
                </p>
                <HBarChart
                  title={`${groupRateName(v.metric)} by ${by}`}
                  description={`Each group's ${groupRateName(v.metric)} in the window of ${formatWindow(v.window.start, v.window.end)}.`}
                  rows={v.groups.map((g) => ({ label: g.group, value: g.rate }))}
                  categoryLabel="Group"
                  valueLabel={groupRateName(v.metric)}
                  formatValue={(n) => formatShare(n)}
                  formatTickValue={(n) => formatShare(n, 0)}
                  domain={[0, 1]}
                />
                {selection ? (
                  <HBarChart
                    title={`Disparate impact by ${by}: selection rate against the highest group`}
                    description="Each group's selection rate divided by the highest group's; below 0.8 fails the four-fifths rule."
                    rows={v.groups.map((g) => ({ label: g.group, value: g.ratio }))}
                    categoryLabel="Group"
                    valueLabel="ratio to the highest group"
                    formatValue={(n) => formatNumber(n, 2)}
                    domain={[0, 1]}
                    reference={{ value: 0.8, label: 'four-fifths rule (0.8)' }}
                    flag={(n) => n < 0.8}
                    flaggedLabel="below four-fifths"
                  />
                ) : null}
              </div>
            );
          })}
        </>
      )}
    </Section>
  );
}
