import type { EvaluationView } from '../../../../src/client/index.js';
import { api, apiUrl, seg } from '../../api/client.js';
import { useApi } from '../../api/use-api.js';
import { Badge } from '../../components/badge.js';
import { formatNumber, formatPercent, Time } from '../../components/format.js';
import { Section } from '../../components/layout.js';
import { AsyncView, Empty } from '../../components/states.js';
import { IntervalChart, ThresholdBars } from './charts.js';
import {
  biasHeadlines,
  comparisonRows,
  comparisonVerdict,
  fairnessTables,
  flipShares,
  FOUR_FIFTHS,
  orderEvaluations,
  qualityRows,
  robustnessRows,
} from './evaluation-data.js';
import type { VersionContext } from './ModelVersionPage.js';

/** Pre-deployment evaluations: quality with intervals, the bias audit, robustness, comparisons. */
export function EvaluationsTab({ context }: { context: VersionContext }) {
  const { state, reload } = useApi(
    () => api.evaluations.list(context.modelRef, context.version.label),
    [context.modelRef, context.version.id],
  );
  return (
    <AsyncView state={state} retry={reload} label="Loading the evaluations">
      {(items) =>
        items.length === 0 ? (
          <Empty>
            {context.version.label} has not been evaluated yet. Run{' '}
            <code>
              verity evaluate {context.modelRef}@{context.version.label} --data holdout.csv
            </code>{' '}
            to record quality with confidence intervals, a bias audit and robustness as evidence.
          </Empty>
        ) : (
          <Evaluations context={context} items={orderEvaluations(items)} />
        )
      }
    </AsyncView>
  );
}

function reportUrl(context: VersionContext, id: string): string {
  return apiUrl(
    `/models/${seg(context.modelRef)}/versions/${seg(context.version.label)}/evaluations/${seg(id)}/report`,
  );
}

