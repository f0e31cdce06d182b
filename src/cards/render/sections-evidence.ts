import type { CardEvidence } from '../card-schema.js';
import { badge, code, linkOrCode, section, text, type BuildContext } from './build-context.js';
import type {
  Block,
  CardSection,
  Cell,
  FactsBlock,
  GroupChart,
  GroupReference,
  MetricChart,
  Span,
  Tone,
} from './document-types.js';
import { byCodeUnit, formatAligned, formatInstant, formatNumber, formatParam } from './format.js';

/*
 * Sections built from what Verity holds: evaluation results, lineage, approvals and the change
 * log. Rows keep the order the evidence gives (which the gatherer sorts); nothing here sorts by
 * locale or reads the clock.
 */

/** Metrics where a group's rate is compared with the highest group's (the four-fifths rule). */
const RATE_METRICS = new Set([
  'selection_rate',
  'positive_rate',
  'approval_rate',
  'acceptance_rate',
  'referral_rate',
]);

/** The four-fifths rule (US EEOC Uniform Guidelines, 29 CFR 1607.4(D)): ratios below 0.8 flag. */
const FOUR_FIFTHS = 0.8;

type GroupMetric = CardEvidence['groupMetrics'][number];

function inUnitInterval(...values: (number | undefined)[]): boolean {
  return values.every((v) => v === undefined || (v >= 0 && v <= 1));
}

function metricLabel(name: string, slice: string): string {
  return slice === 'overall' || slice === '' ? name : `${name} (${slice})`;
}

function metricChart(evidence: CardEvidence): MetricChart | null {
  const charted = evidence.metrics.filter((m) => inUnitInterval(m.value, m.lower, m.upper));
  if (charted.length === 0) return null;
  return {
    kind: 'metrics',
    id: 'chart-metrics',
    title: 'Performance metrics in [0, 1], with confidence intervals where recorded',
    bars: charted.map((m) => ({
      label: metricLabel(m.name, m.slice),
      value: m.value,
      lower: m.lower ?? null,
      upper: m.upper ?? null,
    })),
    omitted: evidence.metrics
      .filter((m) => !inUnitInterval(m.value, m.lower, m.upper))
      .map((m) => metricLabel(m.name, m.slice)),
  };
}

/** Distinct values in order of first appearance. */
function distinct<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function groupReference(metric: string, rows: GroupMetric[], overall: number | undefined) {
  const values = rows.map((r) => r.value);
  if (RATE_METRICS.has(metric)) {
    const max = Math.max(...values);
    return {
      value: FOUR_FIFTHS * max,
      label: `four-fifths of highest (${formatNumber(FOUR_FIFTHS * max)})`,
    };
  }
  if (overall !== undefined) return { value: overall, label: `overall (${formatNumber(overall)})` };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { value: mean, label: `group mean (${formatNumber(mean)})` };
}

function groupCharts(evidence: CardEvidence): GroupChart[] {
  return distinct(evidence.groupMetrics.map((g) => g.metric)).map((metric, index) => {
    const rows = evidence.groupMetrics.filter((g) => g.metric === metric);
    const overall = evidence.metrics.find((m) => m.name === metric && m.slice === 'overall')?.value;
    return {
      kind: 'groups',
      id: `chart-groups-${index + 1}`,
      title: `${metric} by group`,
      metric,
      attributes: distinct(rows.map((r) => r.attribute)).map((attribute) => {
        const groups = rows.filter((r) => r.attribute === attribute);
        const reference: GroupReference | null =
          groups.length > 0 ? groupReference(metric, groups, overall) : null;
        return {
          attribute,
          groups: groups.map((g) => ({ group: g.group, value: g.value })),
          reference,
        };
      }),
    };
  });
}

/** Each group's value over the highest value of the same metric and attribute. */
function ratioCell(row: GroupMetric, all: GroupMetric[]): Cell {
  const peers = all.filter((g) => g.metric === row.metric && g.attribute === row.attribute);
  const max = Math.max(...peers.map((g) => g.value));
  if (!(max > 0) || row.value < 0) return [text('—')];
  const ratio = row.value / max;
  const shown = ratio.toFixed(2);
  if (RATE_METRICS.has(row.metric) && ratio < FOUR_FIFTHS) return [badge(`${shown} < 0.80`, 'bad')];
  return [text(shown)];
}

