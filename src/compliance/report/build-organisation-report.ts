import { formatRef } from '../../lib/index.js';
import { CONTROL_IDS } from '../catalogue/schema.js';
import { controlFrameworkHeatMap } from './heat-map.js';
import { heatMapTable, metaFacts } from './report-blocks.js';
import type { OrganisationReportData } from './report-data.js';
import {
  code,
  muted,
  numeric,
  paragraph,
  status,
  strong,
  table,
  text,
  type Inline,
  type ReportDocument,
  type Section,
} from './report-document.js';
import {
  formatInstant,
  formatMillis,
  formatMinutes,
  formatNumber,
  formatShare,
} from './report-format.js';

/*
 * Control effectiveness across the organisation: how many models meet each control, the
 * models × controls grid, the controls × frameworks heat map, the frameworks, and the KPIs.
 */

const NO_DATA: Inline[] = [muted('no data')];

/** The report as a document; markdown.ts and html.ts render it. */
export function buildOrganisationReport(data: OrganisationReportData): ReportDocument {
  const p = data.posture;
  const k = data.kpis;
  const s = p.summary;
  const orNoData = (v: number | null, f: (n: number) => string): Inline[] =>
    v === null ? NO_DATA : [text(f(v))];

  const kpis: Section = {
    id: 'kpis',
    title: 'Key indicators',
    ref: null,
    pageBreak: false,
    blocks: [
      {
        kind: 'facts',
        rows: [
          {
            label: 'Audit cycle time',
            value:
              k.auditCycleMs === null
                ? NO_DATA
                : [
                    text(formatMillis(k.auditCycleMs)),
                    muted(
                      ` to produce a full model report${k.auditCycleAt === null ? '' : ` (${formatInstant(k.auditCycleAt)})`}`,
                    ),
                  ],
          },
          { label: 'Share automated', value: [text(formatShare(k.shareAutomated))] },
          { label: 'Share passing', value: [text(formatShare(k.sharePassing))] },
          { label: 'Open gaps', value: [text(String(k.openGaps))] },
          { label: 'Mean time to detect (MTTD)', value: orNoData(k.mttdMinutes, formatMinutes) },
          { label: 'Mean time to resolve (MTTR)', value: orNoData(k.mttrMinutes, formatMinutes) },
          {
            label: 'Approval lead time (median)',
            value: orNoData(k.approvalLeadMinutes, formatMinutes),
          },
          {
            label: 'Deployment lead time (median)',
            value: orNoData(k.deploymentLeadMinutes, formatMinutes),
          },
        ],
      },
    ],
  };

  const effectiveness: Section = {
    id: 'controls',
    title: 'Control effectiveness',
    ref: null,
    pageBreak: false,
    blocks: [
      table(
        [
          'Control',
          numeric('Met'),
          numeric('Partial'),
          numeric('Gap'),
          numeric('N/A'),
          numeric('Effectiveness'),
        ],
        p.controls.map((c) => [
          [code(c.id), text(` ${c.title}`)],
          [text(String(c.counts.met))],
          [text(String(c.counts.partial))],
          [text(String(c.counts.gap))],
          [text(String(c.counts['not-applicable']))],
          c.effectiveness === null
            ? [muted('applies to no model')]
            : [strong(formatShare(c.effectiveness))],
        ]),
        { caption: 'Effectiveness: the share of models the control applies to that meet it.' },
      ),
    ],
  };

  const models: Section = {
    id: 'models',
    title: 'Models × controls',
    ref: null,
    pageBreak: true,
    blocks: [
      table(
        ['Model', ...CONTROL_IDS, numeric('Passing')],
        p.models.map((m) => [
          [
            text(formatRef(m.namespace, m.name)),
            muted(` ${m.version ?? 'no version'}${m.riskTier === null ? '' : ` · ${m.riskTier}`}`),
          ],
          ...CONTROL_IDS.map((id) => [status(m.controls[id])]),
          [text(formatShare(m.summary.sharePassing))],
        ]),
        {
          style: 'matrix',
          empty: 'No model is in the inventory.',
          keys: {
            rows: p.models.map((m) => formatRef(m.namespace, m.name)),
            columns: [null, ...CONTROL_IDS, null],
          },
          widths: [20, ...CONTROL_IDS.map(() => 6), 8],
        },
      ),
    ],
  };

  const heat: Section = {
    id: 'heat-map',
    title: 'Controls × frameworks',
    ref: null,
    pageBreak: false,
    blocks:
      data.postures === undefined
        ? [
            paragraph(
              muted(
                'Not available: the heat map needs the model postures, which this report was not given.',
              ),
            ),
          ]
        : heatMapTable(controlFrameworkHeatMap(data.postures)),
  };

  const frameworks: Section = {
    id: 'frameworks',
    title: 'Frameworks',
    ref: null,
    pageBreak: false,
    blocks: [
      table(
        [
          'Framework',
          numeric('Models'),
          numeric('Met'),
          numeric('Partial'),
          numeric('Gap'),
          numeric('N/A'),
        ],
        p.frameworks.map((f) => [
          [text(`${f.name} `), code(f.id)],
          [text(String(f.models))],
          [text(String(f.counts.met))],
          [text(String(f.counts.partial))],
          [text(String(f.counts.gap))],
          [text(String(f.counts['not-applicable']))],
        ]),
        {
          empty: 'No framework is in the catalogue.',
          caption:
            'Models: how many models the framework applies to; the counts are of their requirement statuses.',
        },
      ),
    ],
  };

  return {
    title: 'Compliance report · organisation',
    kicker: 'Control effectiveness',
    heading: 'Organisation compliance posture',
    subheading:
      `${p.models.length} ${p.models.length === 1 ? 'model' : 'models'}; ${s.met} of ${s.applicable} applicable sub-controls met ` +
      `(${formatShare(s.sharePassing)}), ${formatShare(s.shareAutomated)} decided automatically.`,
    facts: [
      { label: 'Posture as of', value: [text(formatInstant(p.asOf))] },
      ...metaFacts(data.meta),
      { label: 'Control catalogue', value: [text(p.catalogueVersion)] },
    ],
    sections: [kpis, effectiveness, heat, models, frameworks],
    colophon: `Generated by Verity ${data.meta.verityVersion} on ${formatInstant(data.meta.generatedAt)}, audit log size ${formatNumber(data.meta.ledger.size)}.`,
  };
}