function Evaluations({ context, items }: { context: VersionContext; items: EvaluationView[] }) {
  return (
    <div className="stack">
      <Section id="evaluations-recorded" title="Recorded evaluations">
        <div className="table-wrap">
          <table className="data">
            <caption>
              {items.length} {items.length === 1 ? 'evaluation' : 'evaluations'} of{' '}
              {context.version.label}, each ledgered with the digest of its data and result
            </caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Evidence</th>
                <th scope="col">Data</th>
                <th scope="col" className="num">
                  Rows
                </th>
                <th scope="col">Recorded</th>
                <th scope="col">Report</th>
              </tr>
            </thead>
            <tbody>
              {items.map((e) => (
                <tr key={e.id}>
                  <th scope="row">
                    <a href={`#evaluation-${e.id}`}>{e.name}</a>
                    {e.baseline === null ? null : (
                      <div className="muted small">against {e.baseline}</div>
                    )}
                  </th>
                  <td>
                    <span className="row">
                      {e.summary.kinds.map((k) => (
                        <Badge key={k} tone="info">
                          {k}
                        </Badge>
                      ))}
                    </span>
                  </td>
                  <td>
                    <code>{e.data.file}</code>
                    {e.data.dataset === null ? null : (
                      <div className="muted small">{e.data.dataset}</div>
                    )}
                  </td>
                  <td className="num">{formatNumber(e.summary.rows)}</td>
                  <td>
                    <Time iso={e.createdAt} /> by {e.createdBy}
                  </td>
                  <td>
                    <a
                      href={reportUrl(context, e.id)}
                      target="_blank"
                      rel="noopener"
                      aria-label={`HTML report of ${e.name}`}
                    >
                      HTML report
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Section>
      {items.map((e) =>
        e.kind === 'comparison' ? (
          <Comparison key={e.id} context={context} evaluation={e} />
        ) : (
          <Evaluation key={e.id} context={context} evaluation={e} />
        ),
      )}
    </div>
  );
}

function EvaluationHeader({
  context,
  evaluation,
}: {
  context: VersionContext;
  evaluation: EvaluationView;
}) {
  return (
    <p className="muted small">
      On <code>{evaluation.data.file}</code> ({formatNumber(evaluation.summary.rows)} rows, seed{' '}
      {evaluation.seed}), recorded <Time iso={evaluation.createdAt} mode="datetime" /> by{' '}
      {evaluation.createdBy}.{' '}
      <a href={reportUrl(context, evaluation.id)} target="_blank" rel="noopener">
        Full HTML report
      </a>
    </p>
  );
}

function Evaluation({
  context,
  evaluation,
}: {
  context: VersionContext;
  evaluation: EvaluationView;
}) {
  const quality = qualityRows(evaluation);
  const fairness = fairnessTables(evaluation);
  const headlines = biasHeadlines(evaluation);
  const robustness = robustnessRows(evaluation);
  const flips = flipShares(evaluation);
  return (
    <Section
      title={`Evaluation “${evaluation.name}” (${evaluation.kind})`}
      id={`evaluation-${evaluation.id}`}
    >
      <EvaluationHeader context={context} evaluation={evaluation} />
      {quality.length === 0 ? null : (
        <div className="eval-block">
          <h3 className="subheading">Quality with bootstrap confidence intervals</h3>
          <div className="eval-grid">
            <div className="table-wrap">
              <table className="data">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Estimate
                    </th>
                    <th scope="col" className="num">
                      Interval
                    </th>
                    <th scope="col">Better</th>
                  </tr>
                </thead>
                <tbody>
                  {quality.map((q) => (
                    <tr key={q.name}>
                      <th scope="row">
                        <code>{q.name}</code>
                      </th>
                      <td className="num">{formatNumber(q.value, 3)}</td>
                      <td className="num nowrap">
                        {q.lower === null || q.upper === null
                          ? '—'
                          : `${formatNumber(q.lower, 3)} – ${formatNumber(q.upper, 3)}`}
                      </td>
                      <td className="muted small">{q.better}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <IntervalChart
              title={`Quality of ${context.version.label} on ${evaluation.data.file}`}
              description={`Estimates with their bootstrap intervals for ${quality.length} metrics; ${quality
                .map((q) => `${q.name} ${formatNumber(q.value, 3)}`)
                .join(', ')}.`}
              rows={quality.map((q) => ({
                label: q.name,
                value: q.value,
                lower: q.lower,
                upper: q.upper,
              }))}
              axisLabel="metric value (dot: estimate, bar: interval)"
            />
          </div>
        </div>
      )}
      {fairness.length === 0 ? null : (
        <div className="eval-block">
          <h3 className="subheading">Bias audit by group</h3>
          {headlines.length === 0 ? null : (
            <dl className="bias-headlines">
              {headlines.map((h) => (
                <div
                  key={h.key}
                  className={
                    h.key.endsWith('ratio') && h.value < FOUR_FIFTHS ? 'bias-flag' : undefined
                  }
                >
                  <dt>{h.label}</dt>
                  <dd>{formatNumber(h.value, 3)}</dd>
                </div>
              ))}
            </dl>
          )}
          {fairness.map((table) => {
            const impact = table.groups.filter((g) => g.values.impact_ratio !== undefined);
            const flagged = table.groups.filter((g) => g.flagged).map((g) => g.group);
            return (
              <div key={table.attribute} className="eval-grid">
                <div className="table-wrap">
                  <table className="data">
                    <caption>
                      By <code>{table.attribute}</code>
                      {flagged.length === 0
                        ? ': every group is selected at four fifths or more of the top rate'
                        : `: ${flagged.join(', ')} selected at under four fifths of the top rate`}
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Group</th>
                        {table.metrics.map((m) => (
                          <th scope="col" key={m} className="num">
                            {m.replace(/_/g, ' ')}
                          </th>
                        ))}
                      </tr>
                    </thead>
                    <tbody>
                      {table.groups.map((g) => (
                        <tr key={g.group} className={g.flagged ? 'row-flag' : undefined}>
                          <th scope="row">
                            {g.group}
                            {g.flagged ? (
                              <>
                                {' '}
                                <Badge tone="bad">under 4/5</Badge>
                              </>
                            ) : null}
                          </th>
                          {table.metrics.map((m) => (
                            <td key={m} className="num">
                              {formatNumber(g.values[m], 3)}
                            </td>
                          ))}
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
                {impact.length === 0 ? null : (
                  <ThresholdBars
                    title={`Impact ratio by ${table.attribute}`}
                    description={`Selection rate of each ${table.attribute} group relative to the most selected group; ${
                      flagged.length === 0
                        ? 'no group is under four fifths'
                        : `${flagged.join(', ')} under four fifths`
                    }.`}
                    bars={impact.map((g) => ({ label: g.group, value: g.values.impact_ratio! }))}
                    threshold={{ value: FOUR_FIFTHS, label: 'four fifths (0.8)' }}
                    axisLabel="impact ratio"
                  />
                )}
              </div>
            );
          })}
        </div>
      )}
      {robustness.length === 0 ? null : (
        <div className="eval-block">
          <h3 className="subheading">Robustness under noise</h3>
          <div className="eval-grid">
            <div className="table-wrap">
              <table className="data">
                <caption>Gaussian noise on every numeric feature, in standard deviations</caption>
                <thead>
                  <tr>
                    <th scope="col">Noise</th>
                    <th scope="col" className="num">
                      Decisions flipped
                    </th>
                    <th scope="col" className="num">
                      Metric lost
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {robustness.map((r) => (
                    <tr key={r.scale}>
                      <th scope="row">{r.scale} std</th>
                      <td className="num">{formatPercent(r.flipRate)}</td>
                      <td className="num">{formatNumber(r.metricDrop, 4)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {flips.length === 0 ? null : (
              <div className="table-wrap">
                <table className="data">
                  <caption>Sampled rows whose decision flips when one feature moves by</caption>
                  <thead>
                    <tr>
                      <th scope="col">Within</th>
                      <th scope="col" className="num">
                        Rows flipped
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {flips.map((f) => (
                      <tr key={f.within}>
                        <th scope="row">{f.within} std</th>
                        <td className="num">{formatPercent(f.share, 0)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </div>
        </div>
      )}
    </Section>
  );
}

function Comparison({
  context,
  evaluation,
}: {
  context: VersionContext;
  evaluation: EvaluationView;
}) {
  const rows = comparisonRows(evaluation);
  const baseline = evaluation.baseline ?? 'the baseline';
  return (
    <Section
      title={`Champion / challenger: ${context.version.label} against ${baseline}`}
      id={`evaluation-${evaluation.id}`}
    >
      <EvaluationHeader context={context} evaluation={evaluation} />
      <p className="lead">{comparisonVerdict(rows, baseline)}</p>
      <div className="eval-grid eval-grid-wide">
        <div className="table-wrap">
          <table className="data">
            <caption>
              Difference = {context.version.label} − {baseline}, with a paired bootstrap interval
            </caption>
            <thead>
              <tr>
                <th scope="col">Metric</th>
                <th scope="col" className="num">
                  {baseline}
                </th>
                <th scope="col" className="num">
                  {context.version.label}
                </th>
                <th scope="col" className="num">
                  Difference
                </th>
                <th scope="col" className="num">
                  Interval
                </th>
                <th scope="col">Reading</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.metric}>
                  <th scope="row">
                    <code>{r.metric}</code>
                  </th>
                  <td className="num">{formatNumber(r.baseline, 4)}</td>
                  <td className="num">{formatNumber(r.challenger, 4)}</td>
                  <td className="num">
                    {r.difference > 0 ? '+' : ''}
                    {formatNumber(r.difference, 5)}
                  </td>
                  <td className="num nowrap">
                    {r.lower === null || r.upper === null
                      ? '—'
                      : `${formatNumber(r.lower, 4)} – ${formatNumber(r.upper, 4)}`}
                  </td>
                  <td>
                    {r.significant ? (
                      <Badge tone={r.improved ? 'good' : 'bad'}>
                        {r.improved ? 'better' : 'worse'}
                      </Badge>
                    ) : (
                      <span className="muted small nowrap">not significant</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <IntervalChart
          title={`Differences, ${context.version.label} minus ${baseline}`}
          description={comparisonVerdict(rows, baseline)}
          rows={rows.map((r) => ({
            label: r.metric,
            value: r.difference,
            lower: r.lower,
            upper: r.upper,
            tone: r.significant ? (r.improved ? 'good' : 'bad') : 'neutral',
          }))}
          reference={{ value: 0, label: 'no difference' }}
          axisLabel="challenger − baseline"
          digits={4}
          legend={
            <div className="legend">
              <span>
                <span className="legend-swatch" style={{ background: 'var(--chart-1)' }} />
                interval includes 0
              </span>
              <span>
                <span className="legend-swatch" style={{ background: 'var(--good)' }} />
                significantly better
              </span>
              <span>
                <span className="legend-swatch" style={{ background: 'var(--bad)' }} />
                significantly worse
              </span>
              <span>dashed line: no difference</span>
            </div>
          }
        />
      </div>
    </Section>
  );
}