/** The value and its interval written with the same number of decimals. */
function valueAndInterval(m: CardEvidence['metrics'][number]): [Cell, Cell] {
  if (m.lower === undefined || m.upper === undefined) {
    return [[text(formatNumber(m.value))], [text('—')]];
  }
  const [value = '', lower = '', upper = ''] = formatAligned([m.value, m.lower, m.upper]);
  return [[text(value)], [text(`${lower} – ${upper}`)]];
}

/** Group values of one metric share their decimals, so the column lines up. */
function groupValueCells(rows: GroupMetric[]): Cell[] {
  const out = new Array<Cell>(rows.length);
  for (const metric of distinct(rows.map((r) => r.metric))) {
    const indexes = rows.flatMap((r, i) => (r.metric === metric ? [i] : []));
    const shown = formatAligned(indexes.map((i) => rows[i]!.value));
    indexes.forEach((i, k) => (out[i] = [text(shown[k] ?? '')]));
  }
  return out;
}

export function evaluation(ctx: BuildContext): CardSection {
  const evidence = ctx.card.evidence;
  const chart = metricChart(evidence);
  const groupValues = groupValueCells(evidence.groupMetrics);
  const blocks: Block[] = [];
  if (chart !== null) blocks.push({ kind: 'chart', chart });
  blocks.push(
    ctx.table(
      'evidence.metrics',
      ['Metric', 'Slice', ['Value', 'numeric'], ['Confidence interval', 'numeric'], 'Source'],
      evidence.metrics.map((m) => [
        [code(m.name)],
        [text(m.slice)],
        ...valueAndInterval(m),
        [text(m.source)],
      ]),
    ),
  );
  for (const groups of groupCharts(evidence)) blocks.push({ kind: 'chart', chart: groups });
  blocks.push(
    ctx.table(
      'evidence.groupMetrics',
      ['Metric', 'Attribute', 'Group', ['Value', 'numeric'], ['Ratio to highest group', 'numeric']],
      evidence.groupMetrics.map((g, i) => [
        [code(g.metric)],
        [text(g.attribute)],
        [text(g.group)],
        groupValues[i] ?? [text(formatNumber(g.value))],
        ratioCell(g, evidence.groupMetrics),
      ]),
      {
        note: [
          text(
            'Ratio to highest group: the group’s value divided by the highest value of the same metric and attribute. For selection rates a ratio below 0.80 fails the four-fifths rule.',
          ),
        ],
      },
    ),
    ctx.table(
      'evidence.evaluationDatasets',
      ['Dataset', 'Digest', ['Rows', 'numeric'], 'Source'],
      evidence.evaluationDatasets.map((d) => [
        [code(d.ref)],
        [ctx.digest(d.digest, `Evaluation dataset ${d.ref}`)],
        [text(d.rows === null ? '—' : formatNumber(d.rows))],
        [d.sourceUri === null ? text('—') : code(d.sourceUri)],
      ]),
    ),
    ctx.field('evaluation.procedure'),
    ctx.field('evaluation.metricRationale'),
  );
  return section('evaluation', '5', 'Evaluation', blocks);
}

/** `scikit-learn==1.5.2` → name and version; other specifiers are kept whole. */
function splitPackage(spec: string): [string, string] {
  const match = /^([^=<>~!@ ]+)\s*(==|@|>=|<=|~=|!=|>|<)\s*(.+)$/.exec(spec);
  if (match === null) return [spec, '—'];
  const [, name = spec, operator = '', version = ''] = match;
  return [name, operator === '==' || operator === '@' ? version : `${operator}${version}`];
}

export function lineage(ctx: BuildContext): CardSection {
  const l = ctx.card.evidence.lineage;
  const annexIV = ctx.annex('evidence.lineage');
  const gap = (label: string) => ctx.missing('evidence.lineage', label);
  const run: Cell = l.run === null ? [gap('No training run linked')] : [code(l.run)];
  if (l.run !== null && l.runStatus !== null)
    run.push(text(' '), badge(l.runStatus, l.runStatus === 'completed' ? 'good' : 'warn'));
  const rows: FactsBlock['rows'] = [
    { label: 'Training run', annexIV, value: run },
    {
      label: 'Code repository',
      annexIV,
      value: [l.codeRepository === null ? gap('Not recorded') : linkOrCode(l.codeRepository)],
    },
    {
      label: 'Commit',
      annexIV,
      value: [l.codeCommit === null ? gap('Not recorded') : code(l.codeCommit)],
    },
    {
      label: 'Container image',
      annexIV,
      value: [
        l.imageDigest === null ? gap('Not recorded') : ctx.digest(l.imageDigest, 'Container image'),
      ],
    },
  ];
  const params = Object.entries(l.params).sort(([a], [b]) => byCodeUnit(a, b));
  return section('lineage', '14', 'Lineage', [
    { kind: 'facts', id: 'lineage-facts', title: 'Provenance', rows },
    ctx.table(
      'evidence.lineage',
      ['Package', 'Version'],
      l.packages
        .map((p) => splitPackage(p))
        .map(([name, version]) => [[code(name)], [text(version)]]),
      { title: 'Packages' },
    ),
    ctx.table(
      'evidence.lineage',
      ['Parameter', ['Value', 'numeric']],
      params.map(([name, value]) => [[code(name)], [code(formatParam(value))]]),
      { title: 'Training parameters' },
    ),
  ]);
}

function toneOf(value: string): Tone {
  const v = value.toLowerCase();
  if (/^(pass|passed|approve|approved|completed|deploy|deployed|valid)$/.test(v)) return 'good';
  if (/^(fail|failed|blocked|reject|rejected|error|revoked)$/.test(v)) return 'bad';
  if (/^(pending|open|expired|voided|cancelled|superseded|rollback)$/.test(v)) return 'warn';
  return 'neutral';
}

const status = (value: string): Span => badge(value, toneOf(value));
const list = (values: string[]): Cell =>
  values.length === 0 ? [text('—')] : [text(values.join(', '))];

export function approvalHistory(ctx: BuildContext): CardSection {
  const e = ctx.card.evidence;
  const approvals = e.promotions.flatMap((p) => p.approvals.map((a) => ({ p, a })));
  return section('approval-history', '15', 'Approval history', [
    ctx.table(
      'evidence.gateDecisions',
      ['Environment', 'Outcome', 'Policy packs', 'Failed rules', ['Evaluated at', 'instant'], 'By'],
      e.gateDecisions.map((g) => [
        [text(g.environment)],
        [status(g.outcome)],
        list(g.packs),
        g.failedRules.length === 0
          ? [text('None')]
          : g.failedRules.flatMap((r, i) => (i === 0 ? [code(r)] : [text(', '), code(r)])),
        [text(formatInstant(g.evaluatedAt))],
        [text(g.evaluatedBy)],
      ]),
    ),
    ctx.table(
      'evidence.promotions',
      ['Environment', 'Status', 'Requested by', ['Requested at', 'instant'], 'Overridden by'],
      e.promotions.map((p) => [
        [text(p.environment)],
        [status(p.status)],
        [text(p.requestedBy)],
        [text(formatInstant(p.requestedAt))],
        [text(p.overriddenBy ?? '—')],
      ]),
      { title: 'Promotions' },
    ),
    ctx.table(
      'evidence.promotions',
      ['Environment', 'Approver', 'Role', 'Decision', 'Reason', ['Decided at', 'instant']],
      approvals.map(({ p, a }) => [
        [text(p.environment)],
        [text(a.approver)],
        [text(a.role)],
        [status(a.decision)],
        [text(a.reason)],
        [text(formatInstant(a.decidedAt))],
      ]),
      { title: 'Approvals' },
    ),
    ctx.table(
      'evidence.deployments',
      ['Environment', 'Kind', 'Actor', ['Deployed at', 'instant']],
      e.deployments.map((d) => [
        [text(d.environment)],
        [status(d.kind)],
        [text(d.actor)],
        [text(formatInstant(d.deployedAt))],
      ]),
    ),
  ]);
}

export function changeLog(ctx: BuildContext): CardSection {
  return section('change-log', '16', 'Change log', [
    ctx.field('lifecycle.predeterminedChanges'),
    ctx.table(
      'evidence.changeLog',
      [['Revision', 'numeric'], ['Date', 'instant'], 'Author', 'Summary', 'Approved'],
      ctx.card.evidence.changeLog.map((c) => [
        [text(String(c.revision))],
        [text(formatInstant(c.at))],
        [text(c.author)],
        [text(c.summary)],
        c.approvedBy === null
          ? [text('—')]
          : [
              text(c.approvedBy),
              ...(c.approvedAt === null ? [] : [text(`, ${formatInstant(c.approvedAt)}`)]),
            ],
      ]),
      { title: 'Card revisions' },
    ),
  ]);
}
